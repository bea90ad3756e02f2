// Verification: one value per indicator and document, grounded in the text and checked
// against arithmetic; anything doubtful is flagged with machine-readable reasons.
import { Decimal } from 'decimal.js';
import { indicatorById } from '../catalogue.ts';
import type { CandidateValue, FlagReason, VerifiedValue } from '../types.ts';
import { groundingReasons, normalizeForGrounding } from './grounding.ts';
import { relationReasons, singleValueReasons } from './checks.ts';

export interface VerifyOptions {
  /** Below this confidence a value is flagged. */
  lowConfidence: number;
}

export const DEFAULT_VERIFY_OPTIONS: VerifyOptions = { lowConfidence: 0.7 };

/** Two sources agreeing on a value make it surer; never certain. */
function agreedConfidence(confidences: number[]): number {
  const best = Math.max(...confidences);
  return confidences.length > 1 ? Math.min(0.99, best + 0.05) : best;
}

/**
 * Candidates of one indicator become one value: the surest one, with the others kept as
 * alternatives. Different numbers for the same indicator are a conflict for a reviewer.
 */
function mergeCandidates(candidates: CandidateValue[]): { value: VerifiedValue; conflict: boolean } {
  const ranked = [...candidates].sort((a, b) => b.confidence - a.confidence);
  const chosen = ranked[0]!;
  const agreeing = ranked.filter((c) => new Decimal(c.value).eq(chosen.value));
  const others = ranked.filter((c) => !new Decimal(c.value).eq(chosen.value));
  const value: VerifiedValue = {
    ...chosen,
    confidence: agreedConfidence(agreeing.map((c) => c.confidence)),
    status: 'auto_accepted',
    reasons: [],
  };
  if (others.length > 0) {
    value.alternatives = others.map((c) => ({ value: c.value, evidence: c.evidence, page: c.page, extractor: c.extractor }));
  }
  return { value, conflict: others.length > 0 };
}

export function verifyCandidates(
  candidates: CandidateValue[],
  documentText: string,
  options: VerifyOptions = DEFAULT_VERIFY_OPTIONS,
): VerifiedValue[] {
  const text = normalizeForGrounding(documentText);
  const byIndicator = new Map<string, CandidateValue[]>();
  for (const c of candidates) byIndicator.set(c.indicator, [...(byIndicator.get(c.indicator) ?? []), c]);

  const merged = new Map<string, VerifiedValue>();
  for (const [indicator, group] of byIndicator) {
    const { value, conflict } = mergeCandidates(group);
    const money = indicatorById(indicator).kind === 'money';
    value.reasons.push(...groundingReasons(text, value.evidence, value.value, money));
    if (conflict) value.reasons.push('conflicting_candidates');
    value.reasons.push(...singleValueReasons(value, options.lowConfidence));
    merged.set(indicator, value);
  }
  for (const [indicator, reasons] of relationReasons(merged)) merged.get(indicator)!.reasons.push(...reasons);

  return [...merged.values()].map((v) => {
    const reasons = [...new Set<FlagReason>(v.reasons)];
    return { ...v, reasons, status: reasons.length === 0 ? 'auto_accepted' : 'flagged' };
  });
}
