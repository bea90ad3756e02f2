// Scoring extraction against ground truth: recall of truth values, precision of what was
// extracted, and (the number that matters most) precision of the values accepted without
// a reviewer, by indicator group and by file format.
import { Decimal } from 'decimal.js';
import { indicatorById } from './catalogue.ts';
import type { VerifiedValue } from './types.ts';

export interface TruthValue {
  indicator: string;
  value: string;
}

export interface EvaluatedFile {
  file: string;
  format: string;
  truth: TruthValue[];
  predicted: VerifiedValue[];
}

interface Tally {
  truth: number;
  /** Truth values extracted with the right value. */
  found: number;
  predicted: number;
  correct: number;
  autoAccepted: number;
  autoCorrect: number;
}

export interface Score extends Tally {
  key: string;
  recall: number;
  precision: number;
  f1: number;
  /** Precision of auto-accepted values; 1 when nothing was auto-accepted. */
  autoPrecision: number;
}

const ratio = (a: number, b: number, empty: number) => (b === 0 ? empty : a / b);

function toScore(key: string, t: Tally): Score {
  const recall = ratio(t.found, t.truth, 1);
  const precision = ratio(t.correct, t.predicted, 1);
  return {
    key,
    ...t,
    recall,
    precision,
    f1: recall + precision === 0 ? 0 : (2 * recall * precision) / (recall + precision),
    autoPrecision: ratio(t.autoCorrect, t.autoAccepted, 1),
  };
}

export interface Evaluation {
  byGroup: Score[];
  byFormat: Score[];
  byGroupAndFormat: Score[];
  overall: Score;
  /** Extracted values that are not in the truth or differ from it: what to look at first. */
  mistakes: { file: string; indicator: string; extracted: string; expected: string | null; status: string }[];
  /** Truth values nothing was extracted for. */
  missed: { file: string; indicator: string; expected: string }[];
}

export function evaluate(files: EvaluatedFile[]): Evaluation {
  const tallies = new Map<string, Tally>();
  const tally = (key: string): Tally => {
    let t = tallies.get(key);
    if (!t) tallies.set(key, (t = { truth: 0, found: 0, predicted: 0, correct: 0, autoAccepted: 0, autoCorrect: 0 }));
    return t;
  };
  const mistakes: Evaluation['mistakes'] = [];
  const missed: Evaluation['missed'] = [];
  for (const f of files) {
    const truthBy = new Map(f.truth.map((t) => [t.indicator, t.value]));
    const predictedBy = new Map(f.predicted.map((p) => [p.indicator, p]));
    const keysOf = (indicator: string) => {
      const group = indicatorById(indicator).group;
      return ['overall', `group:${group}`, `format:${f.format}`, `cell:${group}|${f.format}`];
    };
    for (const t of f.truth) {
      const p = predictedBy.get(t.indicator);
      const found = p !== undefined && new Decimal(p.value).eq(t.value);
      for (const k of keysOf(t.indicator)) {
        tally(k).truth++;
        if (found) tally(k).found++;
      }
      if (!p) missed.push({ file: f.file, indicator: t.indicator, expected: t.value });
    }
    for (const p of f.predicted) {
      const expected = truthBy.get(p.indicator) ?? null;
      const correct = expected !== null && new Decimal(p.value).eq(expected);
      for (const k of keysOf(p.indicator)) {
        const t = tally(k);
        t.predicted++;
        if (correct) t.correct++;
        if (p.status === 'auto_accepted') {
          t.autoAccepted++;
          if (correct) t.autoCorrect++;
        }
      }
      if (!correct) mistakes.push({ file: f.file, indicator: p.indicator, extracted: p.value, expected, status: p.status });
    }
  }
  const scores = (prefix: string) =>
    [...tallies.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, t]) => toScore(k.slice(prefix.length), t))
      .sort((a, b) => a.key.localeCompare(b.key));
  return {
    byGroup: scores('group:'),
    byFormat: scores('format:'),
    byGroupAndFormat: scores('cell:'),
    overall: toScore('overall', tally('overall')),
    mistakes,
    missed,
  };
}
