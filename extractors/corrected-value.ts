// A number typed by a reviewer to correct a value, read the way the reports write numbers:
// "1.204" is 1204, "42,5" is 42.5, and money may carry its scale ("14,2 tỷ" is 14200 triệu
// đồng). Pure; the result is a canonical decimal in the indicator's unit, or a reason why not.
import { compareDecimals } from './numbers/decimal.ts';
import { parseNumber } from './numbers/locale.ts';
import { findNumbers } from './numbers/scanner.ts';
import type { Indicator } from './types.ts';

/** Why a typed number was refused, for the caller to word in its reader's language. */
export type BadValueCode = 'empty' | 'notANumber' | 'money' | 'percent' | 'negative' | 'countFraction' | 'percentOver';

export type CorrectedValue = { ok: true; value: string } | { ok: false; reason: string; code: BadValueCode; text: string };

const fail = (code: BadValueCode, text: string, reason: string): CorrectedValue => ({ ok: false, code, text, reason });

/** The whole input as one number (with a money scale or a % sign where the indicator allows it). */
function readNumber(text: string, indicator: Pick<Indicator, 'kind' | 'unit'>): CorrectedValue {
  const plain = parseNumber(text, 'vi');
  if (plain !== null) return { ok: true, value: plain };
  const matches = findNumbers(text, 'vi');
  const only = matches.length === 1 ? matches[0]! : null;
  if (only?.start !== 0 || only.end !== text.length) return fail('notANumber', text, `"${text}" is not one number (write it as in the report: 1.204 or 42,5)`);
  if (only.kind === 'money') {
    return indicator.kind === 'money'
      ? { ok: true, value: only.value }
      : fail('money', text, `"${text}" is an amount of money, but the indicator counts ${indicator.unit}`);
  }
  if (only.kind === 'percent')
    return indicator.kind === 'percent'
      ? { ok: true, value: only.value }
      : fail('percent', text, `"${text}" is a percentage, but the indicator is in ${indicator.unit}`);
  return fail('notANumber', text, `"${text}" is not one number (write it as in the report: 1.204 or 42,5)`);
}

export function parseCorrectedValue(input: string, indicator: Pick<Indicator, 'kind' | 'unit'>): CorrectedValue {
  const text = input.normalize('NFC').trim().replace(/\s+/gu, ' ');
  if (text === '') return fail('empty', text, 'enter the corrected number');
  const read = readNumber(text, indicator);
  if (!read.ok) return read;
  const { value } = read;
  if (value.startsWith('-')) return fail('negative', text, `${text}: a negative number is not a possible value of this indicator`);
  // "1,204" reads as 1.204 in Vietnamese: for a count that is the English thousands separator mistyped.
  if (indicator.kind === 'count' && value.includes('.')) return fail('countFraction', text, `${text}: a count is a whole number (thousands are written 1.204)`);
  if (indicator.kind === 'percent' && compareDecimals(value, '100') > 0) return fail('percentOver', text, `${text}: a percentage is between 0 and 100`);
  return read;
}
