// What a document process (child.ts) can be asked to do, with the inputs each task takes. The
// same functions run in process (extractors/steps.ts); here they run where a runaway can be
// stopped without losing the process that asked.
import { deadlineIn } from '../deadline.ts';
import { classifyDocument } from '../../extractors/classify.ts';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { OcrError } from '../../extractors/parse/ocr/errors.ts';
import { encodedImageSize, MAX_DECODE_PIXELS } from '../../extractors/parse/ocr/image.ts';
import type { OcrEngine } from '../../extractors/parse/ocr/index.ts';
import { imagePageSource, renderPdfPage, type ImageMediaType, type RenderLimits } from '../../extractors/parse/ocr/render.ts';
import { parseDocument } from '../../extractors/parse/index.ts';
import { readRules, type ParseLimits, type RulesStepOptions } from '../../extractors/steps.ts';
import type { CandidateValue, ParsedDocument } from '../../extractors/types.ts';
import { verifyCandidates, type VerifyOptions } from '../../extractors/verify/index.ts';

export interface TaskContext {
  /** Tells the parent how far the task is; throws when the parent cancelled it. */
  progress(details: unknown): void;
  /** The child's OCR engine (started on first use), or null when OCR is off. */
  ocr: (() => Promise<OcrEngine>) | null;
}

export interface ParseTask {
  bytes: Uint8Array;
  limits: ParseLimits;
  /** OCR reads at most this many pages (ocr.maxPages); absent: no OCR. */
  ocrMaxPages?: number;
  /** The time the document has left: checked between pages, as in process (the parent kills the process a little after). */
  timeoutMs?: number | null;
}

export interface RenderTask {
  bytes: Uint8Array;
  mediaType: string;
  page: number;
  dpi: number;
  limits: RenderLimits;
}

export interface RenderedPage {
  bytes: Uint8Array;
  contentType: 'image/png' | 'image/jpeg';
}

export const TASKS = {
  async parse(input: ParseTask, ctx: TaskContext): Promise<ParsedDocument> {
    const deadline = input.timeoutMs != null ? deadlineIn(input.timeoutMs) : null;
    const ocr = ctx.ocr && input.ocrMaxPages !== undefined ? { engine: ctx.ocr, maxPages: input.ocrMaxPages } : null;
    return parseDocument(input.bytes, {
      ...input.limits,
      ...(ocr ? { ocr } : {}),
      onPage: (page, pages) => {
        ctx.progress({ page, pages });
        deadline?.checkPage(page, pages);
      },
    });
  },
  async classify(input: { doc: ParsedDocument }) {
    return classifyDocument(input.doc);
  },
  async rules(input: { doc: ParsedDocument; options: RulesStepOptions }) {
    return readRules(input.doc, input.options);
  },
  async verify(input: { candidates: CandidateValue[]; doc: ParsedDocument; options: VerifyOptions }) {
    return verifyCandidates(input.candidates, input.doc, input.options);
  },
  /** One page image of a stored PDF or scan, for the review pane, at most `limits.maxPixels`. */
  async render(input: RenderTask): Promise<RenderedPage> {
    if (input.mediaType === 'application/pdf')
      return { bytes: await renderPdfPage(input.bytes, input.page, input.dpi, input.limits), contentType: 'image/png' };
    const source = imagePageSource(input.bytes, input.mediaType as ImageMediaType, { maxPixels: input.limits.maxPixels });
    if (input.page > source.count) throw Object.assign(new Error(`the scan has ${source.count} page${source.count === 1 ? '' : 's'}`), { name: 'NoSuchPage' });
    const image = await source.page(input.page - 1);
    const size = encodedImageSize(image);
    const maxPixels = input.limits.maxPixels;
    if (size && maxPixels !== undefined && size.width * size.height > maxPixels) {
      // A scan far larger than a screen is scaled down here, not in the reviewer's browser.
      if (size.width * size.height > MAX_DECODE_PIXELS)
        throw new OcrError('too_large', `page ${input.page} is not drawn: it is ${size.width} x ${size.height} pixels`);
      const scale = Math.sqrt(maxPixels / (size.width * size.height));
      const picture = await loadImage(Buffer.from(image.buffer, image.byteOffset, image.byteLength));
      const canvas = createCanvas(Math.max(1, Math.round(size.width * scale)), Math.max(1, Math.round(size.height * scale)));
      canvas.getContext('2d').drawImage(picture, 0, 0, canvas.width, canvas.height);
      return { bytes: new Uint8Array(await canvas.encode('png')), contentType: 'image/png' };
    }
    return { bytes: image, contentType: image[0] === 0xff && image[1] === 0xd8 ? 'image/jpeg' : 'image/png' };
  },
} as const;

export type TaskName = keyof typeof TASKS;
export type TaskInput<T extends TaskName> = Parameters<(typeof TASKS)[T]>[0];
export type TaskResult<T extends TaskName> = Awaited<ReturnType<(typeof TASKS)[T]>>;
