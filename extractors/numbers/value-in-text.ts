// Whether a text writes a value: the check that a quoted sentence or cell states the figure read
// from it (grounding), after Vietnamese number normalisation.
import { decimalsEqual, isDecimalString } from './decimal.ts';
import { detectLocale, parseNumber, type NumberLocale } from './locale.ts';
import { findNumbers, type NumberMatch } from './scanner.ts';

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
export function matchWrites(text: string, m: NumberMatch, value: string, options: { money?: boolean; locale: NumberLocale; denominator?: boolean }): boolean {
  if (!isDecimalString(value)) return false;
  const written = m.kind === 'fraction' && options.denominator === false ? [m.value] : writtenValues(text, m, options.money ?? false, options.locale);
  return written.some((v) => decimalsEqual(v, value));
}

/** True when `value` (canonical, in triệu đồng for money) is written somewhere in `quote` after Vietnamese number normalisation, e.g. valueAppearsIn("hơn 14,2 tỷ đồng", "14200", {money: true}) === true, valueAppearsIn("86 nhiệm vụ", "68") === false, valueAppearsIn("07/12 nhiệm vụ", "7") === true. */
export function valueAppearsIn(quote: string, value: string, options: { money?: boolean; locale?: NumberLocale } = {}): boolean {
  const s = quote.normalize('NFC');
  const locale = options.locale ?? detectLocale(s);
  return findNumbers(s, locale).some((m) => matchWrites(s, m, value, { money: options.money ?? false, locale }));
}
