// The limits on one document, set as an operator sets them (environment -> loadConfig ->
// the runtime's activities), enforced on real reports against real Postgres: a PDF over
// limits.maxPages and a Word file over limits.maxUnpackedBytes are refused with the setting
// named; a document past limits.documentTimeoutMs is stopped (between text pages, between OCR
// pages) and recorded as failed for good, and the run goes on to store the next file.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import type { OcrEngine } from '../../extractors/parse/ocr/index.ts';
import { loadConfig } from '../../app/config.ts';
import { activitiesOver } from '../../app/runtime.ts';
import { documents, extractionRuns } from '../../db/schema.ts';
import { parseDocument } from '../../extractors/parse/index.ts';
import { ingestFolder, type FileOutcome, type IngestSummary } from '../../workflows/core/ingest-folder.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const fixtures = new URL('../../fixtures/', import.meta.url).pathname;
const logger = pino({ level: 'silent' });

let t: TestDatabase;
let work: string;
let empty: string;

beforeAll(async () => {
  t = await createTestDatabase();
  work = await mkdtemp(join(tmpdir(), 'baocao-limits-'));
  empty = join(work, 'empty.yaml');
  await writeFile(empty, '');
});
afterAll(async () => {
  await t?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** The configuration from these variables alone (no temporal.yaml), one report at a time so that "next" means next. */
function configWith(env: Record<string, string>) {
  return loadConfig({ file: empty, env: { BAOCAO_DATA_DIR: join(work, 'data'), BAOCAO_INGEST_CONCURRENCY: '1', ...env } });
}

/** A folder holding copies of fixture files under the given names (ingest takes them in name order). */
async function folder(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  for (const [as, from] of Object.entries(files)) await copyFile(join(fixtures, from), join(dir, as));
  return dir;
}

async function ingestWith(env: Record<string, string>, dir: string): Promise<IngestSummary> {
  const config = configWith(env);
  const runtime = activitiesOver(config, t.handle.db, logger);
  try {
    return await ingestFolder(runtime.activities, { dir, trigger: 'ingest', concurrency: config.limits.ingestConcurrency });
  } finally {
    await runtime.close();
  }
}

function outcome(summary: IngestSummary, file: string): Extract<FileOutcome, { status: 'processed' }> {
  const found = summary.files.find((f) => f.path.endsWith(`/${file}`));
  expect(found?.status, file).toBe('processed');
  return found as Extract<FileOutcome, { status: 'processed' }>;
}

async function documentRow(documentId: number) {
  const [row] = await t.handle.db.select().from(documents).where(eq(documents.id, documentId));
  return row!;
}

async function currentRuns(documentId: number) {
  return t.handle.db.select().from(extractionRuns).where(eq(extractionRuns.documentId, documentId));
}

/** The next file was stored: extracted, with a current run holding values. */
async function expectStored(summary: IngestSummary, file: string): Promise<void> {
  const next = outcome(summary, file);
  expect(next.report.status, file).toBe('extracted');
  expect(next.report.status === 'extracted' && next.report.accepted + next.report.flagged).toBeGreaterThan(5);
  expect((await documentRow(next.file.documentId)).status).toBe('extracted');
  expect((await currentRuns(next.file.documentId)).filter((r) => r.isCurrent)).toHaveLength(1);
}

describe('limits.maxPages', () => {
  it('refuses a PDF over it before reading a page, naming the setting, and stores the next file', async () => {
    const dir = await folder('max-pages', { 'a-report.pdf': 'reports/tayninh-2025-h1.pdf', 'b-next.docx': 'reports/bacgiang-2024.docx' });
    const summary = await ingestWith({ BAOCAO_MAX_PAGES: '2' }, dir);
    expect(summary).toMatchObject({ processed: 2, failed: 1 });

    const refused = outcome(summary, 'a-report.pdf');
    expect(refused.report).toMatchObject({ status: 'failed', stage: 'parse' });
    const reason = refused.report.status === 'failed' ? refused.report.reason : '';
    expect(reason).toMatch(/^PDF has 4 pages, the limit is 2: not read/);
    expect(reason).toMatch(/limits\.maxPages/);
    // Bad input: final, recorded on the document, never tried again.
    expect(await documentRow(refused.file.documentId)).toMatchObject({ status: 'failed', error: reason, pageCount: null });
    await expectStored(summary, 'b-next.docx');
  });
});

describe('limits.maxUnpackedBytes', () => {
  it('refuses a Word document whose parts declare more, naming the setting, and stores the next file', async () => {
    const dir = await folder('max-unpacked', { 'a-report.docx': 'reports/hcm-2024-9m.docx', 'b-next.pdf': 'reports/hcm-2024-9m.pdf' });
    const summary = await ingestWith({ BAOCAO_MAX_UNPACKED_BYTES: '16384' }, dir);
    expect(summary).toMatchObject({ processed: 2, failed: 1 });

    const refused = outcome(summary, 'a-report.docx');
    const reason = refused.report.status === 'failed' ? refused.report.reason : '';
    expect(reason).toMatch(
      /^Word document is refused: its parts unpack to [\d.]+ KiB .*, the limit is 16\.0 KiB \(limits\.maxUnpackedBytes\); raise limits\.maxUnpackedBytes to read it$/,
    );
    expect(await documentRow(refused.file.documentId)).toMatchObject({ status: 'failed', error: reason });
    await expectStored(summary, 'b-next.pdf');
  });

  it('reads the same document at the default', async () => {
    const doc = await parseDocument(new Uint8Array(await readFile(join(fixtures, 'reports/hcm-2024-9m.docx'))), {
      maxUnpackedBytes: configWith({}).limits.maxUnpackedBytes,
    });
    expect(doc.pages.length).toBeGreaterThan(0);
  });
});

describe('limits.documentTimeoutMs', () => {
  it('stops a multi-page report between pages, records it as failed for good, and the run stores the next file', async () => {
    const dir = await folder('timeout', { 'a-long.pdf': 'reports/bacgiang-2024.pdf', 'b-next.docx': 'reports/danang-2025-q3.docx' });
    // 1 ms: past before the first page is read. A DOCX has no pages to stop between and rules
    // take milliseconds, so the next file goes through whole.
    const summary = await ingestWith({ BAOCAO_DOCUMENT_TIMEOUT_MS: '1' }, dir);
    expect(summary).toMatchObject({ processed: 2, failed: 1 });

    const stopped = outcome(summary, 'a-long.pdf');
    expect(stopped.report).toMatchObject({ status: 'failed', stage: 'parse' });
    const reason = stopped.report.status === 'failed' ? stopped.report.reason : '';
    expect(reason).toBe(
      'took longer than 1 ms (limits.documentTimeoutMs): stopped after page 1 of 4; not tried again (raise the limit and re-run the document)',
    );
    expect(await documentRow(stopped.file.documentId)).toMatchObject({ status: 'failed', error: reason });
    expect(await currentRuns(stopped.file.documentId)).toEqual([]);
    await expectStored(summary, 'b-next.docx');

    // Failed for good: the next ingest of the folder leaves it alone rather than spending the time again.
    const again = await ingestWith({ BAOCAO_DOCUMENT_TIMEOUT_MS: '1' }, dir);
    expect(again).toMatchObject({ processed: 0, unchanged: 2, failed: 0 });
  });

  it('stops a scan in the OCR page loop: no page is started after the limit', async () => {
    const scan = join(fixtures, 'scans/reports/bacgiang-2024.scan.pdf');
    const bytes = new Uint8Array(await readFile(scan));
    // The text pass over the scan's (empty) text layer must fit in the limit, so that it is
    // OCR that runs past it: the limit is set well above what the text pass takes here.
    const began = performance.now();
    await parseDocument(bytes).catch(() => null);
    const textPass = performance.now() - began;
    const timeoutMs = Math.round(3 * textPass + 1000);

    // In this process (documentProcesses 0), so that the engine's pages can be counted: what is
    // tested is the check between OCR pages; the process that is killed is the next test's.
    const config = configWith({ BAOCAO_DOCUMENT_TIMEOUT_MS: String(timeoutMs), BAOCAO_OCR_WORKERS: '1', BAOCAO_DOCUMENT_PROCESSES: '0' });
    const runtime = activitiesOver(config, t.handle.db, logger);
    let recognized = 0;
    const counting = async (): Promise<OcrEngine> => {
      const engine = await runtime.deps.ocr!.engine();
      return new Proxy(engine, {
        get(target, name) {
          const value = Reflect.get(target, name, target);
          if (name === 'recognize') return (...args: Parameters<OcrEngine['recognize']>) => (recognized++, target.recognize(...args));
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    };
    const { steps: _inProcess, ...deps } = runtime.deps;
    const acts = createActivities({ ...deps, ocr: { maxPages: runtime.deps.ocr!.maxPages, engine: counting } });
    try {
      const dir = await folder('timeout-ocr', { 'a-scan.pdf': 'scans/reports/bacgiang-2024.scan.pdf', 'b-next.docx': 'reports/tayninh-2025-h1.docx' });
      const summary = await ingestFolder(acts, { dir, trigger: 'ingest', concurrency: 1 });
      const stopped = outcome(summary, 'a-scan.pdf');
      const reason = stopped.report.status === 'failed' ? stopped.report.reason : '';
      expect(reason).toMatch(/^took longer than [\d.]+ s \(limits\.documentTimeoutMs\): stopped after page (\d) of 4;/);
      const page = Number(/after page (\d) of 4/.exec(reason)![1]);
      // OCR read some pages, then started no other: one worker, so exactly the pages done.
      expect(recognized, `text pass ${Math.round(textPass)} ms, limit ${timeoutMs} ms`).toBeGreaterThan(0);
      expect(recognized).toBe(page);
      expect(recognized).toBeLessThan(4);
      expect(await documentRow(stopped.file.documentId)).toMatchObject({ status: 'failed', error: reason, failureCode: 'resource_limit' });
      await expectStored(summary, 'b-next.docx');
    } finally {
      await runtime.close();
    }
  }, 180_000);

  it('kills the process reading a document that outlives its time, whatever it is doing, and the run stores the next file', async () => {
    // 1.5 s: the scan's text pass, the OCR engine starting in the document process and its first
    // page take longer; the process is killed at the limit (plus the grace for the page in hand)
    // however far it got, rather than when it next looks at the clock.
    const config = configWith({ BAOCAO_DOCUMENT_TIMEOUT_MS: '1500', BAOCAO_OCR_WORKERS: '1' });
    const runtime = activitiesOver(config, t.handle.db, logger);
    try {
      const dir = await folder('timeout-kill', { 'a-scan.pdf': 'scans/reports/danang-2025-q3.scan.pdf', 'b-next.pdf': 'reports/danang-2025-q3.pdf' });
      const summary = await ingestFolder(runtime.activities, { dir, trigger: 'ingest', concurrency: 1 });
      const stopped = outcome(summary, 'a-scan.pdf');
      const reason = stopped.report.status === 'failed' ? stopped.report.reason : '';
      expect(reason).toMatch(/^took longer than 1\.5 s \(limits\.documentTimeoutMs\): stopped (after page \d of \d|while reading it.*and its process killed);/);
      expect(await documentRow(stopped.file.documentId)).toMatchObject({ status: 'failed', error: reason, failureCode: 'resource_limit' });
      await expectStored(summary, 'b-next.pdf');
    } finally {
      await runtime.close();
    }
  }, 120_000);
});
