// GET /kpi and /kpi.xlsx: the reporting KPIs of every province over the last periods of one
// kind (db/kpi-queries.ts, extractors/kpi.ts), as `baocao kpi` gives them. For analysts and
// admins (kpi.read): they rank the provinces and measure the reviewers' own work.
import { documentPeriods, type PeriodChoice } from '../../db/analyst-queries.ts';
import type { Database } from '../../db/client.ts';
import { kpiOf } from '../../db/kpi-queries.ts';
import { DEFAULT_KPI_PERIODS, KPI_SORTS, MAX_KPI_PERIODS, sortKpiRows, type KpiReport, type KpiSort } from '../../extractors/kpi.ts';
import { periodsEndingWith, resolvePeriod, type RollupPeriod } from '../../extractors/periods.ts';
import { isIsoDate, vietnamDate } from '../../extractors/submissions.ts';
import type { WebDeps, WebRoutes } from '../deps.ts';
import { contentDisposition } from '../download.ts';
import { kpiFileName, kpiXlsx, XLSX_CONTENT_TYPE } from '../export.ts';
import type { Messages } from '../i18n/index.ts';
import { sendError } from '../replies.ts';
import { kpiEmptyPage, kpiPage } from '../views/kpi.ts';

const KPI_QUERY = {
  type: 'object',
  properties: {
    /** A key (2025-Q3) or a phrase ("quý III/2025"). */
    period: { type: 'string', maxLength: 60 },
    periods: { type: 'integer', minimum: 1, maximum: MAX_KPI_PERIODS },
    asOf: { type: 'string', maxLength: 20 },
    sort: { type: 'string', enum: [...KPI_SORTS] },
    dir: { type: 'string', enum: ['asc', 'desc'] },
  },
} as const;

interface KpiQuery {
  period?: string;
  periods?: number;
  asOf?: string;
  sort?: KpiSort;
  dir?: 'asc' | 'desc';
}

/** The reporting periods documents were classified under, latest first. */
async function reportingPeriods(db: Database): Promise<PeriodChoice[]> {
  const keys = await documentPeriods(db, null);
  // A reporting period is one a window of periods can end with (not a range, not a date).
  return keys.map((k) => resolvePeriod(k.key)).flatMap((period) => (period && periodsEndingWith(period.key, 1) ? [{ period, present: true }] : []));
}

type Asked = { ok: true; period: RollupPeriod; report: KpiReport; choices: PeriodChoice[] } | { ok: false; message: string } | { ok: false; empty: true };

async function asked(deps: WebDeps, t: Messages, q: KpiQuery, periods: number): Promise<Asked> {
  if (q.asOf && !isIsoDate(q.asOf)) return { ok: false, message: t.kpi.badDate(q.asOf) };
  const choices = await reportingPeriods(deps.db);
  const text = q.period?.trim();
  const period = text ? resolvePeriod(text) : (choices[0]?.period ?? null);
  if (!period) return text ? { ok: false, message: t.kpi.badPeriod(text) } : { ok: false, empty: true };
  const keys = periodsEndingWith(period.key, periods);
  if (!keys) return { ok: false, message: t.kpi.badPeriod(text ?? period.key) };
  const report = await kpiOf(deps.db, { periodKeys: keys, asOf: q.asOf ?? vietnamDate(new Date()), daysAfterCutoff: deps.daysAfterCutoff });
  return { ok: true, period, report, choices };
}

export const kpiPageRoutes: WebRoutes = async (app, deps) => {
  const access = { permission: 'kpi.read', page: true } as const;

  app.get<{ Querystring: KpiQuery }>('/kpi', { config: { access }, schema: { querystring: KPI_QUERY } }, async (request, reply) => {
    const auth = request.auth!;
    const q = request.query;
    const periods = q.periods ?? DEFAULT_KPI_PERIODS;
    const found = await asked(deps, request.t, q, periods);
    if (!found.ok) {
      if ('empty' in found) return reply.type('text/html; charset=utf-8').send(kpiEmptyPage({ t: request.t, user: auth.user, csrf: auth.csrfToken }));
      return sendError(request, reply, 400, 'bad_request', found.message);
    }
    const sort = q.sort ?? 'code';
    const dir = q.dir ?? 'asc';
    const html = kpiPage({
      t: request.t,
      user: auth.user,
      csrf: auth.csrfToken,
      report: found.report,
      rows: sortKpiRows(found.report.provinces, sort, dir),
      period: found.period,
      periods,
      asOf: q.asOf,
      sort,
      dir,
      choices: found.choices,
      daysAfterCutoff: deps.daysAfterCutoff,
    });
    return reply.type('text/html; charset=utf-8').send(html);
  });

  app.get<{ Querystring: KpiQuery }>(
    '/kpi.xlsx',
    { config: { access: { permission: 'kpi.read' } }, schema: { querystring: KPI_QUERY } },
    async (request, reply) => {
      const q = request.query;
      const found = await asked(deps, request.t, q, q.periods ?? DEFAULT_KPI_PERIODS);
      if (!found.ok) {
        if ('empty' in found) return sendError(request, reply, 404, 'not_found', request.t.kpi.noPeriods);
        return sendError(request, reply, 400, 'bad_request', found.message);
      }
      const report = { ...found.report, provinces: sortKpiRows(found.report.provinces, q.sort ?? 'code', q.dir ?? 'asc') };
      request.log.info({ periods: report.periods.map((p) => p.key), by: request.auth!.user.username }, 'KPIs exported');
      const name = kpiFileName(report);
      reply.header('content-disposition', contentDisposition(name, name.replace(/ /g, '_')));
      return reply.type(XLSX_CONTENT_TYPE).send(await kpiXlsx(report, request.t));
    },
  );
};
