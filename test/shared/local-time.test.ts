import { describe, expect, it } from 'vitest';
import { localDate, localTime } from '../../shared/local-time.ts';

describe('localTime: what a person reads, in Vietnam time, zero-padded', () => {
  it('pads one-digit days, months and hours, whatever the day of the year', () => {
    expect(localTime(new Date('2026-01-06T19:04:00Z'))).toBe('02:04 07/01/2026');
    expect(localTime(new Date('2026-11-26T21:33:00Z'))).toBe('04:33 27/11/2026');
  });
  it('crosses midnight into the next Vietnamese day', () => {
    expect(localTime(new Date('2026-12-31T17:00:00Z'))).toBe('00:00 01/01/2027');
    expect(localDate(new Date('2026-12-31T16:59:00Z'))).toBe('31/12/2026');
  });
});
