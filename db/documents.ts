// Documents: one row per distinct file content (sha256), with its classification and state.
import { eq, inArray, sql } from 'drizzle-orm';
import type { Classification } from '../extractors/types.ts';
import type { Database } from './client.ts';
import { documents, type DocumentRow, type NewDocumentRow, type ProvinceConflict } from './schema.ts';

/** Inserts the document unless its sha256 is known; either way returns the row and whether it is new. */
export async function registerDocument(db: Database, row: NewDocumentRow): Promise<{ document: DocumentRow; isNew: boolean }> {
  const inserted = await db.insert(documents).values(row).onConflictDoNothing({ target: documents.sha256 }).returning();
  if (inserted[0]) return { document: inserted[0], isNew: true };
  const existing = await db.select().from(documents).where(eq(documents.sha256, row.sha256));
  if (!existing[0]) throw new Error(`document ${row.sha256} vanished while registering it`);
  return { document: existing[0], isNew: false };
}

export async function getDocument(db: Database, id: number): Promise<DocumentRow> {
  const rows = await db.select().from(documents).where(eq(documents.id, id));
  if (!rows[0]) throw new Error(`no document with id ${id}`);
  return rows[0];
}

/**
 * An extracted document stays extracted when parsed again (a re-run, or a second run that
 * processed it at the same time): its current run is still valid, and marking it parsed would
 * have the next run process it once more.
 */
export async function markDocumentParsed(db: Database, id: number, pageCount: number, mediaType: string): Promise<void> {
  await db
    .update(documents)
    .set({
      status: sql`CASE WHEN ${documents.status} = 'extracted' THEN ${documents.status} ELSE 'parsed' END`,
      pageCount,
      mediaType,
      error: null,
      failureCode: null,
    })
    .where(eq(documents.id, id));
}

/** `conflict`: the provinces the report is also tied to (its source's, a second one its header names), or null. */
export async function saveClassification(db: Database, id: number, c: Classification, conflict: ProvinceConflict | null = null): Promise<void> {
  await db
    .update(documents)
    .set({
      provinceConflict: conflict,
      provinceCode: c.provinceCode,
      periodKind: c.period?.kind ?? null,
      periodStart: c.period?.start ?? null,
      periodEnd: c.period?.end ?? null,
      periodLabel: c.period?.label ?? null,
      periodKey: c.period?.key ?? null,
      reportKind: c.reportKind,
      documentNumber: c.number,
      issuedOn: c.issuedOn,
      documentType: c.documentType ?? null,
      issuer: c.issuer?.name ?? null,
      issuerKind: c.issuer?.kind ?? null,
      issueYear: c.issueYear ?? null,
      signedAt: c.signedAt ? new Date(c.signedAt) : null,
      scope: c.scope ?? null,
      scopeReason: c.scopeReason ?? null,
      headerConfidence: c.headerConfidence ?? null,
    })
    .where(eq(documents.id, id));
}

/**
 * A document classified as no report in scope is set aside: stored, searchable, not extracted,
 * and not processed again by later runs. One extracted earlier keeps its current run until an
 * analyst decides (a re-run after a classifier change must not silently withdraw values).
 */
export async function markDocumentSetAside(db: Database, id: number): Promise<void> {
  await db
    .update(documents)
    .set({
      status: sql`CASE WHEN ${documents.status} = 'extracted' THEN ${documents.status} ELSE 'set_aside' END`,
      error: null,
      processingSince: null,
      interruptedRuns: 0,
    })
    .where(eq(documents.id, id));
}

/** An analyst's request to extract these documents whatever their scope (the next run does). */
export async function forceExtraction(db: Database, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db.update(documents).set({ extractionForced: true }).where(inArray(documents.id, ids)).returning({ id: documents.id });
  return rows.length;
}

/**
 * A final failure (bad input, a resource limit) marks the document failed, with its code; a
 * retryable one only records the error, so the document stays unfinished for the next run. An
 * extracted document keeps its status either way: its current run is still valid. Either way the
 * run is over with it (it did not die while processing it).
 */
export async function markDocumentFailed(db: Database, id: number, error: string, final: boolean, code: string | null = null): Promise<void> {
  await db
    .update(documents)
    .set(
      final
        ? {
            status: sql`CASE WHEN ${documents.status} = 'extracted' THEN ${documents.status} ELSE 'failed' END`,
            error,
            failureCode: code,
            processingSince: null,
            interruptedRuns: 0,
          }
        : { error, processingSince: null },
    )
    .where(eq(documents.id, id));
}

/**
 * A run starts processing the document. If the last run that started it never finished it (its
 * process died: out of memory, killed), that is counted; the count is returned. A run that
 * finishes it, or records why it could not, clears the mark (markDocumentFailed, storeExtraction).
 */
export async function beginProcessing(db: Database, id: number): Promise<number> {
  const [row] = await db
    .update(documents)
    .set({
      interruptedRuns: sql`CASE WHEN ${documents.processingSince} IS NULL THEN ${documents.interruptedRuns} ELSE ${documents.interruptedRuns} + 1 END`,
      processingSince: sql`now()`,
    })
    .where(eq(documents.id, id))
    .returning({ interruptedRuns: documents.interruptedRuns });
  if (!row) throw new Error(`no document with id ${id}`);
  return row.interruptedRuns;
}
