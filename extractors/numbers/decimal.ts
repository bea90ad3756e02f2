// Decimal arithmetic on canonical decimal strings. Every value the number modules give is such a
// string (no thousands separators, '.' as decimal point, no trailing zeros, no leading zeros)
// computed with decimal.js: a binary float never touches a value.
import { Decimal } from 'decimal.js';

// Money conversions multiply by up to 10^9 and sums add many values: 200 significant digits
// keeps every operation here exact for any number a report can hold.
const Dec = Decimal.clone({ precision: 200 });

// Plain decimals ("14200", "3.75", "-5", "0014.200") and exponent forms ("1.42e+4", which
// Decimal#toString produces for very small or large values and callers may pass through).
const DECIMAL_STRING = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

export function isDecimalString(value: string): boolean {
  return DECIMAL_STRING.test(value.trim());
}

function toDecimal(value: string): Decimal {
  const t = value.trim();
  if (!DECIMAL_STRING.test(t)) throw new RangeError(`not a decimal string: ${JSON.stringify(value)}`);
  return new Dec(t);
}

function fromDecimal(d: Decimal): string {
  // toFixed() without arguments never uses exponent notation; decimal.js keeps no trailing zeros.
  return d.isZero() ? '0' : d.toFixed();
}

/** Canonical form of a decimal string (also accepts already-canonical input). Throws RangeError on anything else. */
export function canonicalDecimal(value: string): string {
  return fromDecimal(toDecimal(value));
}

export function decimalsEqual(a: string, b: string): boolean {
  return toDecimal(a).eq(toDecimal(b));
}

export function addDecimals(values: string[]): string {
  return fromDecimal(values.reduce((sum, v) => sum.plus(toDecimal(v)), new Dec(0)));
}

export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  return toDecimal(a).cmp(toDecimal(b)) as -1 | 0 | 1;
}

export function multiply(value: string, factor: string): string {
  return fromDecimal(toDecimal(value).times(factor));
}

export function negate(value: string): string {
  return fromDecimal(toDecimal(value).neg());
}
