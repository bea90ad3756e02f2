// One report, one review. A province often sends the same report twice: as DOCX and as PDF,
// or again, unchanged, a week later. Each file is its own document (different bytes), but they
// are one logical report: the first to be extracted is its head, the others are linked to it as
// copies (documents.copy_of_id), and a value the copies share ("twins": the same indicator and
// the same number) is reviewed once. A report sent again whose values differ is a new version:
// it supersedes the head (documents.supersedes_id), whose values then wait for nobody.
//
// The rules, decided when a document's first extraction is stored (a re-run keeps them):
//   same province, period and document number as an extracted head, and
//   - no indicator with a different number, and the same indicators or another format: a copy;
//   - otherwise: a new version of the head.
// A document without a number, province or period is never linked: nothing says it is the same
// report.
import { Decimal } from 'decimal.js';
import { and, eq, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Database } from './client.ts';
import { documents, extractedValues, extractionRuns, reviewDecisions, type DocumentRow, type StoredValueStatus } from './schema.ts';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
type Queryable = Database | Transaction;

export type ReportLink = { kind: 'copy'; headId: number } | { kind: 'version'; supersedes: number; changed: string[] };

/**
 * The condition a flagged value must meet to wait in the review queue, over the tables of the
 * query it is used in (their names or aliases): its run is current, no extracted document
 * supersedes its document, and no twin on an earlier copy of the same report waits already.
 */
export function awaitingReview(v = 'extracted_values', r = 'extraction_runs', d = 'documents'): SQL {
  const [V, R, D] = [sql.raw(`"${v}"`), sql.raw(`"${r}"`), sql.raw(`"${d}"`)];
  return sql`(${V}.status = 'flagged' and ${R}.is_current
    and not exists (select 1 from documents nv where nv.supersedes_id = ${D}.id and nv.status = 'extracted')
    and not exists (
      select 1 from documents d2
      join extraction_runs r2 on r2.document_id = d2.id and r2.is_current
      join extracted_values v2 on v2.run_id = r2.id
      where coalesce(d2.copy_of_id, d2.id) = coalesce(${D}.copy_of_id, ${D}.id) and d2.id < ${D}.id
        and v2.indicator_id = ${V}.indicator_id and v2.value = ${V}.value and v2.status = 'flagged'))`;
}

/** The values of a document's current run: indicator -> number. */
async function currentValues(q: Queryable, documentId: number): Promise<Map<string, string>> {
  const rows = await q
    .select({ indicator: extractedValues.indicatorId, value: extractedValues.value })
    .from(extractedValues)
    .innerJoin(extractionRuns, eq(extractedValues.runId, extractionRuns.id))
    .where(and(eq(extractionRuns.documentId, documentId), eq(extractionRuns.isCurrent, true)));
  return new Map(rows.map((r) => [r.indicator, r.value]));
}

/** What `values` (a new document's first extraction) makes of it beside `head`'s current values. */
export function compareWithHead(
  values: Map<string, string>,
  head: Map<string, string>,
  sameFormat: boolean,
): { kind: 'copy' } | { kind: 'version'; changed: string[] } {
  const changed = [...values].filter(([id, value]) => head.has(id) && !new Decimal(head.get(id)!).eq(value)).map(([id]) => id);
  const sameIndicators = values.size === head.size && [...values.keys()].every((id) => head.has(id));
  if (changed.length === 0 && (sameIndicators || !sameFormat)) return { kind: 'copy' };
  return { kind: 'version', changed: changed.sort() };
}

/**
 * Links a document whose first extraction was just stored (in `tx`, under the publication lock
 * of its province and period) to the head of its report, if it has one. Returns the link made.
 */
export async function linkToReport(tx: Transaction, doc: DocumentRow): Promise<ReportLink | null> {
  if (doc.supersedesId !== null || doc.copyOfId !== null) return null;
  if (!doc.provinceCode || !doc.periodKey || !doc.documentNumber) return null;
  const [head] = await tx
    .select({ id: documents.id, mediaType: documents.mediaType })
    .from(documents)
    .where(
      and(
        ne(documents.id, doc.id),
        eq(documents.provinceCode, doc.provinceCode),
        eq(documents.periodKey, doc.periodKey),
        eq(documents.documentNumber, doc.documentNumber),
        eq(documents.status, 'extracted'),
        isNull(documents.copyOfId),
        sql`not exists (select 1 from documents nv where nv.supersedes_id = ${documents.id} and nv.status = 'extracted' and nv.id <> ${doc.id})`,
      ),
    )
    .orderBy(sql`${documents.id} desc`)
    .limit(1);
  if (!head) return null;
  const outcome = compareWithHead(await currentValues(tx, doc.id), await currentValues(tx, head.id), head.mediaType === doc.mediaType);
  if (outcome.kind === 'copy') {
    await tx.update(documents).set({ copyOfId: head.id }).where(eq(documents.id, doc.id));
    await adoptDecisions(tx, doc.id);
    return { kind: 'copy', headId: head.id };
  }
  await tx.update(documents).set({ supersedesId: head.id }).where(eq(documents.id, doc.id));
  return { kind: 'version', supersedes: head.id, changed: outcome.changed };
}

interface Twin {
  id: number;
  documentId: number;
  status: StoredValueStatus;
  value: string;
}

/** The twins of a value: the same indicator and number in the current runs of the other copies of its report. */
export async function twinsOf(q: Queryable, valueId: number): Promise<Twin[]> {
  const { rows } = await q.execute<{ id: number; document_id: number; status: StoredValueStatus; value: string }>(sql`
    select v2.id, r2.document_id, v2.status, v2.value
    from extracted_values v
    join extraction_runs r on r.id = v.run_id
    join documents d on d.id = r.document_id
    join documents d2 on coalesce(d2.copy_of_id, d2.id) = coalesce(d.copy_of_id, d.id) and d2.id <> d.id
    join extraction_runs r2 on r2.document_id = d2.id and r2.is_current
    join extracted_values v2 on v2.run_id = r2.id and v2.indicator_id = v.indicator_id and v2.value = v.value
    where v.id = ${valueId}
    order by r2.document_id`);
  return rows.map((r) => ({ id: Number(r.id), documentId: Number(r.document_id), status: r.status, value: String(r.value) }));
}

type DecisionRow = typeof reviewDecisions.$inferSelect;

/** Records on `twin` the decision a reviewer made on its twin, and gives it the same status. */
async function repeatDecision(tx: Transaction, twin: { id: number }, decision: DecisionRow, status: StoredValueStatus): Promise<void> {
  const [last] = await tx
    .select({ action: reviewDecisions.action, newValue: reviewDecisions.newValue })
    .from(reviewDecisions)
    .where(eq(reviewDecisions.valueId, twin.id))
    .orderBy(sql`${reviewDecisions.id} desc`)
    .limit(1);
  const [value] = await tx.select({ value: extractedValues.value }).from(extractedValues).where(eq(extractedValues.id, twin.id));
  const before = last?.action === 'correct' && last.newValue !== null ? last.newValue : value!.value;
  await tx.insert(reviewDecisions).values({
    valueId: twin.id,
    reviewer: decision.reviewer,
    reviewerId: decision.reviewerId,
    action: decision.action,
    oldValue: before,
    newValue: decision.newValue,
    comment: decision.comment,
    copyOfDecisionId: decision.copyOfDecisionId ?? decision.id,
    decidedAt: decision.decidedAt,
  });
  await tx.update(extractedValues).set({ status }).where(eq(extractedValues.id, twin.id));
}

/**
 * After a reviewer decided `valueId` (which stood at `previousStatus`): the twins that stood
 * where it stood get the same decision. Returns the documents whose values changed.
 */
export async function repeatOnCopies(
  tx: Transaction,
  valueId: number,
  previousStatus: StoredValueStatus,
  decision: DecisionRow,
  status: StoredValueStatus,
): Promise<number[]> {
  const twins = (await twinsOf(tx, valueId)).filter((t) => t.status === previousStatus);
  for (const twin of twins) await repeatDecision(tx, twin, decision, status);
  return [...new Set(twins.map((t) => t.documentId))];
}

/** A new copy's flagged values whose twin was decided already take that decision. */
async function adoptDecisions(tx: Transaction, documentId: number): Promise<void> {
  const flagged = await tx
    .select({ id: extractedValues.id })
    .from(extractedValues)
    .innerJoin(extractionRuns, eq(extractedValues.runId, extractionRuns.id))
    .where(and(eq(extractionRuns.documentId, documentId), eq(extractionRuns.isCurrent, true), eq(extractedValues.status, 'flagged')));
  for (const value of flagged) {
    const decided = (await twinsOf(tx, value.id)).find((t) => t.status === 'approved' || t.status === 'corrected' || t.status === 'rejected');
    if (!decided) continue;
    const [decision] = await tx.select().from(reviewDecisions).where(eq(reviewDecisions.valueId, decided.id)).orderBy(sql`${reviewDecisions.id} desc`).limit(1);
    if (decision) await repeatDecision(tx, value, decision, decided.status);
  }
}

export interface ReportCopy {
  id: number;
  name: string;
  mediaType: string;
  /** head: the first copy; copy: another copy of it. */
  role: 'head' | 'copy';
}

/** Every copy of the report a document belongs to, itself included, head first. */
export async function copiesOf(q: Queryable, documentId: number): Promise<ReportCopy[]> {
  const { rows } = await q.execute<{ id: number; name: string; media_type: string; copy_of_id: number | null }>(sql`
    select d2.id, d2.original_name as name, d2.media_type, d2.copy_of_id
    from documents d join documents d2 on coalesce(d2.copy_of_id, d2.id) = coalesce(d.copy_of_id, d.id)
    where d.id = ${documentId}
    order by d2.copy_of_id nulls first, d2.id`);
  return rows.map((r) => ({ id: Number(r.id), name: r.name, mediaType: r.media_type, role: r.copy_of_id === null ? 'head' : 'copy' }));
}
