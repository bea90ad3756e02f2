// Storing an extraction: the run, its values and the publication of accepted values, in one
// transaction, so a half-written run is never visible. Re-running adds a run and moves the
// "current" mark; old runs stay for comparison.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { VerifiedValue } from '../extractors/types.ts';
import type { Database } from './client.ts';
import { documents, extractedValues, extractionRuns, publishedValues, type ExtractorConfig, type RunTrigger } from './schema.ts';

export interface StoreExtractionInput {
  documentId: number;
  trigger: RunTrigger;
  rulesVersion: string;
  config: ExtractorConfig;
  values: VerifiedValue[];
  startedAt: Date;
}

export interface StoredExtraction {
  runId: number;
  accepted: number;
  flagged: number;
  published: number;
}

export async function storeExtraction(db: Database, input: StoreExtractionInput): Promise<StoredExtraction> {
  return db.transaction(async (tx) => {
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
        extractorConfig: input.config,
        startedAt: input.startedAt,
        finishedAt,
        durationMs: finishedAt.getTime() - input.startedAt.getTime(),
      })
      .returning({ id: extractionRuns.id });
    const runId = run!.id;
    const stored =
      input.values.length === 0
        ? []
        : await tx
            .insert(extractedValues)
            .values(
              input.values.map((v) => ({
                runId,
                indicatorId: v.indicator,
                value: v.value,
                unit: v.unit,
                qualifier: v.qualifier,
                rawText: v.rawText,
                evidence: v.evidence,
                page: v.page,
                confidence: v.confidence,
                extractor: v.extractor,
                status: v.status,
                reasons: v.reasons,
                alternatives: v.alternatives ?? null,
              })),
            )
            .returning({ id: extractedValues.id, indicatorId: extractedValues.indicatorId, value: extractedValues.value, unit: extractedValues.unit, status: extractedValues.status });

    const [doc] = await tx.select().from(documents).where(eq(documents.id, input.documentId));
    let published = 0;
    if (doc?.provinceCode && doc.periodKey && doc.periodStart && doc.periodEnd) {
      for (const v of stored.filter((s) => s.status === 'auto_accepted')) {
        // A reviewer's decision outranks any later automatic value for the same slot.
        const result = await tx
          .insert(publishedValues)
          .values({
            provinceCode: doc.provinceCode,
            periodKey: doc.periodKey,
            periodStart: doc.periodStart,
            periodEnd: doc.periodEnd,
            indicatorId: v.indicatorId,
            value: v.value,
            unit: v.unit,
            runId,
            valueId: v.id,
          })
          .onConflictDoUpdate({
            target: [publishedValues.provinceCode, publishedValues.periodKey, publishedValues.indicatorId],
            set: { value: v.value, unit: v.unit, runId, valueId: v.id, publishedAt: sql`now()` },
            setWhere: isNull(publishedValues.decisionId),
          })
          .returning({ id: publishedValues.id });
        published += result.length;
      }
    }
    await tx.update(documents).set({ status: 'extracted', error: null }).where(eq(documents.id, input.documentId));
    const accepted = stored.filter((s) => s.status === 'auto_accepted').length;
    return { runId, accepted, flagged: stored.length - accepted, published };
  });
}
