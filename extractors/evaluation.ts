// Scoring extraction against ground truth: recall of truth values, precision of what was
// extracted, and (the number that matters most) precision of the values accepted without
// a reviewer, by indicator group and by file format. For scans, also how well OCR read the text:
// the character error rate of each page against the text of the PDF the scan was made from.
import { Decimal } from 'decimal.js';
import { indicatorById } from './catalogue.ts';
import { cer } from './parse/ocr/cer.ts';
import type { ParsedPage, VerifiedValue } from './types.ts';

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

/**
 * A page's text as a reader would see it, for the character error rate: blocks one per line, table
 * cells separated by spaces (the source PDF's text has no " | "), rows one per line.
 */
export function ocrPageText(page: ParsedPage): string {
  return page.blocks.map((b) => (b.kind === 'table' ? b.rows.map((r) => r.join(' ')).join('\n') : b.text)).join('\n');
}

export interface PageCer {
  page: number;
  cer: number;
  /** False when the document has no OCR'd page of that number (failed, timed out, past the cap): CER 1 unless the reference is empty. */
  read: boolean;
  /** The page's mean OCR confidence 0..1, when it was read. */
  confidence: number | null;
}

export interface OcrTextScore {
  file: string;
  /** Pages of the reference (the source PDF). */
  pages: number;
  perPage: PageCer[];
  /** Mean of the per-page CER (every page weighs the same). */
  meanCer: number;
  /** The page read worst, or null for a document without pages. */
  worst: { page: number; cer: number } | null;
  /** Mean of the OCR'd pages' `ocrConfidence`, or null when no page carries one. */
  meanConfidence: number | null;
}

/**
 * How well OCR read a scanned document: the CER of each page's OCR'd text (`ocrPageText`) against
 * `reference[i]`, the text of page i+1 of the PDF the scan was made from. A page the document
 * lacks, or did not get from OCR, counts as read as nothing.
 */
export function scoreOcrText(file: string, reference: string[], pages: ParsedPage[]): OcrTextScore {
  const perPage: PageCer[] = reference.map((ref, i) => {
    const page = pages.find((p) => p.number === i + 1 && p.source === 'ocr');
    return {
      page: i + 1,
      cer: cer(ref, page ? ocrPageText(page) : ''),
      read: page !== undefined,
      confidence: page?.ocrConfidence ?? null,
    };
  });
  const worst = perPage.reduce<PageCer | null>((w, p) => (w === null || p.cer > w.cer ? p : w), null);
  const confidences = pages.filter((p) => p.source === 'ocr' && typeof p.ocrConfidence === 'number').map((p) => p.ocrConfidence!);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    file,
    pages: reference.length,
    perPage,
    meanCer: perPage.length === 0 ? 0 : mean(perPage.map((p) => p.cer)),
    worst: worst ? { page: worst.page, cer: worst.cer } : null,
    meanConfidence: confidences.length === 0 ? null : mean(confidences),
  };
}
