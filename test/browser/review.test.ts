// The review application in a real browser (Debian's Chromium through playwright-core): logging
// in through the form, the keyboard (j/k, a, c, r), decisions reaching published_values and the
// roll-up, two reviewers deciding one value, and who sees what. The server runs here on
// 127.0.0.1 over a fresh database filled by the real pipeline from the fixture reports: Hồ Chí
// Minh 9 months 2024 (PDF and DOCX, four flagged values each: NV01 228 is less than its parts
// NV10 69 + NV11 5 + NV12 156; the DOCX carries another report number here, so the two are
// reviewed as two reports: one report in two formats is reviewed once, see one-report.test.ts)
// and Bắc Giang 2024. What the scorer doubted alone (it moves each time the scorer is refitted)
// is approved by another reviewer before the browser opens, so the queue holds the values the
// checks flagged. The application speaks Vietnamese, as its users do.
import { and, eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listReviewQueue } from '../../db/review-queue.ts';
import { rollup } from '../../db/rollup.ts';
import { publishedValues } from '../../db/schema.ts';
import { createUser } from '../../db/users.ts';
import { approveLowConfidence, fixtureQueries, HCM_OTHER_REPORT_DOCX } from '../web/helpers.ts';
import { HAVE_CHROMIUM, launchChromium, logInWithForm, NO_CHROMIUM, PASSWORD, startApp, type App } from './setup.ts';

const PDF = 'hcm-2024-9m.pdf';
const DOCX = 'hcm-2024-9m.docx';
const HCM = '79';
const PERIOD = '2024-9M';

describe.skipIf(!HAVE_CHROMIUM)(HAVE_CHROMIUM ? 'the review application in Chromium' : `browser tests ${NO_CHROMIUM}`, () => {
  let app: App;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp(
        [PDF, HCM_OTHER_REPORT_DOCX, 'bacgiang-2024.pdf'],
        [
          { username: 'rev.hcm', role: 'reviewer', provinces: [HCM] },
          { username: 'rev.hcm2', role: 'reviewer', provinces: [HCM] },
          { username: 'rev.bg', role: 'reviewer', provinces: ['24'] },
        ],
      ),
      launchChromium(),
    ]);
    await approveLowConfidence(app.db, await createUser(app.db, { username: 'rev.earlier', password: PASSWORD, role: 'reviewer', provinces: [HCM, '24'] }));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const db = () => app.db;

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    return context.newPage();
  }

  async function loggedInPage(username: string): Promise<Page> {
    const page = await newPage();
    await logInWithForm(page, app.url, username);
    return page;
  }

  const { valueId, storedValue, decisionsOf } = fixtureQueries(db);
  const publishedFor = (indicator: string) =>
    db()
      .select()
      .from(publishedValues)
      .where(and(eq(publishedValues.provinceCode, HCM), eq(publishedValues.periodKey, PERIOD), eq(publishedValues.indicatorId, indicator)));
  const hcmRollup = async (indicator: string, period = PERIOD) => {
    const r = await rollup(db(), { indicator, period });
    return { province: r.provinces.find((p) => p.code === HCM)!, national: r.national, provinces: r.provinces };
  };

  const queueIds = async (page: Page) => await page.locator('#queue li[data-id]').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-id'))));

  /** `id` is the current item of the queue, its pane is open, and the address says so. */
  async function expectSelected(page: Page, id: number): Promise<void> {
    await page.locator(`#queue li[data-id="${id}"][aria-current="true"]`).waitFor();
    await page.locator(`#detail .pane[data-value-id="${id}"]`).waitFor();
    expect(await page.locator('#queue li[aria-current="true"]').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('value') ?? String((await queueIds(page))[0])).toBe(String(id));
  }

  /** Moves to `id` with j and k only, checking each step. */
  async function moveTo(page: Page, id: number): Promise<void> {
    for (let step = 0; step < 20; step++) {
      const ids = await queueIds(page);
      const current = Number(await page.locator('#queue li[aria-current="true"]').getAttribute('data-id'));
      const at = ids.indexOf(current);
      const target = ids.indexOf(id);
      expect(target, `value ${id} is in the queue`).toBeGreaterThanOrEqual(0);
      if (at === target) return expectSelected(page, id);
      await page.keyboard.press(target > at ? 'j' : 'k');
      await expectSelected(page, ids[at + (target > at ? 1 : -1)]!);
    }
    throw new Error(`could not reach value ${id}`);
  }

  /** Presses `key` and returns the decision call it made. */
  async function decideWithKey(page: Page, id: number, key: string): Promise<{ status: number; body: unknown }> {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/review/values/${id}/decision`) && r.request().method() === 'POST'),
      page.keyboard.press(key),
    ]);
    return { status: response.status(), body: await response.json() };
  }

  /** The decided value has left the queue and the flash line says what happened. */
  async function expectDecided(page: Page, id: number, flash: string, remaining: number): Promise<void> {
    await page.locator(`#flash[data-kind="ok"]`).filter({ hasText: flash }).waitFor();
    expect(await page.locator(`#queue li[data-id="${id}"]`).count()).toBe(0);
    expect(await page.locator('#queue-count').textContent()).toBe(String(remaining));
    // The next value opened in its place.
    const current = await page.locator('#queue li[aria-current="true"]').getAttribute('data-id');
    await page.locator(`#detail .pane[data-value-id="${current}"]`).waitFor();
  }

  /** The roll-up as the indicator page shows it (in another tab of the same session): value per province, and the national total. */
  async function rollupPage(page: Page, indicator: string, period: string): Promise<{ provinces: Record<string, string | null>; total: string | null }> {
    const tab = await page.context().newPage();
    try {
      const response = await tab.goto(`${app.url}/indicators/${indicator}?period=${period}`);
      expect(response?.status(), `/indicators/${indicator}?period=${period}`).toBe(200);
      const rows = await tab
        .locator('#rollup-table tr[data-province]')
        .evaluateAll((trs) =>
          trs.map((tr) => [tr.getAttribute('data-province'), tr.querySelector('td[data-value]')?.getAttribute('data-value') ?? null] as const),
        );
      const total = tab.locator('#rollup-total td[data-value]');
      return { provinces: Object.fromEntries(rows), total: (await total.count()) > 0 ? await total.getAttribute('data-value') : null };
    } finally {
      await tab.close();
    }
  }

  let reviewer: Page;

  it('a reviewer logs in through the form, moves with j/k, corrects NV01 with c to "1.204"; published_values, the roll-up and the indicator page follow', async () => {
    const page = await newPage();
    await page.goto(`${app.url}/login`);
    await logInWithForm(page, app.url, 'rev.hcm');
    reviewer = page;
    expect(new URL(page.url()).pathname).toBe('/review');
    expect(await page.locator('.who-name').textContent()).toBe('rev.hcm');

    // The queue: the eight flagged values of Hồ Chí Minh, oldest first, the first one open.
    const ids = await queueIds(page);
    const expected = await listReviewQueue(db(), { scope: [HCM] });
    expect(ids).toEqual(expected.items.map((i) => i.id));
    expect(ids).toHaveLength(8);
    expect(await page.locator('#queue-count').textContent()).toBe('8');
    for (const where of await page.locator('#queue .q-where').allTextContents()) expect(where.trim()).toMatch(/^79 /);
    await expectSelected(page, ids[0]!);
    expect(await page.locator('#detail .pane #decide').count()).toBe(1);

    await page.keyboard.press('j');
    await expectSelected(page, ids[1]!);
    await page.keyboard.press('j');
    await expectSelected(page, ids[2]!);
    await page.keyboard.press('k');
    await expectSelected(page, ids[1]!);
    await page.keyboard.press('k');
    await page.keyboard.press('k'); // at the top already: stays
    await expectSelected(page, ids[0]!);

    const nv01 = await valueId(PDF, 'NV01');
    await moveTo(page, nv01);
    expect(await page.locator('#detail .pane .ind-id').textContent()).toBe('NV01');
    expect(await page.locator('#detail .proposed .value').textContent()).toBe('228');
    expect(await page.locator('#value-status').getAttribute('data-status')).toBe('flagged');
    expect(await page.locator('#publication').textContent()).toContain('Chưa có số nào được công bố');
    expect(await publishedFor('NV01')).toEqual([]);
    const before = await hcmRollup('NV01');
    expect(before.province.value).toBeNull();
    expect(await rollupPage(page, 'NV01', PERIOD)).toEqual({ provinces: {}, total: null });

    // c puts the cursor in the value field; the number is typed as the reports write it.
    await page.keyboard.press('c');
    expect(await page.locator('#correct-value:focus').count()).toBe(1);
    await page.keyboard.type('1.204');
    const { status, body } = await decideWithKey(page, nv01, 'Enter');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'corrected', published: { provinceCode: HCM, periodKey: PERIOD, indicatorId: 'NV01', value: '1204' } });
    await expectDecided(page, nv01, `NV01 của ${PDF}: đã sửa thành 1.204.`, 7);

    // Stored: the decision on record, the extraction unchanged, 1204 (not 1.204) published.
    expect(await storedValue(nv01)).toMatchObject({ status: 'corrected', value: '228' });
    const [decision, ...more] = await decisionsOf(nv01);
    expect(more).toEqual([]);
    expect(decision).toMatchObject({ reviewer: 'rev.hcm', action: 'correct', oldValue: '228', newValue: '1204' });
    expect(await publishedFor('NV01')).toEqual([expect.objectContaining({ value: '1204', valueId: nv01, decisionId: decision!.id })]);

    // The roll-up: Hồ Chí Minh's 9 months now 1204; in the year 2024 it is a partial value beside Bắc Giang's 59.
    const after = await hcmRollup('NV01');
    expect(after.province).toMatchObject({ value: '1204', coverage: 'complete' });
    expect(after.province.parts).toEqual([expect.objectContaining({ value: '1204', review: 'correct' })]);
    expect(after.national.value).toBe('1204');
    const year = await hcmRollup('NV01', '2024');
    expect(year.province).toMatchObject({ value: '1204', coverage: 'partial' });
    expect(year.provinces.find((p) => p.code === '24')).toMatchObject({ value: '59', coverage: 'complete' });
    expect(year.national.value).toBe('1263');
    // The indicator page shows the same.
    expect(await rollupPage(page, 'NV01', PERIOD)).toEqual({ provinces: { [HCM]: '1204' }, total: '1204' });
    expect(await rollupPage(page, 'NV01', '2024')).toEqual({ provinces: { '24': '59', [HCM]: '1204' }, total: '1263' });

    // The other reading of NV01 (the DOCX) now shows what the correction published.
    await moveTo(page, await valueId(DOCX, 'NV01'));
    expect(await page.locator('#publication').textContent()).toMatch(/Đang công bố từ văn bản khác \(#\d+\): 1\.204 nhiệm vụ, do rev\.hcm quyết định/);
  });

  it('approve with a, reject with r after a comment: each leaves the queue and reaches the database', async () => {
    const page = reviewer;
    const nv10 = await valueId(PDF, 'NV10');
    await moveTo(page, nv10);
    const approved = await decideWithKey(page, nv10, 'a');
    expect(approved.status).toBe(200);
    await expectDecided(page, nv10, `NV10 của ${PDF}: đã duyệt.`, 6);
    expect((await storedValue(nv10)).status).toBe('approved');
    expect(await decisionsOf(nv10)).toEqual([
      expect.objectContaining({ reviewer: 'rev.hcm', action: 'approve', oldValue: '69', newValue: '69', comment: null }),
    ]);
    expect(await publishedFor('NV10')).toEqual([expect.objectContaining({ value: '69', valueId: nv10 })]);
    expect((await hcmRollup('NV10')).province.value).toBe('69');
    expect((await rollupPage(page, 'NV10', PERIOD)).provinces).toEqual({ [HCM]: '69' });

    const nv11 = await valueId(PDF, 'NV11');
    await moveTo(page, nv11);
    const comment = 'Đọc nhầm dòng: 5 là số nhiệm vụ mới, không phải đang triển khai';
    await page.locator('#decision-comment').click();
    await page.keyboard.type(comment);
    await page.keyboard.press('Escape'); // leaves the field, so the next key is a command again
    expect(await page.locator('#decision-comment:focus').count()).toBe(0);
    const rejected = await decideWithKey(page, nv11, 'r');
    expect(rejected.status).toBe(200);
    await expectDecided(page, nv11, `NV11 của ${PDF}: đã loại.`, 5);
    expect((await storedValue(nv11)).status).toBe('rejected');
    expect(await decisionsOf(nv11)).toEqual([expect.objectContaining({ reviewer: 'rev.hcm', action: 'reject', comment })]);
    expect(await publishedFor('NV11')).toEqual([]);
    expect((await hcmRollup('NV11')).province.value).toBeNull();
    expect((await rollupPage(page, 'NV11', PERIOD)).provinces).toEqual({});
  });

  it('two reviewers open one value; the first decides, the second gets the conflict (409), and nothing is overwritten', async () => {
    const nv12 = await valueId(DOCX, 'NV12');
    const [first, second] = await Promise.all([loggedInPage('rev.hcm'), loggedInPage('rev.hcm2')]);
    await Promise.all([first.goto(`${app.url}/review?value=${nv12}`), second.goto(`${app.url}/review?value=${nv12}`)]);
    await Promise.all([expectSelected(first, nv12), expectSelected(second, nv12)]);
    const listed = await queueIds(second);

    const won = await decideWithKey(first, nv12, 'a');
    expect(won.status).toBe(200);
    await expectDecided(first, nv12, `NV12 của ${DOCX}: đã duyệt.`, 4);

    // The second still sees the value as flagged and corrects it: refused, and told why.
    expect(await second.locator('#value-status').getAttribute('data-status')).toBe('flagged');
    await second.keyboard.press('c');
    await second.keyboard.type('160');
    const lost = await decideWithKey(second, nv12, 'Enter');
    expect(lost.status).toBe(409);
    expect(lost.body).toMatchObject({ error: 'conflict', reason: 'decided', current: { status: 'approved', lastDecision: { reviewer: 'rev.hcm' } } });
    const message = second.locator('#decision-message[data-kind="conflict"]');
    await message.waitFor();
    // The pane was reloaded with what is true now; the message gives the time as the history does.
    expect(await second.locator('#value-status').getAttribute('data-status')).toBe('approved');
    const history = await second.locator('#decision-history li').allTextContents();
    expect(history).toEqual([expect.stringMatching(/^rev\.hcm đã duyệt · \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/)]);
    expect(await message.textContent()).toBe(`Chưa lưu: rev.hcm đã duyệt trước, lúc ${history[0]!.split(' · ')[1]}.`);
    // It waits no more: it left the second reviewer's queue and count too, without a reload.
    expect(await second.locator(`#queue li[data-id="${nv12}"]`).count()).toBe(0);
    expect(await second.locator('#queue-count').textContent()).toBe('4');
    const left = await queueIds(second);
    expect(left).toEqual(await queueIds(first));
    // j goes on from where the value stood, not from the top.
    await second.keyboard.press('j');
    await expectSelected(second, left[Math.min(listed.indexOf(nv12), left.length - 1)]!);

    expect(await decisionsOf(nv12)).toEqual([expect.objectContaining({ reviewer: 'rev.hcm', action: 'approve' })]);
    expect((await storedValue(nv12)).status).toBe('approved');
    expect(await publishedFor('NV12')).toEqual([expect.objectContaining({ value: '156', valueId: nv12 })]);
  });

  it('logged out, /review leads to the login form and back; a reviewer of another province sees none of these values', async () => {
    const page = await newPage();
    const response = await page.goto(`${app.url}/review`);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/review');
    expect(await page.locator('form[action="/login"] input[name="username"]').count()).toBe(1);

    // Bắc Giang's reviewer: nothing flagged there, and Hồ Chí Minh's values stay out of reach.
    await logInWithForm(page, app.url, 'rev.bg');
    expect(new URL(page.url()).pathname).toBe('/review');
    await page.locator('#queue-empty').waitFor();
    expect(await page.locator('#queue-count').textContent()).toBe('0');
    expect(await page.locator('#queue li').count()).toBe(0);
    const waiting = await listReviewQueue(db(), { scope: null });
    expect(waiting.total).toBeGreaterThan(0);
    expect(new Set(waiting.items.map((i) => i.provinceCode))).toEqual(new Set([HCM]));
    const other = waiting.items[0]!;

    await page.goto(`${app.url}/review?value=${other.id}`);
    await page.locator('#queue-empty').waitFor();
    expect(await page.locator('.pane').count()).toBe(0);
    expect(await page.content()).not.toContain(other.indicatorName);
    expect((await page.request.get(`${app.url}/review/values/${other.id}/pane`)).status()).toBe(403);
    expect((await page.request.get(`${app.url}/api/review/values/${other.id}`)).status()).toBe(403);
    expect((await page.goto(`${app.url}/review?province=${HCM}`))?.status()).toBe(403);
  });
});
