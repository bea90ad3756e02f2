// The KPI table sorted in place by web/public/kpi.js in Chromium: the order a click gives is
// the order the server gives for the same ?sort=&dir=, the address and the XLSX link follow,
// and a second click turns the order round. Data: the known set-up of test/helpers/kpi-setup.ts.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KPI_AS_OF, KPI_PERIOD, seedKpiSetup } from '../helpers/kpi-setup.ts';
import { HAVE_CHROMIUM, launchChromium, logInWithForm, NO_CHROMIUM, startApp, type App } from './setup.ts';

const PAGE = `/kpi?period=${KPI_PERIOD}&periods=3&asOf=${KPI_AS_OF}`;

describe.skipIf(!HAVE_CHROMIUM)(HAVE_CHROMIUM ? 'the KPI table in Chromium' : `browser tests ${NO_CHROMIUM}`, () => {
  let app: App;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp([], [{ username: 'analyst', role: 'analyst' }]), launchChromium()]);
    await seedKpiSetup(app.db);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const order = (page: Page) => page.locator('#kpi-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-province')));

  it('sorts in place as the server sorts, and keeps the order in the address and the export', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      await logInWithForm(page, app.url, 'analyst');
      // What the server gives without script for each order.
      const server = new Map<string, (string | null)[]>();
      for (const sort of ['daysLate:asc', 'daysLate:desc', 'province:asc']) {
        const [column, dir] = sort.split(':');
        await page.goto(`${app.url}${PAGE}&sort=${column}&dir=${dir}`);
        server.set(sort, await order(page));
      }

      await page.goto(`${app.url}${PAGE}`);
      // A mark on this document: it is still there after the clicks only if no page was loaded.
      await page.evaluate(() => {
        (globalThis as unknown as { kept: boolean }).kept = true;
      });
      const head = page.locator('#kpi-table th a[data-sort="daysLate"]');
      await head.click();
      await page.waitForURL(/sort=daysLate&dir=asc/);
      expect(await order(page)).toEqual(server.get('daysLate:asc'));
      expect(await page.locator('#kpi-table th[aria-sort="ascending"] a').getAttribute('data-sort')).toBe('daysLate');
      expect(await page.locator('#kpi-export').getAttribute('href')).toContain('sort=daysLate&dir=asc');

      await head.click();
      await page.waitForURL(/sort=daysLate&dir=desc/);
      expect(await order(page)).toEqual(server.get('daysLate:desc'));
      // Tây Ninh (5 days late once), then Hà Nội (on time); the provinces that sent nothing last.
      expect((await order(page)).slice(0, 2)).toEqual(['80', '01']);

      await page.locator('#kpi-table th a[data-sort="province"]').click();
      await page.waitForURL(/sort=province&dir=asc/);
      expect(await order(page)).toEqual(server.get('province:asc'));
      expect(await page.evaluate(() => (globalThis as unknown as { kept?: boolean }).kept)).toBe(true);
    } finally {
      await context.close();
    }
  });
});
