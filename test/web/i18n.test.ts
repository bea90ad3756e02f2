// The message catalogue (web/i18n): the type checker holds en.ts to vi.ts; this holds both to
// the same keys at run time too (a key typed as a record, like the groups, escapes the type
// checker), with every message present, and functions taking the same arguments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../db/users.ts';
import { buildServer } from '../../web/server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { loggedIn } from './helpers.ts';
import { catalogues, localeOf, messagesFor, MISSING } from '../../web/i18n/index.ts';
import { vi } from '../../web/i18n/vi.ts';
import { indicators } from '../../extractors/catalogue.ts';

type Tree = { [key: string]: unknown };

/** Every leaf: "path" -> the message (a string or a function). */
function leaves(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') for (const [k, v] of leaves(value as Tree, path)) out.set(k, v);
    else out.set(path, value);
  }
  return out;
}

describe('the catalogue', () => {
  const viLeaves = leaves(catalogues.vi as unknown as Tree);
  const enLeaves = leaves(catalogues.en as unknown as Tree);

  it('has the same keys in Vietnamese and English', () => {
    expect([...enLeaves.keys()].sort()).toEqual([...viLeaves.keys()].sort());
    expect(viLeaves.size).toBeGreaterThan(400);
  });

  it('has a message for every key, and each function takes the same arguments in both languages', () => {
    for (const [path, message] of viLeaves) {
      const other = enLeaves.get(path);
      expect(typeof other, path).toBe(typeof message);
      if (typeof message === 'string') {
        expect(message.trim(), `vi ${path}`).not.toBe('');
        expect((other as string).trim(), `en ${path}`).not.toBe('');
      } else if (typeof message === 'function') {
        expect((other as (...a: unknown[]) => unknown).length, path).toBe((message as (...a: unknown[]) => unknown).length);
      }
    }
  });

  it('names every indicator group of the catalogue in both languages', () => {
    for (const group of new Set(indicators().map((i) => i.group))) {
      expect(catalogues.vi.groups[group], group).toBeTruthy();
      expect(catalogues.en.groups[group], group).toBeTruthy();
    }
  });

  it('answers a key it lacks with a visible marker, never with nothing', () => {
    const t = messagesFor('vi') as unknown as { nothing: { here: (n: number) => string }; common: { nope: string } };
    expect(String(t.common.nope)).toBe(`${MISSING} vi.common.nope`);
    expect(t.nothing.here(3)).toBe(`${MISSING} vi.nothing.here`);
    expect(messagesFor('vi').common.all).toBe(vi.common.all);
  });

  it('is Vietnamese unless the switch chose English', () => {
    expect(localeOf({ cookies: {} })).toBe('vi');
    expect(localeOf({ cookies: { baocao_lang: 'en' } })).toBe('en');
    expect(localeOf({ cookies: { baocao_lang: 'fr' } })).toBe('vi');
  });

  it('names periods from their keys in English, and keeps the report’s own label in Vietnamese', () => {
    const [v, e] = [catalogues.vi.periods.name, catalogues.en.periods.name];
    expect(v('2025-H1', null)).toBe('6 tháng đầu năm 2025');
    expect(v('2025-Q3', 'quý III/2025')).toBe('quý III/2025');
    expect(v('2024-9M')).toBe('9 tháng năm 2024');
    expect(e('2025-H1', 'ignored')).toBe('first half of 2025');
    expect(e('2025-Q3')).toBe('Q3 2025');
    expect(e('2025-M05')).toBe('May 2025');
    expect(e('2024')).toBe('year 2024');
    expect(catalogues.vi.periods.windows('2024-12-15', '2025-06-14', '2025-01-01', '2025-06-30')).toBe(
      'kỳ báo cáo 15/12/2024 – 14/06/2025; dương lịch 01/01/2025 – 30/06/2025',
    );
  });
});

describe('the error pages', () => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let url: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    await createUser(t.handle.db, { username: 'ana', password: 'mật khẩu đủ dài 2025', role: 'analyst' });
    app = await buildServer({ db: t.handle.db, logRequests: false });
    // A page and an API call that fail the way a bug would.
    app.get('/boom', { config: { access: { permission: 'session', page: true } } }, async () => {
      throw new Error('an unexpected failure');
    });
    app.get('/api/boom', { config: { access: { permission: 'session' } } }, async () => {
      throw new Error('an unexpected failure');
    });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('500 and 404 in Vietnamese, and in English after the switch; the API keeps its codes', async () => {
    const { client } = await loggedIn(url, 'ana', 'mật khẩu đủ dài 2025');
    const failed = await client.request('/boom');
    expect(failed.status).toBe(500);
    const page = await failed.text();
    expect(page).toContain('<h1>Đã có lỗi</h1>');
    expect(page).toContain('Đã có lỗi; lỗi đã được ghi lại để kiểm tra.');
    expect(page).not.toContain('an unexpected failure');
    expect(await (await client.request('/api/boom')).json()).toEqual({ error: 'internal', message: 'Đã có lỗi; lỗi đã được ghi lại để kiểm tra.' });
    expect(await (await client.request('/nowhere')).text()).toContain('Không có trang nào ở địa chỉ này.');
    expect(await (await client.request('/api/nowhere')).json()).toEqual({ error: 'not_found', message: 'Không có GET /api/nowhere' });

    expect((await client.request('/lang/en')).status).toBe(303);
    expect(await (await client.request('/boom')).text()).toContain('<h1>Something went wrong</h1>');
    expect(await (await client.request('/nowhere')).text()).toContain('There is no page at this address.');
    expect(await (await client.request('/api/boom')).json()).toEqual({ error: 'internal', message: 'Something went wrong; it has been logged.' });
  });
});
