// For the web tests: a server on a real port, a tiny cookie-keeping client over fetch,
// fixture reports ingested through the real pipeline, and look-ups of what they stored.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq, inArray } from 'drizzle-orm';
import pino from 'pino';
import type { Activities } from '../../activities/contract.ts';
import { createActivities } from '../../activities/index.ts';
import { folderStore, type DocumentStore } from '../../activities/document-store.ts';
import type { Database } from '../../db/client.ts';
import { decideValue } from '../../db/decisions.ts';
import type { AppUser } from '../../db/users.ts';
import { documents, extractedValues, extractionRuns, reviewDecisions } from '../../db/schema.ts';
import { readZip, writeZip } from '../../fixtures/gen/util.ts';
import { ingestFolder } from '../../workflows/core/ingest-folder.ts';
import { buildServer, type BuildServerOptions } from '../../web/server.ts';
import type { UploadReading } from '../../web/submission-reader.ts';
import type { OcrEngine } from '../../extractors/parse/ocr/index.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(options: BuildServerOptions): Promise<RunningServer> {
  const app = await buildServer(options);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: address, close: () => app.close() };
}

interface StoredCookie {
  value: string;
  path: string;
}

export interface SentRequest {
  method?: string;
  form?: Record<string, string>;
  json?: unknown;
  headers?: Record<string, string>;
}

/** A browser enough for these tests: keeps cookies (by path), never follows redirects. */
export class Client {
  readonly cookies = new Map<string, StoredCookie>();
  /** Set-Cookie lines of the last response, as sent. */
  lastSetCookie: string[] = [];

  constructor(
    readonly base: string,
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  private cookieHeader(path: string): string | undefined {
    const sent = [...this.cookies].filter(([, c]) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) || c.path === '/');
    return sent.length > 0 ? sent.map(([name, c]) => `${name}=${c.value}`).join('; ') : undefined;
  }

  private keep(lines: string[]): void {
    this.lastSetCookie = lines;
    for (const line of lines) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      const expired = attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && new Date(a.slice(8)).getTime() <= Date.now()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
  }

  async request(path: string, init: SentRequest = {}): Promise<Response> {
    const headers: Record<string, string> = { ...this.extraHeaders, ...init.headers };
    const cookie = this.cookieHeader(path.split('?')[0]!);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const response = await fetch(this.base + path, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual' });
    this.keep(response.headers.getSetCookie());
    return response;
  }

  /** The login form's CSRF token (and its cookie, kept). */
  async loginForm(): Promise<string> {
    const response = await this.request('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(await response.text())?.[1];
    if (!token) throw new Error('no CSRF token in the login form');
    return token;
  }

  async login(username: string, password: string): Promise<Response> {
    const csrf = await this.loginForm();
    return this.request('/login', { form: { username, password, _csrf: csrf, next: '/review' } });
  }

  /** The session's CSRF token, as the page's script reads it (GET /api/me). */
  async csrf(): Promise<string> {
    const response = await this.request('/api/me');
    if (response.status !== 200) throw new Error(`GET /api/me: ${response.status}`);
    return ((await response.json()) as { csrfToken: string }).csrfToken;
  }

  /** A JSON call with the CSRF header, as review.js makes it. */
  async api(path: string, json: unknown, csrf: string): Promise<Response> {
    return this.request(path, { json, headers: { 'x-csrf-token': csrf } });
  }
}

export async function loggedIn(base: string, username: string, password: string): Promise<{ client: Client; csrf: string }> {
  const client = new Client(base);
  const response = await client.login(username, password);
  if (response.status !== 303) throw new Error(`login as ${username}: ${response.status}`);
  return { client, csrf: await client.csrf() };
}

const reportsDir = new URL('../../fixtures/reports/', import.meta.url).pathname;

/**
 * A fixture DOCX with its text edited (every occurrence of each `[from, to]` in the body):
 * another report number makes another report of the same province and period; another figure
 * makes a new version of the same report.
 */
export async function editedDocx(file: string, replace: [string, string][]): Promise<Buffer> {
  const entries = readZip(await readFile(join(reportsDir, file)));
  return writeZip(
    entries.map((e) => {
      if (e.name !== 'word/document.xml') return e;
      let xml = e.data.toString('utf8');
      for (const [from, to] of replace) {
        if (!xml.includes(from)) throw new Error(`${file}: no "${from}" to replace`);
        xml = xml.split(from).join(to);
      }
      return { name: e.name, data: Buffer.from(xml, 'utf8') };
    }),
    new Date(Date.UTC(2025, 0, 1)),
  );
}

/** A fixture report by name, or one edited (editedDocx) and stored under `name`. */
export type FixtureFile = string | { name: string; from: string; replace: [string, string][] };

/** The HCM DOCX as another report of the same province and period (another number), so that it is reviewed on its own. */
export const HCM_OTHER_REPORT_DOCX: FixtureFile = { name: 'hcm-2024-9m.docx', from: 'hcm-2024-9m.docx', replace: [['3045/BC-SKHCN', '3046/BC-SKHCN']] };

/** Fixture reports stored and processed as `baocao ingest` does; returns the store they went to and the activities (for re-runs). */
export async function ingestFixtures(db: Database, files: FixtureFile[]): Promise<{ store: DocumentStore; activities: Activities; cleanup(): Promise<void> }> {
  const work = await mkdtemp(join(tmpdir(), 'baocao-web-'));
  const inbox = join(work, 'inbox');
  await mkdir(inbox);
  for (const file of files) {
    if (typeof file === 'string') await copyFile(join(reportsDir, file), join(inbox, file));
    else await writeFile(join(inbox, file.name), await editedDocx(file.from, file.replace));
  }
  const store = folderStore(join(work, 'store'));
  const activities = createActivities({ db, store, logger: pino({ level: 'silent' }), limits: { maxFileBytes: 10 * 1024 * 1024 } });
  const summary = await ingestFolder(activities, { dir: inbox, trigger: 'ingest', concurrency: 1 });
  if (summary.failed > 0) throw new Error(`ingesting ${files.map((f) => (typeof f === 'string' ? f : f.name)).join(', ')}: ${summary.failed} failed`);
  return { store, activities, cleanup: () => rm(work, { recursive: true, force: true }) };
}

/**
 * A reviewer approves, through the real decision path, every value the scorer flagged for low
 * confidence alone, as a province's reviewer would before the figures go out. For the tests of
 * what comes after review (roll-ups, exports): what the scorer doubts moves each time it is
 * refitted on the corpus, and those tests are not about it. Values flagged by a check (parts
 * that exceed their total, a conflict) stay in the queue. Only the reviewer's provinces. Returns
 * how many were approved.
 */
export async function approveLowConfidence(db: Database, reviewer: AppUser): Promise<number> {
  const rows = await db
    .select({ id: extractedValues.id, reasons: extractedValues.reasons })
    .from(extractedValues)
    .innerJoin(extractionRuns, eq(extractedValues.runId, extractionRuns.id))
    .innerJoin(documents, eq(extractionRuns.documentId, documents.id))
    .where(and(eq(extractionRuns.isCurrent, true), eq(extractedValues.status, 'flagged'), inArray(documents.provinceCode, reviewer.provinces)))
    .orderBy(asc(extractedValues.id));
  let approved = 0;
  for (const row of rows) {
    if (row.reasons.length !== 1 || row.reasons[0] !== 'low_confidence') continue;
    // A twin in the other copy of the same report may have been decided with it already.
    const [now] = await db.select({ status: extractedValues.status }).from(extractedValues).where(eq(extractedValues.id, row.id));
    if (now?.status !== 'flagged') continue;
    await decideValue(db, { valueId: row.id, reviewer, action: 'approve', comment: 'đã đối chiếu', expected: { status: 'flagged', lastDecisionId: null } });
    approved++;
  }
  return approved;
}

/**
 * Look-ups by fixture file name. `db` is a getter because the tests open their database in
 * beforeAll, after these are made.
 */
export function fixtureQueries(db: () => Database) {
  return {
    async documentId(file: string): Promise<number> {
      const [doc] = await db().select({ id: documents.id }).from(documents).where(eq(documents.originalName, file));
      return doc!.id;
    },

    /** The value of `indicator` in the current run of `file`. */
    async valueId(file: string, indicator: string): Promise<number> {
      const [row] = await db()
        .select({ id: extractedValues.id })
        .from(extractedValues)
        .innerJoin(extractionRuns, eq(extractedValues.runId, extractionRuns.id))
        .innerJoin(documents, eq(extractionRuns.documentId, documents.id))
        .where(and(eq(documents.originalName, file), eq(extractedValues.indicatorId, indicator), eq(extractionRuns.isCurrent, true)));
      if (!row) throw new Error(`no current ${indicator} in ${file}`);
      return row.id;
    },

    storedValue: async (id: number) => (await db().select().from(extractedValues).where(eq(extractedValues.id, id)))[0]!,
    decisionsOf: (id: number) => db().select().from(reviewDecisions).where(eq(reviewDecisions.valueId, id)).orderBy(asc(reviewDecisions.id)),
  };
}

/**
 * What the server reads uploads with, over a test database and store, as `baocao serve` lends it
 * (cli/commands/serve.ts) but with the steps in this process: OCR when an engine is given.
 */
export function testUploadReading(
  db: Database,
  store: DocumentStore,
  options: { maxFileBytes: number; ocr?: { engine: () => Promise<OcrEngine>; maxPages: number } },
): UploadReading {
  return {
    build: (heartbeat) => {
      const deps = {
        db,
        store,
        logger: pino({ level: 'silent' }),
        limits: { maxFileBytes: options.maxFileBytes },
        heartbeat,
        ...(options.ocr ? { ocr: options.ocr } : {}),
      };
      return { deps, activities: createActivities(deps) };
    },
    maxFileBytes: options.maxFileBytes,
    ocr: Boolean(options.ocr),
  };
}

/** Asks for an upload's reading (as submit.js does) until it is no longer being read; returns its JSON. */
export async function waitForReading<T extends { state: string }>(client: Client, uploadId: number, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const response = await client.request(`/api/submissions/${uploadId}`);
    if (response.status !== 200) throw new Error(`GET /api/submissions/${uploadId}: ${response.status}`);
    const body = (await response.json()) as T;
    if (body.state !== 'reading' && body.state !== 'queued') return body;
    if (Date.now() > until) throw new Error(`upload ${uploadId} still ${body.state} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
