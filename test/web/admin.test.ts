// The administration pages over real HTTP against real Postgres: accounts (create, role and
// provinces, disable and re-enable, temporary password, end sessions), sources (enable,
// disable, check now through the real nightly core on a folder source) and the audit (every
// review decision and administrative action, filtered, exported as CSV and XLSX).
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../db/audit.ts';
import { auditEvents, sessions, sources, users } from '../../db/schema.ts';
import { upsertSources } from '../../db/sources.ts';
import { createUser } from '../../db/users.ts';
import { CLI_ACTOR } from '../../cli/commands/user.ts';
import { inProcessSourceChecker } from '../../app/source-checks.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { Client, fixtureQueries, ingestFixtures, loggedIn, startServer, type RunningServer } from './helpers.ts';

const PASSWORD = 'mật khẩu đủ dài 2025';
const reportsDir = new URL('../../fixtures/reports/', import.meta.url).pathname;

let t: TestDatabase;
let server: RunningServer;
let work: string;
let cleanup: () => Promise<void>;
type Session = Awaited<ReturnType<typeof loggedIn>>;
let admin: Session;
const db = () => t.handle.db;
const { valueId } = fixtureQueries(db);

beforeAll(async () => {
  t = await createTestDatabase();
  const ingested = await ingestFixtures(db(), ['hcm-2024-9m.pdf']);
  cleanup = ingested.cleanup;
  await createUser(db(), { username: 'admin', displayName: 'Quản Trị', password: PASSWORD, role: 'admin' }, CLI_ACTOR);
  await createUser(db(), { username: 'rev.hcm', password: PASSWORD, role: 'reviewer', provinces: ['79'] }, CLI_ACTOR);
  // A folder source with one report in it, and one whose folder is gone.
  work = await mkdtemp(join(tmpdir(), 'baocao-admin-'));
  await mkdir(join(work, 'inbox'));
  await copyFile(join(reportsDir, 'tayninh-2025-h1.pdf'), join(work, 'inbox', 'tayninh-2025-h1.pdf'));
  await upsertSources(db(), [
    { name: 'tay-ninh-folder', provinceCode: '80', kind: 'dir', location: join(work, 'inbox'), enabled: false },
    { name: 'gone-folder', provinceCode: '48', kind: 'dir', location: join(work, 'no-such-folder'), enabled: true },
  ]);
  server = await startServer({ db: db(), store: ingested.store, checkSource: inProcessSourceChecker(ingested.activities), logRequests: false });
  admin = await loggedIn(server.url, 'admin', PASSWORD);
});

afterAll(async () => {
  await server?.close();
  await cleanup?.();
  await rm(work, { recursive: true, force: true });
  await t?.drop();
});

const page = async (s: Session, path: string) => {
  const response = await s.client.request(path);
  expect(response.status, path).toBe(200);
  return response.text();
};
const post = (s: Session, path: string, form: Record<string, string> = {}) => s.client.request(path, { form: { _csrf: s.csrf, ...form } });
const userId = async (username: string) => (await db().select({ id: users.id }).from(users).where(eq(users.username, username)))[0]!.id;

describe('who may administer', () => {
  it('only admins: a reviewer gets 403 and sees no administration in the navigation', async () => {
    const rev = await loggedIn(server.url, 'rev.hcm', PASSWORD);
    for (const path of ['/admin/users', '/admin/sources', '/admin/audit', '/admin/audit/export.csv'])
      expect((await rev.client.request(path)).status, path).toBe(403);
    expect((await post(rev, `/admin/users/${await userId('admin')}/disable`)).status).toBe(403);
    const review = await page(rev, '/review');
    expect(review).not.toContain('href="/admin/users"');
    const mine = await page(admin, '/review');
    for (const [href, label] of [
      ['/admin/users', 'Tài khoản'],
      ['/admin/sources', 'Nguồn'],
      ['/admin/audit', 'Nhật ký'],
    ])
      expect(mine).toContain(`<a href="${href}">${label}</a>`);
  });
});

describe('accounts', () => {
  it('lists every account with its role, provinces, state and open sessions', async () => {
    const html = await page(admin, '/admin/users');
    expect(html).toContain('<h1>Tài khoản</h1>');
    expect(html).toMatch(
      /<tr data-user="rev\.hcm">[\s\S]*?<td class="nowrap">Người duyệt<\/td>\s*<td>79<\/td>\s*<td><span class="badge user-active">Đang hoạt động<\/span><\/td>/,
    );
    expect(html).toContain('<th scope="col" class="num" title="Phiên đăng nhập đang mở">Phiên</th>');
    expect(html).toMatch(/<tr data-user="admin">[\s\S]*?\(bạn\)[\s\S]*?<td class="num">1<\/td>/);
  });

  it('creates an account from the form; a short password or a taken name is refused in Vietnamese, keeping what was typed', async () => {
    const short = await post(admin, '/admin/users', { username: 'rev.tn', displayName: 'Lê Văn Nam', role: 'reviewer', provinces: '80', password: 'ngắn' });
    expect(short.status).toBe(400);
    const refused = await short.text();
    expect(refused).toContain('Mật khẩu phải có ít nhất 10 ký tự.');
    expect(refused).toContain('value="Lê Văn Nam"');
    const taken = await post(admin, '/admin/users', { username: 'admin', role: 'analyst', password: PASSWORD });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('Đã có tài khoản tên &quot;admin&quot;.');

    const created = await post(admin, '/admin/users', {
      username: 'rev.tn',
      displayName: 'Lê Văn Nam',
      role: 'reviewer',
      provinces: '80, 79',
      password: PASSWORD,
    });
    expect(created.status).toBe(303);
    const location = created.headers.get('location')!;
    expect(location).toBe(`/admin/users/${await userId('rev.tn')}?done=created`);
    expect(await page(admin, location)).toContain('Đã tạo tài khoản rev.tn.');
    expect((await loggedIn(server.url, 'rev.tn', PASSWORD)).client.cookies.has('baocao_session')).toBe(true);
  });

  it('changes role and provinces; provinces for an analyst are refused', async () => {
    const id = await userId('rev.tn');
    const saved = await post(admin, `/admin/users/${id}/role`, { role: 'reviewer', provinces: '80' });
    expect(saved.status).toBe(303);
    expect(await page(admin, saved.headers.get('location')!)).toContain('Đã lưu vai trò và tỉnh.');
    const refused = await post(admin, `/admin/users/${id}/role`, { role: 'analyst', provinces: '80' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Chỉ người duyệt và người nộp báo cáo mới được giao tỉnh.');
    // A submitter reports for exactly one province.
    const two = await post(admin, `/admin/users/${id}/role`, { role: 'submitter', provinces: '79 80' });
    expect(two.status).toBe(400);
    expect(await two.text()).toContain('Người nộp báo cáo nộp cho đúng một tỉnh: hãy nhập một mã tỉnh.');
    expect((await post(admin, `/admin/users/${id}/role`, { role: 'analyst', provinces: '' })).status).toBe(303);
    const [row] = await db().select().from(users).where(eq(users.id, id));
    expect(row!.role).toBe('analyst');
    expect((await post(admin, `/admin/users/${id}/role`, { role: 'reviewer', provinces: '80' })).status).toBe(303);
  });

  it('disables an account (its open sessions stop at once, it cannot log in) and re-enables it', async () => {
    const id = await userId('rev.tn');
    const their = await loggedIn(server.url, 'rev.tn', PASSWORD);
    const disabled = await post(admin, `/admin/users/${id}/disable`);
    expect(disabled.status).toBe(303);
    expect(await page(admin, disabled.headers.get('location')!)).toContain('Đã khóa rev.tn; các phiên của rev.tn đã kết thúc.');
    expect((await their.client.request('/api/me')).status).toBe(401);
    expect((await new Client(server.url).login('rev.tn', PASSWORD)).status).toBe(401);
    expect(await page(admin, '/admin/users')).toMatch(/<tr data-user="rev\.tn" class="disabled">[\s\S]*?Đã khóa/);
    expect((await post(admin, `/admin/users/${id}/enable`)).status).toBe(303);
    expect((await new Client(server.url).login('rev.tn', PASSWORD)).status).toBe(303);
  });

  it('never disables or demotes the last enabled administrator', async () => {
    const id = await userId('admin');
    const refused = await post(admin, `/admin/users/${id}/disable`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Đây là quản trị viên cuối cùng đang hoạt động');
    expect((await post(admin, `/admin/users/${id}/role`, { role: 'analyst' })).status).toBe(400);
    expect((await db().select().from(users).where(eq(users.id, id)))[0]).toMatchObject({ role: 'admin', disabled: false });
  });

  it('resets a password: a temporary one shown once, which only leads to choosing a new one', async () => {
    const id = await userId('rev.tn');
    const their = await loggedIn(server.url, 'rev.tn', PASSWORD);
    const reset = await post(admin, `/admin/users/${id}/reset-password`);
    expect(reset.status).toBe(200);
    expect(reset.headers.get('cache-control')).toBe('no-store');
    const html = await reset.text();
    const temporary = /<code id="temporary-password" translate="no">([^<]+)<\/code>/.exec(html)?.[1];
    expect(temporary).toMatch(/^[A-Za-z2-9]{16}$/);
    expect(html).toContain('Mật khẩu này chỉ hiện một lần.');
    expect(await page(admin, `/admin/users/${id}`)).not.toContain(temporary!);
    expect((await their.client.request('/api/me')).status).toBe(401);
    expect((await new Client(server.url).login('rev.tn', PASSWORD)).status).toBe(401);

    // The temporary password opens the password page only.
    const client = new Client(server.url);
    expect((await client.login('rev.tn', temporary!)).status).toBe(303);
    const review = await client.request('/review');
    expect(review.status).toBe(303);
    expect(review.headers.get('location')).toBe('/account/password?next=%2Freview');
    expect((await client.request('/api/review/queue')).status).toBe(403);
    const form = await (await client.request('/account/password?next=/review')).text();
    expect(form).toContain('Mật khẩu của bạn là mật khẩu tạm');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1]!;
    const mismatch = await client.request('/account/password', {
      form: { _csrf: csrf, current: temporary!, password: 'mật khẩu mới 2026', again: 'khác hẳn 2026', next: '/review' },
    });
    expect(await mismatch.text()).toContain('Hai mật khẩu mới không giống nhau.');
    const changed = await client.request('/account/password', {
      form: { _csrf: csrf, current: temporary!, password: 'mật khẩu mới 2026', again: 'mật khẩu mới 2026', next: '/review' },
    });
    expect(changed.status).toBe(303);
    expect(changed.headers.get('location')).toBe('/review');
    expect((await client.request('/review')).status).toBe(200);
    expect((await new Client(server.url).login('rev.tn', 'mật khẩu mới 2026')).status).toBe(303);
  });

  it('ends every session of an account', async () => {
    const id = await userId('rev.hcm');
    const [a, b] = await Promise.all([loggedIn(server.url, 'rev.hcm', PASSWORD), loggedIn(server.url, 'rev.hcm', PASSWORD)]);
    const ended = await post(admin, `/admin/users/${id}/end-sessions`);
    expect(ended.status).toBe(303);
    const html = await page(admin, ended.headers.get('location')!);
    expect(html).toMatch(/Đã kết thúc [2-9] phiên của rev\.hcm\./);
    expect((await a.client.request('/api/me')).status).toBe(401);
    expect((await b.client.request('/api/me')).status).toBe(401);
    expect(await db().select().from(sessions).where(eq(sessions.userId, id))).toEqual([]);
  });
});

describe('sources', () => {
  const sourceId = async (name: string) => (await db().select({ id: sources.id }).from(sources).where(eq(sources.name, name)))[0]!.id;

  it('lists kind, province, state, last check and last error', async () => {
    const html = await page(admin, '/admin/sources');
    expect(html).toMatch(/<tr data-source="tay-ninh-folder" class="disabled">[\s\S]*?<td>thư mục<\/td>\s*<td>80<\/td>[\s\S]*?Đã tắt[\s\S]*?chưa lần nào/);
    expect(html).toMatch(/<tr data-source="gone-folder">[\s\S]*?Đang bật/);
  });

  it('enables and disables a source', async () => {
    const id = await sourceId('tay-ninh-folder');
    const on = await post(admin, `/admin/sources/${id}/enable`);
    expect(on.status).toBe(303);
    expect(await page(admin, on.headers.get('location')!)).toContain('Đã bật nguồn tay-ninh-folder.');
    expect((await db().select().from(sources).where(eq(sources.id, id)))[0]!.enabled).toBe(true);
  });

  it('checks a source now: its new report is fetched and processed, and the page says what came of it', async () => {
    const checked = await post(admin, `/admin/sources/${await sourceId('tay-ninh-folder')}/check`);
    expect(checked.status).toBe(303);
    const html = await page(admin, checked.headers.get('location')!);
    expect(html).toContain('Đã kiểm tra tay-ninh-folder: 1 tệp, 1 tệp mới, 0 lỗi.');
    expect(html).not.toMatch(/<tr data-source="tay-ninh-folder"[^>]*>[\s\S]*?chưa lần nào[\s\S]*?<\/tr>/);
    const gone = await post(admin, `/admin/sources/${await sourceId('gone-folder')}/check`);
    const failed = await page(admin, gone.headers.get('location')!);
    expect(failed).toContain('Kiểm tra gone-folder không thành công:');
    expect(failed).toMatch(/<tr data-source="gone-folder">[\s\S]*?<td class="run-error">[^<]+no-such-folder/);
  });
});

describe('the audit', () => {
  it('holds every administrative action and every review decision, newest first', async () => {
    const rev = await loggedIn(server.url, 'rev.hcm', PASSWORD);
    const nv01 = await valueId('hcm-2024-9m.pdf', 'NV01');
    const decided = await rev.client.api(
      `/api/review/values/${nv01}/decision`,
      { action: 'correct', value: '1.204', comment: 'Đọc nhầm', expected: { status: 'flagged', lastDecisionId: null } },
      rev.csrf,
    );
    expect(decided.status).toBe(200);
    // The JSON API is audited too.
    expect((await admin.client.api(`/api/admin/users/${await userId('rev.hcm')}/provinces`, { provinces: ['79', '80'] }, admin.csrf)).status).toBe(200);

    const { entries } = await listAudit(db());
    const actions = entries.map((e) => e.action);
    for (const action of [
      'user.create',
      'user.role',
      'user.provinces',
      'user.disable',
      'user.enable',
      'user.password_reset',
      'user.password_change',
      'user.sessions_end',
      'source.enable',
      'source.check',
      'review.correct',
    ]) {
      expect(actions, action).toContain(action);
    }
    expect(entries[0]).toMatchObject({ action: 'user.provinces', actor: 'admin', targetName: 'rev.hcm', details: { before: ['79'], provinces: ['79', '80'] } });
    expect(entries.find((e) => e.action === 'review.correct')).toMatchObject({
      actor: 'rev.hcm',
      provinceCode: '79',
      periodKey: '2024-9M',
      details: { indicator: 'NV01', oldValue: '228', newValue: '1204', comment: 'Đọc nhầm' },
    });
    expect(entries.find((e) => e.action === 'user.create' && e.targetName === 'admin')).toMatchObject({ actor: 'cli' });
    // Nothing in it can be changed.
    await expect(db().update(auditEvents).set({ actor: 'someone' })).rejects.toThrow();
    await expect(db().delete(auditEvents)).rejects.toThrow();

    const html = await page(admin, '/admin/audit');
    expect(html).toMatch(
      /<tr data-key="d\d+" data-action="review\.correct">[\s\S]*?<td translate="no">rev\.hcm<\/td>\s*<td>Sửa giá trị<\/td>[\s\S]*?NV01: 228 → 1\.204 nhiệm vụ · “Đọc nhầm”/,
    );
    expect(html).toContain('<td translate="no">dòng lệnh</td>');
  });

  it('filters by who, province, period, action and day', async () => {
    const count = async (query: string) => Number(/data-total="(\d+)"/.exec(await page(admin, `/admin/audit?${query}`))![1]);
    const all = await count('');
    expect(await count('actor=rev.hcm')).toBe(1);
    expect(await count('action=review.correct&period=2024-9M')).toBe(1);
    expect(await count('period=2025-H1')).toBe(0);
    expect(await count('province=80')).toBeGreaterThanOrEqual(2); // rev.tn's and rev.hcm's assignments, the Tây Ninh source
    expect(await count('action=user.disable')).toBe(1);
    // The day of the entries as the database dated them (its clock, which a faked test clock does not move).
    const today = new Date((await listAudit(db())).entries[0]!.at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    expect(await count(`from=${today}&to=${today}`)).toBe(all);
    expect(await count('to=2020-01-01')).toBe(0);
    const bad = await page(admin, '/admin/audit?from=31/02/2025');
    expect(bad).toContain('&quot;31/02/2025&quot; không phải ngày dạng dd/MM/yyyy hoặc yyyy-MM-dd.');
  });

  it('exports what the filter shows as CSV (UTF-8 with BOM) and XLSX, with Vietnamese headers', async () => {
    const csv = await admin.client.request('/admin/audit/export.csv?actor=rev.hcm');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('Thời gian,Người thực hiện,Thao tác,Đối tượng,Tỉnh,Kỳ,Chi tiết');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4},rev\.hcm,Sửa giá trị,NV01 · hcm-2024-9m\.pdf,79,2024-9M,NV01: 228 → 1\.204 nhiệm vụ · “Đọc nhầm”$/,
    );

    const xlsx = await admin.client.request('/admin/audit/export.xlsx');
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Thời gian', 'Người thực hiện', 'Thao tác', 'Đối tượng', 'Tỉnh', 'Kỳ', 'Chi tiết']);
    expect(sheet.rowCount - 1).toBe((await listAudit(db())).total);
  });
});

describe('in English', () => {
  it('the switch keeps English for the session and brings the reader back to the page', async () => {
    const switched = await admin.client.request('/lang/en', { headers: { referer: `${server.url}/admin/sources` } });
    expect(switched.status).toBe(303);
    expect(switched.headers.get('location')).toBe('/admin/sources');
    const html = await page(admin, '/admin/sources');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Sources</h1>');
    expect(html).toContain('href="/lang/vi"');
    const refused = await post(admin, `/admin/users/${await userId('admin')}/disable`);
    expect(await refused.text()).toContain('This is the last enabled administrator');
    expect((await admin.client.request('/lang/vi')).status).toBe(303);
    expect(await page(admin, '/admin/sources')).toContain('<h1>Nguồn báo cáo</h1>');
  });
});
