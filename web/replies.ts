// Refusals and errors in the form the caller reads: JSON for the API (and page images), a
// page for people.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html } from './html.ts';
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

export function sendError(request: FastifyRequest, reply: FastifyReply, status: number, error: ErrorCode, message: string, extra: Record<string, unknown> = {}): FastifyReply {
  reply.code(status);
  if (!wantsPage(request)) return reply.send({ error, message, ...extra });
  const body = html`<section class="notice notice-error"><h1>${TITLES[status] ?? 'Error'}</h1><p>${message}</p><p><a href="/review">Back to the review queue</a></p></section>`;
  return reply.type('text/html; charset=utf-8').send(page({ title: TITLES[status] ?? 'Error', user: request.auth?.user ?? null, body, csrf: request.auth?.csrfToken ?? null, mainClass: 'narrow' }));
}

const TITLES: Record<number, string> = { 400: 'Bad request', 401: 'Not logged in', 403: 'Not allowed', 404: 'Not found', 409: 'Conflict', 429: 'Too many requests', 500: 'Something went wrong', 503: 'Not available' };
