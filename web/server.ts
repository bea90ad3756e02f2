// The review application: a Fastify server over the database and the document store.
// Sessions live in Postgres, pages are rendered on the server (web/views), and the small
// scripts and the stylesheet are plain files under web/public/ (no front-end build).
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { DocumentStore } from '../activities/document-store.ts';
import type { Database } from '../db/client.ts';
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from '../db/sessions.ts';
import type { WebDeps } from './deps.ts';
import { installGuard, PUBLIC_FILES } from './guard.ts';
import { DEFAULT_LOCALE, localeOf, messagesFor, type Messages } from './i18n/index.ts';
import { DEFAULT_THROTTLE, LoginThrottle, type ThrottlePolicy } from './login-throttle.ts';
import { pageImages, SCREEN_DPI, type PageImageOptions } from './page-images.ts';
import type { RerunRunner } from '../app/reruns.ts';
import type { SourceCheckRunner } from '../app/source-checks.ts';
import { inProcessSubmissionReader, type UploadReading } from './submission-reader.ts';
import { errorPage, sendError } from './replies.ts';
import { ROUTES } from './routes/index.ts';
import { isSecureRequest, type SecureCookies } from './session-cookie.ts';

export const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

export interface BuildServerOptions {
  db: Database;
  /** Request and application logs (a pino logger); none when absent. */
  logger?: FastifyBaseLogger;
  /** Stored files and parsed text (page images, paragraphs around evidence). */
  store?: DocumentStore;
  /** Secure cookies: always, never, or 'auto' (when the request came over https). Default 'auto'. */
  secureCookies?: SecureCookies;
  /** Fastify's trustProxy: whose X-Forwarded-For / -Proto to believe (true: any; or addresses / CIDRs). Default false. */
  trustProxy?: boolean | string | string[];
  sessionPolicy?: SessionPolicy;
  loginThrottle?: ThrottlePolicy;
  /** Called when a decision leaves a document with no flagged value (production: signal the Temporal deadline workflow). */
  onDocumentReviewed?: (documentId: number) => void | Promise<void>;
  /**
   * Runs the re-runs analysts start from the documents pages: `baocao serve` hands in one that
   * starts the Temporal workflow, or runs the core in process without a cluster
   * (app/web-runners.ts); tests hand in inProcessRerunner (app/reruns.ts). None: no re-runs.
   */
  rerun?: RerunRunner;
  /** Runs "check now" on a source, as `rerun` runs re-runs (app/source-checks.ts). None: no button. */
  checkSource?: SourceCheckRunner;
  /**
   * What reads the reports a province's submitters upload (web/submission-reader.ts): activities
   * built with the heartbeat the reader gives them (page progress arrives there), the size cap and
   * whether OCR is on. `baocao serve` lends its own (as `baocao add` builds them), tests theirs.
   * None: no uploads (503).
   */
  submissions?: UploadReading;
  /** The time now, for when a report was submitted (tests pass a fixed clock). Default the clock. */
  now?: () => Date;
  pageImageDpi?: number;
  /** How page images are drawn (web.pageImageProcesses, web.pageImageTimeoutMs, limits.documentMemoryBytes, limits.maxPageContentBytes). */
  pageImages?: Omit<PageImageOptions, 'dpi'>;
  /** A log line per request (default true). */
  logRequests?: boolean;
  /** submissions.daysAfterCutoff of the configuration: deadlines, as `baocao status` counts them (default 6, the configuration's). */
  daysAfterCutoff?: number;
}

// Everything the pages load comes from this origin; no inline script or style anywhere.
const CSP =
  "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

function securityHeaders(secureCookies: SecureCookies) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    if (isSecureRequest(request, secureCookies)) reply.header('strict-transport-security', 'max-age=31536000');
    // Pages and API answers carry figures under review and a CSRF token: never cached.
    if (!request.url.startsWith(PUBLIC_FILES) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  };
}

/** Which field a schema refused ("querystring/period"): the words around it come from the catalogue. */
function invalidField(error: FastifyError): string {
  const first = error.validation?.[0] as { instancePath?: string; params?: { missingProperty?: string } } | undefined;
  const path = `${first?.instancePath ?? ''}${first?.params?.missingProperty ? `/${first.params.missingProperty}` : ''}`;
  return `${error.validationContext ?? ''}${path}` || error.message;
}

function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const t = request.t;
  if (error.validation) return sendError(request, reply, 400, 'bad_request', t.errors.badRequest(invalidField(error)));
  if (error.code?.startsWith('FST_CSRF')) return sendError(request, reply, 403, 'csrf_failed', t.errors.csrf);
  const status = error.statusCode ?? 500;
  if (status === 429) return sendError(request, reply, 429, 'too_many_requests', t.errors.tooManyRequests);
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    return sendError(request, reply, 500, 'internal', t.errors.internal);
  }
  return sendError(request, reply, status, 'bad_request', t.errors.badRequest(error.message));
}

export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const secureCookies = options.secureCookies ?? 'auto';
  const sessionPolicy = options.sessionPolicy ?? DEFAULT_SESSION_POLICY;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : {}),
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 256 * 1024,
    logController: new LogController({ disableRequestLogging: options.logRequests === false }),
  });
  const deps: WebDeps = {
    db: options.db,
    store: options.store ?? null,
    pageImages: options.store ? pageImages(options.store, { dpi: options.pageImageDpi ?? SCREEN_DPI, ...options.pageImages }) : null,
    secureCookies,
    sessionPolicy,
    throttle: new LoginThrottle(options.loginThrottle ?? DEFAULT_THROTTLE),
    onDocumentReviewed: options.onDocumentReviewed,
    rerun: options.rerun ?? null,
    checkSource: options.checkSource ?? null,
    daysAfterCutoff: options.daysAfterCutoff ?? 6,
    submissions: options.submissions ? inProcessSubmissionReader(options.submissions.build, options.submissions) : null,
    now: options.now ?? (() => new Date()),
  };

  await app.register(cookie);
  await app.register(formbody);
  // Only for the login form (before a session exists); the guard checks the session's own token on every other form and call.
  await app.register(csrfProtection, { cookieKey: 'baocao_login_csrf', cookieOpts: { path: '/login', httpOnly: true, sameSite: 'strict' } });
  // Off by default: routes opt in with config.rateLimit.
  await app.register(rateLimit, { global: false });
  // The reader's language first: every refusal from here on is worded in it.
  app.decorateRequest('locale', DEFAULT_LOCALE);
  // A reference type cannot be a decorator's initial value: set per request below.
  app.decorateRequest('t', null as unknown as Messages);
  app.addHook('onRequest', async (request) => {
    request.locale = localeOf(request);
    request.t = messagesFor(request.locale);
  });
  installGuard(app, { db: deps.db, sessionPolicy });
  // The processes that draw page images end with the server.
  app.addHook('onClose', async () => deps.pageImages?.close());
  // A report being read is finished first; the reader's OCR workers end with the server.
  app.addHook('onClose', async () => deps.submissions?.close());
  app.addHook('onSend', securityHeaders(secureCookies));
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    const t = request.t;
    if (request.url.startsWith('/api/'))
      return reply.code(404).send({ error: 'not_found', message: t.errors.noRoute(request.method, request.url.split('?')[0]!) });
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(errorPage(request, 404, t.errors.notFoundPage));
  });
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: PUBLIC_FILES, index: false, maxAge: '1h' });
  for (const routes of ROUTES) await app.register(routes, deps);
  return app;
}
