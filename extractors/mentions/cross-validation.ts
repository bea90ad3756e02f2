// Cross-validation of the scorer by report: for each fold, the weights and the threshold are
// fitted on the other folds only, then the fold's reports are scored with them. What is learned
// never sees the reports it is measured on. Pure: the caller has parsed the reports and read
// their candidates once (the candidates' features do not depend on the weights).
import { Decimal } from 'decimal.js';
import { indicatorById } from '../catalogue.ts';
import type { CandidateValue, FlagReason, ParsedDocument, VerifiedValue } from '../types.ts';
import { verifyCandidates, type VerifyOptions } from '../verify/index.ts';
import { chooseCandidates, confidenceUnder, RISKS, rulesSupport, withRulesSupport, type ScoredCandidate } from './index.ts';
import {
  ACCEPT_CONFIDENCE,
  chooseThresholds,
  confidenceOf,
  entryOf,
  entryReliable,
  fitWeights,
  onePerReading,
  type FitOptions,
  type Sample,
  type ScorerModel,
  type ThresholdSample,
} from './scorer.ts';

export interface LabelledValue {
  indicator: string;
  value: string;
  /** A check that must flag the value (an inconsistency of the source). */
  flag?: FlagReason;
}

/** One report in one format, read once. */
export interface CvItem {
  report: string;
  fold: number;
  format: string;
  parsed: ParsedDocument;
  /** Every scored candidate of the rules (scoredCandidates), before choosing per indicator. */
  candidates: ScoredCandidate[];
  /** Candidates of a model, when one is configured: merged by verification as in production. */
  modelCandidates: CandidateValue[];
  truth: LabelledValue[];
}

export interface JudgedValue {
  value: VerifiedValue;
  /** The labelled value of the indicator, or null when the report has none. */
  expected: string | null;
  correct: boolean;
}

export interface ItemResult {
  item: CvItem;
  values: JudgedValue[];
  /** Labelled values with no value of the right number (none, or a wrong one). */
  missed: { truth: LabelledValue; got: VerifiedValue | null }[];
  /** Labelled values that must be flagged by a check, and whether they were. */
  inconsistencies: { truth: LabelledValue; flagged: boolean }[];
}

export interface FoldModel {
  fold: number;
  model: ScorerModel;
}

const sameValue = (a: string, b: string) => new Decimal(a).eq(b);

/** Every candidate of an item, right when the report's label for its indicator has its value. */
/**
 * The features the scorer is fitted on: which lexicon entry named the reading, by which of its
 * distinguishing cues, in which group. The many context flags (risks aside, which hold a
 * reading back by rule) are too sparse in the corpus to weigh: fitted, they made thresholds
 * that did not hold on the fold left out.
 */
export const FITTED = (name: string) => name !== '';

/** Every candidate of an item, right when the report's label for its indicator has its value. */
export function labelSamples(item: CvItem): Sample[] {
  const truth = new Map(item.truth.map((t) => [t.indicator, t.value]));
  return item.candidates
    .filter((c) => c.context?.origin !== 'table')
    .map((c) => ({
      features: Object.fromEntries(Object.entries(c.features).filter(([k]) => FITTED(k))),
      correct: truth.has(c.indicator) && sameValue(truth.get(c.indicator)!, c.value),
    }));
}

function rescore(candidates: ScoredCandidate[], model: ScorerModel): ScoredCandidate[] {
  return candidates.map((c) => ({ ...c, confidence: confidenceUnder({ ...c, confidence: c.context?.origin === 'table' ? c.confidence : 0 }, model) }));
}

/** The values of an item under a model, as `baocao extract` would give them. */
export function valuesUnder(item: CvItem, model: ScorerModel, verify: VerifyOptions): VerifiedValue[] {
  const scored = rescore(item.candidates, model);
  // The model's answers lean on the rules' support as this fold's scorer gives it.
  const answers = withRulesSupport(item.modelCandidates, rulesSupport(scored));
  return verifyCandidates([...chooseCandidates(scored), ...answers], item.parsed, { ...verify, rulesOnlyMinConfidence: model.threshold });
}

export function judge(item: CvItem, values: VerifiedValue[]): ItemResult {
  const truth = new Map(item.truth.map((t) => [t.indicator, t]));
  const judged = values.map((value): JudgedValue => {
    const t = truth.get(value.indicator);
    return { value, expected: t?.value ?? null, correct: t !== undefined && sameValue(t.value, value.value) };
  });
  const byIndicator = new Map(values.map((v) => [v.indicator, v]));
  const missed: ItemResult['missed'] = [];
  const inconsistencies: ItemResult['inconsistencies'] = [];
  for (const t of item.truth) {
    const got = byIndicator.get(t.indicator) ?? null;
    if (!got || !sameValue(got.value, t.value)) missed.push({ truth: t, got });
    if (t.flag)
      inconsistencies.push({ truth: t, flagged: got !== null && got.status === 'flagged' && sameValue(got.value, t.value) && got.reasons.includes(t.flag) });
  }
  return { item, values: judged, missed, inconsistencies };
}

/**
 * How a model reads an item's values, as threshold samples (rules values only). Read on the rules
 * alone: a language model's disagreement flags a wrong rules value "otherwise" (a conflict), and
 * a threshold chosen with it would be lower than the rules can bear where the model has nothing
 * to say (fitted with the scripted model's answers, one fold's task threshold fell from 0.98 to 0.84
 * and wrong values the model did not answer were accepted).
 */
function thresholdSamples(item: CvItem, model: ScorerModel, verify: VerifyOptions): ThresholdSample[] {
  const rulesAlone = { ...item, modelCandidates: [] };
  return judge(rulesAlone, valuesUnder(rulesAlone, model, verify))
    .values.filter((j) => j.value.extractor === 'rules')
    .map((j) => ({
      group: indicatorById(j.value.indicator).group,
      // The chosen candidate's own features travel with the verified value.
      entry: entryOf((j.value as Partial<ScoredCandidate>).features ?? {}),
      reading: `${item.report} ${j.value.indicator}=${j.value.value}`,
      probability: j.value.confidence,
      correct: j.correct,
      flaggedOtherwise: j.value.reasons.some((r) => r !== 'low_confidence'),
    }));
}

/**
 * Fits weights on `train`, and the threshold on how models fitted without each of its folds
 * read that fold: the probabilities the threshold is chosen on are never those of reports the
 * weights were fitted on, as they will not be for the reports the model meets afterwards.
 */
export function fitModel(train: CvItem[], verify: VerifyOptions, name: string, fit: FitOptions = {}): ScorerModel {
  const weights = fitWeights(train.flatMap(labelSamples), fit);
  const folds = [...new Set(train.map((i) => i.fold))];
  const samples: ThresholdSample[] = [];
  if (folds.length > 1) {
    for (const fold of folds) {
      // Threshold and rescaling left out: the confidences are the raw probabilities.
      const inner: ScorerModel = {
        version: name,
        weights: fitWeights(train.filter((i) => i.fold !== fold).flatMap(labelSamples), fit),
        threshold: ACCEPT_CONFIDENCE,
        rawThresholds: {},
        entryRecord: {},
        fittedOn: name,
      };
      for (const item of train.filter((i) => i.fold === fold)) samples.push(...thresholdSamples(item, inner, verify));
    }
  } else {
    const provisional: ScorerModel = { version: name, weights, threshold: ACCEPT_CONFIDENCE, rawThresholds: {}, entryRecord: {}, fittedOn: name };
    for (const item of train) samples.push(...thresholdSamples(item, provisional, verify));
  }
  const entryRecord: Record<string, [number, number]> = {};
  // Each reading once: counted per format, an entry seen in two reports passed for one seen in
  // six, and fitted over docx and pdf, entries held back in a docx-only fit were trusted (6 wrong
  // values accepted in fold 5).
  const counted = samples.filter((s): s is ThresholdSample & { entry: string } => s.entry !== null && !s.flaggedOtherwise);
  for (const v of onePerReading(counted)) {
    const [n, right] = entryRecord[v.entry] ?? [0, 0];
    entryRecord[v.entry] = [n + 1, right + (v.correct ? 1 : 0)];
  }
  return { version: name, weights, threshold: ACCEPT_CONFIDENCE, ...chooseThresholds(samples), entryRecord, fittedOn: name };
}

export interface CrossValidation {
  models: FoldModel[];
  results: ItemResult[];
}

/** k-fold by report: each fold's reports are read with the model fitted on the other folds. */
export function crossValidate(items: CvItem[], verify: VerifyOptions, fit: FitOptions = {}): CrossValidation {
  const folds = [...new Set(items.map((i) => i.fold))].sort((a, b) => a - b);
  const models: FoldModel[] = [];
  const results: ItemResult[] = [];
  for (const fold of folds) {
    const model = fitModel(
      items.filter((i) => i.fold !== fold),
      verify,
      `cv-fold-${fold}`,
      fit,
    );
    models.push({ fold, model });
    for (const item of items.filter((i) => i.fold === fold)) results.push(judge(item, valuesUnder(item, model, verify)));
  }
  return { models, results };
}

export interface Tally {
  key: string;
  truth: number;
  /** Labelled values found with the right number, accepted or flagged. */
  found: number;
  foundFlagged: number;
  autoAccepted: number;
  autoWrong: number;
  /** Values given for an indicator with no label or a different one (accepted or flagged). */
  wrong: number;
}

export interface TallyRow extends Tally {
  recall: number;
  autoPrecision: number;
  /** Share of the found values that were flagged. */
  flaggedShare: number;
}

function tallyRow(t: Tally): TallyRow {
  return {
    ...t,
    recall: t.truth === 0 ? 1 : t.found / t.truth,
    autoPrecision: t.autoAccepted === 0 ? 1 : (t.autoAccepted - t.autoWrong) / t.autoAccepted,
    flaggedShare: t.found === 0 ? 0 : t.foundFlagged / t.found,
  };
}

/** Recall, precision of accepted values and share flagged, per key (group, format, both). */
export function tallies(results: ItemResult[], keyOf: (indicator: string, format: string) => string[]): TallyRow[] {
  const map = new Map<string, Tally>();
  const t = (key: string) => {
    let x = map.get(key);
    if (!x) map.set(key, (x = { key, truth: 0, found: 0, foundFlagged: 0, autoAccepted: 0, autoWrong: 0, wrong: 0 }));
    return x;
  };
  for (const r of results) {
    const byIndicator = new Map(r.values.map((v) => [v.value.indicator, v]));
    for (const truth of r.item.truth) {
      const v = byIndicator.get(truth.indicator);
      for (const key of keyOf(truth.indicator, r.item.format)) {
        const x = t(key);
        x.truth++;
        if (v?.correct) {
          x.found++;
          if (v.value.status === 'flagged') x.foundFlagged++;
        }
      }
    }
    for (const v of r.values) {
      for (const key of keyOf(v.value.indicator, r.item.format)) {
        const x = t(key);
        if (v.value.status === 'auto_accepted') {
          x.autoAccepted++;
          if (!v.correct) x.autoWrong++;
        }
        if (!v.correct) x.wrong++;
      }
    }
  }
  return [...map.values()].map(tallyRow).sort((a, b) => a.key.localeCompare(b.key));
}

export const byGroupAndFormat = (indicator: string, format: string): string[] => {
  const group = indicatorById(indicator).group;
  return [`group:${group}`, `format:${format}`, `cell:${group}|${format}`, 'overall'];
};

/**
 * Why a right value was flagged, every reason that applies: a check other than confidence (its
 * flag reason), a risk held by rule (`risk:parts`), its entry's record (`entry record`), an annex
 * row read in doubt, or its probability under the group's own threshold or the shared default
 * one. A value flagged for several is counted under each; `only` counts those with one reason.
 */
export function flaggedRightReasons(value: VerifiedValue, model: ScorerModel): string[] {
  const reasons: string[] = value.reasons.filter((r) => r !== 'low_confidence');
  if (!value.reasons.includes('low_confidence')) return reasons;
  if (value.context?.origin === 'table') return [...reasons, 'table row in doubt'];
  const features = (value as Partial<ScoredCandidate>).features ?? {};
  reasons.push(...RISKS.filter((r) => features[r]).map((r) => `risk:${r}`));
  const group = indicatorById(value.indicator).group;
  if (!entryReliable(features, model, group)) reasons.push('entry record');
  if (confidenceOf(features, group, model) < model.threshold) reasons.push(group in model.rawThresholds ? 'group threshold' : 'default threshold');
  return reasons;
}

export interface FlaggedReasonRow {
  reason: string;
  /** Right values flagged with this reason among others. */
  any: number;
  /** Right values flagged with this reason alone. */
  only: number;
}

/** Per reason, how many right values were flagged for it (cross-validated: each item under its own fold's model). */
export function whyRightFlagged(results: ItemResult[], models: FoldModel[], keep: (r: ItemResult, v: JudgedValue) => boolean = () => true): FlaggedReasonRow[] {
  const modelOf = new Map(models.map((m) => [m.fold, m.model]));
  const rows = new Map<string, FlaggedReasonRow>();
  for (const r of results) {
    const model = modelOf.get(r.item.fold);
    if (!model) continue;
    for (const v of r.values) {
      if (!v.correct || v.value.status !== 'flagged' || !keep(r, v)) continue;
      const reasons = flaggedRightReasons(v.value, model);
      for (const reason of reasons.length ? reasons : ['other']) {
        let row = rows.get(reason);
        if (!row) rows.set(reason, (row = { reason, any: 0, only: 0 }));
        row.any++;
        if (reasons.length <= 1) row.only++;
      }
    }
  }
  return [...rows.values()].sort((a, b) => b.any - a.any || a.reason.localeCompare(b.reason));
}
