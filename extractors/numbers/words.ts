// Words of a clause: matching Vietnamese phrases regardless of case and tone-mark placement, and
// where the clause that can still speak of a number begins.
import { stripDiacritics } from '../../shared/diacritics.ts';

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;

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

/**
 * Lower case, with the tone marks moved to the end of the word: "lũy" and "luỹ" (old and new
 * tone placement) compare equal, while "gần" and "gắn" or "tỷ" and "tỉ" stay different.
 */
const wordKey = memoOfWords((word) => {
  const d = word.toLowerCase().normalize('NFD');
  const tones = (d.match(TONE_MARKS) ?? []).join('');
  return d.replace(TONE_MARKS, '').normalize('NFC') + tones;
});

const asciiFold = memoOfWords((word) => stripDiacritics(word.toLowerCase()));

export const ASCII_ONLY = /^[\x00-\x7f]*$/;

/**
 * A pattern word matches the word typed with its diacritics, or typed with none at all
 * ("hon" for "hơn"): a word typed with *other* diacritics ("gắn" for "gần") does not match.
 */
export function wordMatches(written: string, pattern: string): boolean {
  return wordKey(written) === wordKey(pattern) || (ASCII_ONLY.test(written) && written.toLowerCase() === asciiFold(pattern));
}

export interface Word {
  text: string;
  start: number;
  end: number;
}

export function wordsIn(s: string, from: number, to: number): Word[] {
  const out: Word[] = [];
  for (const m of s.slice(from, to).matchAll(/[\p{L}\p{M}]+/gu)) {
    out.push({ text: m[0], start: from + m.index, end: from + m.index + m[0].length });
  }
  return out;
}

export function phraseAt(words: Word[], at: number, phrase: string[]): boolean {
  return phrase.every((p, k) => {
    const w = words[at + k];
    return w !== undefined && wordMatches(w.text, p);
  });
}

export function containsPhrase(words: Word[], phrase: string[]): boolean {
  for (let at = 0; at + phrase.length <= words.length; at++) if (phraseAt(words, at, phrase)) return true;
  return false;
}

/**
 * Where the run of words that can still qualify the number at `end` begins: after the last
 * digit (a qualifier belongs to the first number after it), clause punctuation, or a sentence end.
 */
export function clauseStart(s: string, end: number, floor: number): number {
  for (let k = end - 1; k >= floor; k--) {
    const c = s[k]!;
    if (/[\d;|\n\r()[\]{}!?]/u.test(c)) return k + 1;
    if (c === '.' && /\s/u.test(s[k + 1] ?? '')) return k + 1;
  }
  return floor;
}

/** Like clauseStart, but a year or date inside the clause ("Kinh phí năm 2025 là 450 triệu") does not cut it. */
export function clauseStartIgnoringDigits(s: string, end: number, floor: number): number {
  for (let k = end - 1; k >= floor; k--) {
    const c = s[k]!;
    if (/[;|\n\r()[\]{}!?]/u.test(c)) return k + 1;
    if (c === '.' && /\s/u.test(s[k + 1] ?? '')) return k + 1;
  }
  return floor;
}
