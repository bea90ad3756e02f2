// Finding numbers in text: every number of a sentence or cell, left to right, as a value (count,
// fraction, percent, money in triệu đồng) with its qualifier, or as a date, year or document code
// reported as written.
//
// Offsets: findNumbers() NFC-normalises its input and reports offsets into that NFC string.
// Callers pass NFC text already (TextBlock/TableBlock text is NFC), so offsets refer to the
// string they gave.
import type { Qualifier } from '../types.ts';
import { canonicalDecimal, compareDecimals, multiply, negate } from './decimal.ts';
import { detectLocale, parseDigits, type NumberLocale } from './locale.ts';
import { SCALES, scaleKey, toMillionDong, type MoneyUnit } from './money.ts';
import { DIGITS_OR_NUMBER_WORD, readNumberWord, type SpelledAs } from './number-words.ts';
import { findQualifier } from './qualifiers.ts';
import { clauseStartIgnoringDigits, containsPhrase, wordsIn } from './words.ts';

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
  /** Written as a word ("three national initiatives", "ranked first"), not in digits. */
  spelled?: SpelledAs;
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
const AFTER_DAY_WORD = new RegExp(`(\\d{1,2})(?:${SP}*\\/${SP}*(\\d{1,2})(?:\\/\\d{4})?|${SP}+tháng${SP}+(\\d{1,2}))?(?:${SP}+năm${SP}+\\d{4})?(?!\\d)`, 'iuy');
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
  'kinh phí',
  'vốn',
  'ngân sách',
  'nsnn',
  'tiền',
  'đầu tư',
  'tổng mức',
  'doanh thu',
  'giá trị',
  'chi phí',
  'dự toán',
  'giải ngân',
  'tài trợ',
  'phí',
  'phạt',
  'thanh toán',
  'lợi nhuận',
  'quỹ',
  'tổng chi',
  'tổng thu',
  'chi trả',
  'budget',
  'funding',
  'funds',
  'fund',
  'cost',
  'costs',
  'investment',
  'revenue',
  'capital',
  'spending',
  'expenditure',
  'fine',
  'fines',
  'worth',
  'disbursed',
  'allocated',
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
      (scaleInfo !== null && compareDecimals(scaleInfo.factor, BILLION) >= 0 && !followedByWord);
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

/** A count or rank written as a word, with its qualifier ("over three"); returns where scanning resumes. */
function readWord(scan: Scan, i: number, word: string): number {
  const w = readNumberWord(scan.s, i, word);
  if (w === null) return i + word.length;
  const q = findQualifier(scan.s, i, scan.lastEnd);
  const start = q?.start ?? i;
  push(scan, {
    kind: 'number',
    value: w.value,
    qualifier: q?.qualifier ?? null,
    raw: scan.s.slice(start, w.end),
    start,
    end: w.end,
    numberStart: i,
    numberEnd: w.end,
    spelled: w.spelled,
  });
  return w.end;
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
  const next = new RegExp(DIGITS_OR_NUMBER_WORD);
  for (let m = next.exec(s); m; m = next.exec(s)) {
    const isDigits = /\d/u.test(m[0][0]!);
    next.lastIndex = Math.max(isDigits ? matchAt(scan, m.index) : readWord(scan, m.index, m[0]), m.index + m[0].length);
  }
  return scan.out;
}
