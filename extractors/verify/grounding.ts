// Grounding: the evidence quote must be in the parsed document, and the value must be
// written in the quote. Tolerant of spacing and Unicode form, never of different digits.
import { Decimal } from 'decimal.js';
import { valueAppearsIn } from '../numbers.ts';
import type { FlagReason } from '../types.ts';

/** Spacing and Unicode form folded away; what quotes are compared on. */
export function normalizeForGrounding(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

const SCALES: [RegExp, string][] = [
  [/nghìn tỷ|ngàn tỷ/iu, '1000000'],
  [/tỷ|tỉ/iu, '1000'],
  [/triệu/iu, '1'],
];

/**
 * The value is in the quote as written, or (for money whose scale is named elsewhere in the
 * quote, like the "Đơn vị tính" cell of a table row) as the number before scaling.
 */
export function valueInQuote(quote: string, value: string, money: boolean): boolean {
  if (valueAppearsIn(quote, value, { money })) return true;
  if (!money) return false;
  return SCALES.some(([word, factor]) => word.test(quote) && valueAppearsIn(quote, new Decimal(value).div(factor).toString(), { money: false }));
}

export function groundingReasons(documentText: string, quote: string, value: string, money: boolean): FlagReason[] {
  const reasons: FlagReason[] = [];
  if (!quote.trim() || !documentText.includes(normalizeForGrounding(quote))) reasons.push('quote_not_found');
  if (!valueInQuote(quote, value, money)) reasons.push('value_not_in_quote');
  return reasons;
}
