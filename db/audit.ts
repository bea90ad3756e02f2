// The audit: what administrators did (audit_events, appended by every administrative action,
// in the browser or at the command line) and what reviewers decided (review_decisions, the
// record of decisions since the first one), read as one list, newest first.
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from './client.ts';
import { auditEvents, type AuditAction, type ReviewAction } from './schema.ts';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface NewAuditEvent {
  /** The username; "cli" for the command line. */
  actor: string;
  actorId?: number | null;
  action: AuditAction;
  target?: { type: 'user' | 'source'; id: number; name: string };
  provinceCode?: string | null;
  details?: Record<string, unknown>;
}

/** Appends one event (inside the caller's transaction when given one, so the action and its record stand or fall together). */
export async function appendAudit(db: Database | Transaction, event: NewAuditEvent): Promise<void> {
  await db.insert(auditEvents).values({
    actor: event.actor,
    actorId: event.actorId ?? null,
    action: event.action,
    targetType: event.target?.type ?? null,
    targetId: event.target?.id ?? null,
    targetName: event.target?.name ?? null,
    provinceCode: event.provinceCode ?? null,
    details: event.details ?? {},
  });
}

export type AuditEntryAction = AuditAction | `review.${ReviewAction}`;

export interface AuditEntry {
  /** "a12" (an administrative event) or "d34" (a review decision). */
  key: string;
  at: Date;
  actor: string;
  action: AuditEntryAction;
  targetType: 'user' | 'source' | 'value' | null;
  targetId: number | null;
  targetName: string | null;
  provinceCode: string | null;
  periodKey: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilters {
  actor?: string;
  province?: string;
  period?: string;
  action?: string;
  /** Days in Vietnam, ISO (yyyy-MM-dd), inclusive. */
  from?: string;
  to?: string;
  limit?: number;
}

export const AUDIT_PAGE = 500;

const ENTRIES = sql`(
  select 'a' || e.id as key, e.at, e.actor, e.action, e.target_type, e.target_id, e.target_name, e.province_code,
         null::text as period_key, e.details
  from audit_events e
  union all
  select 'd' || rd.id, rd.decided_at, rd.reviewer, 'review.' || rd.action, 'value', rd.value_id,
         v.indicator_id || ' · ' || d.original_name, d.province_code, d.period_key,
         jsonb_build_object('indicator', v.indicator_id, 'unit', v.unit, 'document', d.original_name, 'documentId', d.id,
           'oldValue', rd.old_value::text, 'newValue', rd.new_value::text, 'comment', rd.comment, 'copyOf', rd.copy_of_decision_id)
  from review_decisions rd
  join extracted_values v on v.id = rd.value_id
  join extraction_runs r on r.id = v.run_id
  join documents d on d.id = r.document_id
) entries`;

function conditions(f: AuditFilters): SQL {
  const where: SQL[] = [sql`true`];
  if (f.actor) where.push(sql`actor = ${f.actor}`);
  if (f.province) where.push(sql`(province_code = ${f.province} or details -> 'provinces' ? ${f.province})`);
  if (f.period) where.push(sql`period_key = ${f.period}`);
  if (f.action) where.push(sql`action = ${f.action}`);
  // Days as people in Vietnam count them.
  if (f.from) where.push(sql`at >= (${f.from}::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'`);
  if (f.to) where.push(sql`at < (${f.to}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'`);
  return sql.join(where, sql` and `);
}

export async function listAudit(db: Database, filters: AuditFilters = {}): Promise<{ entries: AuditEntry[]; total: number }> {
  const limit = Math.min(filters.limit ?? AUDIT_PAGE, 100_000);
  const { rows } = await db.execute<{
    key: string;
    at: string | Date;
    actor: string;
    action: AuditEntryAction;
    target_type: AuditEntry['targetType'];
    target_id: number | null;
    target_name: string | null;
    province_code: string | null;
    period_key: string | null;
    details: Record<string, unknown> | string;
    total: number;
  }>(sql`select *, count(*) over ()::int as total from ${ENTRIES} where ${conditions(filters)} order by at desc, key desc limit ${limit}`);
  return {
    total: Number(rows[0]?.total ?? 0),
    entries: rows.map((r) => ({
      key: r.key,
      at: new Date(r.at),
      actor: r.actor,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id === null ? null : Number(r.target_id),
      targetName: r.target_name,
      provinceCode: r.province_code,
      periodKey: r.period_key,
      details: typeof r.details === 'string' ? (JSON.parse(r.details) as Record<string, unknown>) : r.details,
    })),
  };
}

/** Who appears in the audit, and the periods decisions were made for: the choices of its filters. */
export async function auditChoices(db: Database): Promise<{ actors: string[]; periods: string[] }> {
  const { rows: actors } = await db.execute<{ actor: string }>(sql`select distinct actor from ${ENTRIES} order by actor`);
  const { rows: periods } = await db.execute<{ period_key: string }>(
    sql`select distinct period_key from ${ENTRIES} where period_key is not null order by period_key desc`,
  );
  return { actors: actors.map((r) => r.actor), periods: periods.map((r) => r.period_key) };
}
