// The whole in-process pipeline against real Postgres: the fixture reports and broken
// files in one folder, ingested twice through the orchestration core.
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { folderStore } from '../../activities/document-store.ts';
import { documents, extractionRuns, extractedValues, publishedValues } from '../../db/schema.ts';
import { listCurrentValues } from '../../db/values.ts';
import { loadTruthFiles } from '../../fixtures/truth.ts';
import { ingestFolder } from '../../workflows/core/ingest-folder.ts';
import { processReport } from '../../workflows/core/process-report.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const reportsDir = new URL('../../fixtures/reports/', import.meta.url).pathname;
const brokenDir = new URL('../../fixtures/broken/', import.meta.url).pathname;

let t: TestDatabase;
let work: string;
let inbox: string;

function activities() {
  return createActivities({
    db: t.handle.db,
    store: folderStore(join(work, 'store')),
    logger: pino({ level: 'silent' }),
    limits: { maxFileBytes: 10 * 1024 * 1024 },
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  work = await mkdtemp(join(tmpdir(), 'baocao-pipeline-'));
  inbox = join(work, 'inbox');
  await mkdir(inbox);
  for (const name of await readdir(reportsDir)) await copyFile(join(reportsDir, name), join(inbox, name));
  for (const name of await readdir(brokenDir)) await copyFile(join(brokenDir, name), join(inbox, `broken-${name}`));
});

afterAll(async () => {
  await t?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('ingesting a folder', () => {
  it('stores every report once, records bad files with a reason, and publishes accepted values', async () => {
    const truths = await loadTruthFiles(reportsDir);
    const summary = await ingestFolder(activities(), { dir: inbox, trigger: 'ingest', concurrency: 2 });

    const reports = truths.length;
    const broken = (await readdir(brokenDir)).length;
    expect(summary.files).toHaveLength(reports + broken);
    expect(summary.newDocuments).toBe(reports + broken);
    expect(summary.failed).toBe(broken);

    const rows = await t.handle.db.select().from(documents);
    const failed = rows.filter((d) => d.status === 'failed');
    expect(failed.map((d) => d.originalName).sort()).toEqual((await readdir(brokenDir)).map((n) => `broken-${n}`).sort());
    const reasonOf = (name: string) => failed.find((d) => d.originalName === `broken-${name}`)!.error;
    expect(reasonOf('empty.pdf')).toMatch(/empty/i);
    expect(reasonOf('encrypted.pdf')).toMatch(/password/i);
    expect(reasonOf('corrupt.pdf')).toMatch(/damaged|corrupt/i);
    expect(reasonOf('notes.pdf')).toMatch(/plain text/i);

    const extracted = rows.filter((d) => d.status === 'extracted');
    expect(extracted).toHaveLength(reports);
    for (const { truth } of truths) {
      const doc = extracted.find((d) => d.originalName === truth.file)!;
      expect(doc, truth.file).toBeDefined();
      expect({ province: doc.provinceCode, start: doc.periodStart, end: doc.periodEnd }).toEqual({
        province: truth.document.province_code,
        start: truth.document.period_start,
        end: truth.document.period_end,
      });
    }

    const values = await listCurrentValues(t.handle.db);
    expect(values.length).toBeGreaterThan(reports * 10);
    const published = await t.handle.db.select().from(publishedValues);
    const accepted = values.filter((v) => v.status === 'auto_accepted');
    // A DOCX and its PDF carry the same report: one published value per province, period and indicator.
    const slots = new Set(accepted.map((v) => `${v.provinceCode}|${v.periodKey}|${v.indicator}`));
    expect(published).toHaveLength(slots.size);
  });

  it('adds nothing when the same folder is ingested again', async () => {
    const count = async () => ({
      documents: (await t.handle.db.select().from(documents)).length,
      runs: (await t.handle.db.select().from(extractionRuns)).length,
      values: (await t.handle.db.select().from(extractedValues)).length,
    });
    const before = await count();
    const summary = await ingestFolder(activities(), { dir: inbox, trigger: 'ingest', concurrency: 2 });
    expect(summary.newDocuments).toBe(0);
    expect(summary.unchanged).toBe(summary.files.length);
    expect(await count()).toEqual(before);
  });

  it('the same bytes under another name are the same document', async () => {
    const [first] = (await readdir(reportsDir)).filter((n) => n.endsWith('.docx'));
    await copyFile(join(reportsDir, first!), join(inbox, 'copy-with-another-name.docx'));
    const summary = await ingestFolder(activities(), { dir: inbox, trigger: 'ingest', concurrency: 2 });
    expect(summary.newDocuments).toBe(0);
    expect(summary.files.find((f) => f.path.endsWith('copy-with-another-name.docx'))?.status).toBe('unchanged');
    expect((await t.handle.db.select().from(documents)).length).toBe(summary.files.length - 1);
  });

  it('a re-run adds a run beside the old one and moves the current mark', async () => {
    const [doc] = await t.handle.db.select().from(documents).where(eq(documents.status, 'extracted')).limit(1);
    const outcome = await processReport(activities(), { documentId: doc!.id, trigger: 'rerun' });
    expect(outcome.status).toBe('extracted');
    const runs = await t.handle.db.select().from(extractionRuns).where(eq(extractionRuns.documentId, doc!.id));
    expect(runs).toHaveLength(2);
    expect(runs.filter((r) => r.isCurrent).map((r) => r.trigger)).toEqual(['rerun']);
  });

  it('identical files in one run are processed once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baocao-twins-'));
    const [source] = (await readdir(reportsDir)).filter((n) => n.endsWith('.pdf'));
    // Bytes not seen before (a trailing comment keeps the PDF valid), under three names.
    const bytes = Buffer.concat([await readFile(join(reportsDir, source!)), Buffer.from('\n% twin\n')]);
    for (const name of ['a.pdf', 'b.pdf', 'c.pdf']) await writeFile(join(dir, name), bytes);
    const summary = await ingestFolder(activities(), { dir, trigger: 'ingest', concurrency: 3 });
    expect(summary.files.map((f) => f.status).sort()).toEqual(['duplicate', 'duplicate', 'processed']);
    expect({ new: summary.newDocuments, processed: summary.processed, failed: summary.failed }).toEqual({ new: 1, processed: 1, failed: 0 });
    await rm(dir, { recursive: true, force: true });
  });

  it('a file over the size limit is recorded as failed without being read or stored', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baocao-large-'));
    await writeFile(join(dir, 'huge.pdf'), Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4096, 0x20)]));
    const small = createActivities({
      db: t.handle.db,
      store: folderStore(join(work, 'store')),
      logger: pino({ level: 'silent' }),
      limits: { maxFileBytes: 1024 },
    });
    const summary = await ingestFolder(small, { dir, trigger: 'ingest', concurrency: 1 });
    expect(summary.failed).toBe(1);
    const [doc] = await t.handle.db.select().from(documents).where(eq(documents.originalName, 'huge.pdf'));
    expect(doc).toMatchObject({ status: 'failed', bytes: 4105, mediaType: 'application/pdf' });
    expect(doc!.error).toMatch(/too large/);
    expect(await folderStore(join(work, 'store')).has(doc!.storageKey)).toBe(false);
    await rm(dir, { recursive: true, force: true });
  });

  it('a file that cannot be read is reported and the rest goes on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baocao-unreadable-'));
    await writeFile(join(dir, 'a.pdf'), 'x');
    const acts = activities();
    const summary = await ingestFolder(
      { ...acts, listFolder: async () => [join(dir, 'missing.pdf'), join(dir, 'a.pdf')] },
      { dir, trigger: 'ingest', concurrency: 1 },
    );
    expect(summary.files.map((f) => f.status)).toEqual(['unreadable', 'processed']);
    expect(summary.failed).toBe(2);
    await rm(dir, { recursive: true, force: true });
  });
});
