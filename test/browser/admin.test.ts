// The administration pages in Chromium, as an administrator uses them, in Vietnamese and then in
// English: an account created and given provinces through the forms, disabled while its owner
// has the review page open, re-enabled, its password reset to a temporary one that leads its
// owner to choose a new one; a source checked now; and the audit, filtered, showing all of it.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../db/audit.ts';
import { upsertSources } from '../../db/sources.ts';
import { HAVE_CHROMIUM, launchChromium, logInWithForm, NO_CHROMIUM, PASSWORD, startApp, type App } from './setup.ts';

describe.skipIf(!HAVE_CHROMIUM)(HAVE_CHROMIUM ? 'the administration pages in Chromium' : `browser tests ${NO_CHROMIUM}`, () => {
  let app: App;
  let browser: Browser;
  let work: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp(['bacgiang-2024.pdf'], [{ username: 'admin', displayName: 'Quản Trị Viên', role: 'admin' }]),
      launchChromium(),
    ]);
    // A folder source holding one report, disabled until the administrator turns it on.
    work = await mkdtemp(join(tmpdir(), 'baocao-admin-ui-'));
    await mkdir(join(work, 'inbox'));
    await copyFile(new URL('../../fixtures/reports/danang-2025-q3.pdf', import.meta.url).pathname, join(work, 'inbox', 'danang-2025-q3.pdf'));
    await upsertSources(app.db, [{ name: 'nguon-da-nang', provinceCode: '48', kind: 'dir', location: join(work, 'inbox'), enabled: false }]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    context.setDefaultTimeout(15_000);
    return context.newPage();
  }

  /** Submits a form by its button and waits for the page it leads to. */
  async function submit(page: Page, button: string): Promise<void> {
    await Promise.all([page.waitForEvent('load'), page.locator(button).click()]);
  }

  let admin: Page;

  it('Vietnamese: creates a reviewer, gives provinces, disables it under its owner’s eyes, re-enables it', async () => {
    admin = await newPage();
    await logInWithForm(admin, app.url, 'admin');
    await admin.locator('nav a[href="/admin/users"]').click();
    await admin.locator('h1', { hasText: 'Tài khoản' }).waitFor();
    await admin.locator('#new-username').fill('rev.bg');
    await admin.locator('#new-display-name').fill('Lê Hoàng Bắc');
    await admin.locator('#new-role').selectOption('reviewer');
    await admin.locator('#new-provinces').fill('24');
    await admin.locator('#new-password').fill(PASSWORD);
    await submit(admin, '#create-user');
    expect(await admin.locator('#admin-notice').textContent()).toBe('Đã tạo tài khoản rev.bg.');
    expect(await admin.locator('#edit-provinces').inputValue()).toBe('24');

    await admin.locator('#edit-provinces').fill('24 79');
    await submit(admin, '#save-role');
    expect(await admin.locator('#admin-notice').textContent()).toBe('Đã lưu vai trò và tỉnh.');

    // Its owner logs in; the account is disabled meanwhile; the next page they open is the login form.
    const owner = await newPage();
    await logInWithForm(owner, app.url, 'rev.bg');
    expect(await owner.locator('.who-provinces').textContent()).toBe('24, 79');
    await submit(admin, '#disable-form-submit');
    expect(await admin.locator('#admin-notice').textContent()).toBe('Đã khóa rev.bg; các phiên của rev.bg đã kết thúc.');
    await owner.goto(`${app.url}/indicators`);
    expect(new URL(owner.url()).pathname).toBe('/login');
    await owner.locator('input[name="username"]').fill('rev.bg');
    await owner.locator('input[name="password"]').fill(PASSWORD);
    await owner.locator('form[action="/login"] button[type="submit"]').click();
    expect(await owner.locator('.notice-error').textContent()).toBe('Sai tên đăng nhập hoặc mật khẩu.');

    await submit(admin, '#enable-form-submit');
    expect(await admin.locator('#admin-notice').textContent()).toBe('Đã mở lại rev.bg.');
    await logInWithForm(owner, app.url, 'rev.bg');
    expect(new URL(owner.url()).pathname).toBe('/indicators');
  });

  it('Vietnamese: a temporary password, shown once, leads its owner to choose a new one', async () => {
    await submit(admin, '#reset-form-submit');
    const temporary = (await admin.locator('#temporary-password').textContent())!;
    expect(temporary).toMatch(/^[A-Za-z2-9]{16}$/);
    // The answer to the reset was the only place it appeared: the account's page does not show it.
    await admin.goto(admin.url().replace(/\/reset-password$/, ''));
    expect(await admin.locator('h1').textContent()).toBe('Tài khoản rev.bg');
    expect(await admin.locator('#temporary-password').count()).toBe(0);

    const owner = await newPage();
    await owner.goto(`${app.url}/indicators`);
    await logInWithForm(owner, app.url, 'rev.bg', temporary);
    expect(new URL(owner.url()).pathname).toBe('/account/password');
    expect(await owner.locator('#must-change').textContent()).toContain('mật khẩu tạm');
    await owner.locator('#current-password').fill(temporary);
    await owner.locator('#new-password').fill('mật khẩu riêng của Bắc');
    await owner.locator('#new-password-again').fill('mật khẩu riêng của Bắc');
    await submit(owner, '#change-password');
    // On to where they were going.
    expect(new URL(owner.url()).pathname).toBe('/indicators');
  });

  it('Vietnamese: checks a source now, and the audit shows every action, filtered by who and what', async () => {
    await admin.locator('nav a[href="/admin/sources"]').click();
    const row = admin.locator('#sources-table tr[data-source="nguon-da-nang"]');
    expect(await row.locator('.badge').textContent()).toBe('Đã tắt');
    expect(await row.locator('td.when').textContent()).toBe('chưa lần nào');
    await submit(admin, 'button[data-toggle="nguon-da-nang"]');
    expect(await admin.locator('#admin-notice').textContent()).toBe('Đã bật nguồn nguon-da-nang.');
    await submit(admin, 'button[data-check="nguon-da-nang"]');
    expect(await admin.locator('#admin-notice').textContent()).toBe('Đã kiểm tra nguon-da-nang: 1 tệp, 1 tệp mới, 0 lỗi.');
    expect(await row.locator('.badge').textContent()).toBe('Đang bật');
    expect(await row.locator('td.when').textContent()).toMatch(/^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);
    expect(await row.locator('td.run-error').textContent()).toBe('');

    await admin.locator('nav a[href="/admin/audit"]').click();
    await admin.locator('#audit-table').waitFor();
    const actions = await admin.locator('#audit-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')));
    expect(actions).toEqual(
      expect.arrayContaining([
        'user.create',
        'user.provinces',
        'user.disable',
        'user.enable',
        'user.password_reset',
        'user.password_change',
        'source.enable',
        'source.check',
      ]),
    );
    await admin.locator('#filter-action').selectOption('user.disable');
    await submit(admin, '#filter-apply');
    expect(await admin.locator('#audit-table tbody tr').count()).toBe(1);
    expect(await admin.locator('#audit-table tbody tr td').nth(2).textContent()).toBe('Khóa tài khoản');
    await admin.locator('#filter-action').selectOption('');
    await admin.locator('#filter-actor').selectOption('rev.bg');
    await submit(admin, '#filter-apply');
    expect(await admin.locator('#audit-table tbody tr').count()).toBe(1);
    expect(await admin.locator('#audit-table tbody tr td').nth(2).textContent()).toBe('Tự đổi mật khẩu');
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.locator('#audit-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^Nhật ký \d{4}-\d{2}-\d{2}\.csv$/);
  });

  it('English: the same pages through the switch, and the actions in English', async () => {
    await admin.goto(`${app.url}/admin/users`);
    await Promise.all([admin.waitForEvent('load'), admin.locator('#lang-switch').click()]);
    expect(new URL(admin.url()).pathname).toBe('/admin/users');
    expect(await admin.locator('html').getAttribute('lang')).toBe('en');
    expect(await admin.locator('h1').textContent()).toBe('Accounts');
    await admin.locator('#new-username').fill('ana');
    await admin.locator('#new-role').selectOption('analyst');
    await admin.locator('#new-provinces').fill('79');
    await admin.locator('#new-password').fill(PASSWORD);
    await submit(admin, '#create-user');
    expect(await admin.locator('#admin-notice').textContent()).toBe('Only reviewers and submitters are assigned provinces.');
    expect(await admin.locator('#new-username').inputValue()).toBe('ana');
    await admin.locator('#new-provinces').fill('');
    await admin.locator('#new-password').fill(PASSWORD);
    await submit(admin, '#create-user');
    expect(await admin.locator('#admin-notice').textContent()).toBe('Account ana created.');
    await submit(admin, '#sessions-form-submit');
    expect(await admin.locator('#admin-notice').textContent()).toBe('0 sessions of ana ended.');
    await admin.goto(`${app.url}/admin/audit?action=user.create`);
    const created = await admin.locator('#audit-table tbody tr td:nth-child(3)').allTextContents();
    expect(created).toEqual(['Account created', 'Account created']);
    expect((await listAudit(app.db, { action: 'user.create' })).total).toBe(2);
  });
});
