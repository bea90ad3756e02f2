// The one place where requests are let in or turned away. Every route declares
// config.access (a route without it fails at registration); the hooks here then
//   onRequest:  read the session cookie; refuse without a session (401, or a redirect to
//               /login for pages); refuse without the route's permission (403),
//   preHandler: check the CSRF token of state-changing requests (403), and for users limited
//               to some provinces, the province of what the route touches (403, 404).
// preHandler runs after the body is parsed (forms carry the token as a field) and the
// params validated (so `:id` is a number by then).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Database } from '../db/client.ts';
import { documentOwner, valueOwner } from '../db/review-queue.ts';
import { uploadOwner } from '../db/uploads.ts';
import { lookupSession, type SessionPolicy } from '../db/sessions.ts';
import { can, provinceScope, type Access, type Scope } from './permissions.ts';
import { sendError, wantsPage } from './replies.ts';
import './request-context.ts';
import { sessionTokenOf } from './session-cookie.ts';

/** Served by @fastify/static; nothing there is private. */
export const PUBLIC_FILES = '/public/';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function methodsOf(route: RouteOptions): string[] {
  return Array.isArray(route.method) ? route.method : [route.method];
}

function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request carries: the X-CSRF-Token header (fetch), or the _csrf field of a form. */
function csrfTokenOf(request: FastifyRequest): unknown {
  const header = request.headers['x-csrf-token'];
  if (header !== undefined) return header;
  const body = request.body;
  return typeof body === 'object' && body !== null && '_csrf' in body ? (body as { _csrf: unknown })._csrf : undefined;
}

async function ownerOf(db: Database, scope: Exclude<Scope, 'province-query'>, request: FastifyRequest): Promise<{ provinceCode: string | null } | null> {
  const id = (request.params as { id?: unknown }).id;
  if (typeof id !== 'number' || !Number.isInteger(id)) throw new Error(`route ${request.routeOptions.url} has scope '${scope}' but no integer :id param`);
  if (scope === 'upload') return uploadOwner(db, id);
  return scope === 'value' ? valueOwner(db, id) : documentOwner(db, id);
}

export function installGuard(app: FastifyInstance, deps: { db: Database; sessionPolicy: SessionPolicy }): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('provinceScope', null);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith(PUBLIC_FILES)) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${methodsOf(route).join(',')} ${route.url} declares no config.access`);
    // Before a session exists (the login form) the token is the double-submit kind from
    // @fastify/csrf-protection: a secret in a cookie, the token in the form.
    if ('public' in access && methodsOf(route).some((m) => !SAFE_METHODS.has(m))) {
      const own = route.preHandler ? (Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler]) : [];
      route.preHandler = [app.csrfProtection, ...own];
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(PUBLIC_FILES)) return;
    const token = sessionTokenOf(request);
    request.auth = token ? await lookupSession(deps.db, token, deps.sessionPolicy) : null;
    const access: Access | undefined = request.routeOptions.config.access;
    if (!access || 'public' in access) return;
    const user = request.auth?.user;
    const t = request.t;
    if (!user) {
      if (wantsPage(request) && request.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
      return sendError(request, reply, 401, 'unauthenticated', t.errors.logInFirst);
    }
    // A temporary password (an administrator's reset) opens only the page that replaces it.
    if (request.auth!.mustChangePassword && access.permission !== 'session') {
      if (wantsPage(request) && request.method === 'GET') return reply.redirect(`/account/password?next=${encodeURIComponent(request.url)}`, 303);
      return sendError(request, reply, 403, 'forbidden', t.account.mustChange);
    }
    if (access.permission !== 'session' && !can(user, access.permission)) {
      return sendError(request, reply, 403, 'forbidden', t.errors.forbidden(user.username, t.roles[user.role]));
    }
    request.provinceScope = provinceScope(user);
  });

  app.addHook('preHandler', async (request, reply) => {
    const access: Access | undefined = request.routeOptions.config.access;
    const auth = request.auth;
    if (!access || 'public' in access || !auth) return;
    const t = request.t;
    if (!SAFE_METHODS.has(request.method) && !sameToken(csrfTokenOf(request), auth.csrfToken)) {
      return sendError(request, reply, 403, 'csrf_failed', t.errors.csrf);
    }
    const scope = request.provinceScope;
    if (!access.scope || scope === null) return;
    if (access.scope === 'province-query') {
      const wanted = (request.query as { province?: unknown }).province;
      if (typeof wanted === 'string' && wanted !== '' && !scope.includes(wanted)) {
        return sendError(request, reply, 403, 'out_of_scope', t.errors.provinceNotYours(wanted, auth.user.username));
      }
      return;
    }
    const owner = await ownerOf(deps.db, access.scope, request);
    const id = (request.params as { id: number }).id;
    const notFound = { value: t.errors.noSuchValue, document: t.errors.noSuchDocument, upload: t.errors.noSuchUpload }[access.scope];
    if (!owner) return sendError(request, reply, 404, 'not_found', notFound(id));
    if (!owner.provinceCode || !scope.includes(owner.provinceCode)) {
      const refusal = { value: t.errors.valueNotYours, document: t.errors.documentNotYours, upload: t.errors.uploadNotYours }[access.scope];
      return sendError(request, reply, 403, 'out_of_scope', refusal(owner.provinceCode, auth.user.username));
    }
  });
}
