// What reviewers read: the queue of flagged values of current runs, one value with its
// provenance and history, and the province a value or document belongs to (for scope checks).
import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from './client.ts';
import { lastDecisionOf } from './decisions.ts';
import {
  documents,
  extractedValues,
  extractionRuns,
  indicators,
  provinces,
  publishedValues,
  reviewDecisions,
  type ReviewAction,
  type StoredValueStatus,
  type ValueAlternative,
  type ProvinceConflict,
} from './schema.ts';
import { awaitingReview } from './one-report.ts';
import { remarkUnanswered } from './uploads.ts';
import { readingOf, selectValues, type StoredValue } from './values.ts';
import type { EarlierValue } from '../extractors/verify/history.ts';

export interface QueueFilters {
  /** The provinces the reader may see; null: all of them. */
  scope: string[] | null;
  province?: string;
  period?: string;
  group?: string;
  reason?: string;
  limit?: number;
}

/** A flagged value as the queue lists it. */
export interface QueueItem extends StoredValue {
  flaggedAt: Date;
  /** The province's submitter marked it misread, and no decision has answered that yet. */
  remarked: boolean;
}

export const MAX_QUEUE = 500;

/**
 * Flagged values of current runs (and values a submitter marked misread, not answered by a
 * decision since), oldest extraction first: once per report (a value the DOCX
 * and the PDF of one report share is listed once, db/one-report.ts), and none of a report a
 * newer version has replaced.
 */
export async function listReviewQueue(db: Database, filters: QueueFilters): Promise<{ items: QueueItem[]; total: number }> {
  // Flagged values, and values a province's submitter said were misread that no decision has answered since.
  const where: SQL[] = [or(awaitingReview(), and(eq(extractionRuns.isCurrent, true), remarkUnanswered()))!];
  if (filters.scope) where.push(filters.scope.length > 0 ? inArray(documents.provinceCode, filters.scope) : sql`false`);
  if (filters.province) where.push(eq(documents.provinceCode, filters.province));
  if (filters.period) where.push(eq(documents.periodKey, filters.period));
  if (filters.group) where.push(eq(indicators.groupId, filters.group));
  if (filters.reason) where.push(sql`${filters.reason} = any(${extractedValues.reasons})`);
  const rows = await selectValues(db, {
    flaggedAt: extractionRuns.startedAt,
    remarked: sql<boolean>`${remarkUnanswered()}`,
    total: sql<number>`count(*) over ()::int`,
  })
    .where(and(...where))
    .orderBy(asc(extractionRuns.startedAt), asc(extractedValues.id))
    .limit(Math.min(filters.limit ?? MAX_QUEUE, MAX_QUEUE));
  return { items: rows.map(({ total: _total, ...item }) => item), total: rows[0]?.total ?? 0 };
}

/** Where a value lives, for scope checks: null when there is no such value. */
export async function valueOwner(db: Database, valueId: number): Promise<{ documentId: number; provinceCode: string | null } | null> {
  const [row] = await db
    .select({ documentId: documents.id, provinceCode: documents.provinceCode })
    .from(extractedValues)
    .innerJoin(extractionRuns, eq(extractedValues.runId, extractionRuns.id))
    .innerJoin(documents, eq(extractionRuns.documentId, documents.id))
    .where(eq(extractedValues.id, valueId));
  return row ?? null;
}

export async function documentOwner(db: Database, documentId: number): Promise<{ documentId: number; provinceCode: string | null } | null> {
  const [row] = await db.select({ documentId: documents.id, provinceCode: documents.provinceCode }).from(documents).where(eq(documents.id, documentId));
  return row ?? null;
}

export interface DecisionRecord {
  id: number;
  reviewer: string;
  action: ReviewAction;
  oldValue: string | null;
  newValue: string | null;
  comment: string | null;
  displacedValue: string | null;
  /** The decision on another copy of the report that this one repeats. */
  copyOfDecisionId: number | null;
  decidedAt: Date;
}

export interface ValueDetail {
  id: number;
  status: StoredValueStatus;
  /** What a decision must send back as `expected`. */
  version: { status: StoredValueStatus; lastDecisionId: number | null };
  isCurrent: boolean;
  indicator: { id: string; name: string; nameEn: string; unit: string; group: string; kind: string };
  value: string;
  unit: string;
  qualifier: string | null;
  rawText: string;
  evidence: string;
  page: number;
  confidence: number;
  extractor: 'rules' | 'llm';
  reasons: string[];
  alternatives: ValueAlternative[];
  /** The province's earlier value a history check flagged this one against. */
  earlier: EarlierValue | null;
  document: {
    id: number;
    name: string;
    mediaType: string;
    sha256: string;
    storageKey: string;
    pageCount: number | null;
    provinceCode: string | null;
    province: string | null;
    periodKey: string | null;
    periodLabel: string | null;
    /** The other provinces the report is tied to (its source's, or a second one its header names). */
    provinceConflict: ProvinceConflict | null;
  };
  /** Readings of the value beyond the alternatives kept. */
  otherReadings: number;
  decisions: DecisionRecord[];
  /** What is published for this value's province, period and indicator now, and where it came from. */
  published: { value: string; unit: string; valueId: number; documentId: number; fromThisValue: boolean; decidedBy: string | null } | null;
}

export async function getValueDetail(db: Database, valueId: number): Promise<ValueDetail | null> {
  const [row] = await db
    .select({ value: extractedValues, run: extractionRuns, doc: documents, indicator: indicators, province: provinces.shortName })
    .from(extractedValues)
    .innerJoin(extractionRuns, eq(extractedValues.runId, extractionRuns.id))
    .innerJoin(documents, eq(extractionRuns.documentId, documents.id))
    .innerJoin(indicators, eq(extractedValues.indicatorId, indicators.id))
    .leftJoin(provinces, eq(documents.provinceCode, provinces.code))
    .where(eq(extractedValues.id, valueId));
  if (!row) return null;
  const { value: v, run, doc, indicator } = row;
  const decisions = await db
    .select({
      id: reviewDecisions.id,
      reviewer: reviewDecisions.reviewer,
      action: reviewDecisions.action,
      oldValue: reviewDecisions.oldValue,
      newValue: reviewDecisions.newValue,
      comment: reviewDecisions.comment,
      displacedValue: reviewDecisions.displacedValue,
      copyOfDecisionId: reviewDecisions.copyOfDecisionId,
      decidedAt: reviewDecisions.decidedAt,
    })
    .from(reviewDecisions)
    .where(eq(reviewDecisions.valueId, valueId))
    .orderBy(asc(reviewDecisions.id));
  const last = await lastDecisionOf(db, valueId);
  let published: ValueDetail['published'] = null;
  if (doc.provinceCode && doc.periodKey) {
    const [p] = await db
      .select({
        value: publishedValues.value,
        unit: publishedValues.unit,
        valueId: publishedValues.valueId,
        documentId: extractionRuns.documentId,
        decidedBy: reviewDecisions.reviewer,
      })
      .from(publishedValues)
      .innerJoin(extractionRuns, eq(publishedValues.runId, extractionRuns.id))
      .leftJoin(reviewDecisions, eq(publishedValues.decisionId, reviewDecisions.id))
      .where(
        and(eq(publishedValues.provinceCode, doc.provinceCode), eq(publishedValues.periodKey, doc.periodKey), eq(publishedValues.indicatorId, v.indicatorId)),
      );
    if (p) published = { ...p, fromThisValue: p.valueId === v.id };
  }
  return {
    id: v.id,
    status: v.status,
    version: { status: v.status, lastDecisionId: last?.id ?? null },
    isCurrent: run.isCurrent,
    indicator: { id: indicator.id, name: indicator.nameVi, nameEn: indicator.nameEn, unit: indicator.unit, group: indicator.groupId, kind: indicator.kind },
    ...readingOf(v),
    reasons: v.reasons,
    alternatives: v.alternatives ?? [],
    otherReadings: v.otherReadings,
    earlier: v.earlier ?? null,
    document: {
      id: doc.id,
      name: doc.originalName,
      mediaType: doc.mediaType,
      sha256: doc.sha256,
      storageKey: doc.storageKey,
      pageCount: doc.pageCount,
      provinceCode: doc.provinceCode,
      province: row.province,
      periodKey: doc.periodKey,
      periodLabel: doc.periodLabel,
      provinceConflict: doc.provinceConflict ?? null,
    },
    decisions,
    published,
  };
}
