// The submission page in a real browser: a submitter of Tây Ninh drops a scanned report (two
// image-only pages, fixtures/scans) on the page, watches the OCR read it page by page, sees
// what the Ministry reads, marks one value misread with the right number and a note, and
// submits; the reviewer of Tây Ninh finds the value in the queue with the remark beside it and
// decides; the submission time is what timeliness counts; a submitter of another province can
// neither see nor reach any of it. The server's clock is fixed (the submission time), the
// pipeline and OCR are real.
//
// With SHOTS_DIR set, the steps are also saved as 1366x768 screenshots there.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractedValues, reviewDecisions, valueRemarks } from '../../db/schema.ts';
import { reportsReceived, submissionStatusOf } from '../../db/submissions.ts';
import { vi } from '../../web/i18n/vi.ts';
import { HAVE_CHROMIUM, launchChromium, logInWithForm, NO_CHROMIUM, startApp, type App } from './setup.ts';

const SCAN = new URL('../../fixtures/scans/tayninh-2025-h1.scan.pdf', import.meta.url).pathname;
const SUBMITTED = new Date('2025-07-20T03:00:00Z');
const SHOTS = process.env.SHOTS_DIR;

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  if (SHOTS) await page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage });
}

/** Drops a file on the element as a person dragging it from their file manager does. */
async function dropFile(page: Page, selector: string, bytes: Buffer, name: string, type: string): Promise<void> {
  // Built in the page (this file is compiled without the DOM's types: the script is a string).
  const transfer = await page.evaluateHandle(`(() => {
    const data = Uint8Array.from(atob(${JSON.stringify(bytes.toString('base64'))}), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([data], ${JSON.stringify(name)}, { type: ${JSON.stringify(type)} }));
    return dt;
  })()`);
  await page.dispatchEvent(selector, 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent(selector, 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer: transfer });
}

describe.skipIf(!HAVE_CHROMIUM)(HAVE_CHROMIUM ? 'the submission page in Chromium' : `browser tests ${NO_CHROMIUM}`, () => {
  let app: App;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp(
        [],
        [
          { username: 'tn.nop', role: 'submitter', provinces: ['80'] },
          { username: 'hcm.nop', role: 'submitter', provinces: ['79'] },
          { username: 'tn.duyet', role: 'reviewer', provinces: ['80'] },
          { username: 'bo.phantich', role: 'analyst', provinces: [] },
        ],
        { uploads: {}, now: () => SUBMITTED },
      ),
      launchChromium(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    context.setDefaultTimeout(30_000);
    contexts.push(context);
    return context.newPage();
  }

  let uploadUrl = '';
  let remarkedValue = 0;

  it('a submitter drops a scan, watches OCR page by page, marks a value misread and submits', async () => {
    const page = await newPage();
    await page.goto(`${app.url}/`);
    await logInWithForm(page, app.url, 'tn.nop');
    expect(new URL(page.url()).pathname).toBe('/submit');
    await page.locator('h1', { hasText: vi.submit.title }).waitFor();
    await shot(page, '01-upload-page');

    await dropFile(page, '#upload', await readFile(SCAN), 'Báo cáo 6 tháng 2025 (bản quét).pdf', 'application/pdf');
    await page.waitForURL(/\/submit\/\d+$/);
    uploadUrl = new URL(page.url()).pathname;

    // The progress line while OCR reads: "Đang đọc trang n/2…", until the page shows the reading.
    const seen = new Set<string>();
    let shotProgress = false;
    while ((await page.locator('#reading-facts').count()) === 0) {
      const text = await page
        .locator('#progress-text')
        .textContent({ timeout: 1000 })
        .catch(() => null);
      if (text) seen.add(text);
      if (!shotProgress && text && /trang \d\/2/.test(text)) {
        await shot(page, '02-ocr-progress');
        shotProgress = true;
      }
      await page.waitForTimeout(150);
    }
    expect([...seen].some((s) => s === vi.submit.progress.page(1, 2) || s === vi.submit.progress.page(2, 2) || s === vi.submit.progress.after)).toBe(true);

    // What the Ministry reads: the header of the report and its values, the page image beside them.
    expect(await page.locator('#fact-number').textContent()).toBe('215/BC-SKHCN');
    expect(await page.locator('#fact-province').textContent()).toBe('80 Tây Ninh');
    expect(await page.locator('#fact-type').textContent()).toBe(vi.documentTypes.bao_cao);
    const values = page.locator('.sub-value');
    expect(await values.count()).toBeGreaterThan(3);
    await page.locator('#page-image').waitFor();
    await expect
      .poll(() => page.evaluate("(() => { const img = document.getElementById('page-image'); return img.complete && img.naturalWidth > 0; })()"))
      .toBe(true);
    const flagged = page.locator('#flagged-values .sub-value');
    const target = (await flagged.count()) > 0 ? flagged.first() : values.first();
    await shot(page, '03-reading');

    // "Báo đọc sai": the right number and why; the remark shows, the value stays as read.
    remarkedValue = Number(await target.getAttribute('data-value-id'));
    const [before] = await app.db.select().from(extractedValues).where(eq(extractedValues.id, remarkedValue));
    await target.locator('.show-page').click();
    await target.locator('summary', { hasText: vi.submit.misread }).click();
    await target.locator('input[name="value"]').fill('1.294');
    await target.locator('input[name="comment"]').fill('Bảng ở trang 3 ghi 1.294');
    await target.scrollIntoViewIfNeeded();
    await shot(page, '04-misread-form');
    await Promise.all([page.waitForEvent('load'), target.locator('button[type="submit"]').click()]);
    const remarked = page.locator(`.sub-value[data-value-id="${remarkedValue}"] .remark`);
    expect(await remarked.textContent()).toContain('Bảng ở trang 3 ghi 1.294');
    const [after] = await app.db.select().from(extractedValues).where(eq(extractedValues.id, remarkedValue));
    expect({ value: after!.value, status: after!.status }).toEqual({ value: before!.value, status: before!.status });

    // "Nộp": the time is recorded on the document.
    await Promise.all([page.waitForEvent('load'), page.locator('#submit-button').click()]);
    expect(await page.locator('#submitted').textContent()).toBe(vi.submit.submittedAt('10:00 20/07/2025'));
    await shot(page, '05-submitted');
    const received = await reportsReceived(app.db, '2025-H1');
    expect(received).toEqual([expect.objectContaining({ provinceCode: '80', receivedAt: SUBMITTED })]);
    const status = await submissionStatusOf(app.db, '2025-H1', { asOf: '2025-08-01', daysAfterCutoff: 6 });
    expect(status.rows.find((r) => r.provinceCode === '80')).toMatchObject({ state: 'late', receipt: { receivedOn: '2025-07-20' } });
  }, 240_000);

  it('the reviewer sees the remark beside the value in the queue and decides', async () => {
    const page = await newPage();
    await page.goto(`${app.url}/review?value=${remarkedValue}`);
    await logInWithForm(page, app.url, 'tn.duyet');
    await page.locator(`#queue li[data-id="${remarkedValue}"]`).waitFor();
    await page.locator(`#detail .pane[data-value-id="${remarkedValue}"]`).waitFor();
    const remarks = page.locator('#province-remarks');
    expect(await remarks.textContent()).toContain('Bảng ở trang 3 ghi 1.294');
    expect(await remarks.locator('.remark-value').textContent()).toBe('1.294');
    await shot(page, '06-reviewer-remark');
    await page.locator('#correct-value').fill('1.294');
    await page.locator('#decision-comment').fill('Theo ghi chú của tỉnh');
    await page.locator('button[data-action="correct"]').click();
    await expect.poll(async () => (await app.db.select().from(reviewDecisions).where(eq(reviewDecisions.valueId, remarkedValue))).length).toBe(1);
    const [decision] = await app.db.select().from(reviewDecisions).where(eq(reviewDecisions.valueId, remarkedValue));
    expect(decision).toMatchObject({ action: 'correct', newValue: '1294', reviewer: 'tn.duyet' });
    // Answered: the value leaves the queue.
    await page.goto(`${app.url}/review`);
    expect(await page.locator(`#queue li[data-id="${remarkedValue}"]`).count()).toBe(0);
    expect(await app.db.select().from(valueRemarks).where(eq(valueRemarks.valueId, remarkedValue))).toHaveLength(1);
  }, 60_000);

  it("the Ministry's KPI page counts the report from its submission time", async () => {
    const page = await newPage();
    await page.goto(`${app.url}/`);
    await logInWithForm(page, app.url, 'bo.phantich');
    await page.goto(`${app.url}/kpi?period=2025-H1&periods=1&asOf=2025-08-01`);
    const row = page.locator('#kpi-table tr[data-province="80"]');
    // Submitted on 20/07/2025: a month after the half-year's deadline, whenever the file first arrived.
    const { deadline } = await submissionStatusOf(app.db, '2025-H1', { asOf: '2025-08-01', daysAfterCutoff: 6 });
    const daysLate = Math.round((Date.parse('2025-07-20') - Date.parse(deadline)) / 86_400_000);
    expect(daysLate).toBeGreaterThan(0);
    expect(await row.locator('td.kpi-onTime').getAttribute('data-value')).toBe('0');
    expect(Number(await row.locator('td.kpi-daysLate').getAttribute('data-value'))).toBe(daysLate);
  }, 60_000);

  it('a submitter of another province can neither see nor reach any of it', async () => {
    const page = await newPage();
    await page.goto(`${app.url}/`);
    await logInWithForm(page, app.url, 'hcm.nop');
    expect(await page.locator('#history-empty').textContent()).toBe(vi.submit.historyEmpty);
    const response = await page.goto(`${app.url}${uploadUrl}`);
    expect(response?.status()).toBe(403);
    const id = uploadUrl.split('/').pop();
    const path = `/api/submissions/${id}`;
    const api = await page.evaluate(`(async () => {
      const token = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
      const get = await fetch(${JSON.stringify(path)});
      const post = await fetch(${JSON.stringify(`${path}/submit`)}, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': token }, body: '{}' });
      return [get.status, post.status];
    })()`);
    expect(api).toEqual([403, 403]);
    expect((await page.goto(`${app.url}/review`))?.status()).toBe(403);
  }, 60_000);
});
