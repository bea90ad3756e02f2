// Flag reasons in words a reviewer reads at a glance (the codes stay in the API).
import type { FlagReason } from '../../extractors/types.ts';

export const REASON_TEXT: Record<FlagReason, string> = {
  quote_not_found: 'The quote is not in the document',
  value_not_in_quote: 'The number is not in its quote',
  parts_exceed_total: 'Its parts add up to more than the total',
  parts_do_not_add_up: 'Its parts do not add up to the total',
  fraction_exceeds_denominator: 'x of y with x greater than y',
  percent_out_of_range: 'A percentage outside 0–100',
  cumulative_below_period: 'The cumulative figure is below the period figure',
  unit_implausible: 'The unit does not fit the indicator',
  conflicting_candidates: 'Two readings disagree',
  conflicts_with_published: 'Another document published a different number',
  low_confidence: 'Low confidence',
  history_jump: 'Far from the same province’s earlier value',
  history_unit_slip: 'About 1000× the earlier value: a tỷ/triệu slip?',
  ocr_low_confidence: 'Digits read by OCR with low confidence',
  ungrounded: "The model's value is not grounded in the text",
  province_mismatch: 'The report and its source (or its header) name different provinces',
};

export const REASONS = Object.keys(REASON_TEXT) as FlagReason[];

export function reasonText(code: string): string {
  return REASON_TEXT[code as FlagReason] ?? code;
}
