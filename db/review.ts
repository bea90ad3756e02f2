// Queries behind re-runs and review reminders.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from './client.ts';
import { awaitingReview } from './one-report.ts';
import { documents, extractedValues, extractionRuns, indicators } from './schema.ts';

export interface DocumentSelection {
  documentIds?: number[];
  province?: string;
  period?: string;
  group?: string;
}

/** Documents matching a selection; filter selections take extracted documents only. */
export async function selectDocuments(db: Database, selection: DocumentSelection): Promise<{ documentId: number; sha256: string }[]> {
  const where: SQL[] = [];
  if (selection.documentIds) where.push(inArray(documents.id, selection.documentIds));
  else where.push(eq(documents.status, 'extracted'));
  if (selection.province) where.push(eq(documents.provinceCode, selection.province));
  if (selection.period) where.push(eq(documents.periodKey, selection.period));
  if (selection.group) {
    where.push(sql`exists (select 1 from ${extractionRuns} r join ${extractedValues} v on v.run_id = r.id join ${indicators} i on i.id = v.indicator_id
      where r.document_id = ${documents.id} and r.is_current and i.group_id = ${selection.group})`);
  }
  return db
    .select({ documentId: documents.id, sha256: documents.sha256 })
    .from(documents)
    .where(and(...where))
    .orderBy(documents.id);
}

/** The values of a document that wait in the review queue (a twin of a value on an earlier copy of the report waits there, not here). */
export async function pendingReviewCount(
  db: Database,
  documentId: number,
): Promise<{ pending: number; provinceCode: string | null; periodKey: string | null }> {
  const [doc] = await db.select({ provinceCode: documents.provinceCode, periodKey: documents.periodKey }).from(documents).where(eq(documents.id, documentId));
  if (!doc) throw new Error(`no document with id ${documentId}`);
  const [row] = await db
    .select({ pending: sql<number>`count(*)::int` })
    .from(extractedValues)
    .innerJoin(extractionRuns, eq(extractedValues.runId, extractionRuns.id))
    .innerJoin(documents, eq(extractionRuns.documentId, documents.id))
    .where(and(eq(extractionRuns.documentId, documentId), awaitingReview()));
  return { pending: row?.pending ?? 0, ...doc };
}
