// Administration (admins): accounts (create, role and provinces, disable and re-enable,
// temporary password, end sessions), sources (enable, disable, check now) and the audit, as
// pages and, for accounts, the JSON API. Every change is appended to the audit by the db layer,
// in the transaction that makes it.
import { asc } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { appendAudit, auditChoices, listAudit, type AuditEntry, type AuditFilters } from '../../db/audit.ts';
import { openSessionCounts } from '../../db/sessions.ts';
import { provinces, type UserRole } from '../../db/schema.ts';
import { allSources, setSourceEnabled, sourceOverview } from '../../db/sources.ts';
import {
  createUser,
  endUserSessions,
  listUsers,
  MIN_PASSWORD_LENGTH,
  resetPassword,
  setUserDisabled,
  setUserProvinces,
  setUserRole,
  UserExistsError,
  UserInputError,
  UserNotFoundError,
  USER_ROLES,
  type Actor,
} from '../../db/users.ts';
import type { WebRoutes } from '../deps.ts';
import { contentDisposition } from '../download.ts';
import { auditSheet, CSV_CONTENT_TYPE, tableCsv, tableXlsx, XLSX_CONTENT_TYPE, type ExportFormat } from '../export.ts';
import { vietnamDate } from '../../extractors/submissions.ts';
import type { Messages } from '../i18n/index.ts';
import { sendError } from '../replies.ts';
import { auditPage, sourcesPage, userPage, usersPage, type AuditFilterValues, type NewUserInput } from '../views/admin.ts';
import { ID_PARAMS } from './review-api.ts';
import { formBody } from './form-body.ts';

const PROVINCES = { type: 'array', maxItems: 34, items: { type: 'string', pattern: '^\\d{2}$' } } as const;

const NEW_USER = {
  type: 'object',
  required: ['username', 'password', 'role'],
  properties: {
    username: { type: 'string', maxLength: 64 },
    displayName: { type: 'string', maxLength: 200 },
    password: { type: 'string', maxLength: 1000 },
    role: { type: 'string', enum: USER_ROLES },
    provinces: PROVINCES,
  },
} as const;

interface NewUserBody {
  username: string;
  displayName?: string;
  password: string;
  role: UserRole;
  provinces?: string[];
}

const FORM = formBody();
const NEW_USER_FORM = formBody({ username: 64, displayName: 200, password: 1000, role: 20, provinces: 400 });
const ROLE_FORM = formBody({ role: 20, provinces: 400 });

const DAY = { type: 'string', pattern: '^(\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{4})?$' } as const;
const AUDIT_QUERY = {
  type: 'object',
  properties: {
    actor: { type: 'string', maxLength: 64 },
    province: { type: 'string', pattern: '^(\\d{2})?$' },
    period: { type: 'string', maxLength: 20, pattern: '^[0-9A-Za-z-]*$' },
    action: { type: 'string', maxLength: 40, pattern: '^[a-z_.]*$' },
    from: DAY,
    to: DAY,
  },
} as const;

const NOTICE_QUERY = { type: 'object', properties: { done: { type: 'string', pattern: '^[a-z-]{0,20}$' }, n: { type: 'integer', minimum: 0 } } } as const;

/** "79, 80" or "79 80" as a list of codes. */
function provinceList(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,;]+/).filter(Boolean);
}

function actorOf(request: FastifyRequest): Actor {
  const user = request.auth!.user;
  return { actor: user.username, actorId: user.id };
}

/** A refused account change, in the reader's words. */
function userErrorText(t: Messages, error: UserInputError): string {
  const u = t.errors.user;
  switch (error.code) {
    case 'username':
      return u.username(error.subject);
    case 'password':
      return u.password(MIN_PASSWORD_LENGTH);
    case 'provinces':
      return u.provinces(error.subject);
    case 'provincesForReviewers':
      return u.provincesForReviewers;
    case 'oneProvince':
      return u.oneProvince;
    case 'exists':
      return u.exists(error.subject);
    case 'lastAdmin':
      return u.lastAdmin;
    case 'notFound':
      return t.errors.noSuchUser(Number(error.subject));
    case 'role':
      return t.errors.badRequest(error.subject);
  }
}

/** "2025-06-14" or "14/06/2025" as an ISO day; null when it is neither. */
function isoDay(text: string | undefined): string | null | undefined {
  if (!text) return undefined;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : dmy ? [dmy[3], dmy[2]!.padStart(2, '0'), dmy[1]!.padStart(2, '0')] : [];
  if (!y) return null;
  const day = `${y}-${m}-${d}`;
  const check = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== day ? null : day;
}

export const adminRoutes: WebRoutes = async (app, deps) => {
  const access = { permission: 'users.manage' } as const;
  const pageAccess = { permission: 'users.manage', page: true } as const;
  /** An action on one user or source: a form of nothing but its CSRF token, posted to the row's id. */
  const onId = (path: string, handler: (request: FastifyRequest<{ Params: { id: number } }>, reply: FastifyReply) => Promise<unknown>) =>
    app.post<{ Params: { id: number } }>(path, { config: { access: pageAccess }, schema: { params: ID_PARAMS, body: FORM } }, handler);

  // -------------------------------------------------------------------------------------
  // JSON API (kept as it was; changes reach the audit too)

  app.get('/api/admin/users', { config: { access } }, async () => ({ users: await listUsers(deps.db) }));

  app.post<{ Body: NewUserBody }>('/api/admin/users', { config: { access }, schema: { body: NEW_USER } }, async (request, reply) => {
    try {
      const user = await createUser(deps.db, request.body, actorOf(request));
      request.log.info({ username: user.username, role: user.role, by: request.auth!.user.username }, 'user created');
      return reply.code(201).send({ user });
    } catch (error) {
      if (error instanceof UserExistsError) return sendError(request, reply, 409, 'conflict', userErrorText(request.t, error));
      if (error instanceof UserInputError) return sendError(request, reply, 400, 'bad_request', userErrorText(request.t, error));
      throw error;
    }
  });

  app.post<{ Params: { id: number }; Body: { provinces: string[] } }>(
    '/api/admin/users/:id/provinces',
    { config: { access }, schema: { params: ID_PARAMS, body: { type: 'object', required: ['provinces'], properties: { provinces: PROVINCES } } } },
    async (request, reply) => {
      try {
        const user = await setUserProvinces(deps.db, request.params.id, request.body.provinces, actorOf(request));
        request.log.info({ username: user.username, provinces: user.provinces, by: request.auth!.user.username }, 'provinces assigned');
        return { user };
      } catch (error) {
        if (error instanceof UserNotFoundError) return sendError(request, reply, 404, 'not_found', userErrorText(request.t, error));
        if (error instanceof UserInputError) return sendError(request, reply, 400, 'bad_request', userErrorText(request.t, error));
        throw error;
      }
    },
  );

  // -------------------------------------------------------------------------------------
  // Accounts

  async function showUsers(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    message: { kind: 'ok' | 'error'; text: string } | null,
    form: NewUserInput = {},
  ) {
    const auth = request.auth!;
    const [users, sessions] = await Promise.all([listUsers(deps.db), openSessionCounts(deps.db, deps.sessionPolicy)]);
    const html = usersPage({ t: request.t, user: auth.user, csrf: auth.csrfToken, users, sessions, message, form, minPassword: MIN_PASSWORD_LENGTH });
    return reply.code(status).type('text/html; charset=utf-8').send(html);
  }

  app.get<{ Querystring: { done?: string; n?: number } }>(
    '/admin/users',
    { config: { access: pageAccess }, schema: { querystring: NOTICE_QUERY } },
    async (request, reply) => {
      return showUsers(request, reply, 200, null);
    },
  );

  app.post<{ Body: { username?: string; displayName?: string; password?: string; role?: string; provinces?: string } }>(
    '/admin/users',
    { config: { access: pageAccess }, schema: { body: NEW_USER_FORM } },
    async (request, reply) => {
      const b = request.body;
      const form = { username: b.username, displayName: b.displayName, role: b.role, provinces: b.provinces };
      try {
        const user = await createUser(
          deps.db,
          {
            username: b.username ?? '',
            displayName: b.displayName,
            password: b.password ?? '',
            role: (b.role ?? '') as UserRole,
            provinces: provinceList(b.provinces),
          },
          actorOf(request),
        );
        request.log.info({ username: user.username, role: user.role, by: request.auth!.user.username }, 'user created');
        return reply.redirect(`/admin/users/${user.id}?done=created`, 303);
      } catch (error) {
        if (error instanceof UserInputError)
          return showUsers(request, reply, error instanceof UserExistsError ? 409 : 400, { kind: 'error', text: userErrorText(request.t, error) }, form);
        throw error;
      }
    },
  );

  async function showUser(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    extra: {
      status?: number;
      message?: { kind: 'ok' | 'error'; text: string } | null;
      temporaryPassword?: string;
      form?: { role?: string; provinces?: string };
    } = {},
  ) {
    const auth = request.auth!;
    const account = (await listUsers(deps.db)).find((u) => u.id === id);
    if (!account) return sendError(request, reply, 404, 'not_found', request.t.errors.noSuchUser(id));
    const [sessions, audit] = await Promise.all([openSessionCounts(deps.db, deps.sessionPolicy), listAudit(deps.db, { limit: 500 })]);
    const history = audit.entries.filter((e: AuditEntry) => (e.targetType === 'user' && e.targetId === id) || e.actor === account.username).slice(0, 20);
    const html = userPage({
      t: request.t,
      user: auth.user,
      csrf: auth.csrfToken,
      account,
      sessions: sessions.get(id) ?? 0,
      message: extra.message ?? null,
      temporaryPassword: extra.temporaryPassword ?? null,
      form: extra.form ?? {},
      history,
    });
    return reply
      .code(extra.status ?? 200)
      .type('text/html; charset=utf-8')
      .send(html);
  }

  /** The message a redirect after a change carries (?done=…). */
  function doneMessage(t: Messages, done: string | undefined, name: string, n: number): { kind: 'ok'; text: string } | null {
    const a = t.admin.users;
    const text = { created: a.created1(name), saved: a.saved, disabled: a.disabledDone(name), enabled: a.enabledDone(name), ended: a.endedDone(name, n) }[
      done ?? ''
    ];
    return text ? { kind: 'ok', text } : null;
  }

  app.get<{ Params: { id: number }; Querystring: { done?: string; n?: number } }>(
    '/admin/users/:id',
    { config: { access: pageAccess }, schema: { params: ID_PARAMS, querystring: NOTICE_QUERY } },
    async (request, reply) => {
      const account = (await listUsers(deps.db)).find((u) => u.id === request.params.id);
      return showUser(request, reply, request.params.id, {
        message: account ? doneMessage(request.t, request.query.done, account.username, request.query.n ?? 0) : null,
      });
    },
  );

  /** Runs an account change; a refusal re-shows the page with the reason. */
  async function change(
    request: FastifyRequest<{ Params: { id: number } }>,
    reply: FastifyReply,
    action: () => Promise<string>,
    form?: { role?: string; provinces?: string },
  ) {
    try {
      return reply.redirect(`/admin/users/${request.params.id}?${await action()}`, 303);
    } catch (error) {
      if (error instanceof UserNotFoundError) return sendError(request, reply, 404, 'not_found', request.t.errors.noSuchUser(request.params.id));
      if (error instanceof UserInputError)
        return showUser(request, reply, request.params.id, { status: 400, message: { kind: 'error', text: userErrorText(request.t, error) }, form });
      throw error;
    }
  }

  app.post<{ Params: { id: number }; Body: { role?: string; provinces?: string } }>(
    '/admin/users/:id/role',
    { config: { access: pageAccess }, schema: { params: ID_PARAMS, body: ROLE_FORM } },
    async (request, reply) =>
      change(
        request,
        reply,
        async () => {
          const { after } = await setUserRole(
            deps.db,
            request.params.id,
            (request.body.role ?? '') as UserRole,
            provinceList(request.body.provinces),
            actorOf(request),
          );
          request.log.info(
            { username: after.username, role: after.role, provinces: after.provinces, by: request.auth!.user.username },
            'role and provinces set',
          );
          return 'done=saved';
        },
        { role: request.body.role, provinces: request.body.provinces },
      ),
  );

  for (const [path, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    onId(`/admin/users/:id/${path}`, async (request, reply) =>
      change(request, reply, async () => {
        const user = await setUserDisabled(deps.db, request.params.id, disabled, actorOf(request));
        request.log.info({ username: user.username, disabled, by: request.auth!.user.username }, disabled ? 'user disabled' : 'user enabled');
        return `done=${disabled ? 'disabled' : 'enabled'}`;
      }),
    );
  }

  onId('/admin/users/:id/end-sessions', async (request, reply) =>
    change(request, reply, async () => {
      const { user, ended } = await endUserSessions(deps.db, request.params.id, actorOf(request));
      request.log.info({ username: user.username, ended, by: request.auth!.user.username }, 'sessions ended');
      return `done=ended&n=${ended}`;
    }),
  );

  // The temporary password is shown in this answer only: no redirect, so it is never in a URL.
  onId('/admin/users/:id/reset-password', async (request, reply) => {
    try {
      const { user, password } = await resetPassword(deps.db, request.params.id, actorOf(request));
      request.log.info({ username: user.username, by: request.auth!.user.username }, 'password reset');
      reply.header('cache-control', 'no-store');
      return showUser(request, reply, request.params.id, { temporaryPassword: password });
    } catch (error) {
      if (error instanceof UserNotFoundError) return sendError(request, reply, 404, 'not_found', request.t.errors.noSuchUser(request.params.id));
      throw error;
    }
  });

  // -------------------------------------------------------------------------------------
  // Sources

  async function showSources(request: FastifyRequest, reply: FastifyReply, message: { kind: 'ok' | 'error' | 'info'; text: string } | null) {
    const auth = request.auth!;
    const html = sourcesPage({
      t: request.t,
      user: auth.user,
      csrf: auth.csrfToken,
      sources: await sourceOverview(deps.db),
      canCheck: deps.checkSource !== null,
      message,
    });
    return reply.type('text/html; charset=utf-8').send(html);
  }

  const SOURCE_NOTICE = {
    type: 'object',
    properties: {
      done: { type: 'string', pattern: '^[a-z-]{0,20}$' },
      source: { type: 'integer', minimum: 1 },
      listed: { type: 'integer', minimum: 0 },
      fetched: { type: 'integer', minimum: 0 },
      failed: { type: 'integer', minimum: 0 },
      workflow: { type: 'string', pattern: '^[A-Za-z0-9._:-]{0,200}$' },
    },
  } as const;

  app.get<{ Querystring: { done?: string; source?: number; listed?: number; fetched?: number; failed?: number; workflow?: string } }>(
    '/admin/sources',
    { config: { access: pageAccess }, schema: { querystring: SOURCE_NOTICE } },
    async (request, reply) => {
      const q = request.query;
      const source = q.source ? (await allSources(deps.db)).find((s) => s.id === q.source) : undefined;
      const a = request.t.admin.sources;
      let message: { kind: 'ok' | 'error' | 'info'; text: string } | null = null;
      if (source && q.done === 'enabled') message = { kind: 'ok', text: a.enabledDone(source.name) };
      if (source && q.done === 'disabled') message = { kind: 'ok', text: a.disabledDone(source.name) };
      if (source && q.done === 'checked')
        message = { kind: (q.failed ?? 0) > 0 ? 'error' : 'ok', text: a.checkDone(source.name, q.listed ?? 0, q.fetched ?? 0, q.failed ?? 0) };
      if (source && q.done === 'check-failed') message = { kind: 'error', text: a.checkError(source.name, source.lastError ?? '') };
      if (source && q.done === 'check-started') message = { kind: 'info', text: a.checkStarted(source.name, q.workflow ?? '?') };
      return showSources(request, reply, message);
    },
  );

  for (const [path, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    onId(`/admin/sources/:id/${path}`, async (request, reply) => {
      const source = await setSourceEnabled(deps.db, request.params.id, enabled, actorOf(request));
      if (!source) return sendError(request, reply, 404, 'not_found', request.t.errors.noSuchSource(request.params.id));
      request.log.info({ source: source.name, enabled, by: request.auth!.user.username }, enabled ? 'source enabled' : 'source disabled');
      return reply.redirect(`/admin/sources?done=${enabled ? 'enabled' : 'disabled'}&source=${source.id}`, 303);
    });
  }

  onId('/admin/sources/:id/check', async (request, reply) => {
    const t = request.t;
    const source = (await allSources(deps.db)).find((s) => s.id === request.params.id);
    if (!source) return sendError(request, reply, 404, 'not_found', t.errors.noSuchSource(request.params.id));
    if (!deps.checkSource) return sendError(request, reply, 503, 'unavailable', t.errors.checkUnavailable);
    const by = actorOf(request);
    const target = { type: 'source' as const, id: source.id, name: source.name };
    try {
      const result = await deps.checkSource(source.name, by.actor);
      await appendAudit(deps.db, {
        ...by,
        action: 'source.check',
        target,
        provinceCode: source.provinceCode,
        details: result.mode === 'temporal' ? { workflow: result.workflowId } : { ...result },
      });
      if (result.mode === 'temporal')
        return reply.redirect(`/admin/sources?done=check-started&source=${source.id}&workflow=${encodeURIComponent(result.workflowId)}`, 303);
      if (result.error) return reply.redirect(`/admin/sources?done=check-failed&source=${source.id}`, 303);
      return reply.redirect(`/admin/sources?done=checked&source=${source.id}&listed=${result.listed}&fetched=${result.fetched}&failed=${result.failed}`, 303);
    } catch (error) {
      request.log.error({ err: error, source: source.name }, 'source check could not be started');
      await appendAudit(deps.db, { ...by, action: 'source.check', target, provinceCode: source.provinceCode, details: { error: (error as Error).message } });
      return sendError(request, reply, 503, 'unavailable', t.errors.checkFailed((error as Error).message));
    }
  });

  // -------------------------------------------------------------------------------------
  // The audit

  /** The filters as asked, and as the query understands them (or why a date is not one). */
  function auditFilters(t: Messages, q: AuditFilterValues): { filters: AuditFilters; error: string | null } {
    const from = isoDay(q.from);
    const to = isoDay(q.to);
    const error = from === null ? t.admin.audit.badDate(q.from!) : to === null ? t.admin.audit.badDate(q.to!) : null;
    return {
      filters: {
        actor: q.actor || undefined,
        province: q.province || undefined,
        period: q.period || undefined,
        action: q.action || undefined,
        from: from ?? undefined,
        to: to ?? undefined,
      },
      error,
    };
  }

  app.get<{ Querystring: AuditFilterValues }>(
    '/admin/audit',
    { config: { access: pageAccess }, schema: { querystring: AUDIT_QUERY } },
    async (request, reply) => {
      const auth = request.auth!;
      const { filters, error } = auditFilters(request.t, request.query);
      const [list, choices, provinceRows] = await Promise.all([
        listAudit(deps.db, filters),
        auditChoices(deps.db),
        deps.db.select({ code: provinces.code, name: provinces.shortName }).from(provinces).orderBy(asc(provinces.code)),
      ]);
      const html = auditPage({
        t: request.t,
        user: auth.user,
        csrf: auth.csrfToken,
        entries: list.entries,
        total: list.total,
        filters: request.query,
        choices: { ...choices, provinces: provinceRows },
        error,
      });
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );

  for (const format of ['csv', 'xlsx'] as ExportFormat[]) {
    app.get<{ Querystring: AuditFilterValues }>(
      `/admin/audit/export.${format}`,
      { config: { access }, schema: { querystring: AUDIT_QUERY } },
      async (request, reply) => {
        const { filters, error } = auditFilters(request.t, request.query);
        if (error) return sendError(request, reply, 400, 'bad_request', error);
        const { entries } = await listAudit(deps.db, { ...filters, limit: 100_000 });
        request.log.info({ filters, rows: entries.length, format, by: request.auth!.user.username }, 'audit exported');
        const sheet = auditSheet(request.t, entries);
        const stamp = vietnamDate(new Date());
        reply.header('content-disposition', contentDisposition(`${request.t.admin.audit.title} ${stamp}.${format}`, `audit_${stamp}.${format}`));
        if (format === 'csv') return reply.type(CSV_CONTENT_TYPE).send(tableCsv(sheet));
        return reply.type(XLSX_CONTENT_TYPE).send(await tableXlsx([sheet]));
      },
    );
  }
};
