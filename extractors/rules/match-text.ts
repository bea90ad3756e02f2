// Text folded for rule matching: lower case, one spelling per variant the reports use
// (KH&CN / KHCN / KH-CN, tỷ / tỉ, old and new tone placement), single spaces.
// Only used to test patterns; evidence and offsets always come from the original text.
import { stripDiacritics } from '../../shared/diacritics.ts';

/** A whole-word pattern: JavaScript's \b only knows ASCII letters, Vietnamese needs \p{L}. */
export function word(source: string, flags = 'u'): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`, flags.includes('u') ? flags : `${flags}u`);
}

const VARIANTS: [RegExp, string][] = [
  [word('kh\\s*(?:&|và|-)\\s*cn', 'gu'), 'khcn'],
  [word('đmst', 'gu'), 'đổi mới sáng tạo'],
  [word('shtt', 'gu'), 'sở hữu trí tuệ'],
  [word('atbx', 'gu'), 'an toàn bức xạ'],
  [word('nsnn', 'gu'), 'ngân sách nhà nước'],
  [word('tỉ', 'gu'), 'tỷ'],
  [word('tỉ lệ', 'gu'), 'tỷ lệ'],
  [/luỹ/gu, 'lũy'],
  [/hoá/gu, 'hóa'],
  [/hoà/gu, 'hòa'],
  [/thuỷ/gu, 'thủy'],
  [/uỷ/gu, 'ủy'],
  [/quí/gu, 'quý'],
];

export function foldForMatching(text: string): string {
  let folded = text.normalize('NFC').toLowerCase();
  for (const [pattern, replacement] of VARIANTS) folded = folded.replace(pattern, replacement);
  return folded.replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------
// OCR-tolerant matching. A scan loses or changes Vietnamese diacritics ("Phụ lục" read as
// "Phu luc", "Chỉ tiêu" as "Chi tiêu", "tuệ" as "tué"), which defeats exact patterns. The
// loose form compares base letters only. It merges distinct words ("dừng" and "dụng" are
// both "dung"), so it is used where a wrong merge is harmless (recognising structure, or
// recognising a decoy) or, for naming values, only on OCR pages, after the exact patterns
// found nothing, and at a confidence that leaves the value to a reviewer.

/** "tỉ" that lost its accent: "ty", as foldForMatching spells "tỉ" and "tỷ". */
const BARE_TI = word('ti', 'gu');

/** foldForMatching without diacritics: "Chi tiêu", "Chỉ tiêu" and "CHI TIEU" are all "chi tieu". */
export function foldLoose(text: string): string {
  return stripDiacritics(foldForMatching(text)).replace(BARE_TI, 'ty');
}

const looseCache = new WeakMap<RegExp, RegExp>();

/** The same pattern written without diacritics, to test on foldLoose text. */
export function loose(pattern: RegExp): RegExp {
  let l = looseCache.get(pattern);
  if (!l) looseCache.set(pattern, (l = new RegExp(stripDiacritics(pattern.source), pattern.flags)));
  return l;
}

/** Levenshtein distance, giving up (returning max + 1) once it must exceed `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]!);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Whether a loose-folded text contains a phrase (loose-folded too) as whole words, with at most
 * `maxEdits` letter edits, ignoring where the spaces fall: OCR splits and joins words
 * ("Thực hiệnkỳ báo cáo", "Lũykế") and misreads a letter ("Lay kế", "Pon vị tính").
 */
export function hasPhrase(text: string, phrase: string, maxEdits: number): boolean {
  const words = text.split(/[^\p{L}\p{N}%]+/u).filter(Boolean);
  const target = phrase.replace(/\s+/g, '');
  const wanted = phrase.split(/\s+/).length;
  for (let i = 0; i < words.length; i++) {
    let joined = '';
    for (let n = 1; n <= wanted + 1 && i + n <= words.length; n++) {
      joined += words[i + n - 1]!;
      if (joined.length > target.length + maxEdits) break;
      if (editDistance(joined, target, maxEdits) <= maxEdits) return true;
    }
  }
  return false;
}
