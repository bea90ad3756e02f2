// A provincial server that drops connections: a raw TCP server speaking just enough HTTP/1.1,
// so the socket can be reset before an index page is answered, or closed halfway through a
// report whose Content-Length promised more. The nightly run records each failure with its
// reason (on the source, or on the entry), the other sources go on, and the next run fetches
// what was missed, ending where a run without the faults ends.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceEntries, sources } from '../../db/schema.ts';
import { upsertSources } from '../../db/sources.ts';
import { startPortalSimulator, type PortalSimulator } from '../../fixtures/portal-simulator.ts';
import { ingestSources } from '../../workflows/core/ingest-sources.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { activitiesOn, halfWritten, reportsDir, snapshot, withoutUnhandledErrors, type Snapshot } from './support.ts';

type Drop = 'reset_before_answer' | 'close_mid_body';

interface RawPortal {
  url: string;
  /** Misbehave on a path until cleared. */
  drops: Map<string, Drop>;
  /** Requests per path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** Two folders (/a/, /b/), each an index page linking one report. */
async function startRawPortal(files: Record<string, { name: string; bytes: Uint8Array }>): Promise<RawPortal> {
  const sockets = new Set<Socket>();
  const drops = new Map<string, Drop>();
  const hits = new Map<string, number>();
  const respond = (socket: Socket, path: string) => {
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const drop = drops.get(path);
    if (drop === 'reset_before_answer') return socket.resetAndDestroy();
    const folder = /^\/([ab])\/(.*)$/.exec(path);
    const file = folder ? files[folder[1]!] : undefined;
    let type: string;
    let body: Buffer;
    if (file && folder![2] === 'index.html') {
      type = 'text/html; charset=utf-8';
      body = Buffer.from(`<!doctype html><html><body><a href="${file.name}">Báo cáo</a></body></html>`);
    } else if (file && folder![2] === file.name) {
      type = 'application/octet-stream';
      body = Buffer.from(file.bytes);
    } else {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const head = `HTTP/1.1 200 OK\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    if (drop === 'close_mid_body') {
      // Headers and half the body, then the connection closes (FIN, no error from the server).
      socket.write(head);
      socket.write(body.subarray(0, Math.floor(body.length / 2)), () => socket.destroy());
      return;
    }
    socket.end(Buffer.concat([Buffer.from(head), body]));
  };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let request = '';
    socket.on('data', (chunk) => {
      if (request.includes('\r\n\r\n')) return;
      request += chunk.toString('latin1');
      if (!request.includes('\r\n\r\n')) return;
      const path = /^GET (\S+) HTTP\/1\.1\r\n/.exec(request)?.[1];
      if (!path) return socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      respond(socket, decodeURIComponent(path));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    drops,
    hits,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let portal: PortalSimulator;
let raw: RawPortal;
let work: string;
const databases: TestDatabase[] = [];
/** The same sources with nothing going wrong. */
let baseline: Snapshot;
// Ho Chi Minh City's two reports come from the dropping server, the other provinces from the simulator.
const PORTALS = ['24', '48', '80'];

async function freshDatabase(): Promise<TestDatabase> {
  const t = await createTestDatabase();
  databases.push(t);
  await upsertSources(t.handle.db, [
    ...PORTALS.map((code) => ({ name: `portal-${code}`, provinceCode: code, kind: 'http' as const, location: portal.indexUrl(code) })),
    { name: 'dropping-a', provinceCode: '79', kind: 'http' as const, location: `${raw.url}/a/index.html` },
    { name: 'dropping-b', provinceCode: '79', kind: 'http' as const, location: `${raw.url}/b/index.html` },
  ]);
  return t;
}

const nightly = (t: TestDatabase) => ingestSources(activitiesOn(t.handle.db, join(work, t.url.split('/').pop()!)), { trigger: 'nightly', concurrency: 2 });

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'baocao-drops-'));
  portal = await startPortalSimulator({ reportsDir, indexStyle: { '48': 'json' } });
  raw = await startRawPortal({
    a: { name: 'hcm-2024-9m.docx', bytes: await readFile(join(reportsDir, 'hcm-2024-9m.docx')) },
    b: { name: 'hcm-2024-9m.pdf', bytes: await readFile(join(reportsDir, 'hcm-2024-9m.pdf')) },
  });
  const t = await freshDatabase();
  expect((await nightly(t)).failed).toBe(0);
  baseline = await snapshot(t.handle.db);
  expect(baseline.documents).toHaveLength(PORTALS.length * 2 + 2);
});

afterAll(async () => {
  await raw?.close();
  await portal?.close();
  for (const t of databases) await t.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('a source server that drops connections', () => {
  it('is recorded with a reason, the other sources go on, and the next run fetches what was missed', async () => {
    const t = await freshDatabase();
    raw.drops.set('/a/index.html', 'reset_before_answer');
    raw.drops.set('/b/hcm-2024-9m.pdf', 'close_mid_body');
    raw.hits.clear();
    const { result: first, unhandled } = await withoutUnhandledErrors(() => nightly(t));
    expect(unhandled.map(String)).toEqual([]);

    // Retried (fetchPolicy.retries = 1), then given up on with the reason.
    expect(raw.hits.get('/a/index.html')).toBe(2);
    expect(raw.hits.get('/b/hcm-2024-9m.pdf')).toBe(2);
    const outcome = (name: string) => first.sources.find((s) => s.source.name === name)!;
    const a = outcome('dropping-a');
    expect(a.status === 'unreachable' && a.reason).toMatch(/connection was closed before the server answered/);
    const [sourceA] = await t.handle.db.select().from(sources).where(eq(sources.name, 'dropping-a'));
    expect(sourceA!.lastError).toMatch(/connection was closed before the server answered/);
    const b = outcome('dropping-b');
    expect(b.status).toBe('listed');
    const [entryB] = await t.handle.db.select().from(sourceEntries).where(eq(sourceEntries.sourceId, b.source.sourceId));
    expect(entryB).toMatchObject({ status: 'failed', sha256: null, documentId: null });
    expect(entryB!.error).toMatch(/download cut short after \d+ of \d+ bytes \(2 attempts\)/);
    // Everything else was fetched and stored.
    expect(first.failed).toBe(2);
    for (const code of PORTALS) expect(outcome(`portal-${code}`).status).toBe('listed');
    expect(await halfWritten(t.handle.db)).toEqual([]);
    const stored = await snapshot(t.handle.db);
    expect(stored.documents.map((d) => d.sha256)).toEqual(baseline.documents.filter((d) => d.source?.startsWith('portal-')).map((d) => d.sha256));

    // The server behaves again.
    raw.drops.clear();
    const second = await nightly(t);
    expect(second.failed).toBe(0);
    expect(second.newDocuments).toBe(2);
    const [sourceAfter] = await t.handle.db.select().from(sources).where(eq(sources.name, 'dropping-a'));
    expect(sourceAfter!.lastError).toBeNull();
    expect(await halfWritten(t.handle.db)).toEqual([]);
    expect(await snapshot(t.handle.db)).toEqual(baseline);
  });
});
