// Province names as written in reports -> the current (post-July-2025) unit code.
// Pure: the only input besides the argument is the province catalogue.
//
// Matching works on word tokens (letters, digits, "&"), so punctuation, hyphens and
// spacing never matter ("Bà Rịa - Vũng Tàu" = "Bà Rịa-Vũng Tàu" = "BÀ RỊA–VŨNG TÀU").
// Each token is normalised: NFC, lowercase, old/new tone placement unified (hoà/hòa,
// khoẻ/khỏe, thuỷ/thủy), "đăk"/"đắc" -> "đắk", "lăk" -> "lắk", "quí" -> "quý". Names match
// whole token sequences only, so "Hà Nam" never matches "Hà Nội" and "Huế" never
// matches inside "Thừa Thiên Huế" (the longest name at a position wins).
import { provinces } from './catalogue.ts';
import { foldVietnamese } from './document-types.ts';
import { foldedProvinceAt } from './province-folded.ts';

export interface ProvinceMatch {
  code: string;
  /** text as written */
  evidence: string;
  /** the pre-2025 code when an old name matched */
  oldCode: string | null;
}

// ---------------------------------------------------------------------------
// Token normalisation

/** The tone marks, decomposed: huyền, sắc, hỏi, ngã, nặng. */
const TONES = ['\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const toned = (vowel: string, tone: string) => `${vowel}${tone}`.normalize('NFC');

/** "òa" -> "oà", "úy" -> "uý", ...: "oa", "oe", "uy" with the tone moved from the first vowel to the second (the old placement). */
const OLD_PLACEMENT = new Map(['oa', 'oe', 'uy'].flatMap(([first, second]) => TONES.map((t) => [toned(first!, t) + second, first + toned(second!, t)])));
const NEW_PLACEMENT = new RegExp([...OLD_PLACEMENT.keys()].join('|'), 'gu');

/** Moves the tone of "oa", "oe", "uy" onto the second vowel (the old placement), so both spellings agree. */
function unifyTonePlacement(s: string): string {
  return s.replace(NEW_PLACEMENT, (pair) => OLD_PLACEMENT.get(pair)!);
}

/** "quí" -> "quý" and the other tones: i and y after qu are one sound. */
const QU_Y = new Map(TONES.map((t) => [`qu${toned('i', t)}`, `qu${toned('y', t)}`]));

const TOKEN_VARIANTS: Record<string, string> = {
  đăk: 'đắk',
  đắc: 'đắk',
  đăc: 'đắk',
  lăk: 'lắk',
};

/** Normalises one word for matching (see the file comment). */
export function normalizeToken(token: string): string {
  let t = unifyTonePlacement(token.normalize('NFC').toLowerCase());
  t = QU_Y.get(t) ?? t;
  return TOKEN_VARIANTS[t] ?? t;
}

export interface Token {
  /** normalised */
  norm: string;
  start: number;
  end: number;
}

const TOKEN_RE = /[\p{L}\p{M}\p{N}&]+/gu;

/** Word tokens of `text` with their offsets in `text`. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    out.push({ norm: normalizeToken(m[0]), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** A normalised matching key for a whole phrase: its tokens joined by one space. */
export function normalizeName(text: string): string {
  return tokenize(text)
    .map((t) => t.norm)
    .join(' ');
}

// ---------------------------------------------------------------------------
// The name index

interface Alias {
  tokens: string[];
  code: string;
  oldCode: string | null;
}

/** Words that introduce a unit name: "tỉnh", "thành phố", "TP."; stripped before lookup. */
const UNIT_TYPES: string[][] = [['tỉnh'], ['thành', 'phố'], ['tp'], ['t', 'p']];

/** Spellings not derivable from the catalogue: [written, the catalogue name it stands for]. */
const EXTRA_ALIASES: [string, string][] = [
  ['Hồ Chí Minh', 'TP. Hồ Chí Minh'],
  ['HCM', 'TP. Hồ Chí Minh'],
  ['TPHCM', 'TP. Hồ Chí Minh'],
  ['Thừa Thiên - Huế', 'Thừa Thiên Huế'],
  ['Bắc Cạn', 'Bắc Kạn'],
  ['Kontum', 'Kon Tum'],
];

function stripUnitType(tokens: string[]): string[] {
  for (const ut of UNIT_TYPES) {
    if (tokens.length > ut.length && ut.every((w, i) => tokens[i] === w)) return tokens.slice(ut.length);
  }
  return tokens;
}

let indexCache: { byKey: Map<string, Alias>; maxLen: number } | undefined;

function index(): { byKey: Map<string, Alias>; maxLen: number } {
  if (indexCache) return indexCache;
  const byKey = new Map<string, Alias>();
  const add = (written: string, code: string, oldCode: string | null): void => {
    const tokens = stripUnitType(tokenize(written).map((t) => t.norm));
    if (tokens.length === 0) return;
    const key = tokens.join(' ');
    const existing = byKey.get(key);
    if (existing) {
      if (existing.code !== code) throw new Error(`province name "${written}" is ambiguous: ${existing.code} / ${code}`);
      // A current unit's name wins over the same old name (oldCode stays null).
      if (existing.oldCode === null) return;
    }
    byKey.set(key, { tokens, code, oldCode });
  };
  const all = provinces();
  // Current names first: a name that is still a unit's name carries no oldCode.
  for (const p of all) {
    add(p.name, p.code, null);
    add(p.shortName, p.code, null);
  }
  const currentKeys = new Set(byKey.keys());
  for (const p of all) {
    for (const f of p.formedFrom) {
      const key = stripUnitType(tokenize(f.name).map((t) => t.norm)).join(' ');
      add(f.name, p.code, currentKeys.has(key) ? null : f.code);
    }
  }
  for (const [written, canonical] of EXTRA_ALIASES) {
    const target = byKey.get(stripUnitType(tokenize(canonical).map((t) => t.norm)).join(' '));
    if (!target) throw new Error(`extra alias "${written}": unknown catalogue name "${canonical}"`);
    add(written, target.code, target.oldCode);
  }
  let maxLen = 0;
  for (const a of byKey.values()) maxLen = Math.max(maxLen, a.tokens.length);
  indexCache = { byKey, maxLen };
  return indexCache;
}

// ---------------------------------------------------------------------------
// Resolving a name

/** Resolve a province name as written ("Bắc Giang", "TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh", "TP Hồ Chí Minh", "Hồ Chí Minh", "Thừa Thiên Huế", "Thành phố Huế", "Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu", "tỉnh Đắk Nông", "Đăk Nông", "Hòa Bình"/"Hoà Bình" (old and new tone placement), case-insensitive) to the current unit code; null if unknown. */
export function resolveProvince(name: string): ProvinceMatch | null {
  const tokens = stripUnitType(tokenize(name).map((t) => t.norm));
  if (tokens.length === 0) return null;
  const alias = index().byKey.get(tokens.join(' '));
  if (!alias) return null;
  return { code: alias.code, evidence: name.trim(), oldCode: alias.oldCode };
}

// ---------------------------------------------------------------------------
// Finding the reporting province in a header

/** The longest alias whose tokens start at tokens[i]; returns it and the index after it. */
function aliasAt(tokens: Token[], i: number): { alias: Alias; end: number } | null {
  const { byKey, maxLen } = index();
  for (let len = Math.min(maxLen, tokens.length - i); len >= 1; len--) {
    const key = tokens
      .slice(i, i + len)
      .map((t) => t.norm)
      .join(' ');
    const alias = byKey.get(key);
    if (alias) return { alias, end: i + len };
  }
  return null;
}

/** Length of the unit-type words ("tỉnh", "thành phố", "TP") starting at tokens[i], 0 if none. */
function unitTypeAt(tokens: Token[], i: number): number {
  for (const ut of UNIT_TYPES) {
    if (ut.every((w, k) => tokens[i + k]?.norm === w)) return ut.length;
  }
  return 0;
}

/** Token sequences that name the issuing body right before the unit's name. */
const ISSUERS: string[][] = [
  ['uỷ', 'ban', 'nhân', 'dân'],
  ['ubnd'],
  ['sở', 'khoa', 'học', 'và', 'công', 'nghệ'],
  ['sở', 'khoa', 'học', 'công', 'nghệ'],
  ['sở', 'kh&cn'],
  ['sở', 'khcn'],
  ['sở', 'kh', 'cn'],
];

function issuerAt(tokens: Token[], i: number): number {
  for (const iss of ISSUERS) {
    if (iss.every((w, k) => tokens[i + k]?.norm === w)) return iss.length;
  }
  return 0;
}

function match(text: string, tokens: Token[], from: number, alias: Alias, end: number): ProvinceMatch {
  return { code: alias.code, evidence: text.slice(tokens[from]!.start, tokens[end - 1]!.end), oldCode: alias.oldCode };
}

/** "<Name>, ngày ..." (the place-and-date line): the province named right before ", ngày". */
export function findPlaceDateProvince(text: string, opts: { atStart?: boolean } = {}): ProvinceMatch | null {
  const tokens = tokenize(text);
  for (let j = 0; j < tokens.length; j++) {
    if (tokens[j]!.norm !== 'ngày' || j === 0) continue;
    // Only a comma (and spaces) between the name and "ngày".
    const between = text.slice(tokens[j - 1]!.end, tokens[j]!.start);
    if (!/^\s*,\s*$/.test(between)) continue;
    // Longest alias ending at token j-1.
    const { byKey, maxLen } = index();
    for (let len = Math.min(maxLen, j); len >= 1; len--) {
      const from = j - len;
      const key = tokens
        .slice(from, j)
        .map((t) => t.norm)
        .join(' ');
      const alias = byKey.get(key);
      if (!alias) continue;
      // Include a preceding unit type ("Thành phố Hồ Chí Minh, ngày", "TP. Huế, ngày").
      let start = from;
      for (const ut of UNIT_TYPES) {
        const s = from - ut.length;
        if (s >= 0 && ut.every((w, k) => tokens[s + k]!.norm === w)) {
          start = s;
          break;
        }
      }
      if (opts.atStart && text.slice(0, tokens[start]!.start).trim() !== '') break;
      return match(text, tokens, start, alias, j);
    }
  }
  return null;
}

/** Find the reporting province in a report's header text ("UỶ BAN NHÂN DÂN TỈNH BẮC GIANG", "UBND THÀNH PHỐ ĐÀ NẴNG", "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH TÂY NINH", "SỞ KH&CN TP. HỒ CHÍ MINH"), else from the place-and-date line ("Tây Ninh, ngày 10 tháng 6 năm 2025"). Never from a province merely mentioned in the body. */
export function findReportingProvince(headerText: string): ProvinceMatch | null {
  const tokens = tokenize(headerText);
  // 1. The issuing body: "ỦY BAN NHÂN DÂN [TỈNH|THÀNH PHỐ|TP.] X", "SỞ KH&CN [TỈNH] X".
  for (let i = 0; i < tokens.length; i++) {
    const iss = issuerAt(tokens, i);
    if (!iss) continue;
    const typeStart = i + iss;
    const ut = unitTypeAt(tokens, typeStart);
    const found = aliasAt(tokens, typeStart + ut);
    if (found) return match(headerText, tokens, typeStart, found.alias, found.end);
  }
  // 2. "TỈNH X" / "THÀNH PHỐ X" / "TP. X" anywhere in the header (the left column's
  //    second line when the PDF parser interleaved the two columns).
  for (let i = 0; i < tokens.length; i++) {
    const ut = unitTypeAt(tokens, i);
    if (!ut) continue;
    const found = aliasAt(tokens, i + ut);
    if (found) return match(headerText, tokens, i, found.alias, found.end);
  }
  // 3. The place-and-date line.
  return findPlaceDateProvince(headerText);
}

// ---------------------------------------------------------------------------
// Provinces named in running text

/**
 * The units a passage names ("TP HCM xếp thứ 2, tiếp theo là Hải Phòng (3)"): every alias whose
 * words are all capitalised as written, so that "hòa bình" (peace) is not Hòa Bình. Codes are the
 * current units'.
 */
export function provincesNamedIn(text: string): string[] {
  const tokens = tokenize(text);
  const capital = (t: Token) => /^[\p{Lu}\p{N}]/u.test(text.slice(t.start, t.end));
  const out: string[] = [];
  // English passages write names without marks ("Da Nang topped the ranking"): a run of
  // capitalised words written without any mark is also read folded, when it spells one name only.
  const unmarked = (t: Token) => capital(t) && /^[A-Za-z0-9]+$/.test(text.slice(t.start, t.end));
  // Folded only when such a run is met: this runs for every number of a report.
  let folded: string[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    if (!capital(tokens[i]!)) continue;
    const found = aliasAt(tokens, i);
    if (found && tokens.slice(i, found.end).every(capital)) {
      out.push(found.alias.code);
      i = found.end - 1;
      continue;
    }
    const bare = unmarked(tokens[i]!) ? foldedProvinceAt((folded ??= tokens.map((t) => foldVietnamese(text.slice(t.start, t.end)))), i) : null;
    if (bare && bare.length > 1 && tokens.slice(i, i + bare.length).every(unmarked)) {
      out.push(bare.code);
      i += bare.length - 1;
    }
  }
  return out;
}

/**
 * Every province the header names as the issuer of the report (rules 1 and 2 of
 * findReportingProvince, at every place they match), once each, in order. A report has one; a
 * second (the People's Committee of one province over the department of another) makes the
 * report doubtful: which province's figures are these?
 */
export function findIssuingProvinces(headerText: string): ProvinceMatch[] {
  const tokens = tokenize(headerText);
  const found = new Map<string, ProvinceMatch>();
  for (let i = 0; i < tokens.length; i++) {
    const iss = issuerAt(tokens, i);
    const typeStart = i + iss;
    const ut = unitTypeAt(tokens, typeStart);
    if (!iss && !ut) continue;
    const at = aliasAt(tokens, typeStart + ut);
    if (!at) continue;
    const m = match(headerText, tokens, typeStart, at.alias, at.end);
    if (!found.has(m.code)) found.set(m.code, m);
    i = at.end - 1;
  }
  return [...found.values()];
}
