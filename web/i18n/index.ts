// The languages of the application: every string a person reads comes from one catalogue,
// Vietnamese (vi.ts, the default and the reference) and English (en.ts, typed against it, so a
// key missing in either fails the type check; test/web/i18n.test.ts checks the same at run time).
//
// Vietnamese unless the person chose English with the switch in the page header (a cookie kept
// a year). Numbers, dates and times read the same in both: numbers as the reports write them
// (1.204; 42,5), since the evidence and the correction field use that form; dates dd/MM/yyyy;
// times HH:mm in Vietnam's time zone.
import type { FastifyRequest } from 'fastify';
import { en } from './en.ts';
import { vi, type Messages } from './vi.ts';

export type { Messages } from './vi.ts';

export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'vi';
export const LOCALE_COOKIE = 'baocao_lang';

const CATALOGUES: Record<Locale, Messages> = { vi, en };

/** Marks a key the catalogue lacks, so a page that shows one fails the browser walk (test/browser/languages.test.ts). */
export const MISSING = '⟦missing⟧';

function missing(path: string): unknown {
  const text = `${MISSING} ${path}`;
  // Callable (a message that takes arguments), printable (one that does not), and a group of
  // messages itself (a missing section): whatever the page does with it shows the marker.
  return new Proxy(() => text, {
    get(_, key) {
      if (key === 'toString' || key === 'valueOf' || key === Symbol.toPrimitive) return () => text;
      if (typeof key === 'symbol' || PROBES.has(key)) return undefined;
      return missing(`${path}.${key}`);
    },
    apply: () => text,
  });
}

/** Names that code probes objects for (JSON.stringify, await, test matchers): never messages. */
const PROBES = new Set(['then', 'toJSON', 'constructor', 'inspect', 'nodeType', '$$typeof', 'asymmetricMatch', 'prototype']);

/** A catalogue that answers a key it lacks with a visible marker instead of undefined. */
function guarded<T extends object>(target: T, path: string): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      if (typeof key === 'symbol') return Reflect.get(object, key, receiver);
      const value = Reflect.get(object, key, receiver) as unknown;
      if (value === undefined && !(key in object)) return PROBES.has(key) ? undefined : missing(`${path}.${key}`);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return guarded(value, `${path}.${key}`);
      return value;
    },
  });
}

const GUARDED: Record<Locale, Messages> = { vi: guarded(vi, 'vi'), en: guarded(en, 'en') };

export function messagesFor(locale: Locale): Messages {
  return GUARDED[locale];
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The language of a request: the switch's cookie, else Vietnamese. */
export function localeOf(request: Pick<FastifyRequest, 'cookies'>): Locale {
  const chosen = request.cookies?.[LOCALE_COOKIE];
  return isLocale(chosen) ? chosen : DEFAULT_LOCALE;
}

/** The catalogue objects themselves (for the consistency test). */
export const catalogues = CATALOGUES;
