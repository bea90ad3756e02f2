// One report, one review (db/one-report.ts), through the real pipeline against real Postgres:
// the DOCX and the PDF of Hồ Chí Minh's 9-month report 2024 (the same values flagged in each,
// NV01 228 among them: it is less than its parts NV10 + NV11 + NV12) are one report, reviewed
// once; the same DOCX sent again with other bytes but the same figures is a third copy; sent
// again with one figure changed it is a new version that replaces the report in the queue.
// What the extractor flags is read from the database, not assumed here.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideValue } from '../../db/decisions.ts';
import { copiesOf } from '../../db/one-report.ts';
import { pendingReviewCount } from '../../db/review.ts';
import { listReviewQueue } from '../../db/review-queue.ts';
import { rollup } from '../../db/rollup.ts';
import { documents, extractedValues, extractionRuns, publishedValues } from '../../db/schema.ts';
import { createUser, type AppUser } from '../../db/users.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { fixtureQueries, ingestFixtures } from '../web/helpers.ts';

const DOCX = 'hcm-2024-9m.docx';
const PDF = 'hcm-2024-9m.pdf';
const HCM = '79';

let t: TestDatabase;
let reviewer: AppUser;
const cleanups: (() => Promise<void>)[] = [];
const db = () => t.handle.db;
const { documentId, valueId, storedValue, decisionsOf } = fixtureQueries(db);

beforeAll(async () => {
  t = await createTestDatabase();
  // Ingested in name order: the DOCX first, so it heads the report.
  cleanups.push((await ingestFixtures(db(), [DOCX, PDF])).cleanup);
  reviewer = await createUser(db(), { username: 'rev.hcm', password: 'mật khẩu đủ dài 2025', role: 'reviewer', provinces: [HCM] });
});

afterAll(async () => {
  for (const c of cleanups) await c();
  await t?.drop();
});

const docRow = async (name: string) => (await db().select().from(documents).where(eq(documents.originalName, name)))[0]!;
const queue = () => listReviewQueue(db(), { scope: [HCM] });
/** The indicators a document's current run holds flagged, sorted. */
async function flaggedIn(name: string): Promise<string[]> {
  const rows = await db()
    .select({ indicator: extractedValues.indicatorId })
    .from(extractedValues)
    .innerJoin(extractionRuns, eq(extractedValues.runId, extractionRuns.id))
    .innerJoin(documents, eq(extractionRuns.documentId, documents.id))
    .where(and(eq(documents.originalName, name), eq(extractionRuns.isCurrent, true), eq(extractedValues.status, 'flagged')));
  return rows.map((r) => r.indicator).sort();
}
let flagged: string[];

describe('the DOCX and the PDF of one report', () => {
  it('are one report: the PDF is linked to the DOCX, and the queue lists each flagged value once', async () => {
    const [docx, pdf] = [await docRow(DOCX), await docRow(PDF)];
    expect(docx.copyOfId).toBeNull();
    expect(pdf.copyOfId).toBe(docx.id);
    expect(pdf.supersedesId).toBeNull();
    expect(await copiesOf(db(), pdf.id)).toEqual([
      { id: docx.id, name: DOCX, mediaType: docx.mediaType, role: 'head' },
      { id: pdf.id, name: PDF, mediaType: 'application/pdf', role: 'copy' },
    ]);
    flagged = await flaggedIn(DOCX);
    expect(flagged).toEqual(expect.arrayContaining(['NV01', 'NV10', 'NV11', 'NV12']));
    expect(await flaggedIn(PDF)).toEqual(flagged);
    const q = await queue();
    expect(q.total).toBe(flagged.length);
    expect(q.items.map((i) => i.indicator).sort()).toEqual(flagged);
    expect(new Set(q.items.map((i) => i.documentId))).toEqual(new Set([docx.id]));
    // Both documents still hold their own flagged values; only the head's wait.
    expect((await pendingReviewCount(db(), docx.id)).pending).toBe(flagged.length);
    expect((await pendingReviewCount(db(), pdf.id)).pending).toBe(0);
  });

  it('a decision on the queued value is recorded on both copies, and published once', async () => {
    const head = await valueId(DOCX, 'NV01');
    const twin = await valueId(PDF, 'NV01');
    const result = await decideValue(db(), {
      valueId: head,
      reviewer,
      action: 'correct',
      newValue: '1.204',
      expected: { status: 'flagged', lastDecisionId: null },
    });
    expect(result.copies).toEqual([await documentId(PDF)]);
    expect(await storedValue(head)).toMatchObject({ status: 'corrected', value: '228' });
    expect(await storedValue(twin)).toMatchObject({ status: 'corrected', value: '228' });
    const [original] = await decisionsOf(head);
    const [repeated, ...more] = await decisionsOf(twin);
    expect(more).toEqual([]);
    expect(repeated).toMatchObject({ reviewer: 'rev.hcm', action: 'correct', oldValue: '228', newValue: '1204', copyOfDecisionId: original!.id });
    const published = await db()
      .select()
      .from(publishedValues)
      .where(and(eq(publishedValues.provinceCode, HCM), eq(publishedValues.indicatorId, 'NV01')));
    expect(published).toEqual([expect.objectContaining({ value: '1204', valueId: head, decisionId: original!.id })]);
    expect((await rollup(db(), { indicator: 'NV01', period: '2024-9M' })).national).toMatchObject({ value: '1204', provinces: 1 });
    expect((await queue()).total).toBe(flagged.length - 1);
  });

  it('a reject reaches the twin too and withdraws nothing else; deciding the last value empties both documents', async () => {
    const rest = flagged.filter((i) => i !== 'NV01');
    for (const indicator of rest) {
      const action = indicator === 'NV11' ? 'reject' : 'approve';
      await decideValue(db(), { valueId: await valueId(DOCX, indicator), reviewer, action, expected: { status: 'flagged', lastDecisionId: null } });
      expect((await storedValue(await valueId(PDF, indicator))).status).toBe(action === 'approve' ? 'approved' : 'rejected');
    }
    expect(
      await db()
        .select()
        .from(publishedValues)
        .where(and(eq(publishedValues.provinceCode, HCM), eq(publishedValues.indicatorId, 'NV11'))),
    ).toEqual([]);
    expect((await queue()).total).toBe(0);
    expect((await pendingReviewCount(db(), await documentId(DOCX))).pending).toBe(0);
    expect((await pendingReviewCount(db(), await documentId(PDF))).pending).toBe(0);
    // The roll-up counts the report once: one published value per indicator, not two.
    const nv12 = await rollup(db(), { indicator: 'NV12', period: '2024-9M' });
    expect(nv12.national.value).toBe('156');
    expect(nv12.provinces.find((p) => p.code === HCM)!.parts).toHaveLength(1);
  });
});

describe('a report sent again', () => {
  it('with other bytes but the same figures is another copy, and takes the decisions already made', async () => {
    // The same figures, one sentence reworded: the bytes (and the SHA-256) differ.
    const again = { name: 'hcm-2024-9m-gui-lai.docx', from: DOCX, replace: [['Kính gửi', 'Kính gửi:']] as [string, string][] };
    cleanups.push((await ingestFixtures(db(), [again])).cleanup);
    const copy = await docRow(again.name);
    expect(copy.copyOfId).toBe(await documentId(DOCX));
    expect((await storedValue(await valueId(again.name, 'NV01'))).status).toBe('corrected');
    const [adopted] = await decisionsOf(await valueId(again.name, 'NV01'));
    expect(adopted).toMatchObject({ action: 'correct', newValue: '1204' });
    expect((await queue()).total).toBe(0);
  });

  it('with a figure changed is a new version: it supersedes the report, whose values wait no more', async () => {
    const changed = { name: 'hcm-2024-9m-sua-doi.docx', from: DOCX, replace: [['>613<', '>614<']] as [string, string][] };
    cleanups.push((await ingestFixtures(db(), [changed])).cleanup);
    const version = await docRow(changed.name);
    expect(version.copyOfId).toBeNull();
    expect(version.supersedesId).toBe(await documentId(DOCX));
    // BX01 614 would replace the published 613: held for review; the old report's values are out of the queue.
    const q = await queue();
    expect(new Set(q.items.map((i) => i.documentId))).toEqual(new Set([version.id]));
    expect(q.items.find((i) => i.indicator === 'BX01')).toMatchObject({ value: '614', reasons: ['conflicts_with_published'] });
    // A new version is a new report to review: its flagged values wait again (NV01 228 among them), BX01 too.
    expect(q.items.map((i) => i.indicator).sort()).toEqual(await flaggedIn(changed.name));
    expect(q.items.map((i) => i.indicator)).toEqual(expect.arrayContaining(['BX01', 'NV01']));
  });
});
