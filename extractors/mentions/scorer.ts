// The scorer: a logistic model over the features of a reading (how it was named, where it
// sits, what surrounds it) giving the probability that the value is right, and the threshold
// above which a value is accepted without a reviewer. Both are fitted on labelled reports
// (fixtures/corpus, cross-validated by `baocao eval --corpus`) and shipped in scorer-model.json;
// nothing is learned or downloaded at run time.
import { readFileSync } from 'node:fs';
import studentQuantile from '@stdlib/stats-base-dists-t-quantile';
import { z } from 'zod';
import { indicatorById } from '../catalogue.ts';

export const scorerModelSchema = z.object({
  version: z.string(),
  /** Weight of each feature; a feature not listed weighs 0. */
  weights: z.record(z.string(), z.number()),
  /**
   * The confidence below which a value is flagged for review. The confidence is the scorer's
   * probability rescaled per indicator group, so that each group's own acceptance threshold
   * (rawThresholds) lands on this one number.
   */
  threshold: z.number().min(0).max(1),
  /** Per indicator group: the probability a value must reach to be accepted without a reviewer. */
  rawThresholds: z.record(z.string(), z.number().min(0).max(1)).default({}),
  /** The same for a group without its own (too few labelled values to set one). */
  defaultRawThreshold: z.number().min(0).max(1).optional(),
  /**
   * How each lexicon entry read in cross-validation: [values, right]. A reading is accepted only
   * from an entry whose record shows it reliable (ENTRY_RELIABILITY), whatever its probability.
   */
  entryRecord: z.record(z.string(), z.tuple([z.number(), z.number()])).default({}),
  /** What it was fitted on, for the record. */
  fittedOn: z.string(),
});
export type ScorerModel = z.infer<typeof scorerModelSchema>;

export type Features = Record<string, number>;

export function probability(features: Features, model: ScorerModel): number {
  let z = 0;
  for (const [name, x] of Object.entries(features)) z += (model.weights[name] ?? 0) * x;
  return 1 / (1 + Math.exp(-z));
}

/**
 * The lowest share of right readings an entry must show (one-sided 90% Wilson bound) to have its
 * readings accepted: 4 readings right out of 4, 9 out of 10, 17 out of 20. The acceptance
 * threshold is what keeps wrong values out; this only holds back entries the corpus has barely
 * seen. At 0.9 (15 right out of 15) it held back 87 right values of the corpus's docx reports
 * that nothing else doubted, and no wrong value was accepted at 0.7 in any fold (0.5 and below
 * accepted wrong ones).
 */
export const ENTRY_RELIABILITY = 0.7;

/** The lower bound of the share right, from [values, right] (Wilson score interval, z = 1.28). */
export function reliabilityBound([n, right]: [number, number]): number {
  if (n === 0) return 0;
  const z = 1.28;
  const p = right / n;
  const centre = p + (z * z) / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return (centre - margin) / (1 + (z * z) / n);
}

/** The indicator an entry names ("entry:TD01#1" names TD01). */
const indicatorOfEntry = (entry: string) => entry.slice('entry:'.length).split('#')[0]!;

const groupRecords = new WeakMap<ScorerModel, Map<string, [number, number]>>();

/** Every entry of a group's record added up: each reading came from one entry, so it is counted once. */
export function groupRecord(model: ScorerModel, group: string): [number, number] {
  let records = groupRecords.get(model);
  if (!records) {
    records = new Map();
    for (const [entry, [n, right]] of Object.entries(model.entryRecord)) {
      const g = indicatorById(indicatorOfEntry(entry)).group;
      const [gn, gright] = records.get(g) ?? [0, 0];
      records.set(g, [gn + n, gright + right]);
    }
    groupRecords.set(model, records);
  }
  return records.get(group) ?? [0, 0];
}

/**
 * Whether the entry behind a reading has read reliably enough; a model without records trusts
 * every entry. An entry the corpus has seen a few times and never wrong is judged with its
 * group's entries together: most entries read a handful of values, too few for a bound of their
 * own (3 right out of 3 is 0.55), and held back one by one they kept whole groups that never read
 * a wrong value (thanh_tra, vien_thong) from acceptance. An entry that read a wrong value must
 * show its reliability on its own record.
 */
export function entryReliable(features: Features, model: ScorerModel, group?: string): boolean {
  if (Object.keys(model.entryRecord).length === 0) return true;
  const entry = entryOf(features);
  const record = entry ? model.entryRecord[entry] : undefined;
  if (record === undefined) return false;
  if (reliabilityBound(record) >= ENTRY_RELIABILITY) return true;
  if (group === undefined || record[1] !== record[0]) return false;
  const pooled = groupRecord(model, group);
  return pooled[1] === pooled[0] && reliabilityBound(pooled) >= ENTRY_RELIABILITY;
}

/**
 * The confidence of a value of `group`: its probability, moved so that the group's acceptance
 * threshold becomes `model.threshold` (monotone: a more probable value is never less confident).
 */
export function confidenceOf(features: Features, group: string, model: ScorerModel): number {
  const p = probability(features, model);
  const entry = entryOf(features);
  const t = (entry ? model.rawThresholds[entry] : undefined) ?? model.rawThresholds[group] ?? model.defaultRawThreshold ?? model.threshold;
  const T = model.threshold;
  const c = p >= t ? T + ((p - t) / Math.max(1e-9, 1 - t)) * (1 - T) : (p / Math.max(1e-9, t)) * T;
  return Math.round(Math.min(1, Math.max(0, c)) * 1000) / 1000;
}

export interface Sample {
  features: Features;
  correct: boolean;
}

export interface FitOptions {
  /** L2 penalty on the weights (bias excluded). */
  l2?: number;
  iterations?: number;
  learningRate?: number;
}

/**
 * Logistic regression by full-batch gradient descent from zero weights: deterministic, the
 * same samples give the same weights. The classes are weighted equally.
 */
export function fitWeights(samples: Sample[], { l2 = 0.005, iterations = 4000, learningRate = 1 }: FitOptions = {}): Record<string, number> {
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.features)))].sort();
  const positives = samples.filter((s) => s.correct).length;
  const negatives = samples.length - positives;
  if (positives === 0 || negatives === 0) return Object.fromEntries(names.map((n) => [n, 0]));
  // Each sample as the indices and values of its non-zero features, in the order it lists
  // them: the sums run in the same order as over the records, so the weights are the same,
  // in a fraction of the time (cross-validation fits 25 models).
  const index = new Map(names.map((n, i) => [n, i]));
  const rows = samples.map((s) => {
    const present = Object.entries(s.features).filter(([, x]) => x !== 0);
    return {
      at: Int32Array.from(present, ([n]) => index.get(n)!),
      x: Float64Array.from(present, ([, x]) => x),
      y: s.correct ? 1 : 0,
      weight: s.correct ? samples.length / (2 * positives) : samples.length / (2 * negatives),
    };
  });
  const bias = index.get('bias') ?? -1;
  const w = new Float64Array(names.length);
  const grad = new Float64Array(names.length);
  for (let it = 0; it < iterations; it++) {
    grad.fill(0);
    for (const { at, x, y, weight } of rows) {
      let z = 0;
      for (let k = 0; k < at.length; k++) z += w[at[k]!]! * x[k]!;
      const err = (1 / (1 + Math.exp(-z)) - y) * weight;
      for (let k = 0; k < at.length; k++) grad[at[k]!]! += err * x[k]!;
    }
    for (let i = 0; i < names.length; i++) {
      const penalty = i === bias ? 0 : l2 * w[i]!;
      w[i] = w[i]! - learningRate * (grad[i]! / samples.length + penalty);
    }
  }
  return Object.fromEntries(names.map((n, i) => [n, Math.round(w[i]! * 1e4) / 1e4]));
}

/** The lexicon entry a reading came from ("entry:TD01#1"), from its features. */
export function entryOf(features: Features): string | null {
  return Object.keys(features).find((k) => k.startsWith('entry:') && features[k]) ?? null;
}

/** Values as the verification would leave them: probability, right or wrong, flagged by a check. */
export interface ThresholdSample {
  group: string;
  /** The lexicon entry that named it, when the rules read it from text. */
  entry: string | null;
  /** What was read, the same in every format of a report ("report NV01=76"): one report in several formats is one piece of evidence for its entry. */
  reading?: string;
  probability: number;
  correct: boolean;
  /** Flagged by a check other than confidence (a wrong value here is caught whatever the threshold). */
  flaggedOtherwise: boolean;
}

/** The lowest a threshold is ever set. */
const FLOOR = 0.5;

/**
 * The lowest threshold at which no wrong value would be accepted, including the wrong values the
 * folds did not show. The most probable wrong value seen is a poor guard on its own: of a few
 * dozen wrong readings, a new fold bringing fifteen more has about one chance in three of
 * holding one above all of them. So the wrong values' logits are fitted with a normal, and the
 * threshold goes where a new wrong value would pass with a probability of at most 1/(10·n), n
 * the readings the folds showed the group (right or wrong: which of the next ones are wrong is
 * not known, and a new fold may hold more wrong ones than the folds did): one chance in ten that
 * as many again would let one through. The Student t quantile of the prediction bound widens it
 * when few wrong values were seen. Never below the most probable wrong value seen plus `margin`,
 * nor `floor`; under `MIN_FITTED` wrong values, only that.
 */
export function chooseThreshold(values: ThresholdSample[], { margin = 0.02, floor = FLOOR } = {}): number {
  const wrong = values.filter((v) => !v.correct && !v.flaggedOtherwise);
  const worst = Math.max(0, ...wrong.map((v) => v.probability));
  const bound = Math.max(floor, worst + margin, tailBound(mostProbablePerReading(wrong), onePerReading(values.filter((v) => !v.flaggedOtherwise)).length));
  return Math.min(0.999, Math.round(bound * 1000) / 1000);
}

/** Fewer wrong values than this say nothing of their spread. */
const MIN_FITTED = 5;

/** Each reading's most probable format: a report read twice is one wrong value, at its worst. */
function mostProbablePerReading(wrong: ThresholdSample[]): number[] {
  const byReading = new Map<string, number>();
  wrong.forEach((v, i) => {
    const key = v.reading ?? `#${i}`;
    byReading.set(key, Math.max(byReading.get(key) ?? 0, v.probability));
  });
  return [...byReading.values()];
}

/** The probability a new wrong value exceeds with chance 1/(10·`readings`), from a normal over the logits of the wrong values seen (0 under MIN_FITTED). */
export function tailBound(probabilities: number[], readings = probabilities.length): number {
  const n = probabilities.length;
  if (n < MIN_FITTED) return 0;
  const logits = probabilities.map((p) => {
    const q = Math.min(0.999, Math.max(0.001, p));
    return Math.log(q / (1 - q));
  });
  const mean = logits.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(logits.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const z = mean + studentQuantile(1 - 1 / (10 * Math.max(n, readings)), n - 1) * sd * Math.sqrt(1 + 1 / n);
  return 1 / (1 + Math.exp(-z));
}

/**
 * The samples with each reading once: a report read as DOCX, PDF and scan is one sentence read
 * three times, one piece of evidence, not three. Samples without a reading are all kept.
 */
export function onePerReading<T extends Pick<ThresholdSample, 'reading'>>(samples: readonly T[]): T[] {
  const seen = new Set<string>();
  return samples.filter((v) => {
    if (v.reading === undefined) return true;
    if (seen.has(v.reading)) return false;
    seen.add(v.reading);
    return true;
  });
}

/**
 * A group's own readings would place its threshold at the floor: none of its wrong values came
 * near acceptance (or another check caught them). The values of other groups, read by other
 * entries, then say nothing of it, and the shared threshold they set (0.97-0.999, from the task
 * counts) held back every value of groups the scorer reads well.
 */
const ownAtFloor = (distinct: ThresholdSample[]) => chooseThreshold(distinct) <= FLOOR;

/** A group or an entry gets a threshold of its own only with this many values to set it on, this many of them right. */
const MIN_OWN_VALUES = 12;
const MIN_OWN_RIGHT = 6;

/**
 * The threshold at which none of the wrong values would be accepted: per indicator group where
 * it has enough values to say, else all groups together. (Per lexicon entry was tried: with the
 * corpus's few values per entry it accepted more wrong values in cross-validation.)
 */
export function chooseThresholds(values: ThresholdSample[]): { rawThresholds: Record<string, number>; defaultRawThreshold: number } {
  const defaultRawThreshold = chooseThreshold(values);
  const rawThresholds: Record<string, number> = {};
  // Counted by reading, as the entry records are: counted per format, a group seen in six
  // reports passed for one seen in twelve.
  const enough = (own: ThresholdSample[]) => {
    const distinct = onePerReading(own);
    const right = distinct.filter((v) => v.correct).length;
    return (distinct.length >= MIN_OWN_VALUES && right >= MIN_OWN_RIGHT) || (right >= MIN_OWN_RIGHT && ownAtFloor(distinct));
  };
  for (const group of [...new Set(values.map((v) => v.group))].sort()) {
    const own = values.filter((v) => v.group === group);
    if (enough(own)) rawThresholds[group] = chooseThreshold(own);
  }
  return { rawThresholds, defaultRawThreshold };
}

/** The confidence every group's threshold is moved to. */
export const ACCEPT_CONFIDENCE = 0.9;

let shipped: ScorerModel | undefined;

/** The model shipped with the rules (fitted on the whole development corpus). */
export function shippedScorer(): ScorerModel {
  shipped ??= scorerModelSchema.parse(JSON.parse(readFileSync(new URL('./scorer-model.json', import.meta.url), 'utf8')));
  return shipped;
}
