// A long-lived pool of tesseract.js workers (WebAssembly in worker threads), shared by every
// document a process OCRs.
//
// Offline by construction: the language data comes from the @tesseract.js-data/<lang> npm packages
// (the 4.0.0_best_int folders: LSTM-only, integer weights), read from disk with gzip on and caching
// off. Every file is checked before a worker starts: tesseract.js fetches anything it does not find
// locally, and a failed load inside a worker is thrown where nobody can catch it, so a missing file
// must be caught here, as OcrError('language_data_missing').
//
// Why not tesseract.js's own Scheduler: it has no way to take a worker out (a page that hangs
// keeps its worker "running" for ever) and its terminate() leaves queued jobs unsettled. The pool
// here is the same first-free-worker queue plus what a service needs: a per-page timeout that
// rejects with OcrError('timeout') and replaces the worker (terminating a wasm thread is the only
// way to stop it), replacement of a worker that dies, and close() that rejects what is queued.
//
// A page is prepared (decoded, made grey, ruling lines found and erased; see image.ts) on the
// calling thread only when a worker is free to take it, so the queue holds encoded bytes, never
// decoded pages.
import { constants as fsConstants } from 'node:fs';
import { createHash } from 'node:crypto';
import { access, mkdir, readFile, readlink, rm, stat, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import Tesseract from 'tesseract.js';
import { DEFAULT_LANGUAGES } from './defaults.ts';
import { OcrError, reasonOf } from './errors.ts';
import { cellSheet, inkedEmptyCells, wordsFromSheet } from './cells.ts';
import { DEFAULT_PREPARE_STEPS, encodePgm, prepareImage, type PreparedImage, type PrepareSteps, type QuarterTurn } from './image.ts';
import type { OcrPage, OcrWord } from './layout.ts';

export { OcrError, isOcrError, type OcrErrorCode } from './errors.ts';

const require = createRequire(import.meta.url);

export interface OcrEngineOptions {
  /** Worker threads, each holding one tesseract instance (~100 MB). Default: os.availableParallelism(). */
  workers?: number;
  /** Tesseract languages joined by "+". Default 'vie' (its Latin alphabet reads the English words of a report too; see DEFAULT_LANGUAGES). */
  languages?: string;
  /** A page still running after this long is abandoned with OcrError('timeout'). Default 60000. */
  pageTimeoutMs?: number;
  /**
   * One folder holding <lang>.traineddata.gz for every language. Default: each language's
   * node_modules/@tesseract.js-data/<lang>/4.0.0_best_int folder.
   */
  langPath?: string;
  /** Page segmentation mode of the page pass (tesseract --psm). Default 11: sparse text, as many words as it finds, in any order (layout puts them in order). */
  pageSegMode?: number;
  /** Image preparation steps to switch off or on (defaults: DEFAULT_PREPARE_STEPS); for measuring them. */
  prepare?: Partial<PrepareSteps>;
  /** Read badly-reading pages turned too (upside-down and sideways scans). Default true. */
  detectOrientation?: boolean;
}

export interface OcrRecognizeOptions {
  /** Overrides the engine's page timeout for this page. */
  timeoutMs?: number;
}

export interface OcrEngine {
  /** How many pages run at once: callers keep this many pages in flight, no more. */
  readonly workers: number;
  /** OCR of one page image (PNG or JPEG bytes). Rejects with an OcrError. */
  recognize(image: Uint8Array, pageNumber: number, options?: OcrRecognizeOptions): Promise<OcrPage>;
  /** Terminates the workers; queued pages are rejected. Safe to call twice. */
  close(): Promise<void>;
}

export { DEFAULT_LANGUAGES } from './defaults.ts';
export const DEFAULT_PAGE_TIMEOUT_MS = 60_000;
/** tesseract.js's worker script behind two guards (no network; a failed start ends the thread). */
const WORKER_SCRIPT = fileURLToPath(new URL('./worker.cjs', import.meta.url));
/** Starting a worker (wasm compile + language data) takes ~1-3 s; this is the limit. */
const START_TIMEOUT_MS = 120_000;

/** The folder each language's data is read from, and the file inside it. */
export function languageFile(lang: string, langPath?: string): string {
  if (langPath) return path.join(langPath, `${lang}.traineddata.gz`);
  let dir: string;
  try {
    dir = path.join(path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), '4.0.0_best_int');
  } catch {
    throw new OcrError('language_data_missing', `OCR language data for "${lang}" is not installed: npm install @tesseract.js-data/${lang}`);
  }
  return path.join(dir, `${lang}.traineddata.gz`);
}

/** Every language file exists and is an intact gzip; throws OcrError('language_data_missing'). */
async function checkLanguageFiles(langs: string[], langPath?: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const lang of langs) {
    if (!/^[a-z_]{3,12}$/i.test(lang)) throw new OcrError('language_data_missing', `"${lang}" is not a tesseract language code`);
    const file = languageFile(lang, langPath);
    try {
      await access(file, fsConstants.R_OK);
      if (!(await stat(file)).isFile()) throw new Error('not a file');
    } catch {
      throw new OcrError('language_data_missing', `OCR language data for "${lang}" not found: expected ${file}`);
    }
    try {
      // Decompressing checks the gzip CRC, and a traineddata file starts with its count of
      // components (int32, a few dozen): a bad file would otherwise fail inside a worker's start.
      const data = gunzipSync(await readFile(file));
      const components = data.length >= 8 ? data.readInt32LE(0) : -1;
      if (components < 1 || components > 256 || data.length < 1024) throw new Error('not a tesseract traineddata file');
    } catch (error) {
      throw new OcrError('language_data_missing', `OCR language data for "${lang}" is damaged (${file}): ${reasonOf(error)}`, { cause: error });
    }
    files.set(lang, file);
  }
  return files;
}

/**
 * tesseract.js reads every language from one langPath. When the languages live in different
 * folders (one npm package each), a folder of symbolic links stands in for them: under the temp
 * folder, named after the files it links to, so every engine and process with the same files
 * shares it and nothing accumulates.
 */
async function langFolder(files: Map<string, string>): Promise<string> {
  const dirs = new Set([...files.values()].map((f) => path.dirname(f)));
  if (dirs.size === 1) return [...dirs][0]!;
  const key = createHash('sha256')
    .update(JSON.stringify([...files.entries()].sort()))
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(os.tmpdir(), `baocao-ocr-lang-${key}`);
  try {
    await mkdir(dir, { recursive: true });
    for (const [lang, file] of files) {
      const link = path.join(dir, `${lang}.traineddata.gz`);
      const current = await readlink(link).catch(() => null);
      if (current === file) continue;
      await rm(link, { force: true });
      await symlink(file, link).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error; // another engine made it meanwhile
      });
    }
  } catch (error) {
    throw new OcrError('failed', `could not prepare the OCR language folder ${dir}: ${reasonOf(error)}`, { cause: error });
  }
  return dir;
}

interface Job {
  image: Uint8Array;
  pageNumber: number;
  timeoutMs: number;
  resolve: (page: OcrPage) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Tesseract.Worker | null;
  /** Set while a worker is being (re)started. */
  starting: Promise<void> | null;
  busy: boolean;
  /** Fails the running job (worker thread died). */
  abort: ((error: OcrError) => void) | null;
  dead: boolean;
}

export async function createOcrEngine(options: OcrEngineOptions = {}): Promise<OcrEngine> {
  const workers = Math.max(1, Math.floor(options.workers ?? os.availableParallelism()));
  const languages = options.languages ?? DEFAULT_LANGUAGES;
  const defaultTimeout = options.pageTimeoutMs ?? DEFAULT_PAGE_TIMEOUT_MS;
  const psm = String(options.pageSegMode ?? 11);
  const steps: PrepareSteps = { ...DEFAULT_PREPARE_STEPS, ...options.prepare };
  const detectOrientation = options.detectOrientation ?? true;
  const langs = languages.split('+').filter((l) => l !== '');
  if (langs.length === 0) throw new OcrError('language_data_missing', 'no OCR language given');
  const files = await checkLanguageFiles(langs, options.langPath);
  const langDir = await langFolder(files);

  let closed = false;
  let startError: string | null = null;
  const queue: Job[] = [];
  const slots: Slot[] = [];

  async function spawn(): Promise<Tesseract.Worker> {
    let timer: NodeJS.Timeout | undefined;
    let failure: string | null = null;
    let started = false;
    let failStart: ((error: OcrError) => void) | undefined;
    const creating = Tesseract.createWorker(
      langs.join('+'),
      Tesseract.OEM.LSTM_ONLY,
      {
        langPath: langDir,
        workerPath: WORKER_SCRIPT,
        gzip: true,
        cacheMethod: 'none',
        logger: () => {},
        // Without a handler tesseract.js rethrows a failed job inside its message listener, where it
        // cannot be caught and ends the process. Failures reach us through the job's promise.
        errorHandler: (e: unknown) => {
          failure = reasonOf(e);
          // During the start (loading the language data, initialising) a failure leaves
          // createWorker's promise pending for ever: give up on this worker now.
          if (!started) failStart?.(new OcrError('failed', `OCR worker did not start: tesseract could not load its core or the language data (${failure})`));
        },
      },
      {
        // tesseract prints diagnostics ("Estimating resolution as ...", "Empty page!!") on stdout,
        // which is where `baocao extract --json` writes its answer.
        debug_file: '/dev/null',
      } as unknown as Partial<Tesseract.InitOptions>,
    );
    const timeout = new Promise<never>((_, reject) => {
      failStart = reject;
      timer = setTimeout(
        () => reject(new OcrError('failed', `OCR worker did not start within ${START_TIMEOUT_MS / 1000} s${failure ? `: ${failure}` : ''}`)),
        START_TIMEOUT_MS,
      );
    });
    try {
      const worker = await Promise.race([creating, timeout]);
      started = true;
      await worker.setParameters({ tessedit_pageseg_mode: psm as Tesseract.PSM, debug_file: '/dev/null' });
      return worker;
    } catch (error) {
      if (!started) {
        // We gave up on it: a worker that still shows up later is terminated at once.
        creating.then(
          (w) => void w.terminate().catch(() => {}),
          () => {},
        );
      }
      if (error instanceof OcrError) throw error;
      throw new OcrError('failed', `OCR worker did not start: ${reasonOf(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  function watch(slot: Slot, worker: Tesseract.Worker): void {
    // The raw worker thread: a crash inside it emits 'error' (unhandled, that would end the process).
    const thread = (worker as unknown as { worker?: { on?: (event: string, fn: (arg: unknown) => void) => void } }).worker;
    thread?.on?.('error', (error) => {
      if (slot.worker !== worker) return;
      slot.abort?.(new OcrError('failed', `OCR worker crashed: ${reasonOf(error)}`, { cause: error }));
      replace(slot);
    });
    // A thread that ends while still in use (we null slot.worker before terminating ours).
    thread?.on?.('exit', (code) => {
      if (slot.worker !== worker) return;
      slot.abort?.(new OcrError('failed', `OCR worker stopped unexpectedly (exit code ${String(code)})`));
      replace(slot);
    });
  }

  function start(slot: Slot): Promise<void> {
    const starting = (async () => {
      let lastError: unknown;
      for (let attempt = 0; attempt < 2 && !closed; attempt++) {
        try {
          const worker = await spawn();
          if (closed) {
            await worker.terminate().catch(() => {});
            return;
          }
          slot.worker = worker;
          watch(slot, worker);
          return;
        } catch (error) {
          lastError = error;
        }
      }
      slot.dead = true;
      startError = reasonOf(lastError).replace(/^OCR worker did not start: /, '');
      if (slots.every((s) => s.dead)) {
        const error = lastError instanceof OcrError ? lastError : new OcrError('failed', `OCR workers could not start: ${reasonOf(lastError)}`);
        for (const job of queue.splice(0)) job.reject(error);
      }
    })().finally(() => {
      slot.starting = null;
      pump();
    });
    slot.starting = starting;
    return starting;
  }

  /** Terminates the slot's worker and starts another in its place. */
  function replace(slot: Slot): void {
    const old = slot.worker;
    slot.worker = null;
    slot.busy = false;
    slot.abort = null;
    if (old) void old.terminate().catch(() => {});
    if (!closed) void start(slot);
  }

  function pump(): void {
    if (closed) return;
    for (const slot of slots) {
      if (queue.length === 0) return;
      if (slot.busy || slot.dead || slot.starting || !slot.worker) continue;
      const job = queue.shift()!;
      void run(slot, slot.worker, job);
    }
  }

  async function run(slot: Slot, worker: Tesseract.Worker, job: Job): Promise<void> {
    slot.busy = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      const what = `page ${job.pageNumber} image`;
      const prepared = await prepareImage(job.image, what, 0, steps);
      const result = await new Promise<OcrPage>((resolve, reject) => {
        slot.abort = reject;
        timer = setTimeout(() => {
          reject(new OcrError('timeout', `OCR of page ${job.pageNumber} took longer than ${formatMs(job.timeoutMs)} and was stopped`));
        }, job.timeoutMs);
        // tesseract.js throws where nobody can catch it when a terminated worker is called:
        // every call first checks the worker is still this slot's.
        const alive = () => !closed && slot.worker === worker;
        if (!alive()) reject(new OcrError('failed', closed ? 'the OCR engine was closed' : `OCR of page ${job.pageNumber} lost its worker`));
        else {
          const read = (turn: QuarterTurn) =>
            (turn === 0 ? Promise.resolve(prepared) : prepareImage(job.image, what, turn, steps)).then((p) => recognizePage(worker, job.pageNumber, p, alive));
          (detectOrientation ? readUpright(read) : read(0)).then(resolve, reject);
        }
      });
      job.resolve(result);
    } catch (error) {
      if (error instanceof OcrError) {
        job.reject(error);
        // A timed-out or crashed worker is still busy (or gone): only a new thread frees the slot.
        if (error.code === 'timeout' || error.code === 'failed') {
          clearTimeout(timer);
          if (slot.worker === worker) replace(slot);
          return;
        }
      } else {
        job.reject(new OcrError('failed', `OCR of page ${job.pageNumber} failed: ${reasonOf(error)}`, { cause: error }));
      }
    } finally {
      clearTimeout(timer);
      if (slot.worker === worker) {
        slot.busy = false;
        slot.abort = null;
      }
      pump();
    }
  }

  for (let i = 0; i < workers; i++) slots.push({ worker: null, starting: null, busy: false, abort: null, dead: false });
  // Start them all; fail fast (and clean up) when none can start.
  await Promise.all(slots.map((s) => start(s)));
  if (slots.every((s) => s.dead)) {
    throw new OcrError('failed', `no OCR worker could be started${startError ? `: ${startError}` : ''}`);
  }

  return {
    workers,
    recognize(image: Uint8Array, pageNumber: number, opts?: OcrRecognizeOptions): Promise<OcrPage> {
      if (closed) return Promise.reject(new OcrError('failed', 'the OCR engine is closed'));
      if (slots.every((s) => s.dead)) return Promise.reject(new OcrError('failed', 'no OCR worker is running'));
      return new Promise<OcrPage>((resolve, reject) => {
        queue.push({ image, pageNumber, timeoutMs: Math.max(1, opts?.timeoutMs ?? defaultTimeout), resolve, reject });
        pump();
      });
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      for (const job of queue.splice(0)) job.reject(new OcrError('failed', 'the OCR engine was closed'));
      await Promise.all(slots.map((s) => s.starting?.catch(() => {})));
      await Promise.all(
        slots.map(async (s) => {
          s.abort?.(new OcrError('failed', 'the OCR engine was closed'));
          const w = s.worker;
          s.worker = null;
          s.dead = true;
          if (w) await w.terminate().catch(() => {});
        }),
      );
    },
  };
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}

function toBuffer(b: Uint8Array): Buffer {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Below this mean confidence a page with text on it may be turned (scanned upside down or
 * sideways): the other orientations are read too and the best one is kept. Upright pages of the
 * scan fixtures read at 0.80-0.93, upside-down ones at 0.3-0.5 (see the issue note).
 */
export const ORIENTATION_CHECK_BELOW = 0.6;
/** Fewer characters than this is a blank or nearly blank page: nothing to orient by. */
const ORIENTATION_MIN_CHARS = 20;

function pageChars(page: OcrPage): number {
  return page.words.reduce((n, w) => n + w.text.length, 0);
}

/**
 * Reads the page as it is and, when that reads badly, turned 180 degrees, then 90 and 270, keeping
 * the orientation with the highest confidence (stopping at the first that reads well). Costs
 * nothing on pages that read well; a poor photo costs up to four reads.
 */
export async function readUpright(read: (turn: QuarterTurn) => Promise<OcrPage>): Promise<OcrPage> {
  let best = await read(0);
  if (best.confidence >= ORIENTATION_CHECK_BELOW || pageChars(best) < ORIENTATION_MIN_CHARS) return best;
  for (const turn of [180, 90, 270] as const) {
    const page = await read(turn);
    if (page.confidence > best.confidence && pageChars(page) >= ORIENTATION_MIN_CHARS) best = { ...page, turned: turn };
    if (best.confidence >= ORIENTATION_CHECK_BELOW) break;
  }
  return best;
}

/** The page pass (sparse text: finds the most words, in any order), then the empty-cell pass. */
async function recognizePage(worker: Tesseract.Worker, pageNumber: number, prepared: PreparedImage, alive: () => boolean): Promise<OcrPage> {
  const gone = () => new OcrError('failed', `OCR of page ${pageNumber} lost its worker`);
  const first = await worker.recognize(toBuffer(prepared.pgm), {}, { text: false, blocks: true });
  const { words, slopes } = wordsOf(first.data, prepared.width);
  const { crops, dashes } = inkedEmptyCells(prepared.gray, prepared.width, prepared.height, prepared.rules, words);
  words.push(...dashes);
  if (crops.length > 0) {
    if (!alive()) throw gone();
    const sheet = cellSheet(prepared.gray, prepared.width, crops);
    const second = await worker.recognize(
      toBuffer(encodePgm(sheet.gray, sheet.width, sheet.height)),
      { tessedit_pageseg_mode: '6' } as Partial<Tesseract.RecognizeOptions>,
      { text: false, blocks: true },
    );
    words.push(...wordsFromSheet(sheet, wordsOf(second.data, sheet.width).words));
  }
  const chars = words.reduce((n, w) => n + w.text.length, 0);
  const confidence = chars > 0 ? words.reduce((s, w) => s + w.confidence * w.text.length, 0) / chars : 0;
  slopes.sort((a, b) => a - b);
  const skew = slopes.length >= 3 ? slopes[Math.floor(slopes.length / 2)]! : 0;
  return {
    number: pageNumber,
    width: prepared.width,
    height: prepared.height,
    words,
    confidence: Math.round(confidence * 1000) / 1000,
    rules: prepared.rules,
    ...(Math.abs(skew) >= 0.001 ? { skew } : {}),
  };
}

/** tesseract's block tree -> words with 0..1 confidences, and the slopes of long baselines. */
function wordsOf(data: Tesseract.Page, width: number): { words: OcrWord[]; slopes: number[] } {
  const words: OcrWord[] = [];
  const slopes: number[] = [];
  for (const block of data.blocks ?? []) {
    for (const paragraph of block.paragraphs ?? []) {
      for (const line of paragraph.lines ?? []) {
        const b = line.baseline;
        if (b && b.x1 - b.x0 > width * 0.25) slopes.push((b.y1 - b.y0) / (b.x1 - b.x0));
        for (const w of line.words ?? []) {
          const text = (w.text ?? '').normalize('NFC').trim();
          if (text === '') continue;
          words.push({
            text,
            confidence: Math.max(0, Math.min(1, (w.confidence ?? 0) / 100)),
            bbox: { x0: w.bbox.x0, y0: w.bbox.y0, x1: w.bbox.x1, y1: w.bbox.y1 },
          });
        }
      }
    }
  }
  return { words, slopes };
}
