// The documents pages: the list with filters, one document with its runs compared, the
// stored file, and re-runs (one document, or the documents a filter selects). Re-runs take the
// same selection as `baocao run rerun` (db/review.ts selectDocuments) and go through the
// runner the server was built with (app/reruns.ts).
import { asc, inArray } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { RerunSelection } from '../../activities/contract.ts';
import { forceExtraction } from '../../db/documents.ts';
import { copiesOf } from '../../db/one-report.ts';
import { selectDocuments } from '../../db/review.ts';
import { DOCUMENT_TYPES } from '../../extractors/document-types.ts';
import { documentStatus, provinces, type DocumentStatus } from '../../db/schema.ts';
import { indicators, provinces as catalogueProvinces } from '../../extractors/catalogue.ts';
import { periodFromKey } from '../../extractors/periods.ts';
import { documentPeriods, getDocumentFacts, listDocuments, runValues, type RunSummary } from '../../db/analyst-queries.ts';
import type { WebDeps, WebRoutes } from '../deps.ts';
import type { Messages } from '../i18n/index.ts';
import { contentDisposition } from '../download.ts';
import { can } from '../permissions.ts';
import { sendError } from '../replies.ts';
import type { RerunResult } from '../../app/reruns.ts';
import { byCatalogue, compareRuns } from '../run-diff.ts';
import { queryString } from '../views/analyst.ts';
import { documentPage, documentsPage, type DocumentView, type RerunNotice } from '../views/documents.ts';
import { ID_PARAMS } from './review-api.ts';
import { formBody } from './form-body.ts';

const COUNT = { type: 'integer', minimum: 0, maximum: 1000000 } as const;

/** What a re-run came to, after the redirect; read back only in these shapes. */
const NOTICE_PROPERTIES = {
  rerun: { type: 'string', enum: ['', 'done', 'started'] },
  selected: COUNT,
  extracted: COUNT,
  failed: COUNT,
  skipped: COUNT,
  workflow: { type: 'string', pattern: '^[A-Za-z0-9._:-]{0,160}$' },
} as const;

const SELECTION_PROPERTIES = {
  province: { type: 'string', pattern: '^(\\d{2})?$' },
  period: { type: 'string', maxLength: 20, pattern: '^[0-9A-Za-z-]*$' },
  group: { type: 'string', pattern: '^[a-z_]{0,40}$' },
} as const;

const LIST_QUERY = {
  type: 'object',
  properties: {
    ...SELECTION_PROPERTIES,
    status: { type: 'string', enum: ['', ...documentStatus.enumValues] },
    type: { type: 'string', enum: ['', ...DOCUMENT_TYPES] },
    ...NOTICE_PROPERTIES,
  },
} as const;

const DOCUMENT_QUERY = {
  type: 'object',
  properties: { a: { type: 'integer', minimum: 1 }, b: { type: 'integer', minimum: 1 }, ...NOTICE_PROPERTIES },
} as const;

const RERUN_BODY = formBody();
const SELECTION_BODY = { type: 'object', properties: { _csrf: { type: 'string' }, ...SELECTION_PROPERTIES } } as const;

interface SelectionFields {
  province?: string;
  period?: string;
  group?: string;
}

type NoticeQuery = RerunNotice & { rerun?: '' | 'done' | 'started' };

/** Types a stored file may be sent as; anything else goes out as bytes, never as something a browser would render here. */
const DOWNLOAD_TYPES = new Set([
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/msword',
  'application/zip',
  'image/png',
  'image/jpeg',
  'image/tiff',
]);

function noticeOf(q: NoticeQuery): RerunNotice {
  if (!q.rerun) return {};
  const { rerun, selected, extracted, failed, skipped, workflow } = q;
  return { rerun, selected, extracted, failed, skipped, workflow };
}

function noticeQuery(result: RerunResult): Record<string, string | number> {
  if (result.mode === 'temporal') return { rerun: 'started', workflow: result.workflowId };
  return { rerun: 'done', selected: result.selected, extracted: result.extracted, failed: result.failed, skipped: result.skipped };
}

/** The filter as a re-run selection (blank fields dropped), or null when it selects nothing a re-run can take. */
function selectionOf(f: SelectionFields): RerunSelection | null {
  const selection: RerunSelection = {};
  if (f.province) selection.province = f.province;
  if (f.period) selection.period = f.period;
  if (f.group) selection.group = f.group;
  return Object.keys(selection).length > 0 ? selection : null;
}

/** The selection with its period key normalised, or why it names nothing real (the checks of `baocao run rerun`). */
function checkedSelection(t: Messages, s: RerunSelection): RerunSelection | string {
  if (s.province && !catalogueProvinces().some((p) => p.code === s.province)) return t.errors.notProvince(s.province);
  if (s.group && !indicators().some((i) => i.group === s.group)) return t.errors.notGroup(s.group);
  if (!s.period) return s;
  const period = periodFromKey(s.period, 'periodic');
  return period ? { ...s, period: period.key } : t.errors.notPeriodKey(s.period);
}

async function provinceChoices(deps: WebDeps, scope: string[] | null): Promise<{ code: string; name: string }[]> {
  return deps.db
    .select({ code: provinces.code, name: provinces.shortName })
    .from(provinces)
    .where(scope ? inArray(provinces.code, scope.length > 0 ? scope : ['']) : undefined)
    .orderBy(asc(provinces.code));
}

/** A new version of a report beside the version it replaces: the current runs of both, compared. */
async function versionDiff(deps: WebDeps, previous: number | null, runs: RunSummary[]): Promise<DocumentView['versionDiff']> {
  const current = runs.find((r) => r.isCurrent);
  if (previous === null || !current) return null;
  const older = await getDocumentFacts(deps.db, previous);
  const olderRun = older?.runs.find((r) => r.isCurrent);
  if (!olderRun) return null;
  const values = await runValues(deps.db, [olderRun.id, current.id]);
  return { previous, diff: compareRuns(values.get(olderRun.id)!, values.get(current.id)!) };
}

/** Earlier (a) and later (b) run to compare: as asked when both are this document's, else the current run and the one before it. */
function runsToCompare(runs: RunSummary[], a?: number, b?: number): [RunSummary, RunSummary] | null {
  if (runs.length < 2) return null;
  const byId = new Map(runs.map((r) => [r.id, r]));
  if (a !== undefined && b !== undefined && a !== b && byId.has(a) && byId.has(b)) {
    const [x, y] = [byId.get(a)!, byId.get(b)!];
    return x.id < y.id ? [x, y] : [y, x];
  }
  const later = runs.find((r) => r.isCurrent) ?? runs[runs.length - 1]!;
  const earlier = [...runs].reverse().find((r) => r.id < later.id) ?? runs.find((r) => r.id !== later.id)!;
  return earlier.id < later.id ? [earlier, later] : [later, earlier];
}

export const documentPageRoutes: WebRoutes = async (app, deps) => {
  app.get<{ Querystring: SelectionFields & { status?: string; type?: string } & NoticeQuery }>(
    '/documents',
    { config: { access: { permission: 'documents.read', scope: 'province-query', page: true } }, schema: { querystring: LIST_QUERY } },
    async (request, reply) => {
      const auth = request.auth!;
      const scope = request.provinceScope;
      const q = request.query;
      const filters = {
        province: q.province || undefined,
        period: q.period || undefined,
        group: q.group || undefined,
        status: (q.status || undefined) as DocumentStatus | undefined,
        type: q.type || undefined,
      };
      const canRerun = can(auth.user, 'runs.start') && deps.rerun !== null;
      const selection = selectionOf(filters);
      const [list, provinceList, periods, rerunCount] = await Promise.all([
        listDocuments(deps.db, { ...filters, scope }),
        provinceChoices(deps, scope),
        documentPeriods(deps.db, scope),
        canRerun && selection ? selectDocuments(deps.db, selection).then((d) => d.length) : Promise.resolve(null),
      ]);
      const groups = [...new Set(indicators().map((i) => i.group))];
      const html = documentsPage({
        t: request.t,
        user: auth.user,
        csrf: auth.csrfToken,
        items: list.items,
        total: list.total,
        filters,
        choices: { provinces: provinceList, periods, groups },
        rerunCount,
        canRerun,
        canExport: can(auth.user, 'values.export'),
        notice: noticeOf(q),
      });
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );

  app.get<{ Params: { id: number }; Querystring: { a?: number; b?: number } & NoticeQuery }>(
    '/documents/:id',
    { config: { access: { permission: 'documents.read', scope: 'document', page: true } }, schema: { params: ID_PARAMS, querystring: DOCUMENT_QUERY } },
    async (request, reply) => {
      const auth = request.auth!;
      const facts = await getDocumentFacts(deps.db, request.params.id);
      if (!facts) return sendError(request, reply, 404, 'not_found', request.t.errors.noSuchDocument(request.params.id));
      const pair = runsToCompare(facts.runs, request.query.a, request.query.b);
      let comparison: DocumentView['comparison'] = null;
      if (pair) {
        const values = await runValues(deps.db, [pair[0].id, pair[1].id]);
        comparison = { a: pair[0], b: pair[1], diff: compareRuns(values.get(pair[0].id)!, values.get(pair[1].id)!) };
      } else if (facts.runs[0]) {
        const only = facts.runs[0];
        comparison = { only, values: (await runValues(deps.db, [only.id])).get(only.id)!.sort((x, y) => byCatalogue(x.indicator, y.indicator)) };
      }
      const copies = await copiesOf(deps.db, facts.document.id);
      const html = documentPage({
        t: request.t,
        user: auth.user,
        csrf: auth.csrfToken,
        document: facts.document,
        runs: facts.runs,
        comparison,
        copies: copies.length > 1 ? copies : [],
        versionDiff: await versionDiff(deps, facts.document.supersedesId, facts.runs),
        canRerun: can(auth.user, 'runs.start') && deps.rerun !== null,
        canDownload: deps.store !== null,
        notice: noticeOf(request.query),
      });
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );

  app.get<{ Params: { id: number } }>(
    '/documents/:id/file',
    { config: { access: { permission: 'documents.read', scope: 'document' }, rateLimit: { max: 60, timeWindow: '1 minute' } }, schema: { params: ID_PARAMS } },
    async (request, reply) => {
      const facts = await getDocumentFacts(deps.db, request.params.id);
      if (!facts) return sendError(request, reply, 404, 'not_found', request.t.errors.noSuchDocument(request.params.id));
      if (!deps.store) return sendError(request, reply, 404, 'not_found', request.t.errors.noStore);
      const doc = facts.document;
      let bytes: Uint8Array;
      try {
        bytes = await deps.store.get(doc.storageKey);
      } catch (error) {
        request.log.warn({ err: error, documentId: doc.id }, 'stored file missing');
        return sendError(request, reply, 404, 'not_found', request.t.errors.fileNotInStore(doc.id));
      }
      return reply
        .type(DOWNLOAD_TYPES.has(doc.mediaType) ? doc.mediaType : 'application/octet-stream')
        .header('content-disposition', contentDisposition(doc.name))
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(bytes));
    },
  );

  const rerunAccess = { permission: 'runs.start', page: true } as const;

  async function run(request: FastifyRequest, selection: RerunSelection): Promise<RerunResult | string> {
    if (!deps.rerun) return request.t.errors.rerunUnavailable;
    const by = request.auth!.user.username;
    try {
      const result = await deps.rerun(selection, by);
      request.log.info({ selection, by, result }, 're-run requested');
      return result;
    } catch (error) {
      request.log.error({ err: error, selection, by }, 're-run could not be started');
      return request.t.errors.rerunFailed((error as Error).message);
    }
  }

  app.post<{ Params: { id: number } }>(
    '/documents/:id/rerun',
    { config: { access: { ...rerunAccess, scope: 'document' } }, schema: { params: ID_PARAMS, body: RERUN_BODY } },
    async (request, reply) => {
      const id = request.params.id;
      const result = await run(request, { documentIds: [id] });
      if (typeof result === 'string') return sendError(request, reply, 503, 'unavailable', result);
      return reply.redirect(`/documents/${id}${queryString(noticeQuery(result))}`, 303);
    },
  );

  // An analyst's decision that a document set aside (a letter, a notice, a report on another
  // subject) is to be extracted all the same: recorded on the document, then a re-run of it.
  app.post<{ Params: { id: number } }>(
    '/documents/:id/force-extraction',
    { config: { access: { ...rerunAccess, scope: 'document' } }, schema: { params: ID_PARAMS, body: RERUN_BODY } },
    async (request, reply) => {
      const id = request.params.id;
      if (!deps.rerun) return sendError(request, reply, 503, 'unavailable', request.t.errors.rerunUnavailable);
      if ((await forceExtraction(deps.db, [id])) === 0) return sendError(request, reply, 404, 'not_found', request.t.errors.noSuchDocument(id));
      request.log.info({ documentId: id, by: request.auth!.user.username }, 'extraction forced');
      const result = await run(request, { documentIds: [id] });
      if (typeof result === 'string') return sendError(request, reply, 503, 'unavailable', result);
      return reply.redirect(`/documents/${id}${queryString(noticeQuery(result))}`, 303);
    },
  );

  app.post<{ Body: SelectionFields }>('/documents/rerun', { config: { access: rerunAccess }, schema: { body: SELECTION_BODY } }, async (request, reply) => {
    const asked = selectionOf(request.body);
    if (!asked) return sendError(request, reply, 400, 'bad_request', request.t.errors.rerunNeedsSelection);
    const selection = checkedSelection(request.t, asked);
    if (typeof selection === 'string') return sendError(request, reply, 400, 'bad_request', selection);
    const result = await run(request, selection);
    if (typeof result === 'string') return sendError(request, reply, 503, 'unavailable', result);
    return reply.redirect(
      `/documents${queryString({ province: selection.province, period: selection.period, group: selection.group, ...noticeQuery(result) })}`,
      303,
    );
  });
};
