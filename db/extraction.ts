// Storing an extraction: the run, its values and the publication of accepted values, in one
// transaction, so a half-written run is never visible. Re-running adds a run and moves the
// "current" mark; old runs stay for comparison.
import { Decimal } from 'decimal.js';
import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { periodFromKey } from '../extractors/periods.ts';
import type { VerifiedValue } from '../extractors/types.ts';
import { DEFAULT_HISTORY_JUMP_FACTOR, historyReason, type EarlierValue } from '../extractors/verify/history.ts';
import type { Database } from './client.ts';
import { linkToReport } from './one-report.ts';
import { lockPublicationSlot } from './publication-lock.ts';
import { documents, extractedValues, extractionRuns, publishedValues, type ExtractorConfig, type RunTrigger } from './schema.ts';
import { readingOf } from './values.ts';

export interface StoreExtractionInput {
  documentId: number;
  trigger: RunTrigger;
  rulesVersion: string;
  config: ExtractorConfig;
  values: VerifiedValue[];
  /** Model, versions, tokens and cost of the model side (zeros for rules alone). */
  usage: { model: string | null; promptVersion: string | null; schemaVersion: string | null; tokensIn: number; tokensOut: number; cost: string };
  startedAt: Date;
  /**
   * This run began because the document was unfinished. If it is extracted by now, another
   * run finished it meanwhile (two ingestions of one folder, two overlapping nightly runs),
   * or an earlier attempt of this very store committed but its answer was lost: its current
   * run is kept and nothing is added. Without it every store adds a run, as a re-run wants.
   */
  unlessExtracted?: boolean;
  /** verify.historyJumpFactor: how many times the earlier period's value a value may be before a reviewer sees it (default 10). */
  historyJumpFactor?: number;
}

export interface StoredExtraction {
  runId: number;
  accepted: number;
  flagged: number;
  published: number;
}

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Accepted values that would replace a different published value (a DOCX and its PDF that
 * disagree, a corrected report, a reviewer's decision) are held for review instead:
 * publication never silently changes a number.
 */
async function holdConflictingValues(tx: Transaction, slot: { provinceCode: string; periodKey: string }, values: VerifiedValue[]): Promise<VerifiedValue[]> {
  const accepted = values.filter((v) => v.status === 'auto_accepted').map((v) => v.indicator);
  if (accepted.length === 0) return values;
  const published = await tx
    .select({ indicatorId: publishedValues.indicatorId, value: publishedValues.value })
    .from(publishedValues)
    .where(
      and(eq(publishedValues.provinceCode, slot.provinceCode), eq(publishedValues.periodKey, slot.periodKey), inArray(publishedValues.indicatorId, accepted)),
    );
  const current = new Map(published.map((p) => [p.indicatorId, p.value]));
  return values.map((v) => {
    const existing = current.get(v.indicator);
    if (v.status !== 'auto_accepted' || existing === undefined || new Decimal(existing).eq(v.value)) return v;
    return { ...v, status: 'flagged', reasons: [...v.reasons, 'conflicts_with_published'] };
  });
}

type Slot = { provinceCode: string; periodKey: string; periodStart: string; periodEnd: string };

/** The kind of a period key ("2024-H1" is a half), so a half is compared with a half. */
const periodKind = (key: string) => periodFromKey(key, 'periodic')?.kind ?? key;

/**
 * Each value against the same province's published value of its indicator in the latest
 * earlier period of the same kind: one far from it is flagged (history_jump,
 * history_unit_slip) and carries the earlier value for the reviewer. Flagged values get the
 * reason and the earlier value too, so the reviewer sees everything against it.
 */
async function checkHistory(tx: Transaction, slot: Slot, values: VerifiedValue[], jumpFactor: number): Promise<VerifiedValue[]> {
  if (values.length === 0) return values;
  const rows = await tx
    .select({
      indicatorId: publishedValues.indicatorId,
      value: publishedValues.value,
      unit: publishedValues.unit,
      periodKey: publishedValues.periodKey,
      documentId: extractionRuns.documentId,
    })
    .from(publishedValues)
    .innerJoin(extractionRuns, eq(publishedValues.runId, extractionRuns.id))
    .where(
      and(
        eq(publishedValues.provinceCode, slot.provinceCode),
        lt(publishedValues.periodEnd, slot.periodStart),
        inArray(
          publishedValues.indicatorId,
          values.map((v) => v.indicator),
        ),
      ),
    )
    .orderBy(desc(publishedValues.periodEnd));
  const kind = periodKind(slot.periodKey);
  const latest = new Map<string, EarlierValue>();
  for (const r of rows) {
    if (latest.has(r.indicatorId) || periodKind(r.periodKey) !== kind) continue;
    latest.set(r.indicatorId, { value: r.value, unit: r.unit, periodKey: r.periodKey, documentId: r.documentId });
  }
  return values.map((v) => {
    const earlier = latest.get(v.indicator);
    const reason = earlier ? historyReason(v.indicator, v.value, earlier.value, jumpFactor) : null;
    if (!earlier || !reason) return v;
    return { ...v, status: 'flagged', reasons: [...v.reasons, reason], earlier };
  });
}

/** The document's current run and its counts (nothing newly published). */
async function currentRunCounts(tx: Transaction, documentId: number): Promise<StoredExtraction | null> {
  const [current] = await tx
    .select({ id: extractionRuns.id })
    .from(extractionRuns)
    .where(and(eq(extractionRuns.documentId, documentId), eq(extractionRuns.isCurrent, true)));
  if (!current) return null;
  const values = await tx.select({ status: extractedValues.status }).from(extractedValues).where(eq(extractedValues.runId, current.id));
  const accepted = values.filter((v) => v.status === 'auto_accepted').length;
  return { runId: current.id, accepted, flagged: values.length - accepted, published: 0 };
}

export async function storeExtraction(db: Database, input: StoreExtractionInput): Promise<StoredExtraction> {
  return db.transaction(async (tx) => {
    // Locks the document: two runs storing the same document at once queue here instead of
    // colliding on the one-current-run index.
    const [doc] = await tx.select().from(documents).where(eq(documents.id, input.documentId)).for('update');
    if (!doc) throw new Error(`no document with id ${input.documentId}`);
    if (input.unlessExtracted && doc.status === 'extracted') {
      const kept = await currentRunCounts(tx, input.documentId);
      if (kept) return kept;
    }
    const slot =
      doc.provinceCode && doc.periodKey && doc.periodStart && doc.periodEnd
        ? { provinceCode: doc.provinceCode, periodKey: doc.periodKey, periodStart: doc.periodStart, periodEnd: doc.periodEnd }
        : null;
    if (slot) await lockPublicationSlot(tx, slot.provinceCode, slot.periodKey);

    // What this document published before and no reviewer has decided is withdrawn: the new
    // run publishes afresh, so a value this run flags or no longer finds stops being published.
    await tx
      .delete(publishedValues)
      .where(
        and(
          isNull(publishedValues.decisionId),
          inArray(publishedValues.runId, tx.select({ id: extractionRuns.id }).from(extractionRuns).where(eq(extractionRuns.documentId, input.documentId))),
        ),
      );
    // A report whose content and source disagree on its province (or that names two) publishes
    // nothing until a reviewer has looked: every value waits, flagged province_mismatch.
    const checked = doc.provinceConflict
      ? input.values.map(
          (v): VerifiedValue => ({
            ...v,
            status: 'flagged',
            reasons: v.reasons.includes('province_mismatch') ? v.reasons : [...v.reasons, 'province_mismatch'],
          }),
        )
      : input.values;
    const values = slot
      ? await checkHistory(tx, slot, await holdConflictingValues(tx, slot, checked), input.historyJumpFactor ?? DEFAULT_HISTORY_JUMP_FACTOR)
      : checked;

    const [earlierRuns] = await tx.select({ n: sql<number>`count(*)::int` }).from(extractionRuns).where(eq(extractionRuns.documentId, input.documentId));
    const finishedAt = new Date();
    await tx
      .update(extractionRuns)
      .set({ isCurrent: false })
      .where(and(eq(extractionRuns.documentId, input.documentId), eq(extractionRuns.isCurrent, true)));
    const [run] = await tx
      .insert(extractionRuns)
      .values({
        documentId: input.documentId,
        trigger: input.trigger,
        status: 'succeeded',
        isCurrent: true,
        rulesVersion: input.rulesVersion,
        model: input.usage.model,
        promptVersion: input.usage.promptVersion,
        schemaVersion: input.usage.schemaVersion,
        tokensIn: input.usage.tokensIn,
        tokensOut: input.usage.tokensOut,
        cost: input.usage.cost,
        extractorConfig: input.config,
        startedAt: input.startedAt,
        finishedAt,
        durationMs: finishedAt.getTime() - input.startedAt.getTime(),
      })
      .returning({ id: extractionRuns.id });
    const runId = run!.id;
    const stored =
      values.length === 0
        ? []
        : await tx
            .insert(extractedValues)
            .values(
              values.map((v) => ({
                runId,
                indicatorId: v.indicator,
                ...readingOf(v),
                status: v.status,
                reasons: v.reasons,
                alternatives: v.alternatives ?? null,
                otherReadings: v.otherReadings ?? 0,
                earlier: v.earlier ?? null,
              })),
            )
            .returning({
              id: extractedValues.id,
              indicatorId: extractedValues.indicatorId,
              value: extractedValues.value,
              unit: extractedValues.unit,
              status: extractedValues.status,
            });

    let published = 0;
    if (slot) {
      for (const v of stored.filter((s) => s.status === 'auto_accepted')) {
        const result = await tx
          .insert(publishedValues)
          .values({ ...slot, indicatorId: v.indicatorId, value: v.value, unit: v.unit, runId, valueId: v.id })
          // Only an equal value of another document is met here (others were held above);
          // the first document to publish keeps the provenance.
          .onConflictDoNothing({ target: [publishedValues.provinceCode, publishedValues.periodKey, publishedValues.indicatorId] })
          .returning({ id: publishedValues.id });
        published += result.length;
      }
    }
    await tx
      .update(documents)
      .set({ status: 'extracted', error: null, failureCode: null, processingSince: null, interruptedRuns: 0 })
      .where(eq(documents.id, input.documentId));
    // A document's first extraction says whether it is another copy, or a new version, of a
    // report already here (db/one-report.ts); under the slot's lock, so two copies stored at
    // once are linked one after the other.
    if (slot && Number(earlierRuns?.n ?? 0) === 0) await linkToReport(tx, doc);
    const accepted = stored.filter((s) => s.status === 'auto_accepted').length;
    return { runId, accepted, flagged: stored.length - accepted, published };
  });
}
