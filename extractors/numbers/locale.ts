// Written numbers in the two conventions the reports use: Vietnamese ("1.204,5") and English
// ("1,204.5"), and which of the two a text is written in.
import { canonicalDecimal, negate } from './decimal.ts';
import { ASCII_ONLY } from './words.ts';

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
export function parseDigits(digits: string, locale: NumberLocale): string | null {
  return parseInLocale(digits, locale) ?? parseInLocale(digits, otherLocale(locale));
}

/** Parse one written number ("12.480", "1.204,5", "02", "3,75", English "12,480" / "1,204.5" with locale 'en'). null if not a number. */
export function parseNumber(text: string, locale: NumberLocale = 'vi'): string | null {
  const m = /^([-−+]?)(\d+(?:[.,]\d+)*)$/u.exec(text.normalize('NFC').trim());
  if (!m) return null;
  const value = parseDigits(m[2]!, locale);
  if (value === null) return null;
  return m[1] === '-' || m[1] === '−' ? negate(value) : value;
}

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
