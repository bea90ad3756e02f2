// The province pages: the list of the 34 units, and one unit's indicators with their latest
// values and trends. Published figures are national information, so every reader with
// values.read sees every province here; the documents behind them stay limited to a
// reviewer's provinces (their links are shown only where they lead somewhere).
import { provinceSeries, type ProvinceSeries, type SeriesKind } from '../../db/rollup.ts';
import { indicators } from '../../extractors/catalogue.ts';
import { mapWithConcurrency } from '../../shared/pool.ts';
import { getProvince, latestValues, listDocuments, listProvinces } from '../../db/analyst-queries.ts';
import type { WebRoutes } from '../deps.ts';
import { can } from '../permissions.ts';
import { sendError } from '../replies.ts';
import { provincePage, provincesPage } from '../views/provinces.ts';

const PROVINCE_PARAMS = { type: 'object', required: ['code'], properties: { code: { type: 'string', pattern: '^\\d{2}$' } } } as const;

const PROVINCE_QUERY = {
  type: 'object',
  properties: {
    indicator: { type: 'string', pattern: '^([A-Za-z]{2}[0-9]{2})?$' },
    kind: { type: 'string', enum: ['', 'year', 'nine_months', 'half', 'quarter', 'month'] },
  },
} as const;

/** Series are a few statements each; a handful at a time leaves connections to other requests. */
const SERIES_CONCURRENCY = 4;

export const provincePageRoutes: WebRoutes = async (app, deps) => {
  const access = { permission: 'values.read', page: true } as const;

  app.get('/provinces', { config: { access } }, async (request, reply) => {
    const auth = request.auth!;
    return reply
      .type('text/html; charset=utf-8')
      .send(provincesPage({ t: request.t, user: auth.user, csrf: auth.csrfToken, provinces: await listProvinces(deps.db) }));
  });

  app.get<{ Params: { code: string }; Querystring: { indicator?: string; kind?: string } }>(
    '/provinces/:code',
    { config: { access }, schema: { params: PROVINCE_PARAMS, querystring: PROVINCE_QUERY } },
    async (request, reply) => {
      const auth = request.auth!;
      const province = await getProvince(deps.db, request.params.code);
      if (!province) return sendError(request, reply, 404, 'not_found', request.t.errors.notProvince(request.params.code));
      const catalogue = indicators();
      const latest = await latestValues(deps.db, province.code);
      const withData = catalogue.filter((i) => latest.has(i.id));
      const series = await mapWithConcurrency(withData, SERIES_CONCURRENCY, (i) =>
        provinceSeries(deps.db, { province: province.code, indicator: i.id, kind: 'year' }),
      );
      const sparks = new Map<string, ProvinceSeries>(series.map((s) => [s.indicator.id, s]));
      const kind = (request.query.kind || 'year') as SeriesKind;
      const asked = request.query.indicator?.toUpperCase();
      const drawn = withData.find((i) => i.id === asked) ?? withData[0];
      const trend = !drawn
        ? null
        : kind === 'year'
          ? (sparks.get(drawn.id) ?? null)
          : await provinceSeries(deps.db, { province: province.code, indicator: drawn.id, kind });
      const scope = request.provinceScope;
      const canSeeDocuments = scope === null || scope.includes(province.code);
      const docs = canSeeDocuments ? await listDocuments(deps.db, { province: province.code, scope }) : { items: [], total: 0 };
      const html = provincePage({
        t: request.t,
        user: auth.user,
        csrf: auth.csrfToken,
        province,
        indicators: catalogue,
        latest,
        sparks,
        trend,
        kind,
        documents: docs.items.slice(0, 8),
        documentsTotal: docs.total,
        canSeeDocuments,
        canExport: can(auth.user, 'values.export'),
      });
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );
};
