// The nightly core over sources, against the portal simulator and real Postgres: what is
// fetched, what is skipped, how each misbehaviour is recorded, and what is refused.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { folderStore } from '../../activities/document-store.ts';
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from '../../activities/fetch/http-fetch.ts';
import { createActivities } from '../../activities/index.ts';
import { registerDocument, saveClassification } from '../../db/documents.ts';
import { upsertSources, uploadSource } from '../../db/sources.ts';
import { periodFromKey } from '../../extractors/periods.ts';
import { documents, notifications, sourceEntries, sources } from '../../db/schema.ts';
import { startPortalSimulator, type PortalSimulator } from '../../fixtures/portal-simulator.ts';
import { ingestSources } from '../../workflows/core/ingest-sources.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const reportsDir = new URL('../../fixtures/reports/', import.meta.url).pathname;

const policy: FetchPolicy = {
  ...DEFAULT_FETCH_POLICY,
  allowedHosts: ['127.0.0.1'],
  privateNetworkHosts: ['127.0.0.1'],
  timeoutMs: 1_500,
  retries: 1,
  backoff: { initialMs: 10, maxMs: 50 },
};

let t: TestDatabase;
let work: string;
let portal: PortalSimulator;

function activities(overrides: Partial<Parameters<typeof createActivities>[0]> = {}) {
  return createActivities({
    db: t.handle.db,
    store: folderStore(join(work, 'store')),
    logger: pino({ level: 'silent' }),
    limits: { maxFileBytes: 10 * 1024 * 1024 },
    fetchPolicy: policy,
    ...overrides,
  });
}

const nightly = (acts = activities(), only?: string[]) => ingestSources(acts, { trigger: 'nightly', concurrency: 2, only });
const entriesOf = async (name: string) => {
  const [source] = await t.handle.db.select().from(sources).where(eq(sources.name, name));
  return t.handle.db.select().from(sourceEntries).where(eq(sourceEntries.sourceId, source!.id));
};

beforeAll(async () => {
  t = await createTestDatabase();
  work = await mkdtemp(join(tmpdir(), 'baocao-sources-'));
  portal = await startPortalSimulator({ reportsDir, indexStyle: { '48': 'json' } });
  const codes = [...new Set(portal.reports.map((r) => r.province))];
  await upsertSources(
    t.handle.db,
    codes.map((code) => ({ name: `portal-${code}`, provinceCode: code, kind: 'http' as const, location: portal.indexUrl(code) })),
  );
});

afterAll(async () => {
  await portal?.close();
  await t?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('nightly ingestion from portals', () => {
  it('fetches each new report once and processes it', async () => {
    const summary = await nightly();
    expect(summary.failed).toBe(0);
    expect(summary.newDocuments).toBe(portal.reports.length);
    const downloads = portal.log.filter((l) => l.status === 200 && /\.(pdf|docx)$/.test(l.path));
    expect(downloads.map((l) => l.path).sort()).toEqual(portal.reports.map((r) => r.path).sort());
    const docs = await t.handle.db.select().from(documents);
    expect(docs.every((d) => d.status === 'extracted' && d.sourceId !== null)).toBe(true);
  });

  it('skips unchanged reports with a conditional request and no download', async () => {
    const before = portal.log.length;
    const summary = await nightly();
    expect(summary).toMatchObject({ newDocuments: 0, failed: 0, unchanged: portal.reports.length });
    const fileRequests = portal.log.slice(before).filter((l) => /\.(pdf|docx)$/.test(l.path));
    expect(fileRequests).toHaveLength(portal.reports.length);
    expect(fileRequests.every((l) => l.status === 304 && l.bodyBytes === 0 && l.ifNoneMatch !== null)).toBe(true);
  });

  it('stores a changed file under the same name as a new version linked to the old one', async () => {
    const target = portal.reports.find((r) => r.province === '80' && r.name.endsWith('.pdf'))!;
    const [old] = await t.handle.db.select().from(documents).where(eq(documents.originalName, target.name));
    portal.replace(target.path, Buffer.concat([Buffer.from(target.bytes), Buffer.from('\n% corrected\n')]));
    const summary = await nightly(activities(), ['portal-80']);
    expect(summary.newDocuments).toBe(1);
    const versions = await t.handle.db.select().from(documents).where(eq(documents.supersedesId, old!.id));
    expect(versions).toHaveLength(1);
    expect(versions[0]!.status).toBe('extracted');
  });

  it('resumes a document an earlier run left unfinished, though the file is unchanged', async () => {
    const [doc] = await t.handle.db
      .select()
      .from(documents)
      .where(eq(documents.originalName, portal.reports.find((r) => r.province === '24')!.name));
    await t.handle.db.update(documents).set({ status: 'parsed', error: 'store failed: connection reset' }).where(eq(documents.id, doc!.id));
    const summary = await nightly(activities(), ['portal-24']);
    expect(summary.newDocuments).toBe(0);
    const resumed = summary.sources.flatMap((s) => (s.status === 'listed' ? s.entries : [])).filter((e) => e.report);
    expect(resumed.map((e) => e.fetch.status)).toEqual(['unchanged']);
    const [after] = await t.handle.db.select().from(documents).where(eq(documents.id, doc!.id));
    expect(after).toMatchObject({ status: 'extracted', error: null });
  });

  it('the same bytes under a new name are not a second document', async () => {
    const source = portal.reports.find((r) => r.province === '79')!;
    const count = (await t.handle.db.select().from(documents)).length;
    portal.publish('79', 'ban-sao-bao-cao.pdf', source.bytes);
    const summary = await nightly(activities(), ['portal-79']);
    expect(summary).toMatchObject({ newDocuments: 0, failed: 0 });
    expect((await t.handle.db.select().from(documents)).length).toBe(count);
    const copy = (await entriesOf('portal-79')).find((e) => e.locator.endsWith('ban-sao-bao-cao.pdf'))!;
    expect(copy.status).toBe('fetched');
  });
});

describe('misbehaving portals', () => {
  const newReport = (province: string, name: string) => {
    const base = portal.reports.find((r) => r.province === province && r.name.endsWith('.docx'))!;
    return portal.publish(province, name, Buffer.concat([Buffer.from(base.bytes), Buffer.from(name)]));
  };
  afterEach(() => portal.clear());

  it.each([
    ['a server error on every attempt', { kind: 'status', status: 500 } as const, /500/],
    ['an HTML error page served as the report', { kind: 'html_error' } as const, /web page instead of a report/],
    ['a redirect loop', { kind: 'redirect_loop' } as const, /redirect loop/],
    ['a response slower than the timeout', { kind: 'slow', delayMs: 4_000 } as const, /no answer within|timed out|within 1\.5 s/],
    ['a download cut short on every attempt', { kind: 'truncate', afterBytes: 100 } as const, /cut short/],
  ])(
    'records %s with a clear reason while the other provinces go on',
    async (_, behaviour, reason) => {
      const bad = newReport('24', `bad-${behaviour.kind}.docx`);
      const good = newReport('80', `good-${behaviour.kind}.docx`);
      portal.misbehave(bad.path, behaviour);
      const summary = await nightly(activities(), ['portal-24', 'portal-80']);
      const entries = [...(await entriesOf('portal-24')), ...(await entriesOf('portal-80'))];
      const badEntry = entries.find((e) => e.locator.endsWith(bad.name))!;
      expect(badEntry.status).toBe('failed');
      expect(badEntry.error).toMatch(reason);
      expect(entries.find((e) => e.locator.endsWith(good.name))!.status).toBe('fetched');
      expect(summary.failed).toBe(1);
    },
    20_000,
  );

  it('retries a download that was cut short once and then succeeds', async () => {
    const flaky = newReport('48', 'flaky.docx');
    portal.misbehave(flaky.path, { kind: 'truncate', afterBytes: 200, times: 1 });
    const summary = await nightly(activities(), ['portal-48']);
    expect(summary.failed).toBe(0);
    expect((await entriesOf('portal-48')).find((e) => e.locator.endsWith('flaky.docx'))!.status).toBe('fetched');
  });

  it('an index that cannot be read makes the source unreachable, recorded on the source', async () => {
    portal.misbehave(new URL(portal.indexUrl('79')).pathname, { kind: 'status', status: 503 });
    const summary = await nightly(activities(), ['portal-79', 'portal-80']);
    const unreachable = summary.sources.filter((s) => s.status === 'unreachable');
    expect(unreachable.map((s) => s.source.name)).toEqual(['portal-79']);
    const [row] = await t.handle.db.select().from(sources).where(eq(sources.name, 'portal-79'));
    expect(row!.lastError).toMatch(/503/);
    expect(summary.sources.find((s) => s.source.name === 'portal-80')!.status).toBe('listed');
  });
});

describe('safety', () => {
  it('refuses a portal on a private address unless its host is listed as private', async () => {
    const acts = activities({ fetchPolicy: { ...policy, privateNetworkHosts: [] } });
    const [source] = await t.handle.db.select().from(sources).where(eq(sources.name, 'portal-80'));
    const listed = await acts.listSourceEntries({ sourceId: source!.id });
    expect(listed.ok).toBe(false);
    expect(!listed.ok && listed.reason).toMatch(/loopback address \(allow it with sources\.privateNetworkHosts\)/);
  });

  it('refuses a redirect to 127.0.0.1, a host that is not allowed, from one that is', async () => {
    const target = portal.reports.find((r) => r.province === '48')!;
    const targetRequests = () => portal.log.filter((l) => l.path === target.path).length;
    const before = targetRequests();
    portal.misbehave('/redirected.pdf', { kind: 'redirect', location: `${portal.url}${target.path}` });
    const port = new URL(portal.url).port;
    const acts = activities({ fetchPolicy: { ...policy, allowedHosts: ['localhost'], privateNetworkHosts: ['localhost'] } });
    const [source] = await upsertSources(t.handle.db, [
      { name: 'via-localhost', provinceCode: '48', kind: 'http', location: `http://localhost:${port}/`, enabled: false },
    ]);
    const result = await acts.fetchSourceEntry({ sourceId: source!.id, entry: { locator: `http://localhost:${port}/redirected.pdf`, title: null } });
    expect(result.status).toBe('failed');
    expect(result.status === 'failed' && result.reason).toMatch(/127\.0\.0\.1.*not in sources\.allowedHosts/);
    expect(targetRequests()).toBe(before);
  });

  it('refuses an oversized file from a portal', async () => {
    const pdf = portal.reports.find((r) => r.name.endsWith('.pdf'))!;
    const big = portal.publish(pdf.province, 'phu-luc-lon.pdf', Buffer.concat([Buffer.from(pdf.bytes), Buffer.alloc(2048)]));
    const acts = activities({ fetchPolicy: { ...policy, maxBytes: 1024 } });
    const [source] = await t.handle.db
      .select()
      .from(sources)
      .where(eq(sources.name, `portal-${big.province}`));
    const result = await acts.fetchSourceEntry({ sourceId: source!.id, entry: { locator: `${portal.url}${big.path}`, title: null } });
    expect(result.status === 'failed' && result.reason).toMatch(/larger than/);
  });

  describe('dir sources', () => {
    let root: string;
    let sourceId: number;
    beforeEach(async () => {
      root = await mkdtemp(join(tmpdir(), 'baocao-dir-'));
      await mkdir(join(root, 'inbox', '2025'), { recursive: true });
      await writeFile(join(root, 'inbox', '2025', 'bao-cao.docx'), await readFile(join(reportsDir, 'tayninh-2025-h1.docx')));
      await writeFile(join(root, 'secret.pdf'), await readFile(join(reportsDir, 'tayninh-2025-h1.pdf')));
      await symlink(join(root, 'secret.pdf'), join(root, 'inbox', 'link-out.pdf'));
      await writeFile(join(root, 'inbox', 'huge.pdf'), Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(64 * 1024)]));
      const [row] = await upsertSources(t.handle.db, [{ name: `dir-${Date.now()}`, provinceCode: '48', kind: 'dir', location: join(root, 'inbox') }]);
      sourceId = row!.id;
    });
    afterEach(() => rm(root, { recursive: true, force: true }));

    it('lists files below the folder, not a symbolic link that leads out of it', async () => {
      const listed = await activities().listSourceEntries({ sourceId });
      expect(listed.ok && listed.entries.map((e) => e.locator)).toEqual(['2025/bao-cao.docx', 'huge.pdf']);
    });

    it.each([['../secret.pdf'], ['2025/../../secret.pdf'], ['link-out.pdf'], ['/etc/passwd']])('refuses the locator %s', async (locator) => {
      const result = await activities().fetchSourceEntry({ sourceId, entry: { locator, title: null } });
      expect(result.status).toBe('failed');
      expect(result.status === 'failed' && result.reason).toMatch(/not a path inside the source folder|outside the source folder/);
    });

    it('refuses an oversized file and fetches the rest, unchanged files are not read again', async () => {
      const acts = activities({ limits: { maxFileBytes: 32 * 1024 } });
      const [huge, report] = await Promise.all([
        acts.fetchSourceEntry({ sourceId, entry: { locator: 'huge.pdf', title: null } }),
        acts.fetchSourceEntry({ sourceId, entry: { locator: '2025/bao-cao.docx', title: null } }),
      ]);
      expect(huge.status === 'failed' && huge.reason).toMatch(/over the limit/);
      expect(report.status).toBe('fetched');
      const again = await acts.fetchSourceEntry({ sourceId, entry: { locator: '2025/bao-cao.docx', title: null } });
      expect(again.status).toBe('unchanged');
    });
  });
});

describe('upload sources', () => {
  it('keep their own name space', async () => {
    const upload = await uploadSource(t.handle.db, '48');
    expect(upload).toMatchObject({ name: 'upload-48', kind: 'upload', enabled: false });
    expect((await uploadSource(t.handle.db, '48')).id).toBe(upload.id);
    await upsertSources(t.handle.db, [{ name: 'upload-79', provinceCode: '79', kind: 'http', location: 'http://127.0.0.1/' }]);
    await expect(uploadSource(t.handle.db, '79')).rejects.toThrow(/not an upload source/);
  });
});

describe('late provinces', () => {
  let hook: Server;
  const received: unknown[] = [];
  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => hook.close(() => resolve())));

  it('reminds each overdue province once a day, through the webhook too', async () => {
    // Two provinces sent their tháng 5/2024 report (received today: late, but received).
    const period = periodFromKey('2024-M05', 'periodic')!;
    for (const provinceCode of ['01', '79']) {
      const { document } = await registerDocument(t.handle.db, {
        sha256: `${provinceCode}`.padStart(64, 'e'),
        originalName: `${provinceCode}-t5.pdf`,
        mediaType: 'application/pdf',
        bytes: 1,
        storageKey: 'k',
      });
      await saveClassification(t.handle.db, document.id, {
        provinceCode,
        provinceEvidence: null,
        period,
        reportKind: 'periodic',
        number: null,
        issuedOn: null,
      });
    }
    const address = hook.address() as { port: number };
    const acts = activities({ webhookUrl: `http://127.0.0.1:${address.port}/hook` });
    const first = await acts.remindLateProvinces({ periodKey: '2024-M05', asOf: '2024-06-01' });
    // Due 20 May 2024 (cut-off 14 May + 6 days): the other 32 are 12 days late on 1 June.
    expect(first.late).toHaveLength(32);
    expect(first.late.every((l) => l.daysLate === 12 && !['01', '79'].includes(l.provinceCode))).toBe(true);
    expect(first).toMatchObject({ notified: 32, delivered: 32 });
    expect(received).toHaveLength(32);
    expect(received[0]).toMatchObject({ kind: 'late_submission', period: '2024-M05', deadline: '2024-05-20', daysLate: 12 });
    const again = await acts.remindLateProvinces({ periodKey: '2024-M05', asOf: '2024-06-01' });
    expect(again.notified).toBe(0);
    const rows = await t.handle.db.select().from(notifications).where(eq(notifications.periodKey, '2024-M05'));
    expect(rows).toHaveLength(32);
    expect(rows.every((r) => r.delivered === true)).toBe(true);
  });
});
