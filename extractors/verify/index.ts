// Verification: one value per indicator and document, grounded in the text and checked
// against arithmetic; anything doubtful is flagged with machine-readable reasons.
//
// Hybrid merge, when the model extracted too: a model value must be grounded (its quote
// located in the document, its value in the quote) or it is flagged `ungrounded`; where
// rules and model agree the confidence rises; where they disagree the value is flagged
// `conflicting_candidates` with the other readings as alternatives; a value only one side
// found must reach that side's own threshold.
import { Decimal } from 'decimal.js';
import { indicatorById } from '../catalogue.ts';
import { addDecimals } from '../numbers/decimal.ts';
import { detectLocale } from '../numbers/locale.ts';
import { documentText } from '../parse/index.ts';
import type { CandidateValue, FlagReason, ParsedDocument, VerifiedValue } from '../types.ts';
import { groundingReasons, groundingUnits, groundModelCandidate, normalizeForGrounding, valueInQuote, type TextUnit } from './grounding.ts';
import { bySureness, relationReasons, singleValueReasons } from './checks.ts';
import { ocrReasons } from './ocr.ts';
import { shippedScorer } from '../mentions/scorer.ts';

export interface VerifyOptions {
  /** Below this confidence a value is flagged. */
  lowConfidence: number;
  /** A value only the rules found is flagged below this (and below lowConfidence). */
  rulesOnlyMinConfidence?: number;
  /** A value only the model found is flagged below this (and below lowConfidence). */
  llmOnlyMinConfidence?: number;
  /** Added to the confidence when rules and model agree (capped at 0.99). */
  agreementBonus?: number;
  /** Applied when values are stored (db/extraction.ts): a value this many times its province's earlier one is flagged. */
  historyJumpFactor?: number;
}

export const DEFAULT_VERIFY_OPTIONS: VerifyOptions = { lowConfidence: 0.7, llmOnlyMinConfidence: 0.85, agreementBonus: 0.1 };

const resolved = (o: VerifyOptions) => ({
  lowConfidence: o.lowConfidence,
  // Not given: the threshold the shipped scorer was calibrated with (the rules' confidence is
  // its probability that the value is right).
  rulesOnly: o.rulesOnlyMinConfidence ?? shippedScorer().threshold,
  llmOnly: Math.max(o.lowConfidence, o.llmOnlyMinConfidence ?? DEFAULT_VERIFY_OPTIONS.llmOnlyMinConfidence!),
  agreementBonus: o.agreementBonus ?? DEFAULT_VERIFY_OPTIONS.agreementBonus!,
});

/** Two readings agreeing on a value make it surer by the agreement bonus; never certain. */
function agreedConfidence(confidences: number[], bonus: number): number {
  const best = Math.max(...confidences);
  return confidences.length > 1 ? Math.min(0.99, best + bonus) : best;
}

/** Other readings kept with a value for the reviewer; beyond them they are counted (VerifiedValue.otherReadings). */
export const MAX_ALTERNATIVES = 10;
/** An alternative's evidence is cut to this many characters (its value and page stay exact). */
const MAX_ALTERNATIVE_EVIDENCE = 1000;

const alternativeOf = (c: CandidateValue) => ({
  value: c.value,
  evidence: c.evidence.length > MAX_ALTERNATIVE_EVIDENCE ? `${c.evidence.slice(0, MAX_ALTERNATIVE_EVIDENCE - 1)}…` : c.evidence,
  page: c.page,
  extractor: c.extractor,
});

/**
 * The other readings of a value, best first: at most MAX_ALTERNATIVES, one per distinct number
 * before any repeat, and how many more there were. A paragraph of thousands of numbered lines is
 * one flagged value with a count, not a value carrying thousands of readings.
 */
function alternativesOf(others: CandidateValue[], alsoRead = 0): Pick<VerifiedValue, 'alternatives' | 'otherReadings'> {
  if (others.length === 0) return alsoRead > 0 ? { otherReadings: alsoRead } : {};
  const values = new Set<string>();
  const kept: CandidateValue[] = [];
  for (const c of others) {
    if (kept.length === MAX_ALTERNATIVES) break;
    const key = new Decimal(c.value).toString();
    if (!values.has(key)) kept.push(c);
    values.add(key);
  }
  for (const c of others) {
    if (kept.length === MAX_ALTERNATIVES) break;
    if (!kept.includes(c)) kept.push(c);
  }
  const more = others.length - kept.length + alsoRead;
  return { alternatives: kept.map(alternativeOf), ...(more > 0 ? { otherReadings: more } : {}) };
}

/**
 * Candidates of one indicator become one value: the surest one, with the others kept as
 * alternatives. Different numbers for the same indicator are a conflict for a reviewer.
 */
function mergeRuleCandidates(candidates: CandidateValue[], bonus: number): { value: VerifiedValue; conflict: boolean } {
  const ranked = [...candidates].sort(bySureness);
  const chosen = ranked[0]!;
  const agreeing = ranked.filter((c) => new Decimal(c.value).eq(chosen.value));
  const others = ranked.filter((c) => !new Decimal(c.value).eq(chosen.value));
  const value: VerifiedValue = {
    ...chosen,
    confidence: agreedConfidence(
      agreeing.map((c) => c.confidence),
      bonus,
    ),
    status: 'auto_accepted',
    reasons: [],
  };
  // Readings the extraction counted rather than carried (extractors/readings.ts) are conflicts too.
  const alsoRead = candidates.reduce((n, c) => n + (c.alsoRead ?? 0), 0);
  delete value.alsoRead;
  Object.assign(value, alternativesOf(others, alsoRead));
  return { value, conflict: others.length > 0 || alsoRead > 0 };
}

interface Judged {
  candidate: CandidateValue;
  /** Grounding reasons of this candidate; empty when grounded. */
  reasons: FlagReason[];
}

/**
 * Rules and model candidates of one indicator. Grounded readings rank first, then the
 * surer, then the rules'. Returns the value with its grounding and conflict reasons, and
 * the confidence threshold it must reach.
 */
export function mergeCandidates(judged: Judged[], options: VerifyOptions = DEFAULT_VERIFY_OPTIONS): { value: VerifiedValue; threshold: number } {
  const o = resolved(options);
  const ranked = [...judged].sort(
    (a, b) =>
      Number(a.reasons.length > 0) - Number(b.reasons.length > 0) ||
      b.candidate.confidence - a.candidate.confidence ||
      Number(a.candidate.extractor === 'llm') - Number(b.candidate.extractor === 'llm'),
  );
  const chosen = ranked[0]!;
  const same = (j: Judged) => new Decimal(j.candidate.value).eq(chosen.candidate.value);
  const agreeing = ranked.filter(same);
  const others = ranked.filter((j) => !same(j));
  const byRules = agreeing.filter((j) => j.candidate.extractor === 'rules');
  // A model reading only counts as agreement when it is grounded itself.
  const byModel = agreeing.filter((j) => j.candidate.extractor === 'llm' && j.reasons.length === 0);
  const confidences = agreeing.map((j) => j.candidate.confidence);
  let confidence: number;
  let threshold: number;
  if (byRules.length > 0 && byModel.length > 0) {
    confidence = agreedConfidence(confidences, o.agreementBonus);
    threshold = o.lowConfidence;
  } else if (chosen.candidate.extractor === 'rules') {
    confidence = agreedConfidence(
      byRules.map((j) => j.candidate.confidence),
      o.agreementBonus,
    );
    threshold = o.rulesOnly;
  } else {
    // A model answer alone is only as sure as the rules' calibrated support for it: the model's
    // own confidence is not calibrated, and where the rules left the mention out (support 0) a
    // reviewer sees it. Support not computed (a caller without the rules' scores): as stated.
    const support = chosen.candidate.context?.rulesSupport;
    confidence = support === undefined ? chosen.candidate.confidence : Math.min(chosen.candidate.confidence, support);
    threshold = o.llmOnly;
  }
  const value: VerifiedValue = { ...chosen.candidate, confidence, status: 'auto_accepted', reasons: [...chosen.reasons] };
  // The model's answer kept where the rules read the same value: the rules' reading of the
  // sentence (a sum's elements, a total's parts) still goes to the checks.
  const rulesContext = byRules.find((j) => j.reasons.length === 0)?.candidate.context;
  if (chosen.candidate.extractor === 'llm' && rulesContext) {
    const { breakdown, amountParts, cumulative, denominator } = rulesContext;
    value.context = {
      origin: value.context?.origin ?? rulesContext.origin,
      ...value.context,
      ...(breakdown ? { breakdown } : {}),
      ...(amountParts ? { amountParts } : {}),
      ...(cumulative && !value.context?.cumulative ? { cumulative } : {}),
      ...(denominator && !value.context?.denominator ? { denominator } : {}),
    };
  }
  const alsoRead = judged.reduce((n, j) => n + (j.candidate.alsoRead ?? 0), 0);
  delete value.alsoRead;
  if (others.length > 0 || alsoRead > 0) {
    Object.assign(
      value,
      alternativesOf(
        others.map((j) => j.candidate),
        alsoRead,
      ),
    );
    value.reasons.push('conflicting_candidates');
  }
  return { value, threshold };
}

/**
 * A rules value is grounded when its evidence is in the document and states it: the number
 * itself, or for a sum of coordinated counts ("14 đề tài, 3 dự án mới"), every number it adds.
 */
function rulesGrounding(text: string, c: CandidateValue, money: boolean): FlagReason[] {
  const parts = c.context?.sumOf;
  if (!parts) return groundingReasons(text, c.evidence, c.value, money);
  const reasons: FlagReason[] = groundingReasons(text, c.evidence, parts[0]!, money).filter((r) => r === 'quote_not_found');
  const adds = parts.every((p) => valueInQuote(c.evidence, p, money)) && new Decimal(addDecimals(parts)).eq(c.value);
  if (!adds) reasons.push('value_not_in_quote');
  return reasons;
}

/**
 * What a model's quote is searched in: the blocks a model may read (results and annex, no
 * instruction to a model), or the lines of a bare text.
 */
/** `document` is the parsed document: model quotes are located in it with their page. */
export function verifyCandidates(candidates: CandidateValue[], document: ParsedDocument, options: VerifyOptions = DEFAULT_VERIFY_OPTIONS): VerifiedValue[] {
  const o = resolved(options);
  const whole = documentText(document);
  const text = normalizeForGrounding(whole);
  const locale = detectLocale(whole.slice(0, 20_000));
  let units: TextUnit[] | null = null;
  const byIndicator = new Map<string, CandidateValue[]>();
  for (const c of candidates) {
    const group = byIndicator.get(c.indicator);
    if (group) group.push(c);
    else byIndicator.set(c.indicator, [c]);
  }

  const merged = new Map<string, VerifiedValue>();
  for (const [indicator, group] of byIndicator) {
    const money = indicatorById(indicator).kind === 'money';
    let value: VerifiedValue;
    if (group.every((c) => c.extractor === 'rules')) {
      const rules = mergeRuleCandidates(group, o.agreementBonus);
      value = rules.value;
      value.reasons.push(...rulesGrounding(text, value, money));
      if (rules.conflict) value.reasons.push('conflicting_candidates');
      value.reasons.push(...singleValueReasons(value, o.rulesOnly));
    } else {
      units ??= groundingUnits(document);
      const judged = group.map((c): Judged => {
        if (c.extractor === 'rules') return { candidate: c, reasons: rulesGrounding(text, c, money) };
        const grounded = groundModelCandidate(units!, c, money, locale);
        return { candidate: { ...c, evidence: grounded.evidence, page: grounded.page }, reasons: grounded.reasons };
      });
      const hybrid = mergeCandidates(judged, options);
      value = hybrid.value;
      value.reasons.push(...singleValueReasons(value, hybrid.threshold));
    }
    merged.set(indicator, value);
  }
  for (const [indicator, reasons] of relationReasons(merged)) merged.get(indicator)!.reasons.push(...reasons);
  if (typeof document !== 'string') for (const value of merged.values()) value.reasons.push(...ocrReasons(value, document));

  return [...merged.values()].map((v) => {
    const reasons = [...new Set<FlagReason>(v.reasons)];
    return { ...v, reasons, status: reasons.length === 0 ? 'auto_accepted' : 'flagged' };
  });
}
