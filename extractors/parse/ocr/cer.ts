// Character error rate: how far an OCR text is from a reference text, as edits per reference
// character. Both texts are normalised first (NFC, invisible characters dropped, whitespace runs to
// one space, trimmed), so layout differences in spacing do not count; everything else does (case,
// diacritics, punctuation, order).
import { cleanText } from '../text.ts';

export function normalizeForCer(s: string): string {
  return cleanText(s);
}

/** Levenshtein distance over Unicode code points. */
export function levenshtein(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let prev = new Int32Array(y.length + 1);
  let curr = new Int32Array(y.length + 1);
  for (let j = 0; j <= y.length; j++) prev[j] = j;
  for (let i = 1; i <= x.length; i++) {
    curr[0] = i;
    const xi = x[i - 1];
    for (let j = 1; j <= y.length; j++) {
      const cost = xi === y[j - 1] ? 0 : 1;
      curr[j] = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[y.length]!;
}

/** Edits needed to turn `hypothesis` into `reference`, per character of the normalised reference. */
export function cer(reference: string, hypothesis: string): number {
  const ref = normalizeForCer(reference);
  const hyp = normalizeForCer(hypothesis);
  if (ref.length === 0) return hyp.length === 0 ? 0 : 1;
  return levenshtein(ref, hyp) / Array.from(ref).length;
}
