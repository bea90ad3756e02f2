// Refusals and errors in the form the caller reads: JSON for the API (and page images), a
// page for people; in the reader's language either way (the code stays for machines).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../shared/html.ts';
import { page } from './layout.ts';

/** Machine-readable error codes of the JSON API. */
export type ErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'out_of_scope'
  | 'csrf_failed'
  | 'not_found'
  | 'bad_request'
  | 'bad_value'
  | 'conflict'
  | 'too_many_requests'
  | 'no_page_image'
  | 'unavailable'
  | 'internal';

export function wantsPage(request: FastifyRequest): boolean {
  const access = request.routeOptions.config.access;
  return Boolean(access && 'page' in access && access.page);
}

/** A page saying what went wrong, with the way back. */
export function errorPage(request: FastifyRequest, status: number, message: string): string {
  const t = request.t;
  const title = t.errors.titles[status] ?? t.errors.fallbackTitle;
  const body = html`<section class="notice notice-error" id="error"><h1>${title}</h1><p>${message}</p><p><a href="/">${t.errors.back}</a></p></section>`;
  return page({ t, title, user: request.auth?.user ?? null, body, csrf: request.auth?.csrfToken ?? null, mainClass: 'narrow' });
}

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  error: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  reply.code(status);
  if (!wantsPage(request)) return reply.send({ error, message, ...extra });
  return reply.type('text/html; charset=utf-8').send(errorPage(request, status, message));
}
