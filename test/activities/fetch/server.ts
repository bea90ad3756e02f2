// A real node:http server on 127.0.0.1 (ephemeral port) for the fetcher tests.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, expect } from 'vitest';
import { FetchError, type FetchOutcome, type FetchPolicy } from '../../../activities/fetch/http-fetch.ts';

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface TestServer {
  port: number;
  /** "http://127.0.0.1:<port>" */
  base: string;
  requests: SeenRequest[];
  /** Connections accepted so far. */
  connections(): number;
  /** Connections still open. */
  openSockets(): number;
  /** setTimeout that close() clears, so a slow handler never outlives the test. */
  later(ms: number, fn: () => void): void;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, server: TestServer, count: number) => unknown;

export async function startServer(handler: Handler): Promise<TestServer> {
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let accepted = 0;
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    void Promise.resolve(handler(req, res, api, requests.length)).catch((err: unknown) => {
      res.destroy(err instanceof Error ? err : new Error(String(err)));
    });
  });
  server.on('connection', (socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const api: TestServer = {
    port: address.port,
    base: `http://127.0.0.1:${address.port}`,
    requests,
    connections: () => accepted,
    openSockets: () => sockets.size,
    later(ms, fn) {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}

/** Small, fast limits; 127.0.0.1 allowed and allowed to be private. */
export function testPolicy(overrides: Partial<FetchPolicy> = {}): FetchPolicy {
  return {
    allowedHosts: ['127.0.0.1'],
    privateNetworkHosts: ['127.0.0.1'],
    timeoutMs: 2_000,
    retries: 2,
    backoff: { initialMs: 5, maxMs: 1_500 },
    maxRedirects: 5,
    maxBytes: 1024 * 1024,
    userAgent: 'baocao-test/0',
    ...overrides,
  };
}

/** Waits until `check` holds (polling), or fails after `ms`. */
export async function eventually(check: () => boolean, ms = 2_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Writes `total` bytes in 64 KiB chunks, waiting for drain; resolves with the bytes the socket accepted when done or closed. */
export function writeWithBackpressure(res: ServerResponse, total: number): Promise<{ written: number; finished: boolean }> {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  return new Promise((resolve) => {
    let written = 0;
    let closed = false;
    res.on('close', () => {
      closed = true;
      resolve({ written, finished: written >= total && res.writableFinished });
    });
    const pump = () => {
      while (!closed && written < total) {
        const piece = total - written >= chunk.length ? chunk : chunk.subarray(0, total - written);
        written += piece.length;
        if (!res.write(piece)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!closed && written >= total) res.end();
    };
    pump();
  });
}

/** A `serve(handler)` for a test file: every server it starts is closed after each test. */
export function serverPerTest(): (handler: Handler) => Promise<TestServer> {
  let servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  return async (handler) => {
    const s = await startServer(handler);
    servers.push(s);
    return s;
  };
}

/** The FetchError a fetch ends with; fails the test if it succeeds or throws anything else. */
export async function failure(p: Promise<FetchOutcome>): Promise<FetchError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(FetchError);
    return err as FetchError;
  }
  throw new Error('expected the fetch to fail');
}
