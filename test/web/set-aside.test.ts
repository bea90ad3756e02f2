// A document set aside (a notice, not a report) on the documents pages, over real HTTP and real
// Postgres: listed and found by its type, shown with its issuer and the reason it was not
// extracted, and extracted all the same when an analyst asks (never by a reviewer).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderStore } from '../../activities/document-store.ts';
import { createActivities } from '../../activities/index.ts';
import { documents, extractionRuns } from '../../db/schema.ts';
import { createUser } from '../../db/users.ts';
import { inProcessRerunner } from '../../app/reruns.ts';
import { ingestFolder } from '../../workflows/core/ingest-folder.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeNoticePdf } from '../helpers/make-documents.ts';
import { loggedIn, startServer, type RunningServer } from './helpers.ts';

const PASSWORD = 'mật khẩu đủ dài 2025';
let t: TestDatabase;
let work: string;
let server: RunningServer;
let id: number;

beforeAll(async () => {
  t = await createTestDatabase();
  work = await mkdtemp(join(tmpdir(), 'baocao-web-set-aside-'));
  await mkdir(join(work, 'inbox'));
  await writeFile(join(work, 'inbox', 'thong-bao-45.pdf'), await makeNoticePdf());
  const store = folderStore(join(work, 'store'));
  const activities = createActivities({ db: t.handle.db, store, logger: pino({ level: 'silent' }), limits: { maxFileBytes: 10 * 1024 * 1024 } });
  await ingestFolder(activities, { dir: join(work, 'inbox'), trigger: 'ingest', concurrency: 1 });
  [{ id }] = (await t.handle.db.select({ id: documents.id }).from(documents)) as [{ id: number }];
  await createUser(t.handle.db, { username: 'analyst', password: PASSWORD, role: 'analyst' });
  await createUser(t.handle.db, { username: 'rev.tn', password: PASSWORD, role: 'reviewer', provinces: ['80'] });
  server = await startServer({ db: t.handle.db, store, rerun: inProcessRerunner(activities), logRequests: false });
});

afterAll(async () => {
  await server?.close();
  await t?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('a notice set aside', () => {
  it('is listed, found by its type and status, and its page says what it is and why it was not extracted', async () => {
    const analyst = await loggedIn(server.url, 'analyst', PASSWORD);
    const list = await (await analyst.client.request('/documents?type=thong_bao')).text();
    expect(list).toContain('<strong id="documents-total">1</strong>');
    expect(list).toContain('<span class="doc-type" data-type="thong_bao">Thông báo</span>');
    expect(list).toContain('<span class="badge doc-set_aside" title="không phải báo cáo thuộc phạm vi: được lưu, không trích xuất">Không trích xuất</span>');
    expect(await (await analyst.client.request('/documents?type=bao_cao')).text()).toContain('<strong id="documents-total">0</strong>');
    expect(await (await analyst.client.request('/documents?status=set_aside')).text()).toContain('<strong id="documents-total">1</strong>');

    const page = await (await analyst.client.request(`/documents/${id}`)).text();
    expect(page).toMatch(/<div id="meta-type"><dt>Loại văn bản<\/dt><dd><span data-type="thong_bao">Thông báo<\/span><\/dd><\/div>/);
    expect(page).toContain('<dd>Sở Khoa học và Công nghệ tỉnh Tây Ninh</dd>');
    expect(page).toContain('data-scope="not_a_report"');
    expect(page).toContain('a thông báo (thong_bao), not a report');
    expect(page).toContain('id="force-extraction"');
  });

  it('a reviewer may not force its extraction; an analyst may, and it is then extracted', async () => {
    const reviewer = await loggedIn(server.url, 'rev.tn', PASSWORD);
    expect(await (await reviewer.client.request(`/documents/${id}`)).text()).not.toContain('id="force-extraction"');
    expect((await reviewer.client.request(`/documents/${id}/force-extraction`, { form: { _csrf: reviewer.csrf } })).status).toBe(403);
    expect(await t.handle.db.select().from(extractionRuns)).toEqual([]);

    const analyst = await loggedIn(server.url, 'analyst', PASSWORD);
    const response = await analyst.client.request(`/documents/${id}/force-extraction`, { form: { _csrf: analyst.csrf } });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/documents/${id}?rerun=done&selected=1&extracted=1&failed=0&skipped=0`);
    const [doc] = await t.handle.db.select().from(documents).where(eq(documents.id, id));
    expect(doc).toMatchObject({ status: 'extracted', extractionForced: true });
    const page = await (await analyst.client.request(`/documents/${id}`)).text();
    expect(page).toContain('trích xuất theo yêu cầu');
    expect(page).not.toContain('id="force-extraction"');
  });
});
