// Reading a reviewer's corrected number the way the reports write numbers.
import { describe, expect, it } from 'vitest';
import { parseCorrectedValue } from '../../extractors/corrected-value.ts';

const count = { kind: 'count', unit: 'nhiệm vụ' } as const;
const money = { kind: 'money', unit: 'triệu đồng' } as const;
const percent = { kind: 'percent', unit: '%' } as const;

describe('parseCorrectedValue', () => {
  it.each([
    ['1.204', count, '1204'],
    [' 12.480 ', count, '12480'],
    ['42,5', percent, '42.5'],
    ['42,5%', percent, '42.5'],
    ['82.859', money, '82859'],
    ['14,2 tỷ', money, '14200'],
    ['14,2 tỷ đồng', money, '14200'],
    ['500 triệu đồng', money, '500'],
    ['1,5 nghìn tỷ', money, '1500000'],
    ['0', count, '0'],
  ])('%s -> %s', (input, indicator, expected) => {
    expect(parseCorrectedValue(input, indicator)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', count, /enter/],
    ['abc', count, /not one number/],
    ['12 và 13', count, /not one number/],
    ['1,204', count, /whole number/],
    ['-3', count, /negative/],
    ['14,2 tỷ', count, /money/],
    ['12%', count, /percentage/],
    ['120,5', percent, /between 0 and 100/],
  ])('refuses %s', (input, indicator, reason) => {
    const result = parseCorrectedValue(input, indicator);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});
