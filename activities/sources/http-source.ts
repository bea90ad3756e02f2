// A provincial portal: an HTML index page whose links point at report files, or a JSON feed.
// Every request goes through the safe fetcher (allowed hosts, no private addresses, size cap,
// retries, conditional requests).
import { parse as parseHtml } from 'node-html-parser';
import { z } from 'zod';
import type { SourceRow } from '../../db/schema.ts';
import { detectMediaType } from '../../extractors/parse/media-type.ts';
import type { EntryRef } from '../contract.ts';
import type { ActivityDeps } from '../deps.ts';
import { FetchError, fetchBytes, type FetchPolicy } from '../fetch/http-fetch.ts';
import { REPORT_EXTENSIONS, SourceError, type AdapterFetch, type SourceAdapter, type Validators } from './adapter.ts';

const feedItem = z.object({ url: z.string().min(1), title: z.string().nullish(), published: z.string().nullish() });
const feedSchema = z.union([z.object({ reports: z.array(feedItem) }), z.array(feedItem)]);

function policyOf(deps: ActivityDeps): FetchPolicy {
  if (!deps.fetchPolicy) throw new SourceError('http sources need a fetch policy (sources.allowedHosts in temporal.yaml)');
  return deps.fetchPolicy;
}

function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || /<(?:head|body|title)[\s>]/.test(head);
}

/** Report links of an index: JSON feed entries, or <a href> to report files, resolved against the page. */
export function entriesOfIndex(text: string, pageUrl: string, contentType: string | null): EntryRef[] {
  const trimmed = text.trimStart();
  const isJson = /json/i.test(contentType ?? '') || trimmed.startsWith('{') || trimmed.startsWith('[');
  const found = new Map<string, EntryRef>();
  const add = (href: string, title: string | null) => {
    let url: URL;
    try {
      url = new URL(href, pageUrl);
    } catch {
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    url.hash = '';
    if (!found.has(url.href)) found.set(url.href, { locator: url.href, title: title?.trim() || null });
  };
  if (isJson) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new SourceError(`the feed is not valid JSON: ${(error as Error).message}`);
    }
    const feed = feedSchema.safeParse(json);
    if (!feed.success) throw new SourceError(`the feed does not list reports as {reports: [{url, title}]}: ${feed.error.issues[0]?.message}`);
    for (const item of Array.isArray(feed.data) ? feed.data : feed.data.reports) add(item.url, item.title ?? null);
  } else {
    for (const a of parseHtml(text).querySelectorAll('a[href]')) {
      const href = a.getAttribute('href') ?? '';
      let path: string;
      try {
        path = new URL(href, pageUrl).pathname;
      } catch {
        continue;
      }
      if (REPORT_EXTENSIONS.test(path)) add(href, a.text.replace(/\s+/g, ' '));
    }
  }
  return [...found.values()];
}

/** The file name at the end of a URL, for people (it never becomes a path). */
function nameOf(url: string): string {
  const last = new URL(url).pathname.split('/').filter(Boolean).pop() ?? 'report';
  try {
    return decodeURIComponent(last).normalize('NFC');
  } catch {
    return last;
  }
}

function describe(error: unknown): never {
  if (error instanceof FetchError || error instanceof SourceError) throw error;
  throw new SourceError((error as Error).message);
}

export const httpSource: SourceAdapter = {
  async list(source: SourceRow, deps: ActivityDeps): Promise<EntryRef[]> {
    const result = await fetchBytes(source.location, policyOf(deps)).catch(describe);
    if (result.status !== 'ok') throw new SourceError(`${source.location}: the index answered "not modified" to a plain request`);
    return entriesOfIndex(new TextDecoder().decode(result.bytes), result.url, result.contentType);
  },

  async fetch(_source: SourceRow, entry: EntryRef, known: Validators | null, deps: ActivityDeps): Promise<AdapterFetch> {
    const result = await fetchBytes(entry.locator, policyOf(deps), known ?? undefined).catch(describe);
    if (result.status === 'not_modified') return { status: 'not_modified' };
    // A portal that answers a missing file with its error page and status 200.
    if (looksLikeHtml(result.bytes) || (/text\/html/i.test(result.contentType ?? '') && detectMediaType(result.bytes) === 'text/plain')) {
      throw new SourceError(`${entry.locator}: the server sent a web page instead of a report file (an error page?)`);
    }
    return { status: 'ok', bytes: result.bytes, validators: { etag: result.etag, lastModified: result.lastModified }, name: nameOf(result.url) };
  },
};
