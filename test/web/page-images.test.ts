// Page images are drawn off the request path (issue #17): in a pool of processes of their own,
// with the pipeline's budgets, a time limit and a memory cap. While a hostile page is being drawn
// the server answers everything else at once; a page that cannot be drawn is a placeholder that
// says why, remembered rather than drawn again. Real server, real database, real renders.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderStore, type DocumentStore } from '../../activities/document-store.ts';
import { createIsolationPool, type IsolationPool } from '../../activities/isolation/pool.ts';
import { registerIncoming } from '../../activities/register.ts';
import { createUser } from '../../db/users.ts';
import { bigImagePdf, contentStreamPdf } from '../../fixtures/hostile/resource.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { loggedIn, startServer, type Client, type RunningServer } from './helpers.ts';

const PASSWORD = 'correct horse battery';
const MiB = 1024 * 1024;

let t: TestDatabase;
let work: string;
let store: DocumentStore;
let server: RunningServer;
let pool: IsolationPool;
let renders = 0;
let analyst: Client;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  work = await mkdtemp(join(tmpdir(), 'baocao-page-images-'));
  store = folderStore(join(work, 'store'));
  const deps = { db: t.handle.db, store, logger: pino({ level: 'silent' }), limits: { maxFileBytes: 50 * MiB } };
  const files: Record<string, Uint8Array> = {
    'report.pdf': new Uint8Array(await readFile(new URL('../../fixtures/reports/danang-2025-q3.pdf', import.meta.url))),
    // One page whose content inflates to 100 MiB of text operators: allowed here (the budget is
    // raised below), so that drawing it is really long and heavy.
    'content-stream-100mb.pdf': contentStreamPdf(),
    'image-20000.pdf': bigImagePdf(),
  };
  for (const [name, bytes] of Object.entries(files)) ids[name] = (await registerIncoming(deps, { bytes, name })).documentId;
  await createUser(t.handle.db, { username: 'analyst', password: PASSWORD, role: 'analyst' });
  // The pool the server draws with, counted: a page that was refused is not drawn again.
  const real = createIsolationPool({ processes: 1, memoryBytes: 700 * MiB, child: { ocr: null } });
  pool = {
    ...real,
    memoryBytes: real.memoryBytes,
    peakRssBytes: real.peakRssBytes,
    close: real.close,
    run: (...args: Parameters<IsolationPool['run']>) => (renders++, real.run(...args)),
  } as IsolationPool;
  server = await startServer({
    db: t.handle.db,
    store,
    logRequests: false,
    pageImages: { pool, timeoutMs: 15_000, maxPageContentBytes: 512 * MiB },
  });
  ({ client: analyst } = await loggedIn(server.url, 'analyst', PASSWORD));
}, 120_000);

afterAll(async () => {
  await server?.close();
  await t?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

const page = (name: string, n = 1) => analyst.request(`/documents/${ids[name]}/pages/${n}.png`);

describe('page images', () => {
  it('a report page is drawn as a PNG', async () => {
    const response = await page('report.pdf', 2);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await response.arrayBuffer());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // Screen size, not the 300 dpi OCR reads at.
    expect(png.readUInt32BE(16) * png.readUInt32BE(20)).toBeLessThan(4_000_000);
  });

  it('/login answers within 200 ms while a hostile page is being drawn, and the page ends as a placeholder saying why', async () => {
    const rssBefore = process.memoryUsage().rss;
    const before = renders;
    const drawing = page('content-stream-100mb.pdf');
    // Until the drawing process is well into the page.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(renders).toBe(before + 1);
    const timings: number[] = [];
    let settled = false;
    void drawing.finally(() => (settled = true));
    for (let i = 0; i < 5; i++) {
      const began = performance.now();
      const login = await fetch(`${server.url}/login`);
      timings.push(performance.now() - began);
      expect(login.status).toBe(200);
      await login.text();
    }
    expect(settled, 'the hostile page was still being drawn while /login answered').toBe(false);
    expect(Math.max(...timings), `GET /login took ${timings.map((ms) => Math.round(ms)).join(', ')} ms`).toBeLessThan(200);

    const response = await drawing;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(response.headers.get('cache-control')).toBe('no-store');
    // Stopped at its time limit or its memory cap, whichever came first on this machine.
    expect(response.headers.get('x-page-image-refused')).toMatch(
      /took longer than 15 s \(web\.pageImageTimeoutMs\)|more than 700\.0 MiB of memory \(limits\.documentMemoryBytes\)/,
    );
    expect(await response.text()).toMatch(/^<svg [^>]*>.*Page image not shown/);
    // The drawing happened in its own process: the server did not take the page's memory.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * MiB);

    // Asked again: the placeholder is remembered, the page is not drawn a second time.
    const again = await page('content-stream-100mb.pdf');
    expect(again.headers.get('x-page-image-refused')).toBe(response.headers.get('x-page-image-refused'));
    expect(renders).toBe(before + 1);
  }, 90_000);

  it('a page whose picture is over 150 megapixels is a placeholder at once, never decoded', async () => {
    const before = renders;
    const response = await page('image-20000.pdf');
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(response.headers.get('x-page-image-refused')).toMatch(/a picture of 20000 x 20000 pixels \(400 megapixels\), more than the 150 megapixels/);
    expect(renders).toBe(before);
  });

  it('a page whose content is over limits.maxPageContentBytes is not drawn', async () => {
    // The same file under the default budget (8 MiB), in a server of its own.
    const strict = await startServer({ db: t.handle.db, store, logRequests: false, pageImages: { processes: 1, timeoutMs: 15_000 } });
    try {
      const { client } = await loggedIn(strict.url, 'analyst', PASSWORD);
      const response = await client.request(`/documents/${ids['content-stream-100mb.pdf']}/pages/1.png`);
      expect(response.headers.get('content-type')).toBe('image/svg+xml');
      expect(response.headers.get('x-page-image-refused')).toMatch(
        /^This page is not drawn: its content stream inflates to more than 8\.0 MiB \(limits\.maxPageContentBytes\)/,
      );
    } finally {
      await strict.close();
    }
  }, 60_000);
});
