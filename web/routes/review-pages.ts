// The review page, and its detail pane alone for review.js.
import { asc, inArray } from 'drizzle-orm';
import { listReviewQueue } from '../../db/review-queue.ts';
import { indicators, provinces } from '../../db/schema.ts';
import type { WebDeps, WebRoutes } from '../deps.ts';
import { sendError } from '../replies.ts';
import { loadValueView } from '../value-view.ts';
import { reviewPage, valuePane, type FilterChoices } from '../views/review.ts';
import { ID_PARAMS, QUEUE_QUERY, queueFilters, type QueueQuery } from './review-api.ts';

const PAGE_QUERY = { ...QUEUE_QUERY, properties: { ...QUEUE_QUERY.properties, value: { type: 'integer', minimum: 1 } } } as const;

async function filterChoices(deps: WebDeps, scope: string[] | null): Promise<FilterChoices> {
  const rows = await deps.db
    .select({ code: provinces.code, name: provinces.shortName })
    .from(provinces)
    .where(scope ? inArray(provinces.code, scope.length > 0 ? scope : ['']) : undefined)
    .orderBy(asc(provinces.code));
  const groups = await deps.db.selectDistinct({ group: indicators.groupId }).from(indicators).orderBy(asc(indicators.groupId));
  return { provinces: rows, groups: groups.map((g) => g.group) };
}

export const reviewPageRoutes: WebRoutes = async (app, deps) => {
  app.get<{ Querystring: QueueQuery & { value?: number } }>(
    '/review',
    { config: { access: { permission: 'review.read', scope: 'province-query', page: true } }, schema: { querystring: PAGE_QUERY } },
    async (request, reply) => {
      const auth = request.auth!;
      const { value, limit: _limit, ...rest } = request.query;
      const filters = queueFilters(rest);
      const queue = await listReviewQueue(deps.db, { scope: request.provinceScope, ...filters });
      // Only a value of the (scoped) queue is opened here; others go through the pane route's guard.
      const selected = queue.items.find((i) => i.id === value) ?? queue.items[0];
      const pane = selected ? await loadValueView(deps, selected.id, auth.user) : null;
      const html = reviewPage({
        t: request.t,
        user: auth.user,
        csrf: auth.csrfToken,
        items: queue.items,
        total: queue.total,
        filters,
        choices: await filterChoices(deps, request.provinceScope),
        pane,
      });
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );

  app.get<{ Params: { id: number } }>(
    '/review/values/:id/pane',
    { config: { access: { permission: 'review.read', scope: 'value' } }, schema: { params: ID_PARAMS } },
    async (request, reply) => {
      const view = await loadValueView(deps, request.params.id, request.auth!.user);
      if (!view) return sendError(request, reply, 404, 'not_found', request.t.errors.noSuchValue(request.params.id));
      return reply.type('text/html; charset=utf-8').send(valuePane(request.t, view).text);
    },
  );
};
