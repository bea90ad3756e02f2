// Screenshots of every page of the application at 1366x768 (the office screen the stylesheet
// is sized for), for people to look at; not a test. Run:
//   node cli/run-ts.js test/browser/screenshots.ts [OUTPUT_DIR]
// Writes PNGs to .scratch/screens/ (gitignored) unless OUTPUT_DIR is given. Needs Chromium
// (test/browser/setup.ts) and the test Postgres server (TEST_DATABASE_URL), like the tests.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { listReviewQueue } from '../../db/review-queue.ts';
import { documents } from '../../db/schema.ts';
import { upsertSources } from '../../db/sources.ts';
import { CHROMIUM, HAVE_CHROMIUM, launchChromium, logInWithForm, startApp, type App } from './setup.ts';

const out = resolve(process.argv[2] ?? fileURLToPath(new URL('../../.scratch/screens/', import.meta.url)));
const VIEWPORT = { width: 1366, height: 768 };

if (!HAVE_CHROMIUM) {
  console.error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(1);
}

let count = 0;

async function shot(page: Page, name: string, what: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const file = resolve(out, `${String(++count).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
  console.log(`${file}  ${what}`);
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

/** Waits until the pane of the queue's current item is open (after a decision the next one loads). */
async function paneOfCurrent(page: Page): Promise<void> {
  const id = await page.locator('#queue li[aria-current="true"]').getAttribute('data-id');
  await page.locator(`#detail .pane[data-value-id="${id}"]`).waitFor();
}

/** Opens `path`; a page that does not exist (yet) is reported and skipped. */
async function visit(page: Page, app: App, path: string): Promise<boolean> {
  const response = await page.goto(`${app.url}${path}`);
  if (response?.status() === 200) return true;
  console.log(`(skipped ${path}: ${response?.status() ?? 'no answer'})`);
  return false;
}

async function main(): Promise<void> {
  await mkdir(out, { recursive: true });
  const [app, browser] = await Promise.all([
    startApp(
      [
        'bacgiang-2024.pdf',
        'danang-2025-q3.pdf',
        'hcm-2024-9m.pdf',
        // The same report as DOCX, received after the PDF: a copy, reviewed through the PDF.
        { name: 'z-hcm-2024-9m.docx', from: 'hcm-2024-9m.docx', replace: [] },
        'tayninh-2025-h1.pdf',
        // The same report sent again with one figure changed: a new version.
        { name: 'tayninh-2025-h1.sua-doi.docx', from: 'tayninh-2025-h1.docx', replace: [['>81<', '>83<']] },
      ],
      [
        { username: 'rev.hcm', displayName: 'Nguyễn Thị Minh Khai', role: 'reviewer', provinces: ['79'] },
        { username: 'rev.hcm2', displayName: 'Trần Văn Bình', role: 'reviewer', provinces: ['79', '80'] },
        { username: 'rev.bg', displayName: 'Lê Hoàng Bắc', role: 'reviewer', provinces: ['24'] },
        { username: 'analyst', displayName: 'Phạm Quốc Phân Tích', role: 'analyst' },
        { username: 'admin', displayName: 'Đỗ Quản Trị', role: 'admin' },
      ],
    ),
    launchChromium(),
  ]);
  // Two sources: a folder with one report in it, and a portal whose host is not allowed (its check fails).
  const inbox = await mkdtemp(join(tmpdir(), 'baocao-shots-'));
  await copyFile(fileURLToPath(new URL('../../fixtures/reports/danang-2025-q3.docx', import.meta.url)), join(inbox, 'danang-2025-q3.docx'));
  await upsertSources(app.db, [
    { name: 'thu-muc-da-nang', provinceCode: '48', kind: 'dir', location: inbox, enabled: true },
    { name: 'cong-tay-ninh', provinceCode: '80', kind: 'http', location: 'https://sokhcn.tayninh.gov.vn/bao-cao.html', enabled: true },
    { name: 'cong-ha-noi', provinceCode: '01', kind: 'http', location: 'https://sokhcn.hanoi.gov.vn/bao-cao', enabled: false },
  ]);
  try {
    // Logging in.
    const page = await newPage(browser);
    await page.goto(`${app.url}/review`);
    await shot(page, 'login', 'the login form (reached from /review while logged out)');
    await page.locator('input[name="username"]').fill('rev.hcm');
    await page.locator('input[name="password"]').fill('not the password');
    await page.locator('form[action="/login"] button[type="submit"]').click();
    await page.locator('.notice-error').waitFor();
    await shot(page, 'login-failed', 'the login form after a wrong password');

    // The review queue and the value pane: a PDF value with its page image, and the DOCX copy named.
    await logInWithForm(page, app.url, 'rev.hcm');
    const queue = await listReviewQueue(app.db, { scope: ['79'] });
    const first = queue.items[0]!;
    await page.goto(`${app.url}/review?value=${first.id}`);
    await page.locator('#detail .page-image img').evaluate((img) => (img as unknown as { decode(): Promise<void> }).decode());
    await shot(page, 'review', `review queue, ${first.indicator} of the PDF with its page image; the report also came as DOCX`);

    // A correction typed the Vietnamese way, then the next value with the decision's message.
    await page.keyboard.press('c');
    await page.keyboard.type('1.204');
    await page.keyboard.press('Enter');
    await page.locator('#flash[data-kind="ok"]').waitFor();
    await paneOfCurrent(page);
    await shot(page, 'review-after-correct', 'after correcting a value with c: the flash line, the next value open');
    const input = page.locator('#correct-value');
    await page.keyboard.press('c');
    await input.fill('12,5');
    await page.keyboard.press('Enter');
    await page.locator('#decision-message[data-kind="error"]').waitFor();
    await shot(page, 'review-bad-value', 'a corrected value the indicator cannot take (a fraction of a count): the error');

    // A conflict: another reviewer decided the open value first.
    const other = await newPage(browser);
    await logInWithForm(other, app.url, 'rev.hcm2');
    const open = await page.locator('#detail .pane').getAttribute('data-value-id');
    await other.goto(`${app.url}/review?value=${open}`);
    await other.keyboard.press('a');
    await other.locator('#flash[data-kind="ok"]').waitFor();
    await paneOfCurrent(other);
    await page.locator('#correct-value').fill('');
    await page.keyboard.press('Escape');
    await page.keyboard.press('r');
    await page.locator('#decision-message[data-kind="conflict"]').waitFor();
    await shot(page, 'review-conflict', 'the conflict message (409) after someone else decided the value first');

    // A reviewer with nothing to review, and the not-found page.
    const empty = await newPage(browser);
    await logInWithForm(empty, app.url, 'rev.bg');
    await shot(empty, 'review-empty', 'the review page of a reviewer whose provinces have nothing flagged');
    await empty.goto(`${app.url}/no-such-page`);
    await shot(empty, 'not-found', 'the not-found page');

    // The analyst pages.
    const analyst = await newPage(browser);
    await logInWithForm(analyst, app.url, 'analyst');
    const [copy] = await app.db.select({ id: documents.id }).from(documents).where(eq(documents.originalName, 'z-hcm-2024-9m.docx'));
    const [version] = await app.db.select({ id: documents.id }).from(documents).where(eq(documents.originalName, 'tayninh-2025-h1.sua-doi.docx'));
    for (const [path, name, what] of [
      ['/indicators', 'indicators', 'indicators: overview'],
      ['/indicators/NV09?period=2024', 'indicator-nv09-2024', 'one indicator, NV09 (money) for 2024: roll-up by province'],
      ['/indicators/NV01?period=2024-9M', 'indicator-nv01-2024-9m', 'one indicator, NV01 for 9 months 2024 (the corrected value)'],
      ['/provinces', 'provinces', 'provinces: overview'],
      ['/provinces/79', 'province-79', 'one province, Hồ Chí Minh'],
      ['/kpi?period=2025-H1&periods=3', 'kpi', 'reporting KPIs: the last three half-years, every province and the national totals'],
      ['/documents', 'documents', 'documents: list, with a copy and a new version marked'],
      [`/documents/${copy!.id}`, 'document-copy', 'the DOCX copy of the HCM report: linked to its PDF, the decisions shown'],
      [`/documents/${version!.id}`, 'document-version', 'a report sent again with another figure: the differences from the earlier version'],
    ] as const) {
      if (!(await visit(analyst, app, path))) continue;
      await shot(analyst, name, what);
      const height = await analyst.evaluate(
        () => (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement.scrollHeight,
      );
      if (height > VIEWPORT.height + 20) await shot(analyst, `${name}-full`, `${what} (whole page, ${height}px tall)`, { fullPage: true });
    }

    // The administration pages.
    const admin = await newPage(browser);
    await logInWithForm(admin, app.url, 'admin');
    await admin.goto(`${app.url}/admin/users`);
    await shot(admin, 'admin-users', 'administration: the accounts and the form for a new one');
    await admin.locator('#users-table a', { hasText: 'rev.bg' }).first().click();
    await admin.locator('#role-form').waitFor();
    await shot(admin, 'admin-user', 'administration: one account (role, provinces, disable, reset, sessions, its activity)');
    await Promise.all([admin.waitForEvent('load'), admin.locator('#reset-form-submit').click()]);
    await shot(admin, 'admin-user-reset', 'administration: the temporary password, shown once');
    await admin.goto(`${app.url}/admin/sources`);
    await Promise.all([
      admin.waitForURL((url) => url.searchParams.has('done'), { timeout: 120_000 }),
      admin.locator('button[data-check="cong-tay-ninh"]').click(),
    ]);
    await Promise.all([
      admin.waitForURL((url) => url.searchParams.get('done') === 'checked', { timeout: 120_000 }),
      admin.locator('button[data-check="thu-muc-da-nang"]').click(),
    ]);
    await shot(admin, 'admin-sources', 'administration: the sources, after checking the folder now (the portal failed: its host is not allowed)');
    await admin.goto(`${app.url}/admin/audit`);
    await shot(admin, 'admin-audit', 'administration: the audit, decisions and administrative actions');
    await admin.goto(`${app.url}/admin/audit?action=review.correct`);
    await shot(admin, 'admin-audit-filtered', 'the audit filtered by action');

    // The same in English, through the switch.
    await admin.goto(`${app.url}/review`);
    await Promise.all([admin.waitForEvent('load'), admin.locator('#lang-switch').click()]);
    await shot(admin, 'en-review', 'the review page in English');
    await admin.goto(`${app.url}/admin/users`);
    await shot(admin, 'en-admin-users', 'the accounts page in English');
  } finally {
    await browser.close();
    await app.close();
    await rm(inbox, { recursive: true, force: true });
  }
}

await main();
