// The provincial portal simulator, through real HTTP requests: the index pages and feeds list the
// fixture reports, the files are served byte for byte with validators and conditional GET, each
// misbehaviour does what it says, replace()/publish() change what is served, and close() is prompt.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'node-html-parser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPortalSimulator, type PortalSimulator } from '../fixtures/portal-simulator.ts';
import { loadTruthFiles, type TruthFile } from '../fixtures/truth.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const reportsDir = join(root, 'fixtures/reports');
const DANANG_PDF = '/so-khcn/48/danang-2025-q3.pdf';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The whole body announced by Content-Length arrived. */
  complete: boolean;
  error: NodeJS.ErrnoException | null;
}

/** One request over node:http (a fresh connection unless an agent is given); never rejects. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; agent?: Agent } = {}): Promise<RawResponse> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: RawResponse) => {
      if (!done) {
        done = true;
        resolve(r);
      }
    };
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, agent: options.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      let error: NodeJS.ErrnoException | null = null;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => (error = e));
      res.on('close', () => finish({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), complete: res.complete, error }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => finish({ status: 0, headers: {}, body: Buffer.alloc(0), complete: false, error }));
    req.end();
  });
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function links(html: string, base: string): { href: string; text: string; url: URL }[] {
  return parse(html)
    .querySelectorAll('a')
    .map((a) => ({ href: a.getAttribute('href') ?? '', text: a.text.trim() }))
    .map((l) => ({ ...l, url: new URL(l.href, base) }));
}
const reportLinks = (html: string, base: string) => links(html, base).filter((l) => /\.(pdf|docx)$/i.test(l.url.pathname));

let truths: { path: string; truth: TruthFile }[];
let fixtureBytes: Map<string, Buffer>;
const provincesOf = () => [...new Set(truths.map((t) => t.truth.document.province_code))].sort();

beforeAll(async () => {
  truths = await loadTruthFiles(reportsDir);
  fixtureBytes = new Map(await Promise.all(truths.map(async ({ truth }) => [truth.file, await readFile(join(reportsDir, truth.file))] as const)));
});

describe('portal simulator: indexes and files', () => {
  let sim: PortalSimulator;
  let startMs: number;
  beforeAll(async () => {
    const t0 = performance.now();
    sim = await startPortalSimulator({ reportsDir });
    startMs = performance.now() - t0;
  });
  afterAll(() => sim.close());

  it('starts fast on 127.0.0.1 and serves every fixture report file, and nothing else', () => {
    expect(startMs).toBeLessThan(500); // ~20 ms in practice; slack for a loaded CI machine
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.reports.map((r) => r.name).sort()).toEqual(truths.map((t) => t.truth.file).sort());
    for (const r of sim.reports) {
      const { truth } = truths.find((t) => t.truth.file === r.name)!;
      expect(r.province).toBe(truth.document.province_code);
      expect(r.path).toBe(`/so-khcn/${r.province}/${r.name}`);
      expect(Buffer.from(r.bytes).equals(fixtureBytes.get(r.name)!)).toBe(true);
    }
  });

  it('lists exactly each province’s reports on its HTML index, with relative links that resolve to the fixture bytes', async () => {
    for (const code of provincesOf()) {
      const indexUrl = sim.indexUrl(code);
      expect(indexUrl).toBe(`${sim.url}/so-khcn/${code}/bao-cao.html`);
      const res = await fetch(indexUrl);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await res.text();
      expect(html).toMatch(/<title>[^<]*Sở Khoa học và Công nghệ[^<]*<\/title>/);

      const all = links(html, indexUrl);
      expect(all.some((l) => l.text === 'Trang chủ')).toBe(true);
      expect(all.some((l) => l.url.protocol === 'mailto:')).toBe(true);
      expect(all.some((l) => l.url.pathname.endsWith('.html') && l.url.pathname !== new URL(indexUrl).pathname)).toBe(true);

      const found = reportLinks(html, indexUrl);
      const expected = truths.filter((t) => t.truth.document.province_code === code);
      expect(found.map((l) => l.url.href).sort()).toEqual(expected.map((t) => `${sim.url}/so-khcn/${code}/${t.truth.file}`).sort());
      for (const link of found) {
        expect(link.href).not.toMatch(/^(\/|[a-z]+:)/i); // relative to the page
        const { truth } = expected.find((t) => link.url.pathname.endsWith(`/${t.truth.file}`))!;
        expect(link.text).toContain(`Báo cáo kết quả hoạt động KH&CN ${truth.document.period_label}`);
        const file = await fetch(link.url);
        expect(file.status).toBe(200);
        expect(file.headers.get('content-type')).toBe(
          truth.format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        );
        const bytes = Buffer.from(await file.arrayBuffer());
        expect(file.headers.get('content-length')).toBe(String(bytes.length));
        expect(bytes.equals(fixtureBytes.get(truth.file)!)).toBe(true);
      }
    }
  });

  it('serves the unrelated links of the index (home and news pages) and 404s unknown paths with an HTML page', async () => {
    const indexUrl = sim.indexUrl('48');
    const news = links(await (await fetch(indexUrl)).text(), indexUrl).find((l) => l.url.pathname.includes('tin-tuc'))!;
    expect((await fetch(news.url)).status).toBe(200);
    const home = await fetch(`${sim.url}/`);
    expect(home.status).toBe(200);
    expect(links(await home.text(), `${sim.url}/`).map((l) => l.url.href)).toContain(indexUrl);

    for (const path of [
      '/so-khcn/48/danang-2025-q3.pdf.truth.json',
      '/so-khcn/48/feed.json',
      '/so-khcn/99/bao-cao.html',
      '/so-khcn/48/tayninh-2025-h1.pdf',
      '/nope',
    ]) {
      const res = await fetch(`${sim.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('Không tìm thấy');
    }
    expect(() => sim.indexUrl('99')).toThrow(/unknown province/);
    expect((await fetch(`${sim.url}${DANANG_PDF}`, { method: 'POST' })).status).toBe(405);
  });

  it('sends a strong sha256 ETag and the issue date as Last-Modified, and answers conditional GETs with a bodiless 304', async () => {
    const url = `${sim.url}${DANANG_PDF}`;
    const bytes = fixtureBytes.get('danang-2025-q3.pdf')!;
    const first = await raw(url);
    expect(first.status).toBe(200);
    expect(first.headers.etag).toBe(`"sha256-${sha256(bytes)}"`);
    expect(first.headers['last-modified']).toBe('Thu, 18 Sep 2025 08:00:00 GMT'); // issued_on 2025-09-18
    const etag = first.headers.etag!;
    const lastModified = first.headers['last-modified']!;

    const cases: [Record<string, string>, number][] = [
      [{ 'If-None-Match': etag }, 304],
      [{ 'If-None-Match': `"other", W/${etag}` }, 304],
      [{ 'If-None-Match': '"other"' }, 200],
      [{ 'If-Modified-Since': lastModified }, 304],
      [{ 'If-Modified-Since': 'Fri, 19 Sep 2025 00:00:00 GMT' }, 304],
      [{ 'If-Modified-Since': 'Wed, 17 Sep 2025 08:00:00 GMT' }, 200],
      [{ 'If-Modified-Since': 'not a date' }, 200],
      [{ 'If-None-Match': '"other"', 'If-Modified-Since': lastModified }, 200], // If-None-Match wins
    ];
    for (const [headers, status] of cases) {
      const res = await raw(url, { headers });
      expect(res.status, JSON.stringify(headers)).toBe(status);
      if (status === 304) {
        expect(res.body.length).toBe(0);
        expect(res.headers.etag).toBe(etag);
      } else expect(res.body.equals(bytes)).toBe(true);
    }

    const head = await raw(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(bytes.length));
    expect(head.headers.etag).toBe(etag);
    expect(head.body.length).toBe(0);

    const index = await raw(sim.indexUrl('48'));
    expect(index.headers.etag).toMatch(/^"sha256-[0-9a-f]{64}"$/);
    expect((await raw(sim.indexUrl('48'), { headers: { 'If-None-Match': index.headers.etag! } })).status).toBe(304);
  });

  it('logs method, path, status, conditional headers and body bytes of every request', async () => {
    const from = sim.log.length;
    const url = `${sim.url}${DANANG_PDF}`;
    const etag = (await raw(url, { method: 'HEAD' })).headers.etag!;
    await raw(url, { headers: { 'If-None-Match': etag, 'If-Modified-Since': 'Thu, 18 Sep 2025 08:00:00 GMT' } });
    await raw(url);
    await raw(`${sim.url}/so-khcn/48/khong-co.pdf`);
    const size = fixtureBytes.get('danang-2025-q3.pdf')!.length;
    expect(sim.log.slice(from)).toEqual([
      { method: 'HEAD', path: DANANG_PDF, status: 200, ifNoneMatch: null, ifModifiedSince: null, bodyBytes: 0 },
      { method: 'GET', path: DANANG_PDF, status: 304, ifNoneMatch: etag, ifModifiedSince: 'Thu, 18 Sep 2025 08:00:00 GMT', bodyBytes: 0 },
      { method: 'GET', path: DANANG_PDF, status: 200, ifNoneMatch: null, ifModifiedSince: null, bodyBytes: size },
      { method: 'GET', path: '/so-khcn/48/khong-co.pdf', status: 404, ifNoneMatch: null, ifModifiedSince: null, bodyBytes: expect.any(Number) },
    ]);
  });
});

describe('portal simulator: JSON feed', () => {
  let sim: PortalSimulator;
  beforeAll(async () => {
    sim = await startPortalSimulator({ reportsDir, indexStyle: { '79': 'json' } });
  });
  afterAll(() => sim.close());

  it('serves a JSON feed instead of the HTML page for a province configured so, with relative and absolute URLs', async () => {
    const indexUrl = sim.indexUrl('79');
    expect(indexUrl).toBe(`${sim.url}/so-khcn/79/feed.json`);
    expect(sim.indexUrl('48')).toBe(`${sim.url}/so-khcn/48/bao-cao.html`);
    expect((await fetch(`${sim.url}/so-khcn/79/bao-cao.html`)).status).toBe(404);

    const res = await fetch(indexUrl);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const feed = (await res.json()) as { province: string; reports: { title: string; url: string; published: string }[] };
    expect(feed.province).toBe('79');
    const expected = truths.filter((t) => t.truth.document.province_code === '79');
    expect(feed.reports).toHaveLength(expected.length);
    expect(feed.reports.some((r) => /^http:/.test(r.url))).toBe(true);
    expect(feed.reports.some((r) => !/^[a-z]+:/.test(r.url))).toBe(true);
    for (const entry of feed.reports) {
      const url = new URL(entry.url, indexUrl);
      const { truth } = expected.find((t) => url.pathname === `/so-khcn/79/${t.truth.file}`)!;
      expect(entry.title).toContain(`Báo cáo kết quả hoạt động KH&CN ${truth.document.period_label}`);
      expect(entry.published).toBe(truth.document.issued_on);
      expect(Buffer.from(await (await fetch(url)).arrayBuffer()).equals(fixtureBytes.get(truth.file)!)).toBe(true);
    }
  });
});

describe('portal simulator: misbehaviours', () => {
  let sim: PortalSimulator;
  let url: string;
  let bytes: Buffer;
  beforeAll(async () => {
    sim = await startPortalSimulator({ reportsDir });
    url = `${sim.url}${DANANG_PDF}`;
    bytes = fixtureBytes.get('danang-2025-q3.pdf')!;
  });
  afterEach(() => sim.clear());
  afterAll(() => sim.close());

  it('status: answers the status `times` times with Retry-After, then serves the file', async () => {
    sim.misbehave(DANANG_PDF, { kind: 'status', status: 503, times: 2, retryAfterSeconds: 7 });
    for (let i = 0; i < 2; i++) {
      const res = await fetch(url);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('7');
      await res.arrayBuffer();
    }
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('retry-after')).toBeNull();
    expect(Buffer.from(await ok.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('status: without `times` answers the status until cleared, also on an index path', async () => {
    const indexPath = new URL(sim.indexUrl('48')).pathname;
    sim.misbehave(indexPath, { kind: 'status', status: 500 });
    for (let i = 0; i < 3; i++) expect((await raw(sim.indexUrl('48'))).status).toBe(500);
    expect((await raw(sim.indexUrl('80'))).status).toBe(200);
    sim.clear(indexPath);
    expect((await raw(sim.indexUrl('48'))).status).toBe(200);
  });

  it('truncate: announces the full Content-Length, sends afterBytes and closes the socket, `times` times', async () => {
    sim.misbehave(DANANG_PDF, { kind: 'truncate', afterBytes: 1000, times: 1 });
    const res = await raw(url);
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(bytes.length));
    expect(res.body.length).toBe(1000);
    expect(res.body.equals(bytes.subarray(0, 1000))).toBe(true);
    expect(res.complete).toBe(false);
    expect(sim.log.at(-1)).toMatchObject({ path: DANANG_PDF, status: 200, bodyBytes: 1000 });

    const again = await raw(url);
    expect(again.complete).toBe(true);
    expect(again.body.equals(bytes)).toBe(true);

    sim.misbehave(DANANG_PDF, { kind: 'truncate', afterBytes: 0 });
    await expect(fetch(url).then((r) => r.arrayBuffer())).rejects.toThrow();
  });

  it('reset: destroys the socket before answering, `times` times', async () => {
    sim.misbehave(DANANG_PDF, { kind: 'reset', times: 1 });
    const res = await raw(url);
    expect(res.status).toBe(0);
    expect(res.error?.code).toMatch(/ECONNRESET|ECONNABORTED/);
    expect(sim.log.at(-1)).toMatchObject({ path: DANANG_PDF, status: 0, bodyBytes: 0 });
    expect((await raw(url)).status).toBe(200);

    sim.misbehave(DANANG_PDF, { kind: 'reset' });
    await expect(fetch(url)).rejects.toThrow();
    await expect(fetch(url)).rejects.toThrow();
  });

  it('slow: delays the headers, then serves the file', async () => {
    sim.misbehave(DANANG_PDF, { kind: 'slow', delayMs: 250 });
    const t0 = performance.now();
    const res = await raw(url);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(240);
    expect(res.status).toBe(200);
    expect(res.body.equals(bytes)).toBe(true);

    // A client that gives up early: the pending answer is dropped and logged as status 0.
    const from = sim.log.length;
    const aborted = fetch(url, { signal: AbortSignal.timeout(50) });
    await expect(aborted).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 300));
    expect(sim.log.slice(from)).toEqual([expect.objectContaining({ path: DANANG_PDF, status: 0, bodyBytes: 0 })]);
  });

  it('html_error: a 200 text/html "Lỗi hệ thống" page at a .pdf path', async () => {
    sim.misbehave(DANANG_PDF, { kind: 'html_error' });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('Lỗi hệ thống');
  });

  it('redirect: 302 to a relative or absolute location, which a client can follow', async () => {
    sim.misbehave('/so-khcn/48/bao-cao-quy-3.pdf', { kind: 'redirect', location: 'danang-2025-q3.pdf' });
    const manual = await fetch(`${sim.url}/so-khcn/48/bao-cao-quy-3.pdf`, { redirect: 'manual' });
    expect(manual.status).toBe(302);
    expect(manual.headers.get('location')).toBe('danang-2025-q3.pdf');
    const followed = await fetch(`${sim.url}/so-khcn/48/bao-cao-quy-3.pdf`);
    expect(followed.url).toBe(url);
    expect(Buffer.from(await followed.arrayBuffer()).equals(bytes)).toBe(true);

    sim.misbehave(DANANG_PDF, { kind: 'redirect', location: `${sim.url}/so-khcn/48/danang-2025-q3.docx` });
    const absolute = await fetch(url);
    expect(absolute.url).toBe(`${sim.url}/so-khcn/48/danang-2025-q3.docx`);
    expect(Buffer.from(await absolute.arrayBuffer()).equals(fixtureBytes.get('danang-2025-q3.docx')!)).toBe(true);
  });

  it('redirect_loop: 302 to a second path, which 302s back', async () => {
    sim.misbehave(DANANG_PDF, { kind: 'redirect_loop' });
    const first = await fetch(url, { redirect: 'manual' });
    expect(first.status).toBe(302);
    const second = new URL(first.headers.get('location')!, url);
    expect(second.pathname).not.toBe(DANANG_PDF);
    const back = await fetch(second, { redirect: 'manual' });
    expect(back.status).toBe(302);
    expect(new URL(back.headers.get('location')!, second).href).toBe(url);
    await expect(fetch(url)).rejects.toThrow(); // the client's redirect limit
  });

  it('validates misbehaviours and clears them per path or all at once', async () => {
    expect(() => sim.misbehave(DANANG_PDF, { kind: 'status', status: 42 })).toThrow(/status/);
    expect(() => sim.misbehave(DANANG_PDF, { kind: 'reset', times: 0 })).toThrow(/times/);
    expect(() => sim.misbehave(DANANG_PDF, { kind: 'nope' } as never)).toThrow(/unknown kind/);
    sim.misbehave(DANANG_PDF, { kind: 'status', status: 502 });
    sim.misbehave('/so-khcn/48/danang-2025-q3.docx', { kind: 'status', status: 502 });
    sim.clear(url); // a full URL works too
    expect((await raw(url)).status).toBe(200);
    expect((await raw(`${sim.url}/so-khcn/48/danang-2025-q3.docx`)).status).toBe(502);
    sim.clear();
    expect((await raw(`${sim.url}/so-khcn/48/danang-2025-q3.docx`)).status).toBe(200);
  });
});

describe('portal simulator: replace and publish', () => {
  let sim: PortalSimulator;
  beforeAll(async () => {
    sim = await startPortalSimulator({ reportsDir, indexStyle: { '80': 'json' } });
  });
  afterAll(() => sim.close());

  it('replace() serves new bytes under the same path with a new ETag and a later Last-Modified', async () => {
    const url = `${sim.url}${DANANG_PDF}`;
    const before = await raw(url);
    const corrected = new Uint8Array(Buffer.concat([fixtureBytes.get('danang-2025-q3.pdf')!, Buffer.from('\n% corrected\n')]));
    const report = sim.replace(DANANG_PDF, corrected);
    expect(report.etag).toBe(`"sha256-${sha256(corrected)}"`);
    expect(sim.reports.find((r) => r.path === DANANG_PDF)!.etag).toBe(report.etag);

    const after = await raw(url, { headers: { 'If-None-Match': before.headers.etag! } });
    expect(after.status).toBe(200);
    expect(after.body.equals(Buffer.from(corrected))).toBe(true);
    expect(after.headers.etag).toBe(report.etag);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(Date.parse(after.headers['last-modified']!)).toBeGreaterThan(Date.parse(before.headers['last-modified']!));
    expect((await raw(url, { headers: { 'If-Modified-Since': before.headers['last-modified']! } })).status).toBe(200);
    expect((await raw(url, { headers: { 'If-None-Match': report.etag } })).status).toBe(304);
    expect(() => sim.replace('/so-khcn/48/khong-co.pdf', corrected)).toThrow(/no report/);
  });

  it('publish() adds a link to the HTML index and an entry to the JSON feed', async () => {
    const indexUrl = sim.indexUrl('48');
    const before = await raw(indexUrl);
    const pdf = new Uint8Array(Buffer.from('%PDF-1.7\n% a report published since the last fetch\n'));
    const report = sim.publish('48', 'danang-2025-q4.pdf', pdf, { title: 'Báo cáo kết quả hoạt động KH&CN quý IV/2025', published: '2025-12-18' });
    expect(report.path).toBe('/so-khcn/48/danang-2025-q4.pdf');

    const after = await raw(indexUrl, { headers: { 'If-None-Match': before.headers.etag! } });
    expect(after.status).toBe(200);
    const found = reportLinks(after.body.toString('utf8'), indexUrl);
    expect(found.map((l) => l.url.pathname)).toContain(report.path);
    expect(found.length).toBe(reportLinks(before.body.toString('utf8'), indexUrl).length + 1);
    expect(found.find((l) => l.url.pathname === report.path)!.text).toBe('Báo cáo kết quả hoạt động KH&CN quý IV/2025');
    const file = await raw(`${sim.url}${report.path}`);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.body.equals(Buffer.from(pdf))).toBe(true);

    sim.publish('80', 'tayninh-2025-9t.docx', new Uint8Array([80, 75, 3, 4]));
    const feed = (await (await fetch(sim.indexUrl('80'))).json()) as { reports: { url: string; title: string }[] };
    expect(feed.reports.map((r) => new URL(r.url, sim.indexUrl('80')).pathname)).toContain('/so-khcn/80/tayninh-2025-9t.docx');
    expect(() => sim.publish('48', 'danang-2025-q4.pdf', pdf)).toThrow(/already exists/);
    expect(() => sim.publish('48', '../x.pdf', pdf)).toThrow(/invalid file name/);
  });
});

describe('portal simulator: lifecycle', () => {
  it('close() resolves promptly with an idle keep-alive connection and a pending slow request', async () => {
    const sim = await startPortalSimulator({ reportsDir });
    const agent = new Agent({ keepAlive: true });
    try {
      const ok = await raw(`${sim.url}${DANANG_PDF}`, { agent });
      expect(ok.status).toBe(200);
      const idle = Object.values(agent.freeSockets).flat() as Socket[];
      expect(idle).toHaveLength(1);
      const idleClosed = new Promise((resolve) => idle[0]!.once('close', resolve));

      sim.misbehave('/so-khcn/80/bao-cao.html', { kind: 'slow', delayMs: 30_000 });
      const pending = raw(sim.indexUrl('80'));
      await new Promise((r) => setTimeout(r, 50));

      const t0 = performance.now();
      await sim.close();
      expect(performance.now() - t0).toBeLessThan(500);
      await idleClosed;
      const dropped = await pending;
      expect(dropped.status).toBe(0);
      await sim.close(); // idempotent
      expect((await raw(`${sim.url}/`)).error?.code).toBe('ECONNREFUSED');
    } finally {
      agent.destroy();
      await sim.close();
    }
  });

  it('listens on a given port and fails clearly when it is taken', async () => {
    const first = await startPortalSimulator({ reportsDir });
    try {
      const port = Number(new URL(first.url).port);
      await expect(startPortalSimulator({ reportsDir, port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
    await expect(startPortalSimulator({ reportsDir, indexStyle: { '99': 'json' } })).rejects.toThrow(/province 99/);
  });

  it('the CLI prints the index URLs, serves, and exits 0 on SIGINT', async () => {
    const child = spawn(process.execPath, [join(root, 'cli/run-ts.js'), join(root, 'fixtures/portal-simulator-cli.ts'), '--json', '79'], { cwd: root });
    let out = '';
    child.stdout.setEncoding('utf8');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const indexUrls = await new Promise<string[]>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          out += chunk;
          if (out.includes('Ctrl-C')) resolve([...out.matchAll(/http:\/\/127\.0\.0\.1:\d+\/so-khcn\/\d+\/(?:bao-cao\.html|feed\.json)/g)].map((m) => m[0]));
        });
        child.once('exit', () => reject(new Error(`CLI exited early: ${out}`)));
      });
      expect(indexUrls).toHaveLength(provincesOf().length);
      expect(indexUrls.filter((u) => u.endsWith('/so-khcn/79/feed.json'))).toHaveLength(1);
      expect((await raw(indexUrls[0]!)).status).toBe(200);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
