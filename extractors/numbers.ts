// Reading numbers as Vietnamese provincial S&T reports write them, exactly.
//
// Pure module, no I/O. Every value is a canonical decimal string (no thousands separators,
// '.' as decimal point, no trailing zeros, no leading zeros) computed with decimal.js: a
// binary float never touches a value.
//
// Offsets: findNumbers() NFC-normalises its input and reports offsets into that NFC string.
// Callers pass NFC text already (TextBlock/TableBlock text is NFC), so offsets refer to the
// string they gave.
import { stripDiacritics } from '../shared/diacritics.ts';
import { Decimal } from 'decimal.js';
import type { Qualifier } from './types.ts';

// ---------------------------------------------------------------------------------------
// Decimal arithmetic on canonical strings
// ---------------------------------------------------------------------------------------

// Money conversions multiply by up to 10^9 and sums add many values: 200 significant digits
// keeps every operation here exact for any number a report can hold.
const Dec = Decimal.clone({ precision: 200 });

// Plain decimals ("14200", "3.75", "-5", "0014.200") and exponent forms ("1.42e+4", which
// Decimal#toString produces for very small or large values and callers may pass through).
const DECIMAL_STRING = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

function toDecimal(value: string): Decimal {
  const t = value.trim();
  if (!DECIMAL_STRING.test(t)) throw new RangeError(`not a decimal string: ${JSON.stringify(value)}`);
  return new Dec(t);
}

function fromDecimal(d: Decimal): string {
  // toFixed() without arguments never uses exponent notation; decimal.js keeps no trailing zeros.
  return d.isZero() ? '0' : d.toFixed();
}

/** Canonical form of a decimal string (also accepts already-canonical input). Throws RangeError on anything else. */
export function canonicalDecimal(value: string): string {
  return fromDecimal(toDecimal(value));
}

export function decimalsEqual(a: string, b: string): boolean {
  return toDecimal(a).eq(toDecimal(b));
}

export function addDecimals(values: string[]): string {
  return fromDecimal(values.reduce((sum, v) => sum.plus(toDecimal(v)), new Dec(0)));
}

export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  return toDecimal(a).cmp(toDecimal(b)) as -1 | 0 | 1;
}

function multiply(value: string, factor: string): string {
  return fromDecimal(toDecimal(value).times(factor));
}

// ---------------------------------------------------------------------------------------
// One written number
// ---------------------------------------------------------------------------------------

export type NumberLocale = 'vi' | 'en';

// vi: '.' groups thousands, ',' is the decimal point. en: the reverse.
const GROUPED: Record<NumberLocale, RegExp> = {
  vi: /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/,
  en: /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/,
};
const UNGROUPED: Record<NumberLocale, RegExp> = {
  vi: /^\d+(?:,\d+)?$/,
  en: /^\d+(?:\.\d+)?$/,
};

function otherLocale(locale: NumberLocale): NumberLocale {
  return locale === 'vi' ? 'en' : 'vi';
}

/** Digits with separators read strictly in one locale; null when that locale cannot write it so. */
function parseInLocale(digits: string, locale: NumberLocale): string | null {
  if (!GROUPED[locale].test(digits) && !UNGROUPED[locale].test(digits)) return null;
  const [group, point] = locale === 'vi' ? ['.', ','] : [',', '.'];
  return canonicalDecimal(digits.split(group).join('').replace(point, '.'));
}

/**
 * Unsigned digits with separators. The locale decides every ambiguous form ("12.480",
 * "1,204"); a form the locale cannot write but the other can ("1,204.5" or "12.04" in a
 * Vietnamese text, "3,75" in an English one) is read the other way rather than dropped,
 * since mixed conventions do occur in the reports. Anything neither reads ("1.2.3") is null.
 */
function parseDigits(digits: string, locale: NumberLocale): string | null {
  return parseInLocale(digits, locale) ?? parseInLocale(digits, otherLocale(locale));
}

function negate(value: string): string {
  return fromDecimal(toDecimal(value).neg());
}

/** Parse one written number ("12.480", "1.204,5", "02", "3,75", English "12,480" / "1,204.5" with locale 'en'). null if not a number. */
export function parseNumber(text: string, locale: NumberLocale = 'vi'): string | null {
  const m = /^([-−+]?)(\d+(?:[.,]\d+)*)$/u.exec(text.normalize('NFC').trim());
  if (!m) return null;
  const value = parseDigits(m[2]!, locale);
  if (value === null) return null;
  return m[1] === '-' || m[1] === '−' ? negate(value) : value;
}

// ---------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------

export type MoneyUnit = 'đồng' | 'nghìn đồng' | 'triệu đồng' | 'tỷ đồng' | 'nghìn tỷ đồng' | 'triệu tỷ đồng';

const MILLION_DONG_PER_UNIT: Record<MoneyUnit, string> = {
  đồng: '0.000001',
  'nghìn đồng': '0.001',
  'triệu đồng': '1',
  'tỷ đồng': '1000',
  'nghìn tỷ đồng': '1000000',
  'triệu tỷ đồng': '1000000000',
};

/** Convert an amount in `unit` to triệu đồng exactly: ("14.2","tỷ đồng") -> "14200"; ("62.5","triệu đồng") -> "62.5"; ("1.5","nghìn tỷ đồng") -> "1500000"; ("500000","đồng") -> "0.5". */
export function toMillionDong(value: string, unit: MoneyUnit): string {
  const factor = MILLION_DONG_PER_UNIT[unit];
  if (factor === undefined) throw new RangeError(`unknown money unit: ${JSON.stringify(unit)}`);
  return multiply(value, factor);
}

/** A scale word after a number ("triệu", "tỷ", "billion"): its factor and the money unit it makes. */
interface Scale {
  factor: string;
  moneyUnit: MoneyUnit;
}

const SCALES: Record<string, Scale> = {
  nghìn: { factor: '1000', moneyUnit: 'nghìn đồng' },
  triệu: { factor: '1000000', moneyUnit: 'triệu đồng' },
  tỷ: { factor: '1000000000', moneyUnit: 'tỷ đồng' },
  'nghìn tỷ': { factor: '1000000000000', moneyUnit: 'nghìn tỷ đồng' },
  'triệu tỷ': { factor: '1000000000000000', moneyUnit: 'triệu tỷ đồng' },
};

/** Spelling variants and English words mapped to the keys of SCALES. */
function scaleKey(written: string): string {
  const w = written.toLowerCase().replace(/\s+/gu, ' ').replace(/\.$/u, '').replace(/tỉ/gu, 'tỷ').replace(/ngàn/gu, 'nghìn');
  const english: Record<string, string> = {
    thousand: 'nghìn',
    million: 'triệu',
    mn: 'triệu',
    mln: 'triệu',
    tr: 'triệu',
    billion: 'tỷ',
    bn: 'tỷ',
    trillion: 'nghìn tỷ',
  };
  return english[w] ?? w;
}

// ---------------------------------------------------------------------------------------
// Words: matching Vietnamese phrases regardless of case and tone-mark placement
// ---------------------------------------------------------------------------------------

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;

/**
 * Lower case, with the tone marks moved to the end of the word: "lũy" and "luỹ" (old and new
 * tone placement) compare equal, while "gần" and "gắn" or "tỷ" and "tỉ" stay different.
 */
/** A bounded memo of a function of one word: the words of a report repeat, and each number's qualifier looks at a dozen of them. */
function memoOfWords(f: (word: string) => string): (word: string) => string {
  const memo = new Map<string, string>();
  return (word) => {
    let out = memo.get(word);
    if (out === undefined) {
      out = f(word);
      if (memo.size >= 20_000) memo.clear();
      memo.set(word, out);
    }
    return out;
  };
}

const wordKey = memoOfWords((word) => {
  const d = word.toLowerCase().normalize('NFD');
  const tones = (d.match(TONE_MARKS) ?? []).join('');
  return d.replace(TONE_MARKS, '').normalize('NFC') + tones;
});

const asciiFold = memoOfWords((word) => stripDiacritics(word.toLowerCase()));

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/**
 * A pattern word matches the word typed with its diacritics, or typed with none at all
 * ("hon" for "hơn"): a word typed with *other* diacritics ("gắn" for "gần") does not match.
 */
function wordMatches(written: string, pattern: string): boolean {
  return wordKey(written) === wordKey(pattern) || (ASCII_ONLY.test(written) && written.toLowerCase() === asciiFold(pattern));
}

interface Word {
  text: string;
  start: number;
  end: number;
}

function wordsIn(s: string, from: number, to: number): Word[] {
  const out: Word[] = [];
  for (const m of s.slice(from, to).matchAll(/[\p{L}\p{M}]+/gu)) {
    out.push({ text: m[0], start: from + m.index, end: from + m.index + m[0].length });
  }
  return out;
}

function phraseAt(words: Word[], at: number, phrase: string[]): boolean {
  return phrase.every((p, k) => {
    const w = words[at + k];
    return w !== undefined && wordMatches(w.text, p);
  });
}

function containsPhrase(words: Word[], phrase: string[]): boolean {
  for (let at = 0; at + phrase.length <= words.length; at++) if (phraseAt(words, at, phrase)) return true;
  return false;
}

/**
 * Where the run of words that can still qualify the number at `end` begins: after the last
 * digit (a qualifier belongs to the first number after it), clause punctuation, or a sentence end.
 */
function clauseStart(s: string, end: number, floor: number): number {
  for (let k = end - 1; k >= floor; k--) {
    const c = s[k]!;
    if (/[\d;|\n\r()[\]{}!?]/u.test(c)) return k + 1;
    if (c === '.' && /\s/u.test(s[k + 1] ?? '')) return k + 1;
  }
  return floor;
}

// ---------------------------------------------------------------------------------------
// Qualifiers
// ---------------------------------------------------------------------------------------

interface QualifierRule {
  phrase: string[];
  qualifier: Qualifier;
  /** How many words may stand between the phrase and the number ("ước đạt cả năm 120": 2). */
  maxGap: number;
  /** A word that must come earlier in the clause ("nâng tổng số nhiệm vụ lên 86": "nâng" before "lên"). */
  opener?: string;
}

const DIRECT = 0;
const NEAR = 3;

const QUALIFIER_RULES: QualifierRule[] = [
  // Precision words must touch the number: "trên địa bàn tỉnh có 86" is not "over 86".
  { phrase: ['gần'], qualifier: 'approx_below', maxGap: DIRECT },
  { phrase: ['hơn'], qualifier: 'over', maxGap: DIRECT },
  { phrase: ['trên'], qualifier: 'over', maxGap: DIRECT },
  { phrase: ['khoảng'], qualifier: 'about', maxGap: DIRECT },
  { phrase: ['xấp', 'xỉ'], qualifier: 'about', maxGap: DIRECT },
  // Words about the kind of figure may be followed by a few words ("lũy kế đến nay 120").
  { phrase: ['ước'], qualifier: 'estimate', maxGap: NEAR },
  { phrase: ['ước', 'đạt'], qualifier: 'estimate', maxGap: NEAR },
  { phrase: ['ước', 'thực', 'hiện'], qualifier: 'estimate', maxGap: NEAR },
  { phrase: ['ước', 'tính'], qualifier: 'estimate', maxGap: NEAR },
  { phrase: ['lũy', 'kế'], qualifier: 'cumulative', maxGap: NEAR },
  { phrase: ['lên'], qualifier: 'cumulative', maxGap: DIRECT, opener: 'nâng' },
  { phrase: ['hiện', 'có'], qualifier: 'stock', maxGap: NEAR },
  { phrase: ['hiện', 'đang', 'có'], qualifier: 'stock', maxGap: NEAR },
  // English translations of the reports.
  { phrase: ['nearly'], qualifier: 'approx_below', maxGap: DIRECT },
  { phrase: ['almost'], qualifier: 'approx_below', maxGap: DIRECT },
  { phrase: ['over'], qualifier: 'over', maxGap: DIRECT },
  { phrase: ['more', 'than'], qualifier: 'over', maxGap: DIRECT },
  { phrase: ['about'], qualifier: 'about', maxGap: DIRECT },
  { phrase: ['approximately'], qualifier: 'about', maxGap: DIRECT },
  { phrase: ['around'], qualifier: 'about', maxGap: DIRECT },
  { phrase: ['estimated'], qualifier: 'estimate', maxGap: NEAR },
  { phrase: ['cumulative'], qualifier: 'cumulative', maxGap: NEAR },
  { phrase: ['cumulatively'], qualifier: 'cumulative', maxGap: NEAR },
];

/**
 * When several qualifiers precede one number ("lũy kế đạt hơn 120", "hiện có trên 50"), the
 * one that changes what the figure *is* wins over the one about its precision: a cumulative
 * or stock figure read as a period flow is the costlier mistake.
 */
const QUALIFIER_PRIORITY: Record<Qualifier, number> = {
  cumulative: 6,
  stock: 5,
  estimate: 4,
  approx_below: 3,
  over: 2,
  about: 1,
};

/** How far back an opener ("nâng") may be from its closing word ("lên"). */
const OPENER_REACH = 12;

interface FoundQualifier {
  qualifier: Qualifier;
  /** Offset of the first word of the qualifier phrase. */
  start: number;
}

/** The qualifier of the number that starts at `end`, looking no further back than `floor`. */
function findQualifier(s: string, end: number, floor: number): FoundQualifier | null {
  // Longest reach a rule needs: an opener OPENER_REACH words before a one-word closing phrase.
  const words = wordsIn(s, clauseStart(s, end, floor), end).slice(-(OPENER_REACH + 4));
  let best: (FoundQualifier & { gap: number }) | null = null;
  for (const rule of QUALIFIER_RULES) {
    for (let at = 0; at + rule.phrase.length <= words.length; at++) {
      if (!phraseAt(words, at, rule.phrase)) continue;
      const gap = words.length - at - rule.phrase.length;
      if (gap > rule.maxGap) continue;
      let start = words[at]!.start;
      if (rule.opener !== undefined) {
        const opener = words.slice(Math.max(0, at - OPENER_REACH), at).find((w) => wordMatches(w.text, rule.opener!));
        if (!opener) continue;
        start = opener.start;
      }
      // "xếp thứ 19 trên 34": a word between two numbers relates them, it does not qualify the second.
      if (rule.maxGap === DIRECT && /\d[^\S\n]*$/u.test(s.slice(Math.max(0, start - 8), start))) continue;
      const better =
        !best ||
        QUALIFIER_PRIORITY[rule.qualifier] > QUALIFIER_PRIORITY[best.qualifier] ||
        (QUALIFIER_PRIORITY[rule.qualifier] === QUALIFIER_PRIORITY[best.qualifier] && gap < best.gap);
      if (better) best = { qualifier: rule.qualifier, start, gap };
    }
  }
  return best && { qualifier: best.qualifier, start: best.start };
}

/** The qualifier expressed by the words just before a number (the text that precedes it, e.g. "...với tổng kinh phí hơn "). */
export function qualifierBefore(precedingText: string): Qualifier | null {
  const s = precedingText.normalize('NFC');
  return findQualifier(s, s.length, 0)?.qualifier ?? null;
}

// ---------------------------------------------------------------------------------------
// Locale
// ---------------------------------------------------------------------------------------

// English words that are not also common unaccented Vietnamese syllables ("in", "an", "to"
// are left out: "in ấn", "an toàn", "to lớn").
const ENGLISH_WORDS = new Set(
  (
    'the of and with for was were is are has have had been from this that which these those its their ' +
    'total tasks task projects project million billion thousand trillion province provincial science technology ' +
    'department approved over about nearly approximately percent year years month months quarter report reports ' +
    'number enterprises organizations organisations patents applications funding budget cost inspections'
  ).split(' '),
);

/** 'en' when the text reads as English (English function words dominate, e.g. "tasks", "the", "million VND"), else 'vi'. */
export function detectLocale(text: string): NumberLocale {
  let english = 0;
  let vietnamese = 0;
  for (const m of text.normalize('NFC').matchAll(/[\p{L}\p{M}]+/gu)) {
    const w = m[0].toLowerCase();
    if (ENGLISH_WORDS.has(w)) english++;
    else if (!ASCII_ONLY.test(w)) vietnamese++;
  }
  return english > vietnamese ? 'en' : 'vi';
}

// ---------------------------------------------------------------------------------------
// Finding numbers in text
// ---------------------------------------------------------------------------------------

export type NumberMatchKind = 'number' | 'fraction' | 'percent' | 'money' | 'date' | 'year' | 'code';

export interface NumberMatch {
  kind: NumberMatchKind;
  /** Canonical decimal string. money: converted to triệu đồng. fraction: numerator. percent: the number before %. date/year/code: the raw text. */
  value: string;
  /** fraction only: the denominator, canonical. */
  denominator?: string;
  /** money only: the scale word as written, normalised to MoneyUnit. */
  moneyUnit?: MoneyUnit;
  qualifier: Qualifier | null;
  /** Exact substring of the input that was matched (number plus unit word / % / qualifier word if any). */
  raw: string;
  /** Offsets into the input string of `raw` (end exclusive). */
  start: number;
  end: number;
  /** Offsets of just the numeric part (e.g. "14,2" inside "hơn 14,2 tỷ đồng"). */
  numberStart: number;
  numberEnd: number;
}

// Horizontal whitespace: a number and its unit never straddle a line (table rows are lines).
const SP = '[^\\S\\n]';

const NUMBER_TOKEN = /\d+(?:[.,]\d+)*/y;
const LETTER = /[\p{L}\p{M}]/u;

// Document numbers: digits, optional /year, then /LETTERS ("215/BC-SKHCN", "09/2019/NĐ-CP",
// "04/KHCN-NV"), or the party form "57-NQ/TW".
const CODE_WITH_LETTERS = /\d+(?:\/\d+)*\/\p{Lu}[\p{L}\p{N}&-]*(?:\/[\p{L}\p{N}&-]+)*|\d+-\p{Lu}[\p{L}\p{N}&-]*\/\p{Lu}[\p{L}\p{N}&-]*/uy;
// After "Số:" or "Quyết định số" any slash form is a document number ("Số: 12/2024").
const SLASH_CODE = /\d+(?:\/[\p{L}\p{N}&-]+)+/uy;
const DOCUMENT_NUMBER_CONTEXT = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:số${SP}*:|(?:quyết định|nghị định|thông tư|nghị quyết|công văn|chỉ thị|luật)(?:${SP}+số)?|` +
    `(?:văn bản|kế hoạch|báo cáo|thông báo|tờ trình|hợp đồng|giấy phép)${SP}+số)${SP}*$`,
  'iu',
);

const DAY_MONTH_YEAR = /(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d)/y;
const MONTH_YEAR = /(\d{1,2})\/(\d{4})(?![\d/])/y;
// "ngày 31/12", "ngày 31/12 năm 2024", "ngày 10 tháng 6 năm 2025", "ngày 15".
const AFTER_DAY_WORD = new RegExp(
  `(\\d{1,2})(?:${SP}*\\/${SP}*(\\d{1,2})(?:\\/\\d{4})?|${SP}+tháng${SP}+(\\d{1,2}))?(?:${SP}+năm${SP}+\\d{4})?(?!\\d)`,
  'iuy',
);
// "tháng 5", "tháng 5/2025", "tháng 5 năm 2025".
const AFTER_MONTH_WORD = new RegExp(`(\\d{1,2})(?:${SP}*[/-]${SP}*\\d{4}|${SP}+năm${SP}+\\d{4})?(?!\\d)`, 'iuy');
const DAY_MONTH = /(\d{1,2})\/(\d{1,2})(?![\d/])/y;
// "30 ngày", "6 tháng" are durations: the number after them is not a date.
const DAY_WORD_BEFORE = new RegExp(`(?<![\\p{L}\\p{N}])(?<!\\d${SP}*)ngày${SP}*$`, 'iu');
const MONTH_WORD_BEFORE = new RegExp(`(?<![\\p{L}\\p{N}])(?<!\\d${SP}*)tháng${SP}*$`, 'iu');
// "tính đến 31/12", "đến hết 31/12": an as-of date, not a fraction.
const AS_OF_BEFORE = new RegExp(`(?<![\\p{L}\\p{N}])(?:đến|tới|hết)${SP}*$`, 'iu');
// "quý III/2025", "III/2025".
const ROMAN_QUARTER_BEFORE = new RegExp(`(?<![\\p{L}\\p{N}])(I|II|III|IV)${SP}*\\/${SP}*$`, 'u');

const YEAR_RANGE = /(\d{4})[^\S\n]*[-–—][^\S\n]*(\d{4})(?!\d|[.,]\d)/y;
const FOUR_DIGITS = /\d{4}(?!\d|[.,]\d)/y;
const YEAR_WORD_BEFORE_VI = new RegExp(`(?<![\\p{L}\\p{N}])(?:năm|giai đoạn|niên độ|niên khóa|niên khoá)${SP}*:?${SP}*$`, 'iu');
const YEAR_WORD_BEFORE_EN = new RegExp(`(?<![\\p{L}\\p{N}])(?:year|in|since|by|until|during)${SP}*$`, 'iu');

const FRACTION = /(\d+(?:[.,]\d+)*)[^\S\n]?\/[^\S\n]?(\d+(?:[.,]\d+)*)(?![\d/])/y;

const PERCENT = new RegExp(`${SP}*(?:%|(?:phần trăm|percent|per cent)(?![\\p{L}]))`, 'iuy');
const SCALE_WORD = new RegExp(
  `${SP}*((?:nghìn|ngàn|triệu)${SP}+(?:tỷ|tỉ)|nghìn|ngàn|triệu|tỷ|tỉ|trillion|billion|million|thousand|bn|mln|mn|tr\\.?(?=${SP}?đ))`,
  'iuy',
);
// "tỷ lệ", "tỉ trọng": ratio words, not a scale.
const RATIO_WORD_AFTER = new RegExp(`^${SP}+(?:lệ|trọng|suất|số)(?![\\p{L}])`, 'iu');
const CURRENCY_AFTER = new RegExp(`${SP}*(đồng|đ|vnđ|vnd|dong)(?![\\p{L}\\p{N}])`, 'iuy');
// "5 đồng chí", "3 đồng hồ", "2 đ/c": "đồng" starting a compound word, not the currency.
const NOT_CURRENCY_AFTER_DONG = new RegExp(
  `^${SP}+(?:chí|bộ|thời|ý|đều|hành|loạt|nghiệp|bằng|dạng|phục|tình|thuận|tác|minh|bào|hồ|hương|tâm|lòng)(?![\\p{L}])`,
  'iu',
);
const CURRENCY_BEFORE = new RegExp(`(?<![\\p{L}\\p{N}])(?:vnd|vnđ)${SP}*$`, 'iu');

// Words that make a bare scale ("kinh phí 450 triệu") money.
const MONEY_WORDS: string[][] = [
  'kinh phí', 'vốn', 'ngân sách', 'nsnn', 'tiền', 'đầu tư', 'tổng mức', 'doanh thu', 'giá trị', 'chi phí',
  'dự toán', 'giải ngân', 'tài trợ', 'phí', 'phạt', 'thanh toán', 'lợi nhuận', 'quỹ', 'tổng chi', 'tổng thu',
  'chi trả', 'budget', 'funding', 'funds', 'fund', 'cost', 'costs', 'investment', 'revenue', 'capital',
  'spending', 'expenditure', 'fine', 'fines', 'worth', 'disbursed', 'allocated',
].map((p) => p.split(' '));

const WORD_AFTER = new RegExp(`^${SP}*\\p{L}`, 'u');
const BILLION = '1000000000';

const VALUE_KINDS: ReadonlySet<NumberMatchKind> = new Set(['number', 'fraction', 'percent', 'money']);

/** Scanner state shared by the matchers below. */
interface Scan {
  s: string;
  locale: NumberLocale;
  out: NumberMatch[];
  /** End of the previous match: qualifiers and context never reach back past it. */
  lastEnd: number;
  /** End of the previous value (number, fraction, percent, money): money words must come after it. */
  lastValueEnd: number;
}

function sticky(re: RegExp, s: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(s);
}

/** The text just before `at` (bounded, and never before the previous match), for context regexes. */
function before(scan: Scan, at: number, reach = 60): string {
  return scan.s.slice(Math.max(scan.lastEnd, at - reach, 0), at);
}

function push(scan: Scan, m: NumberMatch): void {
  scan.out.push(m);
  scan.lastEnd = m.end;
  if (VALUE_KINDS.has(m.kind)) scan.lastValueEnd = m.end;
}

/** A date, year or code: reported as written, no qualifier. */
function literal(scan: Scan, kind: 'date' | 'year' | 'code', start: number, end: number): number {
  const raw = scan.s.slice(start, end);
  push(scan, { kind, value: raw, qualifier: null, raw, start, end, numberStart: start, numberEnd: end });
  return end;
}

const between = (n: number, lo: number, hi: number): boolean => n >= lo && n <= hi;
const isYear = (digits: string): boolean => /^\d{4}$/.test(digits) && between(Number(digits), 1990, 2100);
const isMonth = (digits: string | undefined): boolean => digits !== undefined && between(Number(digits), 1, 12);
const isDay = (digits: string | undefined): boolean => digits !== undefined && between(Number(digits), 1, 31);

function tryCode(scan: Scan, i: number): number | null {
  const withLetters = sticky(CODE_WITH_LETTERS, scan.s, i);
  if (withLetters) return literal(scan, 'code', i, i + withLetters[0].length);
  if (DOCUMENT_NUMBER_CONTEXT.test(before(scan, i))) {
    const slash = sticky(SLASH_CODE, scan.s, i);
    if (slash) return literal(scan, 'code', i, i + slash[0].length);
  }
  return null;
}

function tryDate(scan: Scan, i: number): number | null {
  const { s } = scan;
  const context = before(scan, i);
  // The duration check ("6 tháng 12 ...") must see the number before the word, even if already matched.
  const wide = s.slice(Math.max(0, i - 60), i);

  const roman = ROMAN_QUARTER_BEFORE.exec(context);
  const year = sticky(FOUR_DIGITS, s, i);
  if (roman && year && isYear(year[0])) return literal(scan, 'date', i - roman[0].length, i + 4);

  const dmy = sticky(DAY_MONTH_YEAR, s, i);
  if (dmy && isDay(dmy[1]) && isMonth(dmy[3])) return literal(scan, 'date', i, i + dmy[0].length);

  if (DAY_WORD_BEFORE.test(wide)) {
    const m = sticky(AFTER_DAY_WORD, s, i);
    if (m && isDay(m[1]) && (m[2] === undefined || isMonth(m[2])) && (m[3] === undefined || isMonth(m[3]))) {
      return literal(scan, 'date', i, i + m[0].length);
    }
  }
  if (MONTH_WORD_BEFORE.test(wide)) {
    const m = sticky(AFTER_MONTH_WORD, s, i);
    if (m && isMonth(m[1])) return literal(scan, 'date', i, i + m[0].length);
  }

  const my = sticky(MONTH_YEAR, s, i);
  if (my && isMonth(my[1]) && isYear(my[2]!)) return literal(scan, 'date', i, i + my[0].length);

  if (AS_OF_BEFORE.test(context)) {
    const dm = sticky(DAY_MONTH, s, i);
    if (dm && isDay(dm[1]) && isMonth(dm[2])) return literal(scan, 'date', i, i + dm[0].length);
  }
  return null;
}

function tryYear(scan: Scan, i: number): number | null {
  const { s } = scan;
  const range = sticky(YEAR_RANGE, s, i);
  if (range && isYear(range[1]!) && isYear(range[2]!)) {
    literal(scan, 'year', i, i + 4);
    const end = i + range[0].length;
    return literal(scan, 'year', end - 4, end);
  }
  const four = sticky(FOUR_DIGITS, s, i);
  if (!four || !isYear(four[0])) return null;
  const context = before(scan, i);
  if (YEAR_WORD_BEFORE_VI.test(context) || (scan.locale === 'en' && YEAR_WORD_BEFORE_EN.test(context))) {
    return literal(scan, 'year', i, i + 4);
  }
  return null;
}

function tryFraction(scan: Scan, i: number): number | null {
  const m = sticky(FRACTION, scan.s, i);
  if (!m) return null;
  const numerator = parseDigits(m[1]!, scan.locale);
  const denominator = parseDigits(m[2]!, scan.locale);
  if (numerator === null || denominator === null) return null;
  const end = i + m[0].length;
  const q = findQualifier(scan.s, i, scan.lastEnd);
  const start = q?.start ?? i;
  push(scan, {
    kind: 'fraction',
    value: numerator,
    denominator,
    qualifier: q?.qualifier ?? null,
    raw: scan.s.slice(start, end),
    start,
    end,
    numberStart: i,
    numberEnd: i + m[1]!.length,
  });
  return end;
}

/** "-5,2" in a cell is negative; "- 5" (bullet) and "2021-2025" (range) are not. */
function hasMinusSign(s: string, i: number): boolean {
  const sign = s[i - 1];
  if (sign !== '-' && sign !== '−') return false;
  const beforeSign = s[i - 2];
  return beforeSign === undefined || /[\s|(]/u.test(beforeSign);
}

interface ScaleWord {
  key: string;
  end: number;
}

function readScale(s: string, at: number): ScaleWord | null {
  const m = sticky(SCALE_WORD, s, at);
  if (!m) return null;
  const key = scaleKey(m[1]!);
  if (SCALES[key] === undefined) return null;
  const end = at + m[0].length;
  // A scale word is a whole word ("thousands", "mnemonic" are not), unless a currency is glued to it ("triệuđồng").
  if (LETTER.test(s[end] ?? '') && readCurrency(s, end, true) === null) return null;
  if (key === 'tỷ' && RATIO_WORD_AFTER.test(s.slice(end, end + 12))) return null;
  return { key, end };
}

/** A currency word right after `at`; "dong" only after a scale word, "đồng" not in compounds. */
function readCurrency(s: string, at: number, afterScale: boolean): number | null {
  const m = sticky(CURRENCY_AFTER, s, at);
  if (!m) return null;
  const word = m[1]!.toLowerCase();
  const end = at + m[0].length;
  if (word === 'dong' && !afterScale) return null;
  if (word === 'đ' && s[end] === '/' && /c/iu.test(s[end + 1] ?? '')) return null;
  if (word === 'đồng' && !afterScale && NOT_CURRENCY_AFTER_DONG.test(s.slice(end, end + 12))) return null;
  return end;
}

/** A money word between the previous value and this number, within the clause. */
function moneyContext(scan: Scan, numberStart: number): boolean {
  const from = Math.max(scan.lastValueEnd, clauseStartIgnoringDigits(scan.s, numberStart, scan.lastValueEnd));
  const words = wordsIn(scan.s, from, numberStart);
  return MONEY_WORDS.some((phrase) => containsPhrase(words, phrase));
}

/** Like clauseStart, but a year or date inside the clause ("Kinh phí năm 2025 là 450 triệu") does not cut it. */
function clauseStartIgnoringDigits(s: string, end: number, floor: number): number {
  for (let k = end - 1; k >= floor; k--) {
    const c = s[k]!;
    if (/[;|\n\r()[\]{}!?]/u.test(c)) return k + 1;
    if (c === '.' && /\s/u.test(s[k + 1] ?? '')) return k + 1;
  }
  return floor;
}

/** A plain number, with its sign, percent sign, scale word, currency and qualifier. */
function readNumber(scan: Scan, i: number, tokenEnd: number): number {
  const { s, locale } = scan;
  const token = s.slice(i, tokenEnd);
  let written = parseDigits(token, locale);
  if (written === null) return readParts(scan, i, token);

  let numberStart = i;
  if (hasMinusSign(s, i)) {
    numberStart = i - 1;
    written = negate(written);
  }
  const base = { qualifier: null, numberStart, numberEnd: tokenEnd };
  let m: Omit<NumberMatch, 'qualifier' | 'raw' | 'start' | 'numberStart' | 'numberEnd'> & { start: number };

  const percent = sticky(PERCENT, s, tokenEnd);
  if (percent) {
    m = { kind: 'percent', value: written, start: numberStart, end: tokenEnd + percent[0].length };
  } else {
    const prefix = CURRENCY_BEFORE.exec(before(scan, numberStart, 12));
    const start = prefix ? numberStart - prefix[0].length : numberStart;
    const scale = readScale(s, tokenEnd);
    const currencyEnd = readCurrency(s, scale?.end ?? tokenEnd, scale !== null);
    const scaleInfo = scale ? SCALES[scale.key]! : null;
    const followedByWord = scale !== null && WORD_AFTER.test(s.slice(scale.end, scale.end + 4));
    const isMoney =
      currencyEnd !== null ||
      prefix !== null ||
      (scale !== null && moneyContext(scan, start)) ||
      // Billions of anything but đồng do not occur at provincial level: a bare "3,2 tỷ" is money.
      (scaleInfo !== null && toDecimal(scaleInfo.factor).gte(BILLION) && !followedByWord);
    if (isMoney) {
      const unit: MoneyUnit = scaleInfo?.moneyUnit ?? 'đồng';
      m = { kind: 'money', value: toMillionDong(written, unit), moneyUnit: unit, start, end: currencyEnd ?? scale?.end ?? tokenEnd };
    } else if (scaleInfo) {
      // "2,1 triệu thuê bao": a count with its scale applied.
      m = { kind: 'number', value: multiply(written, scaleInfo.factor), start: numberStart, end: scale!.end };
    } else {
      m = { kind: 'number', value: written, start: numberStart, end: tokenEnd };
    }
  }

  const q = findQualifier(s, m.start, scan.lastEnd);
  const start = q?.start ?? m.start;
  push(scan, { ...m, ...base, qualifier: q?.qualifier ?? null, raw: s.slice(start, m.end), start });
  return m.end;
}

/** Digits neither locale can read as one number ("1.2.3", "1,2,3"): each group on its own. */
function readParts(scan: Scan, i: number, token: string): number {
  for (const part of token.matchAll(/\d+/g)) {
    const start = i + part.index;
    const end = start + part[0].length;
    push(scan, { kind: 'number', value: canonicalDecimal(part[0]), qualifier: null, raw: part[0], start, end, numberStart: start, numberEnd: end });
  }
  return i + token.length;
}

/** Reads whatever starts at digit `i`; returns where scanning resumes. */
function matchAt(scan: Scan, i: number): number {
  const { s } = scan;
  const tokenEnd = i + sticky(NUMBER_TOKEN, s, i)![0].length;
  const prev = s[i - 1] ?? '';
  // Digits glued to a letter on their left are part of an identifier ("CO2", "PM2,5", "QH13").
  if (LETTER.test(prev)) return tokenEnd;
  // ".5": a decimal without its integer part is not something the reports write.
  if ((prev === '.' || prev === ',') && /^\s?$/u.test(s[i - 2] ?? '')) return tokenEnd;
  return tryCode(scan, i) ?? tryDate(scan, i) ?? tryYear(scan, i) ?? tryFraction(scan, i) ?? readNumber(scan, i, tokenEnd);
}

/** Every number in a sentence/cell, left to right. `locale` defaults to detectLocale(text). */
export function findNumbers(text: string, locale?: NumberLocale): NumberMatch[] {
  const s = text.normalize('NFC');
  const scan: Scan = { s, locale: locale ?? detectLocale(s), out: [], lastEnd: 0, lastValueEnd: 0 };
  const digitRun = /\d+/g;
  for (let m = digitRun.exec(s); m; m = digitRun.exec(s)) {
    digitRun.lastIndex = Math.max(matchAt(scan, m.index), m.index + m[0].length);
  }
  return scan.out;
}

// ---------------------------------------------------------------------------------------
// Grounding
// ---------------------------------------------------------------------------------------

/** The values a match can be said to "write": what valueAppearsIn compares against. */
function writtenValues(quote: string, m: NumberMatch, money: boolean, locale: NumberLocale): string[] {
  const asWritten = (): string | null => parseNumber(quote.slice(m.numberStart, m.numberEnd), locale);
  switch (m.kind) {
    case 'number':
      // A scaled count ("2,1 triệu") is found both as 2100000 and as written (2.1).
      return [m.value, asWritten()].filter((v): v is string => v !== null);
    case 'percent':
      return [m.value];
    case 'fraction':
      return [m.value, m.denominator!];
    case 'money':
      // In triệu đồng when the caller's value is money; otherwise only the digits as written.
      return money ? [m.value] : [asWritten()].filter((v): v is string => v !== null);
    case 'year':
      return [m.value];
    default:
      return [];
  }
}

/**
 * True when the number `m` found in `text` writes `value` (canonical, in triệu đồng for money).
 * `denominator: false` leaves out the y of an "x/y": a fraction then states only its x.
 */
export function matchWrites(
  text: string,
  m: NumberMatch,
  value: string,
  options: { money?: boolean; locale: NumberLocale; denominator?: boolean },
): boolean {
  if (!DECIMAL_STRING.test(value.trim())) return false;
  const written = m.kind === 'fraction' && options.denominator === false ? [m.value] : writtenValues(text, m, options.money ?? false, options.locale);
  return written.some((v) => decimalsEqual(v, value));
}

/** True when `value` (canonical, in triệu đồng for money) is written somewhere in `quote` after Vietnamese number normalisation, e.g. valueAppearsIn("hơn 14,2 tỷ đồng", "14200", {money: true}) === true, valueAppearsIn("86 nhiệm vụ", "68") === false, valueAppearsIn("07/12 nhiệm vụ", "7") === true. */
export function valueAppearsIn(quote: string, value: string, options: { money?: boolean; locale?: NumberLocale } = {}): boolean {
  const s = quote.normalize('NFC');
  const locale = options.locale ?? detectLocale(s);
  return findNumbers(s, locale).some((m) => matchWrites(s, m, value, { money: options.money ?? false, locale }));
}
