// A document that is not a report in scope, through the whole in-process pipeline on real
// Postgres: a notice of a Department of S&T whose text holds numbers the rules would read. It is
// stored, classified (type, issuer, reason) and set aside: no values, nothing to review, no
// submission; later runs leave it alone; an analyst can have it extracted all the same.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderStore } from '../../activities/document-store.ts';
import { createActivities } from '../../activities/index.ts';
import { forceExtraction } from '../../db/documents.ts';
import { documents, extractionRuns } from '../../db/schema.ts';
import { reportsReceived } from '../../db/submissions.ts';
import { listCurrentValues } from '../../db/values.ts';
import { ingestFolder } from '../../workflows/core/ingest-folder.ts';
import { inProcessReport } from '../../workflows/core/ingest-sources.ts';
import { rerunExtraction } from '../../workflows/core/rerun.ts';
import { makeNoticePdf } from '../helpers/make-documents.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
let work: string;
const activities = () =>
  createActivities({ db: t.handle.db, store: folderStore(join(work, 'store')), logger: pino({ level: 'silent' }), limits: { maxFileBytes: 10 * 1024 * 1024 } });

beforeAll(async () => {
  t = await createTestDatabase();
  work = await mkdtemp(join(tmpdir(), 'baocao-set-aside-'));
  await mkdir(join(work, 'inbox'));
  await writeFile(join(work, 'inbox', 'thong-bao-45.pdf'), await makeNoticePdf());
});
afterAll(async () => {
  await t?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('a notice in the inbox', () => {
  it('is stored and classified with its type, issuer and reason, and set aside: no run, no values, no submission', async () => {
    const summary = await ingestFolder(activities(), { dir: join(work, 'inbox'), trigger: 'ingest', concurrency: 1 });
    expect(summary).toMatchObject({ newDocuments: 1, failed: 0, accepted: 0, flagged: 0 });
    const outcome = summary.files[0]!;
    expect(outcome.status === 'processed' && outcome.report.status).toBe('set_aside');

    const [doc] = await t.handle.db.select().from(documents);
    expect(doc).toMatchObject({
      status: 'set_aside',
      documentType: 'thong_bao',
      issuer: 'Sở Khoa học và Công nghệ tỉnh Tây Ninh',
      issuerKind: 'so_khcn',
      documentNumber: '45/TB-SKHCN',
      issuedOn: '2025-06-12',
      provinceCode: '80',
      periodKey: '2025-H1',
      scope: 'not_a_report',
      extractionForced: false,
    });
    expect(doc!.scopeReason).toMatch(/^a thông báo \(thong_bao\), not a report/);
    expect(doc!.headerConfidence).toMatchObject({ documentType: 0.97, number: 1, date: 1 });
    expect(await t.handle.db.select().from(extractionRuns)).toEqual([]);
    expect(await listCurrentValues(t.handle.db)).toEqual([]);
    // Not a submission of Tây Ninh for the first half of 2025.
    expect(await reportsReceived(t.handle.db, '2025-H1')).toEqual([]);

    // The next run of the same folder leaves it alone.
    const again = await ingestFolder(activities(), { dir: join(work, 'inbox'), trigger: 'ingest', concurrency: 1 });
    expect(again).toMatchObject({ newDocuments: 0, processed: 0, unchanged: 1 });
  });

  it('is extracted when an analyst forces it, verified like any report, and then counts', async () => {
    const [doc] = await t.handle.db.select().from(documents);
    expect(await forceExtraction(t.handle.db, [doc!.id])).toBe(1);
    const acts = activities();
    const rerun = await rerunExtraction(acts, { documentIds: [doc!.id] }, inProcessReport(acts), 1);
    expect(rerun).toMatchObject({ selected: 1, extracted: 1, failed: 0, setAside: 0 });
    const [after] = await t.handle.db.select().from(documents).where(eq(documents.id, doc!.id));
    expect(after).toMatchObject({ status: 'extracted', scope: 'not_a_report', extractionForced: true });
    const values = await listCurrentValues(t.handle.db);
    expect(values.map((v) => [v.indicator, v.value]).sort()).toEqual(
      expect.arrayContaining([
        ['NV02', '19'],
        ['NV09', '14200'],
      ]),
    );
    expect((await reportsReceived(t.handle.db, '2025-H1')).map((r) => r.documentId)).toEqual([doc!.id]);
  });
});
