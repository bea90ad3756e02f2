// Pages scanned upside down or sideways: read in the orientation that reads best, with a warning,
// and the values found as on the upright page.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseReport } from '../../../../extractors/analyse.ts';
import { readUpright } from '../../../../extractors/parse/ocr/engine.ts';
import { createOcrEngine, type OcrEngine } from '../../../../extractors/parse/ocr/index.ts';
import type { OcrPage } from '../../../../extractors/parse/ocr/layout.ts';
import { DEFAULT_VERIFY_OPTIONS } from '../../../../extractors/verify/index.ts';
import { rotated } from './helpers.ts';

const annexPng = new URL('../../../../fixtures/scans/tayninh-2025-h1.p3.png', import.meta.url).pathname;

function page(confidence: number, chars = 100): OcrPage {
  return { number: 1, width: 10, height: 10, confidence, words: [{ text: 'x'.repeat(chars), confidence, bbox: { x0: 0, y0: 0, x1: 1, y1: 1 } }] };
}

describe('readUpright: which orientations are read', () => {
  it('reads a page that reads well once', async () => {
    const turns: number[] = [];
    const result = await readUpright(async (turn) => (turns.push(turn), page(0.9)));
    expect(turns).toEqual([0]);
    expect(result.turned).toBeUndefined();
  });

  it('does not turn a blank page (nothing to orient by)', async () => {
    const turns: number[] = [];
    await readUpright(async (turn) => (turns.push(turn), page(0.2, 3)));
    expect(turns).toEqual([0]);
  });

  it('stops at the first orientation that reads well and keeps it', async () => {
    const turns: number[] = [];
    const conf: Record<number, number> = { 0: 0.4, 180: 0.92, 90: 0.95, 270: 0.95 };
    const result = await readUpright(async (turn) => (turns.push(turn), page(conf[turn]!)));
    expect(turns).toEqual([0, 180]);
    expect(result.turned).toBe(180);
    expect(result.confidence).toBe(0.92);
  });

  it('keeps the upright read when no orientation reads better (a poor photo)', async () => {
    const turns: number[] = [];
    const conf: Record<number, number> = { 0: 0.45, 180: 0.3, 90: 0.2, 270: 0.41 };
    const result = await readUpright(async (turn) => (turns.push(turn), page(conf[turn]!)));
    expect(turns).toEqual([0, 180, 90, 270]);
    expect(result.turned).toBeUndefined();
    expect(result.confidence).toBe(0.45);
  });
});

describe('a scanned annex page turned on the scanner', () => {
  let engine: OcrEngine;
  let upright: Map<string, string>;
  const ocr = () => ({ engine: async () => engine, maxPages: 5 });

  beforeAll(async () => {
    engine = await createOcrEngine();
    const result = await analyseReport(new Uint8Array(await readFile(annexPng)), { verify: DEFAULT_VERIFY_OPTIONS, ocr: ocr() });
    upright = new Map(result.values.map((v) => [v.indicator, v.value]));
  }, 120_000);
  afterAll(() => engine?.close());

  it.each([180, 90])(
    'turned %i degrees: read turned back, the same values as upright, and a warning',
    async (degrees) => {
      expect(upright.size).toBeGreaterThan(10);
      const bytes = await rotated(new Uint8Array(await readFile(annexPng)), degrees);
      const result = await analyseReport(bytes, { verify: DEFAULT_VERIFY_OPTIONS, ocr: ocr() });
      const got = new Map(result.values.map((v) => [v.indicator, v.value]));
      const same = [...upright].filter(([k, v]) => got.get(k) === v).length;
      expect(same / upright.size).toBeGreaterThanOrEqual(0.95);
      expect(result.parsed.warnings).toContainEqual({
        code: 'ocr_page_turned',
        page: expect.any(Number),
        message: expect.stringMatching(degrees === 180 ? /scanned upside down: read turned 180°/ : /scanned sideways: read turned 270°/),
      });
      expect(result.parsed.pages[0]!.ocrConfidence).toBeGreaterThan(0.8);
    },
    120_000,
  );
});
