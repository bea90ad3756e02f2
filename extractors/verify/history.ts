// History checks: a value against the same province's value of the same indicator in its
// latest earlier period of the same kind (a year against the year before, a half against the
// half before). Real reports slip a unit ("1.250 tỷ" for 1.250 triệu) or a digit, and the
// document alone cannot tell; last year's published number can. Pure: the caller brings the
// earlier value from the database.
import { Decimal } from 'decimal.js';
import { indicatorById } from '../catalogue.ts';
import type { FlagReason } from '../types.ts';

/** Default of `verify.historyJumpFactor`: a value this many times larger or smaller than the earlier one is shown to a reviewer. */
export const DEFAULT_HISTORY_JUMP_FACTOR = 10;

/**
 * Counts below this on both sides are not compared: 1 patent one year and 12 the next is a
 * real swing, not a slip. Money has no floor (a tỷ/triệu slip is as wrong on small sums).
 */
export const HISTORY_COUNT_FLOOR = 20;

/** A tỷ/triệu (or triệu/nghìn) slip multiplies by 1000; a ratio within this band is read as one. */
const UNIT_SLIP = { low: new Decimal(300), high: new Decimal(3000) };

/** The earlier published value a value is compared with, shown to the reviewer beside the flag. */
export interface EarlierValue {
  value: string;
  unit: string;
  periodKey: string;
  /** The document the earlier value was published from. */
  documentId: number | null;
}

export type HistoryReason = Extract<FlagReason, 'history_jump' | 'history_unit_slip'>;

/**
 * Why a value is doubtful beside its earlier one, or null. Only counts and money are
 * compared: percentages, indices and ranks have their own range checks, and a rank may move
 * from 3rd to 40th.
 */
export function historyReason(indicator: string, value: string, earlier: string, jumpFactor = DEFAULT_HISTORY_JUMP_FACTOR): HistoryReason | null {
  const kind = indicatorById(indicator).kind;
  if (kind !== 'count' && kind !== 'money') return null;
  const now = new Decimal(value).abs();
  const before = new Decimal(earlier).abs();
  // Zero against anything is a ratio without meaning (a first year of a programme).
  if (now.isZero() || before.isZero()) return null;
  if (kind === 'count' && Decimal.max(now, before).lt(HISTORY_COUNT_FLOOR)) return null;
  const ratio = Decimal.max(now, before).div(Decimal.min(now, before));
  if (kind === 'money' && ratio.gte(UNIT_SLIP.low) && ratio.lte(UNIT_SLIP.high)) return 'history_unit_slip';
  return ratio.gte(jumpFactor) ? 'history_jump' : null;
}
