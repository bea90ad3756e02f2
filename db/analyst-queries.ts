// What the analyst pages read besides roll-ups and re-run selections: the periods on offer,
// lists of documents and provinces, a document with its runs, a run's values, a province's
// latest figures. Roll-ups themselves come from rollup.ts and re-run selections from
// review.ts, so the pages, the exports and the CLI agree on both.
import { asc, inArray, sql, type SQL } from 'drizzle-orm';
import { resolvePeriod, type RollupPeriod } from '../extractors/periods.ts';
import type { Database } from './client.ts';
import { awaitingReview } from './one-report.ts';
import { extractedValues, type DocumentStatus, type RunStatus, type RunTrigger } from './schema.ts';
import { selectValues, type StoredValue } from './values.ts';

// ---------------------------------------------------------------------------------------
// Periods

export interface PeriodChoice {
  period: RollupPeriod;
  /** Published values carry this key; false for a year offered because its sub-periods have values. */
  present: boolean;
}

/** Latest first; in one year the year, then its parts by end (năm 2025, quý III, 6 tháng đầu). */
function byRecency(a: RollupPeriod, b: RollupPeriod): number {
  return b.end.localeCompare(a.end) || a.start.localeCompare(b.start) || a.key.localeCompare(b.key);
}

/**
 * The periods of published_values, and the year of each: a roll-up over a year adds up its
 * quarters and halves, so the year is worth asking for even when no report covers it whole.
 */
export async function periodChoices(db: Database): Promise<PeriodChoice[]> {
  const { rows } = await db.execute<{ period_key: string }>(sql`select distinct period_key from published_values`);
  const choices = new Map<string, PeriodChoice>();
  for (const { period_key: key } of rows) {
    const period = resolvePeriod(key);
    if (period) choices.set(period.key, { period, present: true });
    const year = /^(\d{4})/.exec(key)?.[1];
    const whole = year ? resolvePeriod(year) : null;
    if (whole && !choices.has(whole.key)) choices.set(whole.key, { period: whole, present: false });
  }
  return [...choices.values()].sort((a, b) => byRecency(a.period, b.period));
}

// ---------------------------------------------------------------------------------------
// Documents

export interface DocumentFilters {
  province?: string;
  period?: string;
  /** Documents whose current run has values of this indicator group (as re-run selections count). */
  group?: string;
  status?: DocumentStatus;
  /** Nghị định 30/2020 document type (bao_cao, cong_van, …): letters and notices are stored and found too. */
  type?: string;
  /** Provinces the caller may see; null: all. */
  scope: string[] | null;
}

export interface DocumentListItem {
  id: number;
  name: string;
  mediaType: string;
  status: DocumentStatus;
  error: string | null;
  /** Why it failed, for programs (README "Document error codes"); null while it has not failed for good. */
  errorCode: string | null;
  provinceCode: string | null;
  province: string | null;
  periodKey: string | null;
  periodLabel: string | null;
  documentNumber: string | null;
  documentType: string | null;
  receivedAt: Date;
  runs: number;
  currentRunId: number | null;
  currentRunAt: Date | null;
  values: number;
  flagged: number;
  /** Another copy of this report (its DOCX, if this is the PDF) came first. */
  copyOfId: number | null;
  /** This is a new version of that document. */
  supersedesId: number | null;
  /** A newer version of this document (the first one). */
  supersededBy: number | null;
}

export const DOCUMENT_LIST_LIMIT = 300;

function documentWhere(f: DocumentFilters): SQL {
  const where: SQL[] = [sql`true`];
  if (f.scope)
    where.push(
      f.scope.length > 0
        ? sql`d.province_code in (${sql.join(
            f.scope.map((c) => sql`${c}`),
            sql`, `,
          )})`
        : sql`false`,
    );
  if (f.province) where.push(sql`d.province_code = ${f.province}`);
  if (f.period) where.push(sql`d.period_key = ${f.period}`);
  if (f.status) where.push(sql`d.status = ${f.status}`);
  if (f.type) where.push(sql`coalesce(d.document_type, 'unknown') = ${f.type}`);
  // The same test as db/review.ts selectDocuments, so the list shows what a re-run would take.
  if (f.group) {
    where.push(sql`exists (select 1 from extraction_runs r join extracted_values v on v.run_id = r.id join indicators i on i.id = v.indicator_id
      where r.document_id = d.id and r.is_current and i.group_id = ${f.group})`);
  }
  return sql.join(where, sql` and `);
}

export async function listDocuments(db: Database, filters: DocumentFilters): Promise<{ items: DocumentListItem[]; total: number }> {
  const where = documentWhere(filters);
  const { rows } = await db.execute<{
    id: number;
    name: string;
    media_type: string;
    status: DocumentStatus;
    error: string | null;
    failure_code: string | null;
    province_code: string | null;
    province: string | null;
    period_key: string | null;
    period_label: string | null;
    document_number: string | null;
    document_type: string | null;
    received_at: string;
    runs: number;
    current_run_id: number | null;
    current_run_at: string | null;
    values: number;
    flagged: number;
    copy_of_id: number | null;
    supersedes_id: number | null;
    superseded_by: number | null;
  }>(sql`
select d.id, d.original_name as name, d.media_type, d.status, d.error, d.failure_code, d.province_code, p.short_name as province,
       d.period_key, d.period_label, d.document_number, d.document_type, d.created_at as received_at, d.copy_of_id, d.supersedes_id,
       (select min(n.id) from documents n where n.supersedes_id = d.id) as superseded_by,
       (select count(*)::int from extraction_runs r where r.document_id = d.id) as runs,
       cr.id as current_run_id, cr.started_at as current_run_at,
       (select count(*)::int from extracted_values v where v.run_id = cr.id) as values,
       (select count(*)::int from extracted_values v where v.run_id = cr.id and v.status = 'flagged') as flagged
from documents d
left join provinces p on p.code = d.province_code
left join extraction_runs cr on cr.document_id = d.id and cr.is_current
where ${where}
order by d.created_at desc, d.id desc
limit ${DOCUMENT_LIST_LIMIT}`);
  const { rows: count } = await db.execute<{ n: number }>(sql`select count(*)::int as n from documents d where ${where}`);
  return {
    total: count[0]?.n ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      mediaType: r.media_type,
      status: r.status,
      error: r.error,
      errorCode: r.failure_code,
      provinceCode: r.province_code,
      province: r.province,
      periodKey: r.period_key,
      periodLabel: r.period_label,
      documentNumber: r.document_number,
      documentType: r.document_type,
      receivedAt: new Date(r.received_at),
      runs: r.runs,
      currentRunId: r.current_run_id,
      currentRunAt: r.current_run_at ? new Date(r.current_run_at) : null,
      values: r.values,
      flagged: r.flagged,
      copyOfId: r.copy_of_id,
      supersedesId: r.supersedes_id,
      supersededBy: r.superseded_by,
    })),
  };
}

export interface DocumentFacts {
  id: number;
  name: string;
  sha256: string;
  mediaType: string;
  bytes: number;
  storageKey: string;
  status: DocumentStatus;
  error: string | null;
  /** Why it failed, for programs (README "Document error codes"); null while it has not failed for good. */
  errorCode: string | null;
  pageCount: number | null;
  provinceCode: string | null;
  province: string | null;
  periodKey: string | null;
  periodLabel: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  reportKind: string | null;
  documentNumber: string | null;
  issuedOn: string | null;
  documentType: string | null;
  issuer: string | null;
  issueYear: number | null;
  signedAt: Date | null;
  /** report, not_a_report, out_of_scope (null: classified before scopes existed, or not yet). */
  scope: string | null;
  scopeReason: string | null;
  extractionForced: boolean;
  source: string | null;
  supersedesId: number | null;
  supersededBy: number | null;
  receivedAt: Date;
  updatedAt: Date;
}

export interface RunSummary {
  id: number;
  trigger: RunTrigger;
  status: RunStatus;
  isCurrent: boolean;
  rulesVersion: string;
  model: string | null;
  tokensIn: number;
  tokensOut: number;
  cost: string;
  error: string | null;
  startedAt: Date;
  durationMs: number | null;
  values: number;
  flagged: number;
}

export async function getDocumentFacts(db: Database, id: number): Promise<{ document: DocumentFacts; runs: RunSummary[] } | null> {
  const { rows } = await db.execute<{
    id: number;
    name: string;
    sha256: string;
    media_type: string;
    bytes: number;
    storage_key: string;
    status: DocumentStatus;
    error: string | null;
    failure_code: string | null;
    page_count: number | null;
    province_code: string | null;
    province: string | null;
    period_key: string | null;
    period_label: string | null;
    period_start: string | null;
    period_end: string | null;
    report_kind: string | null;
    document_number: string | null;
    issued_on: string | null;
    document_type: string | null;
    issuer: string | null;
    issue_year: number | null;
    signed_at: string | null;
    scope: string | null;
    scope_reason: string | null;
    extraction_forced: boolean;
    source: string | null;
    supersedes_id: number | null;
    superseded_by: number | null;
    created_at: string;
    updated_at: string;
  }>(sql`
select d.id, d.original_name as name, d.sha256, d.media_type, d.bytes, d.storage_key, d.status, d.error, d.failure_code, d.page_count,
       d.province_code, p.short_name as province, d.period_key, d.period_label, d.period_start::text, d.period_end::text,
       d.report_kind, d.document_number, d.issued_on::text, d.document_type, d.issuer, d.issue_year, d.signed_at, d.scope, d.scope_reason,
       d.extraction_forced, s.name as source, d.supersedes_id,
       (select min(n.id) from documents n where n.supersedes_id = d.id) as superseded_by, d.created_at, d.updated_at
from documents d
left join provinces p on p.code = d.province_code
left join sources s on s.id = d.source_id
where d.id = ${id}`);
  const r = rows[0];
  if (!r) return null;
  const { rows: runs } = await db.execute<{
    id: number;
    trigger: RunTrigger;
    status: RunStatus;
    is_current: boolean;
    rules_version: string;
    model: string | null;
    tokens_in: number;
    tokens_out: number;
    cost: string;
    error: string | null;
    started_at: string;
    duration_ms: number | null;
    values: number;
    flagged: number;
  }>(sql`
select r.id, r.trigger, r.status, r.is_current, r.rules_version, r.model, r.tokens_in, r.tokens_out, trim_scale(r.cost)::text as cost,
       r.error, r.started_at, r.duration_ms,
       (select count(*)::int from extracted_values v where v.run_id = r.id) as values,
       (select count(*)::int from extracted_values v where v.run_id = r.id and v.status = 'flagged') as flagged
from extraction_runs r where r.document_id = ${id} order by r.id`);
  return {
    document: {
      id: r.id,
      name: r.name,
      sha256: r.sha256,
      mediaType: r.media_type,
      bytes: r.bytes,
      storageKey: r.storage_key,
      status: r.status,
      error: r.error,
      errorCode: r.failure_code,
      pageCount: r.page_count,
      provinceCode: r.province_code,
      province: r.province,
      periodKey: r.period_key,
      periodLabel: r.period_label,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      reportKind: r.report_kind,
      documentNumber: r.document_number,
      issuedOn: r.issued_on,
      documentType: r.document_type,
      issuer: r.issuer,
      issueYear: r.issue_year,
      signedAt: r.signed_at ? new Date(r.signed_at) : null,
      scope: r.scope,
      scopeReason: r.scope_reason,
      extractionForced: r.extraction_forced,
      source: r.source,
      supersedesId: r.supersedes_id,
      supersededBy: r.superseded_by,
      receivedAt: new Date(r.created_at),
      updatedAt: new Date(r.updated_at),
    },
    runs: runs.map((x) => ({
      id: x.id,
      trigger: x.trigger,
      status: x.status,
      isCurrent: x.is_current,
      rulesVersion: x.rules_version,
      model: x.model,
      tokensIn: x.tokens_in,
      tokensOut: x.tokens_out,
      cost: x.cost,
      error: x.error,
      startedAt: new Date(x.started_at),
      durationMs: x.duration_ms,
      values: x.values,
      flagged: x.flagged,
    })),
  };
}

/** The values of some runs, by run id (every run asked for, empty or not). */
export async function runValues(db: Database, runIds: number[]): Promise<Map<number, StoredValue[]>> {
  const byRun = new Map<number, StoredValue[]>(runIds.map((id) => [id, []]));
  if (runIds.length === 0) return byRun;
  const rows = await selectValues(db, { runId: extractedValues.runId })
    .where(inArray(extractedValues.runId, runIds))
    .orderBy(asc(extractedValues.runId), asc(extractedValues.indicatorId), asc(extractedValues.id));
  for (const { runId, ...value } of rows) byRun.get(runId)?.push(value);
  return byRun;
}

// ---------------------------------------------------------------------------------------
// Provinces

export interface ProvinceListItem {
  code: string;
  name: string;
  shortName: string;
  documents: number;
  indicators: number;
  flagged: number;
  latestPeriod: string | null;
  lastReceived: Date | null;
}

export async function listProvinces(db: Database): Promise<ProvinceListItem[]> {
  const { rows } = await db.execute<{
    code: string;
    name: string;
    short_name: string;
    documents: number;
    indicators: number;
    flagged: number;
    latest_period: string | null;
    last_received: string | null;
  }>(sql`
select p.code, p.name, p.short_name,
       (select count(*)::int from documents d where d.province_code = p.code and d.copy_of_id is null) as documents,
       (select count(distinct v.indicator_id)::int from published_values v where v.province_code = p.code) as indicators,
       (select count(*)::int from extracted_values v join extraction_runs r on r.id = v.run_id join documents d on d.id = r.document_id
         where d.province_code = p.code and ${awaitingReview('v', 'r', 'd')}) as flagged,
       (select v.period_key from published_values v where v.province_code = p.code order by v.period_end desc, v.period_start limit 1) as latest_period,
       (select max(d.created_at) from documents d where d.province_code = p.code) as last_received
from provinces p order by p.code`);
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    documents: r.documents,
    indicators: r.indicators,
    flagged: r.flagged,
    latestPeriod: r.latest_period,
    lastReceived: r.last_received ? new Date(r.last_received) : null,
  }));
}

export interface ProvinceRef {
  code: string;
  name: string;
  shortName: string;
}

export async function getProvince(db: Database, code: string): Promise<ProvinceRef | null> {
  const { rows } = await db.execute<{ code: string; name: string; short_name: string }>(sql`select code, name, short_name from provinces where code = ${code}`);
  return rows[0] ? { code: rows[0].code, name: rows[0].name, shortName: rows[0].short_name } : null;
}

export interface LatestValue {
  indicator: string;
  periodKey: string;
  periodStart: string;
  periodEnd: string;
  value: string;
  unit: string;
  documentId: number;
  document: string;
  /** Published by a reviewer's decision rather than automatically. */
  reviewed: boolean;
}

/** Each indicator's published value of a province for the latest period (latest end, then the longest window). */
export async function latestValues(db: Database, province: string): Promise<Map<string, LatestValue>> {
  const { rows } = await db.execute<{
    indicator: string;
    period_key: string;
    period_start: string;
    period_end: string;
    value: string;
    unit: string;
    document_id: number;
    document: string;
    reviewed: boolean;
  }>(sql`
select distinct on (v.indicator_id) v.indicator_id as indicator, v.period_key, v.period_start::text, v.period_end::text,
       trim_scale(v.value)::text as value, v.unit, d.id as document_id, d.original_name as document, v.decision_id is not null as reviewed
from published_values v
join extraction_runs r on r.id = v.run_id
join documents d on d.id = r.document_id
where v.province_code = ${province}
order by v.indicator_id, v.period_end desc, v.period_start, v.id desc`);
  return new Map(
    rows.map((r) => [
      r.indicator,
      {
        indicator: r.indicator,
        periodKey: r.period_key,
        periodStart: r.period_start,
        periodEnd: r.period_end,
        value: r.value,
        unit: r.unit,
        documentId: r.document_id,
        document: r.document,
        reviewed: r.reviewed,
      },
    ]),
  );
}

/** The periods documents were classified under, latest first, for the documents filter. */
export async function documentPeriods(db: Database, scope: string[] | null): Promise<{ key: string; label: string }[]> {
  const inScope =
    scope === null
      ? sql`true`
      : scope.length > 0
        ? sql`province_code in (${sql.join(
            scope.map((c) => sql`${c}`),
            sql`, `,
          )})`
        : sql`false`;
  const { rows } = await db.execute<{ key: string; label: string | null; end: string | null }>(sql`
select period_key as key, min(period_label) as label, max(period_end)::text as end
from documents where period_key is not null and ${inScope}
group by period_key order by max(period_end) desc nulls last, period_key`);
  return rows.map((r) => ({ key: r.key, label: r.label ?? r.key }));
}
