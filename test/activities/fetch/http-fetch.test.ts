// fetchBytes against a real node:http server on 127.0.0.1: conditional requests, retries,
// truncation, timeouts, size caps, bad URLs, cancellation.
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { DEFAULT_FETCH_POLICY, fetchBytes, type FetchOutcome } from '../../../activities/fetch/http-fetch.ts';
import { eventually, failure, serverPerTest, testPolicy, writeWithBackpressure, type Handler } from './server.ts';

const serve = serverPerTest();

function ok(outcome: FetchOutcome) {
  if (outcome.status !== 'ok') throw new Error(`expected ok, got ${outcome.status}`);
  return outcome;
}

describe('defaults', () => {
  it('has production defaults', () => {
    expect(DEFAULT_FETCH_POLICY).toEqual({
      timeoutMs: 30_000,
      retries: 3,
      backoff: { initialMs: 1_000, maxMs: 30_000 },
      maxRedirects: 5,
      maxBytes: 50 * 1024 * 1024,
      userAgent: 'baocao/0.1 (+ministry S&T indicators)',
    });
  });
});

describe('conditional requests', () => {
  it('returns ETag and Last-Modified, then not_modified without a body when they still match', async () => {
    const file = Buffer.alloc(100_000, 0x62);
    const lastModified = 'Wed, 01 Jan 2025 00:00:00 GMT';
    const sentPerResponse: number[] = [];
    const srv = await serve((req, res) => {
      const before = req.socket.bytesWritten;
      res.on('finish', () => sentPerResponse.push(req.socket.bytesWritten - before));
      if (req.headers['if-none-match'] === '"v1"' && req.headers['if-modified-since'] === lastModified) {
        res.writeHead(304, { ETag: '"v1"' });
        res.end();
        return;
      }
      res.writeHead(200, { ETag: '"v1"', 'Last-Modified': lastModified, 'Content-Type': 'application/pdf', 'Content-Length': file.length });
      res.end(file);
    });
    const url = `${srv.base}/reports/2024.pdf`;

    const first = ok(await fetchBytes(url, testPolicy()));
    expect(first).toMatchObject({ status: 'ok', url, etag: '"v1"', lastModified, contentType: 'application/pdf', attempts: 1 });
    expect(first.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(first.bytes).equals(file)).toBe(true);
    expect(srv.requests[0]!.headers['user-agent']).toBe('baocao-test/0');
    expect(srv.requests[0]!.headers['if-none-match']).toBeUndefined();

    const second = await fetchBytes(url, testPolicy(), { etag: first.etag, lastModified: first.lastModified });
    expect(second).toEqual({ status: 'not_modified', url, attempts: 1 });
    expect(srv.requests[1]!.headers['if-none-match']).toBe('"v1"');
    expect(srv.requests[1]!.headers['if-modified-since']).toBe(lastModified);
    expect(sentPerResponse[0]).toBeGreaterThan(file.length);
    expect(sentPerResponse[1]).toBeLessThan(500); // status line and headers only
  });

  it('sends only the validators it has', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(304);
      res.end();
    });
    const out = await fetchBytes(`${srv.base}/a`, testPolicy(), { etag: null, lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT' });
    expect(out.status).toBe('not_modified');
    expect(srv.requests[0]!.headers['if-none-match']).toBeUndefined();
    expect(srv.requests[0]!.headers['if-modified-since']).toBe('Wed, 01 Jan 2025 00:00:00 GMT');
  });

  it('treats a 304 to an unconditional request as an error', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(304);
      res.end();
    });
    const err = await failure(fetchBytes(`${srv.base}/a`, testPolicy()));
    expect(err.code).toBe('http_status');
    expect(err.status).toBe(304);
    expect(err.retryable).toBe(false);
  });
});

describe('retries', () => {
  it('retries 500 and succeeds on the third attempt', async () => {
    const srv = await serve((_req, res, _s, n) => {
      if (n <= 2) {
        res.writeHead(500);
        res.end('oops');
        return;
      }
      res.end('fine');
    });
    const out = ok(await fetchBytes(`${srv.base}/r.pdf`, testPolicy({ retries: 3 })));
    expect(out.attempts).toBe(3);
    expect(Buffer.from(out.bytes).toString()).toBe('fine');
    expect(srv.requests).toHaveLength(3);
  });

  it('gives up after retries + 1 attempts on a persistent 500', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    const err = await failure(fetchBytes(`${srv.base}/r.pdf?token=s3cret&id=7`, testPolicy({ retries: 2 })));
    expect(err.code).toBe('http_status');
    expect(err.status).toBe(500);
    expect(err.retryable).toBe(true);
    expect(err.attempts).toBe(3);
    expect(err.message).toBe(`${srv.base}/r.pdf?token=***&id=7: the server answered 500 Internal Server Error (3 attempts)`);
    expect(err.url).toBe(`${srv.base}/r.pdf?token=***&id=7`);
    expect(srv.requests).toHaveLength(3);
  });

  it('does not retry a 404', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(404);
      res.end('no such report');
    });
    const err = await failure(fetchBytes(`${srv.base}/missing.pdf`, testPolicy({ retries: 3 })));
    expect(err.code).toBe('http_status');
    expect(err.status).toBe(404);
    expect(err.retryable).toBe(false);
    expect(err.attempts).toBe(1);
    expect(err.message).toBe(`${srv.base}/missing.pdf: the server answered 404 Not Found`);
    expect(srv.requests).toHaveLength(1);
  });

  it('retries 408 and 503', async () => {
    const srv = await serve((_req, res, _s, n) => {
      res.writeHead(n === 1 ? 408 : n === 2 ? 503 : 200);
      res.end('x');
    });
    expect((await fetchBytes(`${srv.base}/a`, testPolicy({ retries: 2 }))).attempts).toBe(3);
  });

  it('honours Retry-After on 429', async () => {
    const srv = await serve((_req, res, _s, n) => {
      if (n === 1) {
        res.writeHead(429, { 'Retry-After': '1' });
        res.end();
        return;
      }
      res.end('ok');
    });
    const t0 = Date.now();
    const out = await fetchBytes(`${srv.base}/a`, testPolicy({ backoff: { initialMs: 5, maxMs: 1_500 } }));
    const elapsed = Date.now() - t0;
    expect(out.attempts).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(1_500 + 500);
  });

  it('caps Retry-After at backoff.maxMs', async () => {
    const srv = await serve((_req, res, _s, n) => {
      if (n === 1) {
        res.writeHead(503, { 'Retry-After': '3600' });
        res.end();
        return;
      }
      res.end('ok');
    });
    const t0 = Date.now();
    const out = await fetchBytes(`${srv.base}/a`, testPolicy({ backoff: { initialMs: 5, maxMs: 150 } }));
    expect(out.attempts).toBe(2);
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('retries a refused connection, then reports it', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await failure(fetchBytes(`http://127.0.0.1:${port}/a`, testPolicy({ retries: 1 })));
    expect(err.code).toBe('network');
    expect(err.retryable).toBe(true);
    expect(err.attempts).toBe(2);
    expect(err.message).toBe(`http://127.0.0.1:${port}/a: the server refused the connection (2 attempts)`);
  });

  it('retries a connection closed before any answer', async () => {
    const srv = await serve((req, res, _s, n) => {
      if (n === 1) {
        req.socket.destroy();
        return;
      }
      res.end('ok');
    });
    const out = await fetchBytes(`${srv.base}/a`, testPolicy());
    expect(out.attempts).toBe(2);
  });
});

describe('truncated bodies', () => {
  const cutAfter1204: Handler = (req, res) => {
    res.writeHead(200, { 'Content-Length': '5000' });
    res.write(Buffer.alloc(1204, 0x41), () => req.socket.destroy());
  };

  it('retries a body cut short (Content-Length larger than what was sent) and succeeds', async () => {
    const srv = await serve((req, res, s, n) => {
      if (n === 1) return cutAfter1204(req, res, s, n);
      res.writeHead(200, { 'Content-Length': '5000' });
      res.end(Buffer.alloc(5000, 0x41));
    });
    const out = ok(await fetchBytes(`${srv.base}/r.pdf`, testPolicy()));
    expect(out.attempts).toBe(2);
    expect(out.bytes.byteLength).toBe(5000);
  });

  it('reports the bytes received when the body is always cut short', async () => {
    const srv = await serve(cutAfter1204);
    const err = await failure(fetchBytes(`${srv.base}/r.pdf`, testPolicy({ retries: 1 })));
    expect(err.code).toBe('truncated');
    expect(err.retryable).toBe(true);
    expect(err.attempts).toBe(2);
    expect(err.message).toBe(`${srv.base}/r.pdf: download cut short after 1204 of 5000 bytes (2 attempts)`);
  });

  it('retries a chunked body whose connection is reset mid-way', async () => {
    const srv = await serve((req, res, _s, n) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      if (n === 1) {
        res.write(Buffer.alloc(3000, 0x42), () => req.socket.destroy());
        return;
      }
      res.end('<html>whole</html>');
    });
    const out = ok(await fetchBytes(`${srv.base}/index.html`, testPolicy()));
    expect(out.attempts).toBe(2);
    expect(Buffer.from(out.bytes).toString()).toBe('<html>whole</html>');
  });

  it('reports a chunked body reset mid-way as truncated', async () => {
    const srv = await serve((req, res) => {
      res.writeHead(200);
      res.write(Buffer.alloc(3000, 0x42), () => req.socket.destroy());
    });
    const err = await failure(fetchBytes(`${srv.base}/index.html`, testPolicy({ retries: 0 })));
    expect(['truncated', 'network']).toContain(err.code);
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/download cut short after \d+ bytes$/);
  });
});

describe('timeouts', () => {
  it('gives up when the headers do not come in time, retrying first', async () => {
    const srv = await serve((_req, res, s) => s.later(5_000, () => res.end('late')));
    const t0 = Date.now();
    const err = await failure(fetchBytes(`${srv.base}/slow`, testPolicy({ timeoutMs: 300, retries: 1 })));
    expect(err.code).toBe('timeout');
    expect(err.retryable).toBe(true);
    expect(err.attempts).toBe(2);
    expect(err.message).toBe(`${srv.base}/slow: no answer within 0.3 s (2 attempts)`);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(550);
    expect(Date.now() - t0).toBeLessThan(3_000);
  });

  it('gives up when the body stalls', async () => {
    const srv = await serve((_req, res, s) => {
      res.writeHead(200, { 'Content-Length': '1000' });
      res.write(Buffer.alloc(100, 0x43));
      s.later(5_000, () => res.end(Buffer.alloc(900, 0x43)));
    });
    const err = await failure(fetchBytes(`${srv.base}/slow-body`, testPolicy({ timeoutMs: 300, retries: 0 })));
    expect(err.code).toBe('timeout');
    expect(err.message).toBe(`${srv.base}/slow-body: download not finished within 0.3 s (100 of 1000 bytes received)`);
  });

  it('bounds the whole body, not just the gaps between chunks', async () => {
    // A trickle that never pauses long enough for an idle timeout.
    const srv = await serve((_req, res) => {
      res.writeHead(200);
      const tick = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(tick));
    });
    const t0 = Date.now();
    const err = await failure(fetchBytes(`${srv.base}/trickle`, testPolicy({ timeoutMs: 400, retries: 0 })));
    expect(err.code).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it('succeeds when the server answers in time on the next attempt', async () => {
    const srv = await serve((_req, res, s, n) => {
      if (n === 1) return s.later(5_000, () => res.end('late'));
      res.end('quick');
    });
    const out = await fetchBytes(`${srv.base}/a`, testPolicy({ timeoutMs: 300 }));
    expect(out.attempts).toBe(2);
  });
});

describe('size cap', () => {
  it('refuses from Content-Length before reading', async () => {
    let serverSide: Promise<{ written: number; finished: boolean }> | undefined;
    const srv = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': String(10 * 1024 * 1024) });
      serverSide = writeWithBackpressure(res, 10 * 1024 * 1024);
    });
    const err = await failure(fetchBytes(`${srv.base}/big.pdf`, testPolicy({ maxBytes: 64 * 1024 })));
    expect(err.code).toBe('too_large');
    expect(err.retryable).toBe(false);
    expect(err.attempts).toBe(1);
    expect(err.message).toBe(`${srv.base}/big.pdf: file is larger than 64 KiB (the server announced 10 MiB)`);
    const seen = await serverSide!;
    expect(seen.finished).toBe(false);
    expect(srv.requests).toHaveLength(1);
  });

  it('aborts a chunked body as soon as it exceeds the cap', async () => {
    const total = 64 * 1024 * 1024;
    let serverSide: Promise<{ written: number; finished: boolean }> | undefined;
    const srv = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/pdf' });
      serverSide = writeWithBackpressure(res, total);
    });
    const err = await failure(fetchBytes(`${srv.base}/big.pdf`, testPolicy({ maxBytes: 256 * 1024 })));
    expect(err.code).toBe('too_large');
    expect(err.attempts).toBe(1);
    expect(err.message).toBe(`${srv.base}/big.pdf: file is larger than 256 KiB`);
    const seen = await serverSide!;
    expect(seen.finished).toBe(false);
    expect(seen.written).toBeLessThan(total / 4);
  });

  it('accepts a body of exactly the cap', async () => {
    const srv = await serve((_req, res) => res.end(Buffer.alloc(4096, 0x44)));
    const out = ok(await fetchBytes(`${srv.base}/a`, testPolicy({ maxBytes: 4096 })));
    expect(out.bytes.byteLength).toBe(4096);
  });
});

describe('bad URLs', () => {
  it.each([
    ['ftp://127.0.0.1/r.pdf', /only http and https addresses can be fetched, not ftp:/],
    ['file:///etc/passwd', /only http and https addresses can be fetched, not file:/],
    ['javascript:alert(1)', /only http and https/],
    ['http://user:pass@127.0.0.1/r.pdf', /^http:\/\/127\.0\.0\.1\/r\.pdf: addresses with a user name or password are refused$/],
    ['not a url', /^"not a url" is not a valid web address$/],
    ['', /is not a valid web address/],
    ['http://', /is not a valid web address/],
  ])('refuses %j', async (url, message) => {
    const err = await failure(fetchBytes(url, testPolicy()));
    expect(err.code).toBe('bad_url');
    expect(err.retryable).toBe(false);
    expect(err.attempts).toBe(0);
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain('pass@');
  });

  it('allows nothing with an empty allow-list', async () => {
    const err = await failure(fetchBytes('http://127.0.0.1:9/a', testPolicy({ allowedHosts: [] })));
    expect(err.code).toBe('host_not_allowed');
    expect(err.message).toBe('http://127.0.0.1:9/a: host 127.0.0.1 is not in sources.allowedHosts');
  });
});

describe('housekeeping', () => {
  it('closes its connections when done', async () => {
    const srv = await serve((_req, res) => res.end('x'));
    await fetchBytes(`${srv.base}/a`, testPolicy());
    expect(srv.connections()).toBe(1);
    await eventually(() => srv.openSockets() === 0);
  });

  it("rejects with the caller's abort reason and stops at once", async () => {
    const srv = await serve((_req, res, s) => s.later(5_000, () => res.end('late')));
    const controller = new AbortController();
    const reason = new Error('workflow cancelled');
    setTimeout(() => controller.abort(reason), 100);
    const t0 = Date.now();
    await expect(fetchBytes(`${srv.base}/a`, testPolicy({ timeoutMs: 5_000 }), undefined, controller.signal)).rejects.toBe(reason);
    expect(Date.now() - t0).toBeLessThan(1_000);
    await eventually(() => srv.openSockets() === 0);
  });

  it('stops waiting between attempts when aborted', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(503, { 'Retry-After': '10' });
      res.end();
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 150);
    const t0 = Date.now();
    await expect(fetchBytes(`${srv.base}/a`, testPolicy({ backoff: { initialMs: 5, maxMs: 10_000 } }), undefined, controller.signal)).rejects.toThrow('stop');
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(srv.requests).toHaveLength(1);
  });
});

describe('policy checks', () => {
  it('rejects a policy it cannot honour', async () => {
    await expect(fetchBytes('http://127.0.0.1/', testPolicy({ timeoutMs: 0 }))).rejects.toThrow(TypeError);
    await expect(fetchBytes('http://127.0.0.1/', testPolicy({ retries: -1 }))).rejects.toThrow(/retries/);
    await expect(fetchBytes('http://127.0.0.1/', testPolicy({ backoff: { initialMs: 1, maxMs: 2 ** 40 } }))).rejects.toThrow(/backoff/);
  });
});
