// Arithmetic and plausibility checks from REPORTS.md. A failed check flags the value for a
// reviewer; it never changes the number (real reports do break these rules).
import { Decimal } from 'decimal.js';
import { indicatorById } from '../catalogue.ts';
import type { CandidateValue, FlagReason, VerifiedValue } from '../types.ts';

/** Totals and their parts. `complete`: the parts are all of the total (they must add up). */
export const PART_RELATIONS: { total: string; parts: string[]; complete: boolean; tolerance: string }[] = [
  { total: 'NV01', parts: ['NV10', 'NV11', 'NV12'], complete: true, tolerance: '0' },
  { total: 'NV01', parts: ['NV03'], complete: false, tolerance: '0' },
  { total: 'TC01', parts: ['TC02', 'TC03'], complete: true, tolerance: '0.005' },
  { total: 'TD05', parts: ['TD06'], complete: false, tolerance: '0' },
];

/** Largest plausible money value (triệu đồng): 10 nghìn tỷ, beyond what any province spends on S&T in a year. */
const MONEY_CEILING = new Decimal('10000000');
/** Smallest plausible money value (triệu đồng): 1.000 đồng; smaller is a scale mistake. */
const MONEY_FLOOR = new Decimal('0.001');

/**
 * The scale an index is published on. The DTI is 0..1 (Bộ TT&TT): a province's own count of
 * points ("745,32/1.000 điểm") or a percentage is another unit, for a reviewer. Other scores
 * (PII) are out of 100.
 */
const SCORE_SCALES: Record<string, string> = { CS03: '1' };
const SCORE_SCALE = '100';

function withinScale(indicator: string, value: Decimal): boolean {
  return !value.isNeg() && value.lte(SCORE_SCALES[indicator] ?? SCORE_SCALE);
}

/** A period figure above its own running total (cumulative_below_period): on a scan, most often a misread digit. */
export function aboveItsRunningTotal(c: Pick<CandidateValue, 'value' | 'context'>): boolean {
  return c.context?.cumulative !== undefined && new Decimal(c.context.cumulative).lt(c.value);
}

/** Readings of one indicator, surest first; one above its own running total after every other, whatever its confidence. */
export function bySureness<T extends Pick<CandidateValue, 'value' | 'context' | 'confidence'>>(a: T, b: T): number {
  return Number(aboveItsRunningTotal(a)) - Number(aboveItsRunningTotal(b)) || b.confidence - a.confidence;
}

/**
 * How far an amount's parts may go above it: the rounding of a figure written in tỷ (a few
 * thousandths), or of an estimate's ("ước đạt 95 tỷ", parts 60,2 and 35,3).
 */
const AMOUNT_PARTS_SLACK = new Decimal('0.005');
const APPROXIMATE_PARTS_SLACK = new Decimal('0.05');

function amountPartsExceed(v: VerifiedValue, value: Decimal): boolean {
  const parts = v.context?.amountParts;
  if (!parts || parts.length === 0) return false;
  const sum = parts.reduce((acc, p) => acc.plus(p), new Decimal(0));
  const slack = ['about', 'estimate', 'approx_below'].includes(v.qualifier ?? '') ? APPROXIMATE_PARTS_SLACK : AMOUNT_PARTS_SLACK;
  return sum.minus(value).gt(value.abs().times(slack));
}

export function singleValueReasons(v: VerifiedValue, lowConfidence: number): FlagReason[] {
  const reasons: FlagReason[] = [];
  const indicator = indicatorById(v.indicator);
  const value = new Decimal(v.value);
  if (v.context?.denominator !== undefined && value.gt(v.context.denominator)) reasons.push('fraction_exceeds_denominator');
  if (indicator.kind === 'percent' && (value.lt(0) || value.gt(100))) reasons.push('percent_out_of_range');
  if (aboveItsRunningTotal(v)) reasons.push('cumulative_below_period');
  if (indicator.kind === 'money' && (value.gt(MONEY_CEILING) || value.lt(MONEY_FLOOR))) reasons.push('unit_implausible');
  if (indicator.kind === 'count' && (!value.isInteger() || value.isNeg())) reasons.push('unit_implausible');
  if (indicator.kind === 'score' && !withinScale(indicator.id, value)) reasons.push('unit_implausible');
  // An index written with a percent sign ("Chỉ số chuyển đổi số đạt 0,64%"): a reviewer says what was meant.
  if (indicator.kind === 'score' && /%|phần trăm|percent/iu.test(v.rawText)) reasons.push('unit_implausible');
  const breakdown = v.context?.breakdown;
  if (breakdown && breakdown.length >= 2) {
    const sum = breakdown.reduce((acc, p) => acc.plus(p), new Decimal(0));
    if (sum.gt(value)) reasons.push('parts_exceed_total');
    else if (!sum.eq(value)) reasons.push('parts_do_not_add_up');
  }
  if (amountPartsExceed(v, value)) reasons.push('parts_exceed_total');
  if (v.confidence < lowConfidence) reasons.push('low_confidence');
  return reasons;
}

/** Reasons per indicator from totals that their parts exceed or do not add up to. */
export function relationReasons(values: Map<string, VerifiedValue>): Map<string, FlagReason[]> {
  const out = new Map<string, FlagReason[]>();
  const add = (id: string, reason: FlagReason) => out.set(id, [...(out.get(id) ?? []), reason]);
  for (const relation of PART_RELATIONS) {
    const total = values.get(relation.total);
    const parts = relation.parts.map((id) => values.get(id)).filter((v): v is VerifiedValue => v !== undefined);
    if (!total || parts.length === 0) continue;
    const sum = parts.reduce((acc, p) => acc.plus(p.value), new Decimal(0));
    const slack = new Decimal(total.value).abs().times(relation.tolerance);
    const difference = sum.minus(total.value);
    let reason: FlagReason | null = null;
    if (difference.gt(slack)) reason = 'parts_exceed_total';
    else if (relation.complete && parts.length === relation.parts.length && difference.abs().gt(slack)) reason = 'parts_do_not_add_up';
    if (reason) for (const id of [relation.total, ...parts.map((p) => p.indicator)]) add(id, reason);
  }
  return out;
}
