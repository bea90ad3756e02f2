// What the reporting KPIs read (extractors/kpi.ts computes them): for each period, the
// submission status `baocao status` gives (the same receipts, the same deadline), and for each
// report received, what became of the values of its current run.
//
// A report counts once: a copy of another (its DOCX beside its PDF) is left out, and so is a
// version that a newer extracted version of the same report replaced.
import { sql } from 'drizzle-orm';
import { provinces } from '../extractors/catalogue.ts';
import { kpiReport, type KpiReport, type PeriodSubmission, type ReportFacts } from '../extractors/kpi.ts';
import type { ReportKind } from '../extractors/types.ts';
import type { Database } from './client.ts';
import { reportsReceived, submissionStatusOf } from './submissions.ts';

export interface KpiQuery {
  /** Period keys, oldest first (extractors/periods.ts periodsEndingWith). */
  periodKeys: string[];
  asOf: string;
  daysAfterCutoff: number;
}

/** The values of some reports' current runs, per report. */
async function reportValues(db: Database, received: { documentId: number; receivedAt: Date }[]): Promise<ReportFacts[]> {
  if (received.length === 0) return [];
  const ids = received.map((r) => r.documentId);
  const { rows } = await db.execute<{
    id: number;
    province_code: string;
    period_key: string;
    report_kind: ReportKind | null;
    reported: string[] | null;
    values: number;
    flagged: number;
    corrected: number;
    last_decision_at: string | null;
  }>(sql`
select d.id, d.province_code, d.period_key, d.report_kind,
       array_agg(distinct v.indicator_id) filter (where v.status <> 'rejected') as reported,
       count(v.id)::int as values,
       count(v.id) filter (where cardinality(v.reasons) > 0)::int as flagged,
       count(v.id) filter (where v.status = 'corrected')::int as corrected,
       (select max(rd.decided_at) from review_decisions rd join extracted_values dv on dv.id = rd.value_id where dv.run_id = r.id) as last_decision_at
from documents d
left join extraction_runs r on r.document_id = d.id and r.is_current
left join extracted_values v on v.run_id = r.id
where d.id in (${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )})
  and d.copy_of_id is null
  and not exists (select 1 from documents nv where nv.supersedes_id = d.id and nv.status = 'extracted')
group by d.id, r.id`);
  const receivedAt = new Map(received.map((r) => [r.documentId, r.receivedAt]));
  return rows.map((r) => ({
    documentId: r.id,
    provinceCode: r.province_code,
    periodKey: r.period_key,
    reportKind: r.report_kind,
    receivedAt: receivedAt.get(r.id)!,
    reported: r.reported ?? [],
    values: r.values,
    flagged: r.flagged,
    corrected: r.corrected,
    lastDecisionAt: r.last_decision_at ? new Date(r.last_decision_at) : null,
  }));
}

/** The KPIs of every province over some periods of one kind, with the national totals. */
export async function kpiOf(db: Database, query: KpiQuery): Promise<KpiReport> {
  const periods: KpiReport['periods'] = [];
  const submissions: PeriodSubmission[] = [];
  const reports: ReportFacts[] = [];
  for (const key of query.periodKeys) {
    const status = await submissionStatusOf(db, key, { asOf: query.asOf, daysAfterCutoff: query.daysAfterCutoff });
    periods.push({ key, label: status.period.label, deadline: status.deadline });
    for (const row of status.rows) submissions.push({ provinceCode: row.provinceCode, periodKey: key, state: row.state, daysLate: row.daysLate });
    reports.push(...(await reportValues(db, await reportsReceived(db, key))));
  }
  return kpiReport({ periods, asOf: query.asOf, provinces: provinces(), submissions, reports });
}
