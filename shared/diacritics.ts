/**
 * Vietnamese without its diacritics: tone marks and hats dropped (every combining mark, after
 * NFD), đ made d and Đ made D; case and everything else untouched (also fit for a RegExp source).
 */
export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gu, 'd').replace(/Đ/gu, 'D');
}
