// What the guard and the language hook attach to requests and routes, for Fastify's types.
import type { CurrentSession } from '../db/sessions.ts';
import type { Locale, Messages } from './i18n/index.ts';
import type { Access } from './permissions.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every route (checked at registration): who may call it. */
    access?: Access;
  }
  interface FastifyRequest {
    /** The session of the request's cookie, when it is valid. */
    auth: CurrentSession | null;
    /** Provinces the caller is limited to on this request; null: all (set by the guard). */
    provinceScope: string[] | null;
    /** The reader's language (web/i18n), and its words. */
    locale: Locale;
    t: Messages;
  }
}
