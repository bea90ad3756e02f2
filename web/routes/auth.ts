// Logging in and out, and who am I.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createSession, deleteExpiredSessions, deleteSession } from '../../db/sessions.ts';
import { changePassword, MIN_PASSWORD_LENGTH, UserInputError, verifyLogin } from '../../db/users.ts';
import type { WebDeps, WebRoutes } from '../deps.ts';
import { LoginThrottle } from '../login-throttle.ts';
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE } from '../i18n/index.ts';
import { clearSessionCookie, isSecureRequest, sessionTokenOf, setSessionCookie } from '../session-cookie.ts';
import { homeOf } from '../permissions.ts';
import { passwordPage } from '../views/account.ts';
import { loginPage } from '../views/login.ts';
import { formBody } from './form-body.ts';

export const HOME = '/review';

/**
 * Only a path on this site: "//evil.example" and "/\evil.example" are other sites to a browser.
 * Printable ASCII only (a browser sends paths percent-encoded): a control character would make
 * the redirect's Location header invalid, and the login fail after its session was written.
 */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) && !next.startsWith('/login') ? next : HOME;
}

interface LoginBody {
  username?: unknown;
  password?: unknown;
  next?: unknown;
}

function showLogin(deps: WebDeps, request: FastifyRequest, reply: FastifyReply, status: number, view: { next: string; username?: string; error?: string }) {
  const csrf = reply.generateCsrf({ path: '/login', httpOnly: true, sameSite: 'strict', secure: isSecureRequest(request, deps.secureCookies) });
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(loginPage({ ...view, t: request.t, csrf }));
}

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

/** Where the language switch returns to: ?next=, else the page of this site it was pressed on. */
function backTo(request: FastifyRequest<{ Querystring: { next?: string } }>): string {
  if (request.query.next) return safeNext(request.query.next);
  const referer = request.headers.referer;
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    if (url.host !== request.headers.host) return '/';
    const path = `${url.pathname}${url.search}`;
    // The login page keeps its own ?next= (it is not a place safeNext sends people to).
    return url.pathname === '/login' ? path : safeNext(path);
  } catch {
    return '/';
  }
}

export const authRoutes: WebRoutes = async (app, deps) => {
  // The login form's CSRF check (from @fastify/csrf-protection) fails with FST_CSRF_*: answer
  // with a fresh form rather than a bare 403, since the usual cause is a form left open too long.
  // The flood brake (@fastify/rate-limit) answers 429 the same way, as a page.
  app.setErrorHandler(async (error: { code?: string; statusCode?: number }, request, reply) => {
    if (request.routeOptions.url === '/login' && request.method === 'POST') {
      const next = safeNext(((request.body ?? {}) as LoginBody).next);
      if (error.code?.startsWith('FST_CSRF')) return showLogin(deps, request, reply, 403, { next, error: request.t.login.expired });
      if (error.statusCode === 429) return showLogin(deps, request, reply, 429, { next, error: request.t.login.flood });
    }
    throw error;
  });

  app.get('/', { config: { access: { public: true } } }, async (request, reply) => reply.redirect(request.auth ? homeOf(request.auth.user) : '/login', 303));

  // The language switch in the header: the choice is kept a year, and the reader goes back to
  // the page they were on (the Referer of this site, or ?next=).
  app.get<{ Params: { locale: string }; Querystring: { next?: string } }>('/lang/:locale', { config: { access: { public: true } } }, async (request, reply) => {
    const locale = isLocale(request.params.locale) ? request.params.locale : DEFAULT_LOCALE;
    reply.setCookie(LOCALE_COOKIE, locale, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600, secure: isSecureRequest(request, deps.secureCookies) });
    return reply.redirect(backTo(request), 303);
  });

  app.get<{ Querystring: { next?: string } }>('/login', { config: { access: { public: true } } }, async (request, reply) => {
    const next = safeNext(request.query.next);
    if (request.auth) return reply.redirect(next, 303);
    return showLogin(deps, request, reply, 200, { next });
  });

  app.post<{ Body: LoginBody | undefined }>(
    '/login',
    // A brake on floods from one address, whatever they send; failures are counted below.
    { config: { access: { public: true }, rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const body = request.body ?? {};
      const username = typeof body.username === 'string' ? body.username.slice(0, 200) : '';
      const password = typeof body.password === 'string' ? body.password.slice(0, 1000) : '';
      const next = safeNext(body.next);
      const keys = LoginThrottle.keys(request.ip, username);
      const wait = deps.throttle.retryAfterMs(keys);
      if (wait > 0) {
        reply.header('retry-after', String(Math.ceil(wait / 1000)));
        return showLogin(deps, request, reply, 429, { next, username, error: request.t.login.tooManyFailures(minutes(wait)) });
      }
      const user = username && password ? await verifyLogin(deps.db, username, password) : null;
      if (!user) {
        deps.throttle.recordFailure(keys);
        request.log.warn({ username, ip: request.ip }, 'failed login');
        return showLogin(deps, request, reply, 401, { next, username, error: request.t.login.wrong });
      }
      deps.throttle.forget(keys[1]!);
      // A session id set before login (by someone else, on a shared computer) never becomes a logged-in one.
      const previous = sessionTokenOf(request);
      if (previous) await deleteSession(deps.db, previous);
      const session = await createSession(deps.db, user.id, deps.sessionPolicy);
      setSessionCookie(request, reply, session.token, deps.secureCookies);
      deleteExpiredSessions(deps.db, deps.sessionPolicy).catch((error: Error) => request.log.warn({ err: error }, 'removing expired sessions failed'));
      request.log.info({ username: user.username, role: user.role }, 'logged in');
      // The default landing is the role's own page (a submitter has no review queue).
      return reply.redirect(next === HOME ? homeOf(user) : next, 303);
    },
  );

  app.post('/logout', { config: { access: { permission: 'session', page: true } } }, async (request, reply) => {
    const token = sessionTokenOf(request);
    if (token) await deleteSession(deps.db, token);
    clearSessionCookie(request, reply, deps.secureCookies);
    return reply.redirect('/login', 303);
  });

  // One's own password; a temporary one (an administrator's reset) leads here until it is replaced.
  const PASSWORD_FORM = formBody({ current: 1000, password: 1000, again: 1000, next: 2000 });
  const showPassword = (request: FastifyRequest, reply: FastifyReply, status: number, next: string, message: { kind: 'ok' | 'error'; text: string } | null) => {
    const auth = request.auth!;
    const html = passwordPage({
      t: request.t,
      user: auth.user,
      csrf: auth.csrfToken,
      next,
      mustChange: auth.mustChangePassword,
      minLength: MIN_PASSWORD_LENGTH,
      message,
    });
    return reply.code(status).type('text/html; charset=utf-8').send(html);
  };

  app.get<{ Querystring: { next?: string } }>('/account/password', { config: { access: { permission: 'session', page: true } } }, async (request, reply) =>
    showPassword(request, reply, 200, safeNext(request.query.next), null),
  );

  app.post<{ Body: { current?: string; password?: string; again?: string; next?: string } }>(
    '/account/password',
    { config: { access: { permission: 'session', page: true }, rateLimit: { max: 10, timeWindow: '1 minute' } }, schema: { body: PASSWORD_FORM } },
    async (request, reply) => {
      const t = request.t;
      const auth = request.auth!;
      const { current = '', password = '', again = '' } = request.body;
      const next = safeNext(request.body.next);
      if (password !== again) return showPassword(request, reply, 400, next, { kind: 'error', text: t.account.mismatch });
      try {
        if (!(await changePassword(deps.db, auth.user.id, current, password, auth.id)))
          return showPassword(request, reply, 400, next, { kind: 'error', text: t.account.wrongCurrent });
      } catch (error) {
        if (error instanceof UserInputError)
          return showPassword(request, reply, 400, next, { kind: 'error', text: t.errors.user.password(MIN_PASSWORD_LENGTH) });
        throw error;
      }
      request.log.info({ username: auth.user.username }, 'password changed');
      // A temporary password replaced: on to where the person was going.
      if (auth.mustChangePassword) return reply.redirect(next, 303);
      request.auth = { ...auth, mustChangePassword: false };
      return showPassword(request, reply, 200, next, { kind: 'ok', text: t.account.changed });
    },
  );

  app.get('/api/me', { config: { access: { permission: 'session' } } }, async (request) => {
    const auth = request.auth!;
    return { user: auth.user, csrfToken: auth.csrfToken, expiresAt: auth.expiresAt };
  });
};
