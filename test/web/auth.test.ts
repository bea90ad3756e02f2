// Accounts, sessions, CSRF, login throttling and roles of the review application, over real
// HTTP against real Postgres.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionIdOf } from '../../db/sessions.ts';
import { sessions, userProvinces, users } from '../../db/schema.ts';
import { createUser } from '../../db/users.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { Client, loggedIn, startServer, type RunningServer } from './helpers.ts';

const PASSWORD = 'mật khẩu đủ dài 2025';

let t: TestDatabase;
let server: RunningServer;

beforeAll(async () => {
  t = await createTestDatabase();
  await createUser(t.handle.db, { username: 'admin', password: PASSWORD, role: 'admin' });
  await createUser(t.handle.db, { username: 'analyst', password: PASSWORD, role: 'analyst' });
  await createUser(t.handle.db, { username: 'rev.hcm', displayName: 'Trần Thị Bình', password: PASSWORD, role: 'reviewer', provinces: ['79'] });
  // Failures from 127.0.0.1 add up over this file's tests; throttling has its own server below.
  server = await startServer({ db: t.handle.db, loginThrottle: { maxFailures: 100, windowMs: 60_000 } });
});

afterAll(async () => {
  await server?.close();
  await t?.drop();
});

function cookieLine(lines: string[], name: string): string {
  const line = lines.find((l) => l.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} cookie in ${JSON.stringify(lines)}`);
  return line;
}

const attributes = (line: string) =>
  line
    .split(';')
    .slice(1)
    .map((a) => a.trim().toLowerCase());

describe('logging in', () => {
  it('the right password opens a session: 303 to the page asked for, an HttpOnly SameSite=Lax cookie, stored only as its hash', async () => {
    const client = new Client(server.url);
    const csrf = await client.loginForm();
    const response = await client.request('/login', { form: { username: 'REV.HCM', password: PASSWORD, _csrf: csrf, next: '/review?province=79' } });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/review?province=79');
    const line = cookieLine(client.lastSetCookie, 'baocao_session');
    expect(attributes(line)).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/']));
    expect(attributes(line)).not.toContain('secure'); // plain http, no proxy
    const token = client.cookies.get('baocao_session')!.value;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
    const stored = await t.handle.db.select().from(sessions);
    expect(stored.map((s) => s.id)).toContain(sessionIdOf(token));
    expect(stored.map((s) => s.id)).not.toContain(token);

    const me = await client.request('/api/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      user: { username: 'rev.hcm', displayName: 'Trần Thị Bình', role: 'reviewer', provinces: ['79'] },
      csrfToken: expect.any(String),
    });
  });

  it('a wrong password or an unknown name: 401, the same message, no session', async () => {
    for (const [username, password] of [
      ['rev.hcm', 'wrong password!'],
      ['nobody', PASSWORD],
    ] as const) {
      const client = new Client(server.url);
      const response = await client.login(username, password);
      expect(response.status).toBe(401);
      expect(await response.text()).toContain('Sai tên đăng nhập hoặc mật khẩu.');
      expect(client.cookies.has('baocao_session')).toBe(false);
    }
  });

  it('a disabled account cannot log in, and its open sessions stop working', async () => {
    await createUser(t.handle.db, { username: 'leaver', password: PASSWORD, role: 'analyst' });
    const { client } = await loggedIn(server.url, 'leaver', PASSWORD);
    await t.handle.db.update(users).set({ disabled: true }).where(eq(users.username, 'leaver'));
    expect((await client.request('/api/me')).status).toBe(401);
    expect((await new Client(server.url).login('leaver', PASSWORD)).status).toBe(401);
  });

  it('refuses a login POST without the form token (CSRF), and never to another site after login', async () => {
    const client = new Client(server.url);
    await client.loginForm();
    const forged = await client.request('/login', { form: { username: 'rev.hcm', password: PASSWORD } });
    expect(forged.status).toBe(403);
    expect(client.cookies.has('baocao_session')).toBe(false);

    const csrf = await client.loginForm();
    const response = await client.request('/login', { form: { username: 'rev.hcm', password: PASSWORD, _csrf: csrf, next: '//evil.example/x' } });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/review');
  });

  it('a `next` holding control or non-ASCII characters falls back to the home page, and the one session written is the one sent', async () => {
    for (const next of ['/\x01x', '/review\r\nSet-Cookie: x=1', '/review?province=Hà Nội', '/\u202ereview']) {
      const client = new Client(server.url);
      const csrf = await client.loginForm();
      const before = (await t.handle.db.select().from(sessions)).length;
      const response = await client.request('/login', { form: { username: 'rev.hcm', password: PASSWORD, _csrf: csrf, next } });
      expect(response.status, JSON.stringify(next)).toBe(303);
      expect(response.headers.get('location')).toBe('/review');
      expect(client.cookies.has('baocao_session')).toBe(true);
      expect((await t.handle.db.select().from(sessions)).length).toBe(before + 1);
      expect((await client.request('/api/me')).status).toBe(200);
    }
  });

  it('pages redirect to /login without a session; the API answers 401', async () => {
    const client = new Client(server.url);
    const page = await client.request('/review?province=79');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Freview%3Fprovince%3D79');
    const api = await client.request('/api/review/queue');
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: 'unauthenticated' });
    const forgedCookie = await new Client(server.url, { cookie: `baocao_session=${'A'.repeat(43)}` }).request('/api/me');
    expect(forgedCookie.status).toBe(401);
  });

  it('a session unused for longer than the idle timeout has ended', async () => {
    const { client } = await loggedIn(server.url, 'analyst', PASSWORD);
    const id = sessionIdOf(client.cookies.get('baocao_session')!.value);
    await t.handle.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 3 * 3600_000) })
      .where(eq(sessions.id, id));
    expect((await client.request('/api/me')).status).toBe(401);
    expect(await t.handle.db.select().from(sessions).where(eq(sessions.id, id))).toEqual([]);
  });
});

describe('logging out', () => {
  it('ends the session on the server: the old cookie no longer works', async () => {
    const { client, csrf } = await loggedIn(server.url, 'rev.hcm', PASSWORD);
    const token = client.cookies.get('baocao_session')!.value;
    const response = await client.request('/logout', { form: { _csrf: csrf } });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login');
    expect(client.cookies.has('baocao_session')).toBe(false);
    const replayed = await new Client(server.url, { cookie: `baocao_session=${token}` }).request('/api/me');
    expect(replayed.status).toBe(401);
  });

  it('needs the CSRF token too (a cross-site form cannot log people out)', async () => {
    const { client } = await loggedIn(server.url, 'rev.hcm', PASSWORD);
    const response = await client.request('/logout', { form: {} });
    expect(response.status).toBe(403);
    expect((await client.request('/api/me')).status).toBe(200);
  });
});

describe('CSRF on state-changing requests', () => {
  it("without the token, or with another session's token: 403 csrf_failed and nothing done; with it: done", async () => {
    const admin = await loggedIn(server.url, 'admin', PASSWORD);
    const other = await loggedIn(server.url, 'analyst', PASSWORD);
    const body = { username: 'csrf.victim', password: PASSWORD, role: 'analyst' };

    const missing = await admin.client.request('/api/admin/users', { json: body });
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ error: 'csrf_failed' });
    const foreign = await admin.client.api('/api/admin/users', body, other.csrf);
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: 'csrf_failed' });
    expect(await t.handle.db.select().from(users).where(eq(users.username, 'csrf.victim'))).toEqual([]);

    const ok = await admin.client.api('/api/admin/users', body, admin.csrf);
    expect(ok.status).toBe(201);
  });
});

describe('roles', () => {
  it('a reviewer cannot call the admin API', async () => {
    const { client, csrf } = await loggedIn(server.url, 'rev.hcm', PASSWORD);
    const list = await client.request('/api/admin/users');
    expect(list.status).toBe(403);
    expect(await list.json()).toMatchObject({ error: 'forbidden' });
    const create = await client.api('/api/admin/users', { username: 'sneaky', password: PASSWORD, role: 'admin' }, csrf);
    expect(create.status).toBe(403);
    const [me] = await t.handle.db.select().from(users).where(eq(users.username, 'rev.hcm'));
    const assign = await client.api(`/api/admin/users/${me!.id}/provinces`, { provinces: ['79', '80', '01'] }, csrf);
    expect(assign.status).toBe(403);
    expect((await t.handle.db.select().from(userProvinces).where(eq(userProvinces.userId, me!.id))).map((p) => p.provinceCode)).toEqual(['79']);
  });

  it('an analyst reads the queue but cannot decide', async () => {
    const { client, csrf } = await loggedIn(server.url, 'analyst', PASSWORD);
    expect((await client.request('/api/review/queue')).status).toBe(200);
    const decide = await client.api('/api/review/values/1/decision', { action: 'approve', expected: { status: 'flagged', lastDecisionId: null } }, csrf);
    expect(decide.status).toBe(403);
    expect(await decide.json()).toMatchObject({ error: 'forbidden' });
  });

  it('an admin creates accounts and assigns provinces; the reviewer sees the new scope at once', async () => {
    const admin = await loggedIn(server.url, 'admin', PASSWORD);
    const created = await admin.client.api(
      '/api/admin/users',
      { username: 'rev.tn', displayName: 'Lê Văn Cường', password: PASSWORD, role: 'reviewer', provinces: ['80'] },
      admin.csrf,
    );
    expect(created.status).toBe(201);
    const { user } = (await created.json()) as { user: { id: number; provinces: string[] } };
    expect(user.provinces).toEqual(['80']);

    const reviewer = await loggedIn(server.url, 'rev.tn', PASSWORD);
    expect((await reviewer.client.request('/api/review/queue?province=79')).status).toBe(403);

    const assigned = await admin.client.api(`/api/admin/users/${user.id}/provinces`, { provinces: ['80', '79'] }, admin.csrf);
    expect(assigned.status).toBe(200);
    expect(await assigned.json()).toMatchObject({ user: { provinces: ['79', '80'] } });
    expect((await reviewer.client.request('/api/review/queue?province=79')).status).toBe(200);

    const duplicate = await admin.client.api('/api/admin/users', { username: 'rev.tn', password: PASSWORD, role: 'reviewer' }, admin.csrf);
    expect(duplicate.status).toBe(409);
    const unknownProvince = await admin.client.api(`/api/admin/users/${user.id}/provinces`, { provinces: ['99'] }, admin.csrf);
    expect(unknownProvince.status).toBe(400);
    const shortPassword = await admin.client.api('/api/admin/users', { username: 'short', password: 'abc', role: 'analyst' }, admin.csrf);
    expect(shortPassword.status).toBe(400);
  });
});

describe('login throttling', () => {
  let throttled: RunningServer;
  beforeAll(async () => {
    // Its own server: the failure counts are the server's, and X-Forwarded-For is believed here.
    throttled = await startServer({ db: t.handle.db, trustProxy: true, loginThrottle: { maxFailures: 5, windowMs: 15 * 60_000 } });
  });
  afterAll(() => throttled?.close());

  it('after 5 failures from one address, logins from it get 429 (even with the right password) with Retry-After', async () => {
    const from = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 5; i++) {
      const response = await new Client(throttled.url, from).login(`guess${i}`, 'wrong password!');
      expect(response.status).toBe(401);
    }
    const client = new Client(throttled.url, from);
    const blocked = await client.login('admin', PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(client.cookies.has('baocao_session')).toBe(false);
    // Another address is not affected.
    expect((await new Client(throttled.url, { 'x-forwarded-for': '203.0.113.8' }).login('admin', PASSWORD)).status).toBe(303);
  });

  it('after 5 failures on one username, from any addresses, that account gets 429; others do not', async () => {
    for (let i = 0; i < 5; i++) {
      const response = await new Client(throttled.url, { 'x-forwarded-for': `198.51.100.${i + 1}` }).login('analyst', 'wrong password!');
      expect(response.status).toBe(401);
    }
    expect((await new Client(throttled.url, { 'x-forwarded-for': '198.51.100.50' }).login('analyst', PASSWORD)).status).toBe(429);
    expect((await new Client(throttled.url, { 'x-forwarded-for': '198.51.100.51' }).login('rev.hcm', PASSWORD)).status).toBe(303);
  });
});

describe('the flood brake on the login form', () => {
  it('more than 30 login requests a minute from one address get 429, whatever they send', async () => {
    const flooded = await startServer({ db: t.handle.db, loginThrottle: { maxFailures: 1000, windowMs: 60_000 } });
    try {
      const client = new Client(flooded.url);
      const csrf = await client.loginForm();
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++)
        statuses.push((await client.request('/login', { form: { username: `flood${i}`, password: 'wrong password!', _csrf: csrf } })).status);
      expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
      const last = await client.request('/login', { form: { username: 'admin', password: PASSWORD, _csrf: csrf } });
      expect(statuses[30]).toBe(429);
      expect(last.status).toBe(429);
      expect(await last.text()).toContain('Có quá nhiều lần đăng nhập từ địa chỉ của bạn');
    } finally {
      await flooded.close();
    }
  });
});

describe('behind a TLS-terminating proxy', () => {
  it('marks the cookie Secure when the trusted proxy says https, and not when the proxy is not trusted', async () => {
    const proxied = await startServer({ db: t.handle.db, trustProxy: true });
    const direct = await startServer({ db: t.handle.db });
    try {
      const https = { 'x-forwarded-proto': 'https' };
      const viaProxy = new Client(proxied.url, https);
      expect((await viaProxy.login('rev.hcm', PASSWORD)).status).toBe(303);
      expect(attributes(cookieLine(viaProxy.lastSetCookie, 'baocao_session'))).toContain('secure');

      // Without trustProxy a client cannot claim https for itself (and would then lose the cookie over plain http).
      const spoofed = new Client(direct.url, https);
      expect((await spoofed.login('rev.hcm', PASSWORD)).status).toBe(303);
      expect(attributes(cookieLine(spoofed.lastSetCookie, 'baocao_session'))).not.toContain('secure');
    } finally {
      await proxied.close();
      await direct.close();
    }
  });
});

describe('every route declares who may call it', () => {
  it('registering a route without config.access fails at start-up', async () => {
    const { buildServer } = await import('../../web/server.ts');
    const app = await buildServer({ db: t.handle.db });
    expect(() => app.get('/api/unguarded', async () => ({ secret: true }))).toThrow(/declares no config.access/);
    await app.close();
  });
});
