// `baocao eval` on scanned reports: the per-page character error rate scoring on its own, then the
// command's real computation (parse with OCR, classify, extract, verify, score) on a whole scanned
// report of fixtures/scans/reports against its truth and its source PDF's text. Real tesseract.js;
// one report of four pages, about 10-20 s on two cores.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEvaluation, type EvalRun } from '../../../../cli/commands/eval.ts';
import { ocrPageText, scoreOcrText } from '../../../../extractors/evaluation.ts';
import { createOcrEngine, type OcrEngine } from '../../../../extractors/parse/ocr/index.ts';
import type { ParsedPage } from '../../../../extractors/types.ts';
import { loadTruthFiles } from '../../../../fixtures/truth.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const SCANS = path.join(ROOT, 'fixtures/scans/reports');

const ocrPage = (number: number, texts: string[], ocrConfidence?: number): ParsedPage => ({
  number,
  source: 'ocr',
  ...(ocrConfidence === undefined ? {} : { ocrConfidence }),
  blocks: texts.map((text) => ({ kind: 'paragraph', page: number, text })),
});

describe('the character error rate of a scanned document (scoreOcrText)', () => {
  it('scores each reference page against the OCR page of the same number, table cells joined by spaces', () => {
    const table: ParsedPage = {
      number: 2,
      source: 'ocr',
      ocrConfidence: 0.8,
      blocks: [{ kind: 'table', page: 2, rows: [['1', 'Số cuộc thanh tra', '8']], text: '1 | Số cuộc thanh tra | 8' }],
    };
    expect(ocrPageText(table)).toBe('1 Số cuộc thanh tra 8');
    const score = scoreOcrText('x.scan.pdf', ['Nghiệm thu 15 đề tài', '1 Số cuộc thanh tra 8'], [ocrPage(1, ['Nghiêm thu 15 để tài'], 0.9), table]);
    expect(score.pages).toBe(2);
    // Two diacritics wrong out of 20 characters; the table page exact.
    expect(score.perPage).toEqual([
      { page: 1, cer: 2 / 20, read: true, confidence: 0.9 },
      { page: 2, cer: 0, read: true, confidence: 0.8 },
    ]);
    expect(score.meanCer).toBeCloseTo(0.05, 10);
    expect(score.worst).toEqual({ page: 1, cer: 0.1 });
    expect(score.meanConfidence).toBeCloseTo(0.85, 10);
  });

  it('a page OCR did not deliver counts as read as nothing, and a text-layer page is not OCR', () => {
    const textPage: ParsedPage = { number: 1, source: 'text', blocks: [{ kind: 'paragraph', page: 1, text: 'abc' }] };
    const score = scoreOcrText('x.scan.pdf', ['abc', 'def'], [textPage]);
    expect(score.perPage.map((p) => [p.cer, p.read])).toEqual([
      [1, false],
      [1, false],
    ]);
    expect(score.meanConfidence).toBeNull();
    expect(scoreOcrText('empty.pdf', [], []).worst).toBeNull();
  });
});

describe('baocao eval on a whole scanned report (real OCR)', () => {
  let engine: OcrEngine;
  let run: EvalRun;
  let seconds: number;

  beforeAll(async () => {
    engine = await createOcrEngine({ workers: 2 });
    const truths = (await loadTruthFiles(SCANS)).filter((t) => t.truth.file === 'tayninh-2025-h1.scan.pdf');
    expect(truths).toHaveLength(1);
    const started = performance.now();
    run = await runEvaluation(truths, { ocr: { engine: async () => engine, maxPages: 20 } });
    seconds = (performance.now() - started) / 1000;
  }, 180_000);

  afterAll(async () => {
    await engine?.close();
  });

  it('scores the scan under its own format with the recall and F1 it reaches, and accepts nothing wrong', () => {
    const { result, classification } = run;
    const [scan] = result.byFormat;
    console.log(
      `tayninh-2025-h1.scan.pdf: ${seconds.toFixed(1)} s, recall ${scan!.recall.toFixed(3)}, precision ${scan!.precision.toFixed(3)}, F1 ${scan!.f1.toFixed(3)}; ` +
        `missed ${result.missed.map((m) => m.indicator).join(' ')}; wrong ${result.mistakes.map((m) => `${m.indicator}=${m.extracted}`).join(' ')}`,
    );
    expect(result.byFormat.map((s) => s.key)).toEqual(['scan']);
    expect(scan!.truth).toBe(30); // unique indicators of the Tây Ninh truth
    // Measured 28/30 (0.933), F1 0.966. Lost to OCR: TD06 (its annex cell "11" read "ti") and SH05
    // (the row group "SỞ HỮU TRÍ TUỆ" read "TUE", and the SH05 row rule needs that group).
    expect(scan!.recall).toBeGreaterThanOrEqual(0.85);
    expect(scan!.f1).toBeGreaterThanOrEqual(0.9);
    expect(scan!.autoPrecision).toBe(1);
    expect(result.mistakes.filter((m) => m.status === 'auto_accepted')).toEqual([]);
    expect(classification.wrong).toEqual([]);
  });

  it('measures the character error rate of every page against the source PDF, and the OCR confidence', () => {
    const [row] = run.ocrText;
    expect(run.ocrText).toHaveLength(1);
    console.log(
      `CER per page ${row!.perPage.map((p) => p.cer.toFixed(3)).join(' ')}, mean ${row!.meanCer.toFixed(3)}, confidence ${row!.meanConfidence?.toFixed(3)}`,
    );
    expect(row!.file).toBe('tayninh-2025-h1.scan.pdf');
    expect(row!.pages).toBe(4);
    expect(row!.perPage.every((p) => p.read && p.confidence !== null)).toBe(true);
    // Measured: 0.029 0.044 0.018 0.036 (mean 0.032) at 300 dpi with grain, blur and JPEG 50.
    expect(row!.meanCer).toBeGreaterThan(0); // a scan is never read perfectly: the reference is not the OCR text itself
    expect(row!.meanCer).toBeLessThan(0.06);
    expect(row!.worst!.cer).toBeLessThan(0.09);
    expect(row!.meanConfidence!).toBeGreaterThan(0.85);
  });
});
