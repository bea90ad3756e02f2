// A Tây Ninh folder source as a nightly run meets it (issue #17), through the real command
// (`baocao nightly --source … --json`) against real Postgres:
//   - a sub-folder that cannot be read is recorded on the source and skipped, and the reports
//     beside it come in (it used to fail the whole source with EACCES);
//   - a Hà Nội report found in Tây Ninh's folder is stored as Hà Nội's, flagged
//     province_mismatch with both provinces on record, and publishes nothing until a reviewer
//     decides; the genuine Hà Nội report that arrives later through Hà Nội's own source is
//     published (it used to be the one flagged).
// The command runs as `nobody` when the tests run as root: root reads any folder, whatever its mode.
import { spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertSources } from '../../db/sources.ts';
import { createUser } from '../../db/users.ts';
import { documents, extractedValues, extractionRuns, publishedValues, sourceEntries, sources } from '../../db/schema.ts';
import { hanoiDocx } from '../../fixtures/hostile/resource.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { approveLowConfidence, loggedIn, startServer } from '../web/helpers.ts';

const repo = new URL('../..', import.meta.url).pathname;
const reports = new URL('../../fixtures/reports/', import.meta.url).pathname;
const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

let t: TestDatabase;
let work: string;

/** `baocao nightly --source NAME --json` as an operator runs it, over the test database. */
function nightly(source: string): {
  status: number | null;
  json: { failed: number; sources: { entries: { locator: string; fetch: string; reason: string | null }[] }[] };
  stderr: string;
} {
  const run = spawnSync(process.execPath, ['cli/baocao.js', 'nightly', '--source', source, '--json'], {
    cwd: repo,
    env: { ...process.env, DATABASE_URL: t.url, BAOCAO_DATA_DIR: join(work, 'data'), BAOCAO_OCR_WORKERS: '1', HOME: work },
    encoding: 'utf8',
    timeout: 240_000,
    ...asNobody,
  });
  return { status: run.status, json: JSON.parse(run.stdout || '{}'), stderr: run.stderr };
}

async function documentNamed(name: string) {
  const [doc] = await t.handle.db.select().from(documents).where(eq(documents.originalName, name));
  return doc!;
}

async function currentValues(documentId: number) {
  return t.handle.db
    .select({
      id: extractedValues.id,
      indicator: extractedValues.indicatorId,
      value: extractedValues.value,
      status: extractedValues.status,
      reasons: extractedValues.reasons,
    })
    .from(extractedValues)
    .innerJoin(extractionRuns, eq(extractedValues.runId, extractionRuns.id))
    .where(and(eq(extractionRuns.documentId, documentId), eq(extractionRuns.isCurrent, true)));
}

beforeAll(async () => {
  t = await createTestDatabase();
  work = await mkdtemp(join(tmpdir(), 'baocao-province-'));
  await chmod(work, 0o777);
  await mkdir(join(work, 'data'), { mode: 0o777 });
  await chmod(join(work, 'data'), 0o777);
  const tayNinh = join(work, 'tay-ninh');
  await mkdir(join(tayNinh, '2025'), { recursive: true });
  await mkdir(join(tayNinh, 'locked'));
  await copyFile(join(reports, 'tayninh-2025-h1.docx'), join(tayNinh, '2025', 'tayninh-2025-h1.docx'));
  await copyFile(join(reports, 'tayninh-2025-h1.pdf'), join(tayNinh, 'locked', 'tayninh-2025-h1.pdf'));
  await writeFile(join(tayNinh, 'bao-cao-ha-noi.docx'), hanoiDocx());
  const haNoi = join(work, 'ha-noi');
  await mkdir(haNoi);
  await writeFile(join(haNoi, 'bao-cao-6-thang-2025.docx'), hanoiDocx({ genuine: true }));
  for (const dir of [tayNinh, join(tayNinh, '2025'), haNoi]) await chmod(dir, 0o755);
  await chmod(join(tayNinh, 'locked'), 0o000);
  await upsertSources(t.handle.db, [
    { name: 'tay-ninh-share', provinceCode: '80', kind: 'dir', location: tayNinh, enabled: true },
    { name: 'ha-noi-share', provinceCode: '01', kind: 'dir', location: haNoi, enabled: true },
  ]);
});

afterAll(async () => {
  if (work) {
    await chmod(join(work, 'tay-ninh', 'locked'), 0o755).catch(() => {});
    await rm(work, { recursive: true, force: true });
  }
  await t?.drop();
});

describe('a Tây Ninh folder source with an unreadable sub-folder and a Hà Nội report in it', () => {
  it('records and skips the unreadable sub-folder; the reports beside it come in', async () => {
    const { status, json, stderr } = nightly('tay-ninh-share');
    const entries = json.sources?.[0]?.entries ?? [];
    expect(entries.map((e) => [e.locator, e.fetch, e.reason]).sort(), stderr).toEqual([
      ['2025/tayninh-2025-h1.docx', 'fetched', null],
      ['bao-cao-ha-noi.docx', 'fetched', null],
      ['locked/', 'failed', expect.stringMatching(/^folder could not be read \(EACCES\)/)],
    ]);
    // Something failed: the nightly job says so, and stored the rest.
    expect(status).toBe(1);
    const [source] = await t.handle.db.select().from(sources).where(eq(sources.name, 'tay-ninh-share'));
    expect(source!.lastError).toBeNull();
    const [locked] = await t.handle.db
      .select()
      .from(sourceEntries)
      .where(and(eq(sourceEntries.sourceId, source!.id), eq(sourceEntries.locator, 'locked/')));
    expect(locked).toMatchObject({ status: 'failed', error: expect.stringMatching(/^folder could not be read \(EACCES\): its reports were skipped/) });
    expect((await documentNamed('tayninh-2025-h1.docx')).status).toBe('extracted');
  }, 300_000);

  it("stores the Hà Nội report as Hà Nội's, with Tây Ninh's source on record, and publishes none of its values", async () => {
    const doc = await documentNamed('bao-cao-ha-noi.docx');
    expect({ province: doc.provinceCode, conflict: doc.provinceConflict }).toEqual({
      province: '01',
      conflict: { kind: 'source', others: ['80'], evidence: 'source tay-ninh-share' },
    });
    const values = await currentValues(doc.id);
    expect(values.length).toBeGreaterThan(3);
    expect(values.every((v) => v.status === 'flagged' && v.reasons.includes('province_mismatch'))).toBe(true);
    expect(await t.handle.db.select().from(publishedValues).where(eq(publishedValues.provinceCode, '01'))).toEqual([]);

    // The reviewer of Hà Nội sees both provinces beside the value.
    await createUser(t.handle.db, { username: 'rev.hn', password: 'mật khẩu đủ dài 2025', role: 'reviewer', provinces: ['01'] });
    const server = await startServer({ db: t.handle.db, logRequests: false });
    try {
      const { client } = await loggedIn(server.url, 'rev.hn', 'mật khẩu đủ dài 2025');
      const pane = await (await client.request(`/review/values/${values[0]!.id}/pane`)).text();
      const notice = /<p class="notice notice-warn" id="province-conflict">([\s\S]*?)<\/p>/.exec(pane)?.[1] ?? '';
      expect(notice).toContain('Nội dung ghi tỉnh 01 Hà Nội; văn bản đến từ nguồn của tỉnh 80 Tây Ninh (source tay-ninh-share).');
      expect(notice).toContain('duyệt sẽ công bố cho tỉnh 01');
      expect(pane).toContain('Báo cáo và nguồn nhận (hoặc phần đầu văn bản) ghi hai tỉnh khác nhau');
    } finally {
      await server.close();
    }
  });

  it("the genuine Hà Nội report, from Hà Nội's own source, is published, not flagged", async () => {
    const { json, stderr } = nightly('ha-noi-share');
    expect(json.failed, stderr).toBe(0);
    const doc = await documentNamed('bao-cao-6-thang-2025.docx');
    expect({ province: doc.provinceCode, conflict: doc.provinceConflict }).toEqual({ province: '01', conflict: null });
    const values = await currentValues(doc.id);
    const nv01 = values.find((v) => v.indicator === 'NV01');
    // No province check holds it; the scorer alone may still ask a reviewer, who approves it.
    expect(nv01).toMatchObject({ value: '240' });
    expect(nv01!.reasons.filter((r) => r !== 'low_confidence')).toEqual([]);
    if (nv01!.status === 'flagged') {
      const reviewer = await createUser(t.handle.db, { username: 'rev.hn2', password: 'mật khẩu đủ dài 2025', role: 'reviewer', provinces: ['01'] });
      expect(await approveLowConfidence(t.handle.db, reviewer)).toBeGreaterThan(0);
    } else expect(nv01!.status).toBe('auto_accepted');
    const published = await t.handle.db
      .select()
      .from(publishedValues)
      .where(and(eq(publishedValues.provinceCode, '01'), eq(publishedValues.indicatorId, 'NV01')));
    expect(published.map((p) => p.value)).toEqual(['240']);
  }, 300_000);
});
