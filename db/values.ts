// Reading extracted values back: the values of each document's current run, with the
// document's province and period, filtered the way analysts ask for them; and the one set of
// columns (with its joins) that every list of values reads, the review queue included.
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import type { CandidateValue } from '../extractors/types.ts';
import type { Database } from './client.ts';
import { documents, extractedValues, extractionRuns, indicators, provinces, type StoredValueStatus } from './schema.ts';

export interface ValueFilters {
  province?: string;
  /** A period key (2025-H1) or label ("6 tháng đầu năm 2025"). */
  period?: string;
  /** An indicator id (NV01) or group (nhiem_vu). */
  indicator?: string;
  status?: StoredValueStatus;
  documentIds?: number[];
}

/** What a value is as read from its document, carried alike from a verified value to its row and from its row to a reviewer. */
export function readingOf(v: Pick<CandidateValue, 'value' | 'unit' | 'qualifier' | 'rawText' | 'evidence' | 'page' | 'confidence' | 'extractor'>) {
  return {
    value: v.value,
    unit: v.unit,
    qualifier: v.qualifier,
    rawText: v.rawText,
    evidence: v.evidence,
    page: v.page,
    confidence: v.confidence,
    extractor: v.extractor,
  };
}

/**
 * What every list of extracted values reads (the review queue, `baocao values` and the value
 * exports, a document's runs): one set, so that a value reads the same wherever it is listed.
 * Needs the joins of selectValues.
 */
export const VALUE_COLUMNS = {
  id: extractedValues.id,
  documentId: documents.id,
  document: documents.originalName,
  provinceCode: documents.provinceCode,
  province: provinces.shortName,
  periodKey: documents.periodKey,
  periodLabel: documents.periodLabel,
  indicator: extractedValues.indicatorId,
  indicatorName: indicators.nameVi,
  group: indicators.groupId,
  value: extractedValues.value,
  unit: extractedValues.unit,
  qualifier: extractedValues.qualifier,
  page: extractedValues.page,
  evidence: extractedValues.evidence,
  confidence: extractedValues.confidence,
  extractor: extractedValues.extractor,
  status: extractedValues.status,
  reasons: extractedValues.reasons,
};

/** VALUE_COLUMNS and `extra`, over every value with its run, document, indicator and province; the caller adds where and order. */
export function selectValues<Extra extends SelectedFields>(db: Database, extra: Extra) {
  return db
    .select({ ...VALUE_COLUMNS, ...extra })
    .from(extractedValues)
    .innerJoin(extractionRuns, eq(extractedValues.runId, extractionRuns.id))
    .innerJoin(documents, eq(extractionRuns.documentId, documents.id))
    .innerJoin(indicators, eq(extractedValues.indicatorId, indicators.id))
    .leftJoin(provinces, eq(documents.provinceCode, provinces.code));
}

export async function listCurrentValues(db: Database, filters: ValueFilters = {}) {
  const where: SQL[] = [eq(extractionRuns.isCurrent, true)];
  if (filters.province) where.push(eq(documents.provinceCode, filters.province));
  if (filters.period) {
    const byKey = eq(documents.periodKey, filters.period);
    where.push(/^\d{4}/.test(filters.period) ? byKey : eq(documents.periodLabel, filters.period.normalize('NFC')));
  }
  if (filters.indicator) {
    where.push(
      /^[A-Z]{2}\d{2}$/i.test(filters.indicator) ? eq(extractedValues.indicatorId, filters.indicator.toUpperCase()) : eq(indicators.groupId, filters.indicator),
    );
  }
  if (filters.status) where.push(eq(extractedValues.status, filters.status));
  if (filters.documentIds) where.push(inArray(documents.id, filters.documentIds));
  return selectValues(db, {})
    .where(and(...where))
    .orderBy(asc(documents.provinceCode), asc(documents.periodKey), asc(extractedValues.indicatorId), asc(documents.id));
}

/** One listed value: VALUE_COLUMNS as read (their types come from the schema, so they are not written again). */
export type StoredValue = Awaited<ReturnType<typeof listCurrentValues>>[number];
