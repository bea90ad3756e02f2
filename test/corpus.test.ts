// The development corpus (fixtures/corpus): every report valid and labelled against its own
// text, from a page not kept for the independent check, each in a fixed fold; the README's
// counts are the corpus's own; and the cross-validation never fits on the fold it measures.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { crossValidate, type CvItem } from '../extractors/mentions/cross-validation.ts';
import type { ScoredCandidate } from '../extractors/mentions/index.ts';
import type { ParsedDocument } from '../extractors/types.ts';
import { readFolds } from '../fixtures/corpus/folds.ts';
import { CORPUS_DIR } from '../fixtures/corpus/render.ts';
import { loadCorpus } from '../fixtures/corpus/schema.ts';
import { normalizeUrl, summarize, summaryMarkdown } from '../fixtures/corpus/summary.ts';

const excludedList = new URL('../../shared/corpus/excluded-sources.txt', import.meta.url);

describe('the development corpus', async () => {
  const corpus = await loadCorpus(CORPUS_DIR);
  const excluded = await readFile(excludedList, 'utf8')
    .then((t) => t.split('\n').filter((l) => l.trim() && !l.startsWith('#')))
    .catch(() => null);

  it('has no report with a problem: labels point at their text, provinces and periods are known, sources are distinct', () => {
    expect(summarize(corpus).problems).toEqual([]);
  });

  it.skipIf(excluded === null)('uses no page of the list kept for the independent check (../shared/corpus/excluded-sources.txt)', () => {
    const banned = new Set(excluded!.map(normalizeUrl));
    expect(corpus.filter((r) => banned.has(normalizeUrl(r.report.source.url))).map((r) => r.report.id)).toEqual([]);
  });

  it('gives every report a fixed fold, the reports of one unit in one fold', async () => {
    const folds = await readFolds(CORPUS_DIR);
    expect(corpus.filter((r) => !folds.has(r.report.id)).map((r) => r.report.id)).toEqual([]);
    expect(new Set(folds.values()).size).toBe(5);
  });

  it('is counted in its README as it is', async () => {
    const readme = await readFile(new URL('../fixtures/corpus/README.md', import.meta.url), 'utf8');
    const counts = readme.split('## Counts')[1] ?? '';
    expect(counts).toContain(summaryMarkdown(summarize(corpus)).trim());
  });
});

describe('cross-validation by report', () => {
  const parsed: ParsedDocument = {
    mediaType: 'application/pdf',
    warnings: [],
    pages: [{ number: 1, source: 'text', blocks: [{ kind: 'paragraph', page: 1, text: 'Kiểm định 10 phương tiện đo.' }] }],
  };
  const candidate = (value: string, features: Record<string, number>): ScoredCandidate => ({
    indicator: 'TD01',
    value,
    unit: 'phương tiện',
    qualifier: null,
    rawText: value,
    evidence: 'Kiểm định 10 phương tiện đo.',
    page: 1,
    confidence: 0,
    extractor: 'rules',
    features,
  });
  const item = (fold: number, report: string, features: Record<string, number>, correct: boolean): CvItem => ({
    report,
    fold,
    format: 'docx',
    parsed,
    candidates: [candidate('10', features)],
    modelCandidates: [],
    truth: [{ indicator: 'TD01', value: correct ? '10' : '11' }],
  });

  it('fits each fold on the others only: a feature seen only in a fold has no weight when that fold is read', () => {
    const items = [1, 2, 3, 4, 5].flatMap((fold) => [
      item(fold, `r${fold}a`, { bias: 1, good: 1 }, true),
      item(fold, `r${fold}b`, { bias: 1, bad: 1 }, false),
      ...(fold === 3 ? [item(fold, 'only-in-3', { bias: 1, lonely: 1 }, true)] : []),
    ]);
    const cv = crossValidate(items, { lowConfidence: 0.7 });
    expect(cv.models.find((m) => m.fold === 3)!.model.weights.lonely ?? 0).toBe(0);
    expect(cv.models.find((m) => m.fold === 1)!.model.weights.lonely).toBeGreaterThan(0);
  });

  it('chooses thresholds at which no wrong value of the training folds is accepted', () => {
    const items = [1, 2, 3, 4, 5].flatMap((fold) => [
      item(fold, `r${fold}a`, { bias: 1, good: 1 }, true),
      item(fold, `r${fold}b`, { bias: 1, bad: 1 }, false),
      item(fold, `r${fold}c`, { bias: 1, good: 1, bad: 1 }, false),
    ]);
    const cv = crossValidate(items, { lowConfidence: 0.7 });
    const accepted = cv.results.flatMap((r) => r.values.filter((v) => v.value.status === 'auto_accepted'));
    expect(accepted.filter((v) => !v.correct)).toEqual([]);
    expect(accepted.filter((v) => v.correct).length).toBeGreaterThan(0);
  });
});
