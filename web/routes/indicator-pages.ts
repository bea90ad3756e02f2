// The indicator pages and their exports: the overview of a period, one indicator's roll-up,
// and the roll-up as CSV or XLSX. Every number comes from db/rollup.ts, so the page, the
// export and `baocao report` agree.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { indicatorSeries, rollup, rollupOverview, type SeriesKind } from '../../db/rollup.ts';
import { resolvePeriod, type RollupPeriod } from '../../extractors/periods.ts';
import { indicators } from '../../extractors/catalogue.ts';
import { periodChoices, type PeriodChoice } from '../../db/analyst-queries.ts';
import type { WebDeps, WebRoutes } from '../deps.ts';
import { contentDisposition } from '../download.ts';
import { CSV_CONTENT_TYPE, rollupCsv, rollupFileName, rollupXlsx, XLSX_CONTENT_TYPE, type ExportFormat } from '../export.ts';
import { can } from '../permissions.ts';
import { sendError } from '../replies.ts';
import { emptyPeriods, indicatorPage, overviewPage } from '../views/indicators.ts';

export const INDICATOR_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[A-Za-z]{2}[0-9]{2}$' } } } as const;

/** A period as a key or as people write it ("quý III/2025"); checked by resolvePeriod. */
export const PERIOD_PROPERTY = { type: 'string', maxLength: 60 } as const;

const OVERVIEW_QUERY = { type: 'object', properties: { period: PERIOD_PROPERTY, with: { type: 'string', enum: ['', 'data'] } } } as const;
const PERIOD_QUERY = { type: 'object', properties: { period: PERIOD_PROPERTY } } as const;

const SERIES_KINDS = new Set<string>(['year', 'nine_months', 'half', 'quarter', 'month']);

/** The indicator of the catalogue an id names (any case), or null. */
function catalogueId(id: string): string | null {
  const upper = id.toUpperCase();
  return indicators().some((i) => i.id === upper) ? upper : null;
}

/**
 * The period asked for, or by default the latest on offer (a year first); null with no
 * published value at all. A period that names nothing is the caller's mistake: 400.
 */
async function chosenPeriod(
  deps: WebDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  asked: string | undefined,
): Promise<{ period: RollupPeriod | null; choices: PeriodChoice[] } | null> {
  const choices = await periodChoices(deps.db);
  if (asked === undefined || asked.trim() === '') return { period: choices[0]?.period ?? null, choices };
  const period = resolvePeriod(asked);
  if (!period) {
    sendError(request, reply, 400, 'bad_request', request.t.errors.notPeriod(asked));
    return null;
  }
  return { period, choices };
}

export const indicatorPageRoutes: WebRoutes = async (app, deps) => {
  const page = { permission: 'values.read', page: true } as const;

  app.get<{ Querystring: { period?: string; with?: string } }>(
    '/indicators',
    { config: { access: page }, schema: { querystring: OVERVIEW_QUERY } },
    async (request, reply) => {
      const auth = request.auth!;
      const chosen = await chosenPeriod(deps, request, reply, request.query.period);
      if (!chosen) return reply;
      const frame = { t: request.t, user: auth.user, csrf: auth.csrfToken, choices: chosen.choices, canExport: can(auth.user, 'values.export') };
      const overview = chosen.period ? await rollupOverview(deps.db, { period: chosen.period }) : null;
      return reply.type('text/html; charset=utf-8').send(overviewPage({ ...frame, overview, withData: request.query.with === 'data' }));
    },
  );

  app.get<{ Params: { id: string }; Querystring: { period?: string } }>(
    '/indicators/:id',
    { config: { access: page }, schema: { params: INDICATOR_PARAMS, querystring: PERIOD_QUERY } },
    async (request, reply) => {
      const auth = request.auth!;
      const id = catalogueId(request.params.id);
      if (!id) return sendError(request, reply, 404, 'not_found', request.t.errors.notIndicator(request.params.id));
      const chosen = await chosenPeriod(deps, request, reply, request.query.period);
      if (!chosen) return reply;
      const frame = { t: request.t, user: auth.user, csrf: auth.csrfToken, choices: chosen.choices, canExport: can(auth.user, 'values.export') };
      if (!chosen.period) return reply.type('text/html; charset=utf-8').send(emptyPeriods(frame, id));
      // The series is drawn in periods of the kind asked for (quarters for a quarter), years otherwise.
      const kind = (SERIES_KINDS.has(chosen.period.kind) ? chosen.period.kind : 'year') as SeriesKind;
      const [r, series] = await Promise.all([rollup(deps.db, { indicator: id, period: chosen.period }), indicatorSeries(deps.db, { indicator: id, kind })]);
      // A reviewer sees every province's figures, and the documents of their own provinces only.
      return reply.type('text/html; charset=utf-8').send(indicatorPage({ ...frame, rollup: r, series, documentScope: request.provinceScope }));
    },
  );

  for (const format of ['csv', 'xlsx'] as ExportFormat[]) {
    app.get<{ Params: { id: string }; Querystring: { period?: string } }>(
      `/indicators/:id/export.${format}`,
      { config: { access: { permission: 'values.export' } }, schema: { params: INDICATOR_PARAMS, querystring: PERIOD_QUERY } },
      async (request, reply) => {
        const id = catalogueId(request.params.id);
        if (!id) return sendError(request, reply, 404, 'not_found', request.t.errors.notIndicator(request.params.id));
        const chosen = await chosenPeriod(deps, request, reply, request.query.period);
        if (!chosen) return reply;
        if (!chosen.period) return sendError(request, reply, 404, 'not_found', request.t.errors.noValuesYet);
        const r = await rollup(deps.db, { indicator: id, period: chosen.period });
        request.log.info({ indicator: id, period: r.period.key, format, by: request.auth!.user.username }, 'roll-up exported');
        const name = `Tổng hợp ${id} ${r.period.label}.${format}`;
        reply.header('content-disposition', contentDisposition(name, rollupFileName(r, format)));
        if (format === 'csv') return reply.type(CSV_CONTENT_TYPE).send(rollupCsv(r));
        return reply.type(XLSX_CONTENT_TYPE).send(await rollupXlsx(r));
      },
    );
  }
};
