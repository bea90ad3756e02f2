// Reading extracted values back: the values of each document's current run, with the
// document's province and period, filtered the way analysts ask for them; and the one set of
// columns (with its joins) that every list of values reads, the review queue included.
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
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

export interface StoredValue {
  id: number;
  documentId: number;
  document: string;
  provinceCode: string | null;
  province: string | null;
  periodKey: string | null;
  periodLabel: string | null;
  indicator: string;
  indicatorName: string;
  group: string;
  value: string;
  unit: string;
  qualifier: string | null;
  page: number;
  evidence: string;
  confidence: number;
  extractor: 'rules' | 'llm';
  status: StoredValueStatus;
  reasons: string[];
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

export async function listCurrentValues(db: Database, filters: ValueFilters = {}): Promise<StoredValue[]> {
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
