// Screenshots of every page of the application at 1366x768 (the office screen the stylesheet
// is sized for), for people to look at; not a test. Run:
//   node cli/run-ts.js test/browser/screenshots.ts [OUTPUT_DIR]
// Writes PNGs to .scratch/screens/ (gitignored) unless OUTPUT_DIR is given. Needs Chromium
// (test/browser/setup.ts) and the test Postgres server (TEST_DATABASE_URL), like the tests.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { listReviewQueue } from '../../db/review-queue.ts';
import { documents } from '../../db/schema.ts';
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
      ['hcm-2024-9m.pdf', 'hcm-2024-9m.docx', 'bacgiang-2024.pdf', 'danang-2025-q3.pdf', 'tayninh-2025-h1.pdf'],
      [
        { username: 'rev.hcm', displayName: 'Nguyễn Thị Minh Khai', role: 'reviewer', provinces: ['79'] },
        { username: 'rev.hcm2', displayName: 'Trần Văn Bình', role: 'reviewer', provinces: ['79', '80'] },
        { username: 'rev.bg', displayName: 'Lê Hoàng Bắc', role: 'reviewer', provinces: ['24'] },
        { username: 'analyst', displayName: 'Phạm Quốc Phân Tích', role: 'analyst' },
      ],
    ),
    launchChromium(),
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

    // The review queue and the value pane.
    await logInWithForm(page, app.url, 'rev.hcm');
    const queue = await listReviewQueue(app.db, { scope: ['79'] });
    const pdf = queue.items.find((i) => i.document.endsWith('.pdf'))!;
    const docx = queue.items.find((i) => i.document.endsWith('.docx'))!;
    await page.goto(`${app.url}/review?value=${pdf.id}`);
    await page.locator('#detail .page-image img').evaluate((img) => (img as unknown as { decode(): Promise<void> }).decode());
    await shot(page, 'review-pdf', `review queue, a PDF value (${pdf.indicator}) with its page image`);
    await page.goto(`${app.url}/review?value=${docx.id}`);
    await shot(page, 'review-docx', `review queue, a DOCX value (${docx.indicator}): no page image`);

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
    await shot(other, 'review-after-approve', 'the other reviewer after approving with a: the value left their queue');
    await page.locator('#correct-value').fill('');
    await page.keyboard.press('Escape');
    await page.keyboard.press('r');
    await page.locator('#decision-message[data-kind="conflict"]').waitFor();
    await shot(page, 'review-conflict', 'the conflict message (409) after someone else decided the value first');

    // A value published from another document (the other reading of the corrected value).
    const rest = await listReviewQueue(app.db, { scope: ['79'] });
    const sibling = rest.items.find((i) => i.indicator === docx.indicator && i.id !== docx.id);
    if (sibling) {
      await page.goto(`${app.url}/review?value=${sibling.id}`);
      await shot(page, 'review-published-elsewhere', `${sibling.indicator} of the other document: what the correction published, shown as published from another document`);
    }

    // A reviewer with nothing to review, and the not-found page.
    const empty = await newPage(browser);
    await logInWithForm(empty, app.url, 'rev.bg');
    await shot(empty, 'review-empty', 'the review page of a reviewer whose provinces have nothing flagged');
    await empty.goto(`${app.url}/no-such-page`);
    await shot(empty, 'not-found', 'the not-found page');

    // The analyst pages (another engineer's; shot only when they exist).
    const analyst = await newPage(browser);
    await logInWithForm(analyst, app.url, 'analyst');
    await shot(analyst, 'review-analyst', 'the review page as an analyst (reads, cannot decide)');
    for (const [path, name, what] of [
      ['/indicators', 'indicators', 'indicators: overview'],
      ['/indicators/NV09?period=2024', 'indicator-nv09-2024', 'one indicator, NV09 (money) for 2024: roll-up by province'],
      ['/indicators/NV01?period=2024-9M', 'indicator-nv01-2024-9m', 'one indicator, NV01 for 9 months 2024 (the corrected value)'],
      ['/provinces', 'provinces', 'provinces: overview'],
      ['/provinces/79', 'province-79', 'one province, Hồ Chí Minh'],
      ['/documents', 'documents', 'documents: list'],
    ] as const) {
      if (!(await visit(analyst, app, path))) continue;
      await shot(analyst, name, what);
      const height = await analyst.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement.scrollHeight);
      if (height > VIEWPORT.height + 20) await shot(analyst, `${name}-full`, `${what} (whole page, ${height}px tall)`, { fullPage: true });
    }

    // One document, then its re-run (in this process, see setup.ts): two runs side by side.
    const [pdfDocument] = await app.db.select({ id: documents.id }).from(documents).where(eq(documents.originalName, 'hcm-2024-9m.pdf'));
    if (pdfDocument && (await visit(analyst, app, `/documents/${pdfDocument.id}`))) {
      await shot(analyst, 'document', 'one document, hcm-2024-9m.pdf: its facts, runs and the re-run button');
      await Promise.all([analyst.waitForURL((url) => url.searchParams.get('rerun') === 'done', { timeout: 60_000 }), analyst.locator('#rerun-document').click()]);
      await shot(analyst, 'document-rerun', 'the same document after its re-run: the notice and the two runs compared', { fullPage: true });
    }
  } finally {
    await browser.close();
    await app.close();
  }
}

await main();
