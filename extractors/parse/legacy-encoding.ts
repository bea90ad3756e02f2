// Vietnamese legacy 8-bit font encodings: TCVN3 (ABC) and VNI.
//
// Before Unicode, Vietnamese was typed in fonts whose byte codes are Latin-1 positions drawn as
// Vietnamese letters: TCVN3 / "ABC" fonts (.VnTime, .VnArial, .VnTimeH ...) and VNI fonts
// (VNI-Times, VNI-Helve ...). A PDF made from such a document carries the bytes; pdf.js decodes them
// as Latin-1 / Windows-1252 (through the WinAnsi glyph names, or a ToUnicode map that says the same),
// so "khoa học và công nghệ" comes out as "khoa häc vµ c«ng nghÖ" (TCVN3) or "khoa hoïc vaø coâng
// ngheä" (VNI). This module tells such text apart from Unicode and converts it.
//
// Sources of the tables (character mappings are facts, not code): the TCVN 5712:1993 code table
// (VN3, the ABC fonts) and the VNI Windows table as used by Vietnamese input methods and
// converters; checked entry by entry against the tables of the xvnkb input method (Dao Hai Lam,
// files tcvn.h and vni.h; no code taken) and against REPORTS.md's example "khoa häc vµ c«ng nghÖ".
// TCVN3 here is VN3, the variant of the ABC fonts: one byte per lower-case letter (every tone),
// seven capitals (Ă Â Ê Ô Ơ Ư Đ) at 0xA1..0xA7, and no capitals with tone marks: those are drawn by
// separate "H" fonts (.VnTimeH) that reuse the lower-case codes. VNI Windows writes a base letter
// followed by a modifier byte (tone, or hat/breve + tone), with a few precomposed letters (ơ ư đ and
// the toned i, ỵ).
//
// How pdf.js delivers the bytes (checked against unpdf's pdf.js): 0xA1..0xFF come out as the Latin-1
// character of the same code, except 0xB5 (µ, TCVN3 "à"), which comes out as Greek μ (glyph "mu",
// and µ from a ToUnicode map is normalised to μ too), and 0xAD (TCVN3 "ư"), which comes out as "-"
// (glyph "hyphen") or, through a ToUnicode map, as the soft hyphen U+00AD. All are handled here.
// The soft hyphen is invisible and removed by cleanText(): if it was removed before conversion, "ư"
// is recovered where the spelling leaves no doubt ("nớc" -> "nước", "phơng" -> "phương", "nh" ->
// "như"), not elsewhere ("ngời" stays "ngời", "ma" stays "ma" for "mưa").
//
// Limits: TCVN3 capitals with tone marks (.VnTimeH fonts) share the lower-case codes, so their case
// is a guess: a word is upper-cased when its other letters are capitals ("KÕT" -> "KẾT", "ñY" ->
// "ỦY"), or when it stands in an all-capitals line or cell with such words ("§Ò TµI" -> "ĐỀ TÀI");
// a lone title-case word ("Sè" -> "Số") stays lower-case after its first letter, and a heading typed
// in lower case with an H font comes out lower case. The TCVN 5712 VN1 capitals at 0x80..0x9F and
// the other positions unused by VN3 are not mapped (they coincide with Windows punctuation such as
// quotes and dashes). On a page decided to be legacy, a word that is written in Unicode (a span in
// Times New Roman) is left alone when it contains a letter legacy fonts cannot produce (ạ ơ đ ...)
// or reads as Vietnamese while its conversion does not; other Unicode words there are converted.
import type { Block, ParsedDocument, ParsedPage } from '../types.ts';
import { cleanText, tableText } from './text.ts';
import { warning, type DocumentWarning } from '../warnings.ts';

export type LegacyEncoding = 'tcvn3' | 'vni';

const LABEL: Record<LegacyEncoding, string> = { tcvn3: 'TCVN3', vni: 'VNI' };

// ---------------------------------------------------------------------------------------------
// Tables

const GRAVE = '\u0300';
const ACUTE = '\u0301';
const TILDE = '\u0303';
const HOOK = '\u0309';
const DOT = '\u0323';
const CIRCUMFLEX = '\u0302';
const BREVE = '\u0306';

/** Tone order of the rows below: none, huyền (grave), hỏi (hook), ngã (tilde), sắc (acute), nặng (dot). */
const TONE_ORDER = ['', GRAVE, HOOK, TILDE, ACUTE, DOT] as const;

/**
 * TCVN3 (TCVN 5712:1993 VN3, ABC fonts): for each lower-case vowel, the code (as the Latin-1
 * character pdf.js yields) of the letter with no tone, huyền, hỏi, ngã, sắc, nặng.
 */
const TCVN3_VOWELS: ReadonlyArray<readonly [string, string]> = [
  ['a', 'a\u00b5\u00b6\u00b7\u00b8\u00b9'], // a µ ¶ · ¸ ¹    -> a à ả ã á ạ
  ['ă', '\u00a8\u00bb\u00bc\u00bd\u00be\u00c6'], // ¨ » ¼ ½ ¾ Æ -> ă ằ ẳ ẵ ắ ặ
  ['â', '\u00a9\u00c7\u00c8\u00c9\u00ca\u00cb'], // © Ç È É Ê Ë -> â ầ ẩ ẫ ấ ậ
  ['e', 'e\u00cc\u00ce\u00cf\u00d0\u00d1'], // e Ì Î Ï Ð Ñ      -> e è ẻ ẽ é ẹ
  ['ê', '\u00aa\u00d2\u00d3\u00d4\u00d5\u00d6'], // ª Ò Ó Ô Õ Ö -> ê ề ể ễ ế ệ
  ['i', 'i\u00d7\u00d8\u00dc\u00dd\u00de'], // i × Ø Ü Ý Þ      -> i ì ỉ ĩ í ị
  ['o', 'o\u00df\u00e1\u00e2\u00e3\u00e4'], // o ß á â ã ä      -> o ò ỏ õ ó ọ
  ['ô', '\u00ab\u00e5\u00e6\u00e7\u00e8\u00e9'], // « å æ ç è é -> ô ồ ổ ỗ ố ộ
  ['ơ', '\u00ac\u00ea\u00eb\u00ec\u00ed\u00ee'], // ¬ ê ë ì í î -> ơ ờ ở ỡ ớ ợ
  ['u', 'u\u00ef\u00f1\u00f2\u00f3\u00f4'], // u ï ñ ò ó ô      -> u ù ủ ũ ú ụ
  ['ư', '\u00ad\u00f5\u00f6\u00f7\u00f8\u00f9'], // SHY õ ö ÷ ø ù -> ư ừ ử ữ ứ ự
  ['y', 'y\u00fa\u00fb\u00fc\u00fd\u00fe'], // y ú û ü ý þ      -> y ỳ ỷ ỹ ý ỵ
];

/** TCVN3 codes of the letters that are not a toned vowel: đ and the seven capitals of VN3. */
const TCVN3_OTHERS: ReadonlyArray<readonly [string, string]> = [
  ['\u00ae', 'đ'], // ®
  ['\u00a1', 'Ă'], // ¡
  ['\u00a2', 'Â'], // ¢
  ['\u00a3', 'Ê'], // £
  ['\u00a4', 'Ô'], // ¤
  ['\u00a5', 'Ơ'], // ¥
  ['\u00a6', 'Ư'], // ¦
  ['\u00a7', 'Đ'], // §
  ['\u03bc', 'à'], // μ: how pdf.js decodes byte 0xB5 through the WinAnsi glyph name "mu"
];

/** TCVN3 code -> Unicode letter (NFC). ASCII is left out: it means itself. */
const TCVN3_DECODE: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [base, codes] of TCVN3_VOWELS) {
    [...codes].forEach((code, tone) => {
      if (code.charCodeAt(0) >= 0x80) map.set(code, (base + TONE_ORDER[tone]!).normalize('NFC'));
    });
  }
  for (const [code, letter] of TCVN3_OTHERS) map.set(code, letter);
  return map;
})();

/** TCVN3 codes that are capitals (their case is known); every other code is a lower-case code. */
const TCVN3_CAPITAL_CODES = new Set(['\u00a1', '\u00a2', '\u00a3', '\u00a4', '\u00a5', '\u00a6', '\u00a7']);

/**
 * VNI Windows: modifier bytes that follow a base vowel (lower-case forms; the upper-case Latin-1
 * letter is the same modifier for a capital). Tone marks follow a, e, o, u, y, ơ (ô) and ư (ö).
 */
const VNI_TONE: Readonly<Record<string, string>> = {
  '\u00f9': ACUTE, // ù
  '\u00f8': GRAVE, // ø
  '\u00fb': HOOK, // û
  '\u00f5': TILDE, // õ
  '\u00ef': DOT, // ï
};
/** VNI: circumflex (+ tone) after a, e, o. */
const VNI_CIRCUMFLEX: Readonly<Record<string, string>> = {
  '\u00e2': '', // â
  '\u00e1': ACUTE, // á
  '\u00e0': GRAVE, // à
  '\u00e5': HOOK, // å
  '\u00e3': TILDE, // ã
  '\u00e4': DOT, // ä
};
/** VNI: breve (+ tone) after a. */
const VNI_BREVE: Readonly<Record<string, string>> = {
  '\u00ea': '', // ê
  '\u00e9': ACUTE, // é
  '\u00e8': GRAVE, // è
  '\u00fa': HOOK, // ú
  '\u00fc': TILDE, // ü
  '\u00eb': DOT, // ë
};
/** VNI: letters written with one byte (lower case; the upper-case Latin-1 letter is the capital). */
const VNI_SINGLE: Readonly<Record<string, string>> = {
  '\u00f4': 'ơ', // ô (also a base for tones)
  '\u00f6': 'ư', // ö (also a base for tones)
  '\u00f1': 'đ', // ñ
  '\u00ed': 'í', // í
  '\u00ec': 'ì', // ì
  '\u00e6': 'ỉ', // æ
  '\u00f3': 'ĩ', // ó
  '\u00f2': 'ị', // ò
  '\u00ee': 'ỵ', // î
};

/** Letters only Unicode can hold: a word containing one is not legacy text. */
const UNICODE_ONLY = /[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]/u;

// ---------------------------------------------------------------------------------------------
// Vietnamese syllables (the evidence detection and the safeguards rely on)

const ONSET = '(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])';
const RHYMES = [
  'a',
  'ac',
  'ach',
  'ai',
  'am',
  'an',
  'ang',
  'anh',
  'ao',
  'ap',
  'at',
  'au',
  'ay',
  'ăc',
  'ăm',
  'ăn',
  'ăng',
  'ăp',
  'ăt',
  'âc',
  'âm',
  'ân',
  'âng',
  'âp',
  'ât',
  'âu',
  'ây',
  'e',
  'ec',
  'em',
  'en',
  'eng',
  'eo',
  'ep',
  'et',
  'ê',
  'êch',
  'êm',
  'ên',
  'ênh',
  'êp',
  'êt',
  'êu',
  'i',
  'ia',
  'ich',
  'im',
  'in',
  'inh',
  'ip',
  'it',
  'iu',
  'iêc',
  'iêm',
  'iên',
  'iêng',
  'iêp',
  'iêt',
  'iêu',
  'o',
  'oa',
  'oac',
  'oach',
  'oai',
  'oam',
  'oan',
  'oang',
  'oanh',
  'oao',
  'oap',
  'oat',
  'oay',
  'oăc',
  'oăm',
  'oăn',
  'oăng',
  'oăt',
  'oc',
  'oe',
  'oen',
  'oeo',
  'oet',
  'oi',
  'om',
  'on',
  'ong',
  'ooc',
  'oong',
  'op',
  'ot',
  'ô',
  'ôc',
  'ôi',
  'ôm',
  'ôn',
  'ông',
  'ôp',
  'ôt',
  'ơ',
  'ơi',
  'ơm',
  'ơn',
  'ơp',
  'ơt',
  'u',
  'ua',
  'uân',
  'uâng',
  'uât',
  'uây',
  'uc',
  'uê',
  'uêch',
  'uênh',
  'ui',
  'um',
  'un',
  'ung',
  'uơ',
  'uôc',
  'uôi',
  'uôm',
  'uôn',
  'uông',
  'uôt',
  'up',
  'ut',
  'uy',
  'uya',
  'uych',
  'uyên',
  'uyêt',
  'uynh',
  'uyp',
  'uyt',
  'uyu',
  'ư',
  'ưa',
  'ưc',
  'ưi',
  'ưm',
  'ưn',
  'ưng',
  'ưt',
  'ưu',
  'ươc',
  'ươi',
  'ươm',
  'ươn',
  'ương',
  'ươp',
  'ươt',
  'ươu',
  'y',
  'yêm',
  'yên',
  'yêng',
  'yêt',
  'yêu',
];
const SYLLABLE = new RegExp(`^${ONSET}?(?:${RHYMES.join('|')})$`, 'u');
const TONE_MARK = /[\u0300\u0301\u0303\u0309\u0323]/u;
const MARK = /\p{M}/u;

/**
 * A single Vietnamese syllable, toned or not, in lower, upper or title case: onset + rhyme from the
 * inventory above, at most one tone mark, placed on a vowel, and a stop coda (c, ch, p, t) only with
 * sắc or nặng.
 */
export function isSyllable(word: string): boolean {
  if (word.length === 0 || word.length > 8) return false;
  const chars = [...word.normalize('NFC')];
  const lowerRest = chars.slice(1).join('');
  const caseOk = word === word.toLowerCase() || word === word.toUpperCase() || lowerRest === lowerRest.toLowerCase();
  if (!caseOk) return false;
  const nfd = word.toLowerCase().normalize('NFD');
  let tone = '';
  let base = '';
  for (const ch of nfd) {
    if (TONE_MARK.test(ch)) {
      if (tone || base === '' || !'aeiouy'.includes(base)) return false;
      tone = ch;
    } else if (!MARK.test(ch)) {
      base = ch;
    }
  }
  const bare = [...nfd]
    .filter((ch) => !TONE_MARK.test(ch))
    .join('')
    .normalize('NFC');
  if (!SYLLABLE.test(bare)) return false;
  if (/(?:c|ch|p|t)$/.test(bare) && tone !== ACUTE && tone !== DOT) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Conversion

/** Word characters of legacy text: letters, marks, and every Latin-1 / pdf.js code a font can use. */
const WORD = /[\p{L}\p{M}\u00a1-\u00ff\u03bc]+/gu;

/** Converts legacy text to Unicode NFC. */
export function convertLegacy(text: string, encoding: LegacyEncoding): string {
  // Lines (table rows) and " | " (table cells) are separate segments for the capitals heuristic.
  const parts = text.split(/(\n| \| )/);
  return parts
    .map((part, i) => (i % 2 === 1 ? part : encoding === 'tcvn3' ? convertTcvn3Segment(part) : convertVniSegment(part)))
    .join('')
    .normalize('NFC');
}

function convertVniSegment(segment: string): string {
  return segment.replace(WORD, (word) => guarded(word, decodeVni(word)));
}

/** Keeps a word that is plainly Unicode: a Unicode-only letter, or Vietnamese only as it stands. */
function guarded(word: string, converted: string): string {
  if (UNICODE_ONLY.test(word)) return word;
  if (converted !== word && isSyllable(word) && !isSyllable(converted)) return word;
  return converted;
}

function decodeVni(word: string): string {
  const chars = [...word];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const lower = c.toLowerCase();
    const upper = c !== lower;
    let base: string | null = null;
    if ('aeouy'.includes(lower)) base = lower;
    else if (lower === '\u00f4') base = 'ơ';
    else if (lower === '\u00f6') base = 'ư';
    if (base === null) {
      const single = VNI_SINGLE[lower];
      out += single === undefined ? c : upper ? single.toUpperCase() : single;
      continue;
    }
    const next = chars[i + 1]?.toLowerCase() ?? '';
    let letter = base;
    if (VNI_TONE[next] !== undefined) {
      letter = base + VNI_TONE[next];
      i++;
    } else if (VNI_CIRCUMFLEX[next] !== undefined && 'aeo'.includes(base)) {
      letter = base + CIRCUMFLEX + VNI_CIRCUMFLEX[next];
      i++;
    } else if (VNI_BREVE[next] !== undefined && base === 'a') {
      letter = base + BREVE + VNI_BREVE[next];
      i++;
    }
    letter = letter.normalize('NFC');
    out += upper ? letter.toUpperCase() : letter;
  }
  return out;
}

const ONSET_RE = 'ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx\u00a7\u00ae]';
/** TCVN3 "ơ" codes: ươ starts with the ư code followed by one of these. */
const TCVN3_O_HORN = '[\u00ac\u00a5\u00ea\u00eb\u00ec\u00ed\u00ee]';
/**
 * A hyphen standing for TCVN3 "ư" (byte 0xAD decoded through the glyph name "hyphen"): after an
 * onset (or at a word start), before ơ-codes (ươ) or a plain-tone ư rhyme, the word then ending.
 * "ng-êi" -> người, "ch-a" -> chưa, "nh-" -> như, "-u" -> ưu; "KH-CN", "e-mail", "2021-2025",
 * "Độc lập - Tự do" do not match.
 */
const TCVN3_HYPHEN_U = new RegExp(
  `(?<![\\p{L}\\p{M}\\u00a1-\\u00ff\\u03bc\\d])(${ONSET_RE})?-(?=(?:${TCVN3_O_HORN}(?:ng|nh|ch|c|i|m|n|p|t|u)?|a|u|ng)?(?![\\p{L}\\p{M}\\u00a1-\\u00ff\\u03bc\\d-]))`,
  'giu',
);

function decodeTcvn3(word: string): string {
  let out = '';
  for (const c of word) out += TCVN3_DECODE.get(c) ?? c;
  return recoverLostU(out.normalize('NFC'));
}

/** Onset + ơ (any tone) + c / ng / u: a spelling that only exists as ươ. */
const LOST_U_HORN = new RegExp(`^(${ONSET}?)([ơờởỡớợ])(c|ng|u)$`, 'u');
/** Onset + "ng" and no vowel: ưng. */
const LOST_U_NG = new RegExp(`^(${ONSET})ng$`, 'u');
/**
 * "ư" whose code was lost (a soft hyphen removed by text cleaning): ơ before c, ng or u is always
 * ươ (no Vietnamese rhyme is ơc, ơng, ơu); a lone "nh", "th", "t" is như, thư, tư; onset + "ng"
 * without a vowel is ưng.
 */
function recoverLostU(word: string): string {
  const lower = word.toLowerCase();
  const horn = LOST_U_HORN.exec(lower);
  if (horn) return restoreCase(word, `${horn[1]}ư${horn[2]}${horn[3]}`);
  if (word === 'nh' || word === 'th' || word === 't') return `${word}ư`;
  const ng = LOST_U_NG.exec(word);
  if (ng && ng[1] !== 'ng') return `${ng[1]}ưng`;
  return word;
}

/** Re-applies the case of `word` (all capitals or a capital first letter) to its lower-case rewrite. */
function restoreCase(word: string, lower: string): string {
  if (word === word.toUpperCase() && word !== word.toLowerCase()) return lower.toUpperCase();
  const first = word[0] ?? '';
  if (first !== first.toLowerCase()) return lower[0]!.toUpperCase() + lower.slice(1);
  return lower;
}

interface CaseEvidence {
  /** Letters from TCVN3 lower-case codes, whose case the font (regular or H) decides. */
  unknown: number;
  /** Letters of known case: ASCII and the capital codes. */
  upperKnown: number;
  lowerKnown: number;
  /** The only known-case letter is the first letter (a title-case word or an all-capitals one?). */
  initialOnly: boolean;
}

function caseEvidence(word: string): CaseEvidence {
  let unknown = 0;
  let upperKnown = 0;
  let lowerKnown = 0;
  let firstKnownUpperAt = -1;
  [...word].forEach((c, i) => {
    if (TCVN3_CAPITAL_CODES.has(c) || (c >= 'A' && c <= 'Z')) {
      upperKnown++;
      if (firstKnownUpperAt < 0) firstKnownUpperAt = i;
    } else if (c >= 'a' && c <= 'z') {
      lowerKnown++;
    } else if (TCVN3_DECODE.has(c)) {
      unknown++;
    }
  });
  return { unknown, upperKnown, lowerKnown, initialOnly: upperKnown === 1 && firstKnownUpperAt === 0 };
}

/** Marks each hyphen that stands for TCVN3 "ư" by turning it into the ư code itself (U+00AD). */
function markHyphenU(text: string): string {
  return text.replace(TCVN3_HYPHEN_U, (match: string, onset: string | undefined, offset: number) => {
    // Without an onset, a rhyme must follow: a free-standing dash ("Độc lập - Tự do") stays.
    if (!onset && !WORD_CHAR.test(text[offset + match.length] ?? '')) return match;
    return `${onset ?? ''}\u00ad`;
  });
}

const WORD_CHAR = /[\p{L}\p{M}\u00a1-\u00ff\u03bc]/u;

interface Tcvn3Word {
  start: number;
  end: number;
  word: string;
  decoded: string;
  ev: CaseEvidence;
}

function convertTcvn3Segment(segment: string): string {
  const prepared = markHyphenU(segment);
  const words: Tcvn3Word[] = [];
  for (const m of prepared.matchAll(WORD)) {
    const word = m[0];
    words.push({ start: m.index, end: m.index + word.length, word, decoded: decodeTcvn3(word), ev: caseEvidence(word) });
  }
  const capsWord = (ev: CaseEvidence) => ev.unknown > 0 && ev.lowerKnown === 0 && ev.upperKnown > 0 && !ev.initialOnly;
  // An all-capitals line or cell: no lower-case ASCII letter, and a word that is capitals by itself.
  const segmentCaps = !/[a-z]/.test(prepared) && words.some((w) => capsWord(w.ev));
  let out = '';
  let at = 0;
  for (const w of words) {
    out += prepared.slice(at, w.start);
    let text = w.decoded;
    if (w.ev.unknown > 0 && w.ev.lowerKnown === 0 && (capsWord(w.ev) || segmentCaps)) text = text.toUpperCase();
    // A lost ư restored in a plain ASCII word ("nh" -> "như") only where it stands as a word.
    if (text !== w.word && !/[^\x00-\x7f]/.test(w.word) && !standsAlone(prepared, w, text)) text = w.word;
    out += guarded(w.word, text);
    at = w.end;
  }
  return out + prepared.slice(at);
}

/**
 * A word between spaces or sentence punctuation ("nh vËy", "tríc, nhng"), not part of a number,
 * an address or a list mark ("4th", "www.hng.vn", "c)"); a lone "t" also needs a word on each side
 * ("®Çu t vµo", not "5 t").
 */
function standsAlone(text: string, w: { start: number; end: number }, converted: string): boolean {
  const before = text.slice(0, w.start);
  const after = text.slice(w.end);
  if (!/(?:^|[\s(“"'])$/u.test(before) || !/^(?:$|\s|[,;:.!?]+(?:\s|$))/u.test(after)) return false;
  if (converted.length > 2) return true;
  return /\p{L}[\p{L}\p{M}\u00a1-\u00ff\u03bc]* $/u.test(before) && /^ [\p{L}\u00a1-\u00ff\u03bc]/u.test(after);
}

// ---------------------------------------------------------------------------------------------
// Detection

/** Minimum number of (and of distinct) words that only read as Vietnamese once converted. */
const MIN_EVIDENCE = 3;

interface Evidence {
  /** Words with at least one letter. */
  words: number;
  /** Words with a non-ASCII character. */
  nonAscii: number;
  /** Words with a letter only Unicode has (ạ ơ đ ...). */
  unicodeOnly: number;
  /** Per encoding: words that are not Vietnamese as they stand but are once converted. */
  converted: Record<LegacyEncoding, { count: number; distinct: number }>;
}

function gatherEvidence(text: string): Evidence {
  const plain = text.match(WORD) ?? [];
  const ev: Evidence = {
    words: plain.length,
    nonAscii: 0,
    unicodeOnly: 0,
    converted: { tcvn3: { count: 0, distinct: 0 }, vni: { count: 0, distinct: 0 } },
  };
  for (const w of plain) {
    if (/[^\x00-\x7f]/.test(w)) ev.nonAscii++;
    if (UNICODE_ONLY.test(w)) ev.unicodeOnly++;
  }
  const count = (encoding: LegacyEncoding, words: readonly string[]) => {
    const seen = new Set<string>();
    let n = 0;
    for (const w of words) {
      // A legacy syllable mixes ASCII letters and codes ("häc", "vaø"): single codes ("©", "«") and
      // Unicode words are no evidence.
      if (!/[^\x00-\x7f]/.test(w) || !/[A-Za-z]/.test(w) || UNICODE_ONLY.test(w) || isSyllable(w)) continue;
      const converted = encoding === 'tcvn3' ? decodeTcvn3(w) : decodeVni(w);
      if (converted !== w && isSyllable(converted.toLowerCase())) {
        n++;
        seen.add(converted.toLowerCase());
      }
    }
    ev.converted[encoding] = { count: n, distinct: seen.size };
  };
  count('vni', plain);
  count('tcvn3', markHyphenU(text).match(WORD) ?? []);
  return ev;
}

function decide(ev: Evidence): LegacyEncoding | null {
  const { tcvn3, vni } = ev.converted;
  const [best, other, encoding]: [typeof tcvn3, typeof vni, LegacyEncoding] = tcvn3.count >= vni.count ? [tcvn3, vni, 'tcvn3'] : [vni, tcvn3, 'vni'];
  if (best.count < MIN_EVIDENCE || best.distinct < MIN_EVIDENCE) return null;
  // Most words with accents read as Vietnamese only once converted ...
  if (best.count * 2 < ev.nonAscii) return null;
  // ... legacy words are frequent, not a stray "µm" in English ...
  if (best.count * 10 < ev.words) return null;
  // ... Unicode Vietnamese does not dominate, and the other encoding is clearly worse.
  if (best.count <= ev.unicodeOnly * 3) return null;
  if (best.count <= other.count * 2) return null;
  return encoding;
}

/**
 * The legacy encoding a text is written in, or null when it reads as Unicode Vietnamese (or plain
 * ASCII). Decided on evidence: at least 3 distinct words (and 3 occurrences) that mix ASCII letters
 * with legacy codes and are not Vietnamese syllables as they stand but are once converted; those
 * must be at least half of the words with non-ASCII characters, at least a tenth of all words, more
 * than three times the words holding Unicode-only Vietnamese letters, and more than twice the
 * evidence for the other encoding. Unicode Vietnamese, English, numbers and short strings give none.
 */
export function detectLegacyEncoding(text: string): LegacyEncoding | null {
  return decide(gatherEvidence(text));
}

// ---------------------------------------------------------------------------------------------
// Documents

function pageText(page: ParsedPage): string {
  return page.blocks.map((b) => b.text).join('\n');
}

function convertBlock(block: Block, encoding: LegacyEncoding): Block {
  if (block.kind === 'table') {
    const rows = block.rows.map((row) => row.map((cell) => cleanText(convertLegacy(cell, encoding))));
    return { ...block, rows, text: tableText(rows) };
  }
  return { ...block, text: cleanText(convertLegacy(block.text, encoding)) };
}

function sameBlock(a: Block, b: Block): boolean {
  return a.text === b.text && (a.kind !== 'table' || b.kind !== 'table' || JSON.stringify(a.rows) === JSON.stringify(b.rows));
}

/**
 * Converts every block (paragraph, heading, table cell, and the table's text) of a document whose
 * text is in a legacy encoding, and adds "page N: text converted from TCVN3 (legacy font)" (or VNI)
 * for each page it changed. The encoding is decided on the whole document's text; a page with its
 * own clear evidence follows it (a mixed document is decided per page), and a page with little
 * text follows the document unless Unicode-only letters outweigh the legacy evidence there. OCR
 * pages are never converted. A document with nothing to convert is returned as it is (same object).
 */
export function convertLegacyDocument(doc: ParsedDocument): ParsedDocument {
  const textPages = doc.pages.filter((p) => p.source === 'text');
  const docEncoding = detectLegacyEncoding(textPages.map(pageText).join('\n'));
  const warnings: DocumentWarning[] = [];
  let changed = false;
  const pages = doc.pages.map((page) => {
    if (page.source !== 'text') return page;
    const text = pageText(page);
    const ev = gatherEvidence(text);
    let encoding = decide(ev);
    if (encoding === null && docEncoding !== null && ev.converted[docEncoding].count >= ev.unicodeOnly) {
      encoding = docEncoding;
    }
    if (encoding === null) return page;
    const blocks = page.blocks.map((b) => convertBlock(b, encoding));
    if (blocks.every((b, i) => sameBlock(b, page.blocks[i]!))) return page;
    changed = true;
    warnings.push(warning('legacy_font_converted', `page ${page.number}: text converted from ${LABEL[encoding]} (legacy font)`, page.number));
    return { ...page, blocks };
  });
  if (!changed) return doc;
  return { ...doc, pages, warnings: [...doc.warnings, ...warnings] };
}
