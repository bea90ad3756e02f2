// The image side of OCR without tesseract: checks, ruling lines, skew, TIFF pages, CER.
import { describe, expect, it } from 'vitest';
import { cer, levenshtein } from '../../../../extractors/parse/ocr/cer.ts';
import { OcrError } from '../../../../extractors/parse/ocr/errors.ts';
import { checkEncodedImage, eraseRules, estimateSkew, findRules, prepareImage, tiffPages } from '../../../../extractors/parse/ocr/image.ts';
import { imagePages } from '../../../../extractors/parse/ocr/render.ts';
import { drawPng, greyPixels, greyTiff } from './helpers.ts';

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(OcrError);
    return (error as OcrError).code;
  }
}

describe('checkEncodedImage', () => {
  it('refuses empty, foreign and cut-short images as bad_image, with a reason', async () => {
    const png = await drawPng(200, 100, (ctx) => ctx.fillRect(20, 20, 50, 10));
    expect(checkEncodedImage(png)).toEqual({ width: 200, height: 100 });
    expect(codeOf(() => checkEncodedImage(new Uint8Array(0)))).toBe('bad_image');
    expect(codeOf(() => checkEncodedImage(new TextEncoder().encode('not an image at all')))).toBe('bad_image');
    expect(codeOf(() => checkEncodedImage(png.subarray(0, png.length - 20)))).toBe('bad_image');
    expect(() => checkEncodedImage(png.subarray(0, 60))).toThrow(/cut short/);
    expect(() => checkEncodedImage(new Uint8Array(0))).toThrow(/empty/);
  });
});

describe('ruling lines', () => {
  it('finds the rules of a grid, keeps the text, and erases the rules', async () => {
    const png = await drawPng(1200, 700, (ctx) => {
      ctx.lineWidth = 2;
      for (const x of [100, 300, 700, 1100]) {
        ctx.beginPath();
        ctx.moveTo(x, 100);
        ctx.lineTo(x, 600);
        ctx.stroke();
      }
      for (const y of [100, 250, 400, 600]) {
        ctx.beginPath();
        ctx.moveTo(100, y);
        ctx.lineTo(1100, y);
        ctx.stroke();
      }
      ctx.font = '32px sans-serif';
      ctx.fillText('Số 12.430', 320, 190);
    });
    const { width, height, gray } = await greyPixels(png);
    const rules = findRules(gray, width, height);
    expect(rules.vertical.map((r) => Math.round((r.x0 + r.x1) / 2))).toEqual([100, 300, 700, 1100]);
    expect(rules.horizontal.map((r) => Math.round((r.y0 + r.y1) / 2))).toEqual([100, 250, 400, 600]);
    const inkBefore = gray.filter((v) => v < 128).length;
    eraseRules(gray, width, height, rules);
    const inkAfter = gray.filter((v) => v < 128).length;
    expect(inkAfter).toBeGreaterThan(300); // the text is still there
    expect(inkAfter).toBeLessThan(inkBefore / 3);
    expect(findRules(gray, width, height)).toEqual({ horizontal: [], vertical: [] });
  });

  it('finds nothing on a blank page', async () => {
    const { width, height, gray } = await greyPixels(await drawPng(600, 800));
    expect(findRules(gray, width, height)).toEqual({ horizontal: [], vertical: [] });
  });
});

describe('estimateSkew', () => {
  const textLike = (degrees: number) =>
    drawPng(1400, 1000, (ctx) => {
      ctx.translate(700, 500);
      ctx.rotate((degrees * Math.PI) / 180);
      ctx.translate(-700, -500);
      // Lines of "words": runs of small blocks with gaps, like text at a distance.
      for (let y = 120; y < 900; y += 40) for (let x = 150; x < 1250; x += 70) ctx.fillRect(x, y, 50 + ((x * 7 + y) % 13), 14);
    });

  it('measures the tilt of text lines, either way', async () => {
    for (const degrees of [0, 1.5, -2.2]) {
      const { width, height, gray } = await greyPixels(await textLike(degrees));
      expect(Math.abs(estimateSkew(gray, width, height) - degrees)).toBeLessThanOrEqual(0.15);
    }
  });

  it('levels a tilted page before the rules are looked for', async () => {
    const png = await drawPng(1400, 1000, (ctx) => {
      ctx.translate(700, 500);
      ctx.rotate((1.5 * Math.PI) / 180);
      ctx.translate(-700, -500);
      for (let y = 120; y < 900; y += 40) for (let x = 150; x < 1250; x += 70) ctx.fillRect(x, y, 50, 14);
      ctx.fillRect(100, 950, 1200, 2);
    });
    const prepared = await prepareImage(png);
    expect(prepared.rules.horizontal).toHaveLength(1);
    const rule = prepared.rules.horizontal[0]!;
    expect(rule.x1 - rule.x0).toBeGreaterThan(1100);
    expect(rule.y1 - rule.y0).toBeLessThanOrEqual(4);
  });
});

describe('TIFF pages', () => {
  const page = (width: number, height: number, shade: number) => ({ width, height, gray: new Uint8Array(width * height).fill(shade) });

  it('decodes every page of a multi-page TIFF to PNG, one at a time, up to the cap', async () => {
    const tiff = greyTiff([page(300, 200, 255), page(320, 240, 10), page(100, 80, 128)]);
    const source = tiffPages(tiff);
    expect(source.count).toBe(3);
    const second = await greyPixels(await source.page(1));
    expect([second.width, second.height, second.gray[0]]).toEqual([320, 240, 10]);
    const pngs = await imagePages(tiff, 'image/tiff', 2);
    expect(pngs).toHaveLength(2);
    expect(Array.from(pngs[0]!.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('refuses a damaged TIFF as bad_image', () => {
    expect(codeOf(() => tiffPages(new Uint8Array([0x49, 0x49, 0x2a, 0x00, 0xff, 0xff, 0xff, 0x7f])))).toBe('bad_image');
    expect(codeOf(() => tiffPages(new Uint8Array(0)))).toBe('bad_image');
  });

  it('passes PNG and JPEG files through as their single page', async () => {
    const png = await drawPng(10, 10);
    expect(await imagePages(png, 'image/png', 5)).toEqual([png]);
    expect(await imagePages(png, 'image/png', 0)).toEqual([]);
  });
});

describe('cer', () => {
  it('counts edits per reference character over NFC text with collapsed whitespace', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(cer('Nhiệm vụ', 'Nhiệm  vụ\n')).toBe(0);
    expect(cer('Nhiệm vụ'.normalize('NFD'), 'Nhiệm vụ')).toBe(0);
    expect(cer('Nhiệm vụ', 'Nhiem vụ')).toBeCloseTo(1 / 8, 10);
    expect(cer('', '')).toBe(0);
    expect(cer('', 'x')).toBe(1);
  });
});
