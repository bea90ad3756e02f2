// An analyst downloads a roll-up as XLSX from the indicator page in a real browser (Debian's
// Chromium through playwright-core) and the workbook is read back with exceljs: the national
// row is the sum of the province rows, both are what db/rollup.ts computes, and the page
// showed the same numbers. Data: Bắc
// Giang's 2024 report and Hồ Chí Minh's 9 months 2024, ingested by the real pipeline, so the
// year 2024 has one complete province and one partial one.
import { readFile } from 'node:fs/promises';
import { Decimal } from 'decimal.js';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollup } from '../../db/rollup.ts';
import { HAVE_CHROMIUM, launchChromium, logInWithForm, NO_CHROMIUM, startApp, type App } from './setup.ts';

const INDICATOR = 'NV09'; // Tổng kinh phí thực hiện nhiệm vụ KH&CN, triệu đồng, a flow
const PERIOD = '2024';

/** A cell as exported: a number, or (beyond what a double holds exactly) its decimal text. */
function decimalOf(value: ExcelJS.CellValue): Decimal | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number' || typeof value === 'string') return new Decimal(value);
  throw new Error(`unexpected cell ${JSON.stringify(value)}`);
}

describe.skipIf(!HAVE_CHROMIUM)(HAVE_CHROMIUM ? 'analyst pages in Chromium' : `browser tests ${NO_CHROMIUM}`, () => {
  let app: App;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(['bacgiang-2024.pdf', 'hcm-2024-9m.pdf'], [{ username: 'analyst', role: 'analyst' }]), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('exports the roll-up of an indicator as XLSX; the national total is the sum of the province rows', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', acceptDownloads: true });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      await logInWithForm(page, app.url, 'analyst');
      const response = await page.goto(`${app.url}/indicators/${INDICATOR}?period=${PERIOD}`);
      expect(response?.status(), `GET /indicators/${INDICATOR}?period=${PERIOD}`).toBe(200);

      // What the page shows, province by province and in total.
      const shown = await page
        .locator('#rollup-table tr[data-province]')
        .evaluateAll((rows) =>
          rows.map((row) => [row.getAttribute('data-province'), row.querySelector('td[data-value]')?.getAttribute('data-value') ?? null] as const),
        );
      const shownTotal = await page.locator('#rollup-total td[data-value]').getAttribute('data-value');

      const link = page.locator('#export-xlsx');
      const href = new URL((await link.getAttribute('href'))!, app.url);
      expect(href.pathname).toBe(`/indicators/${INDICATOR}/export.xlsx`);
      expect(href.searchParams.get('period')).toBe(PERIOD);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`${INDICATOR}.*\\.xlsx$`));
      const bytes = await readFile(await download.path());

      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('Tổng hợp');
      expect(sheet, 'the worksheet "Tổng hợp"').toBeDefined();
      const header = (sheet!.getRow(1).values as ExcelJS.CellValue[]).slice(1);
      const col = (name: string) => {
        const at = header.indexOf(name);
        expect(at, `column "${name}"`).toBeGreaterThanOrEqual(0);
        return at + 1;
      };
      const [code, name, value] = [col('Mã tỉnh'), col('Tỉnh/thành phố'), col('Giá trị')];

      const provinces: { code: string; value: Decimal | null }[] = [];
      let total: Decimal | null | undefined;
      sheet!.eachRow((row, n) => {
        if (n === 1) return;
        const c = row.getCell(code).value;
        if (c) provinces.push({ code: String(c), value: decimalOf(row.getCell(value).value) });
        else if (row.getCell(name).value === 'Cả nước') total = decimalOf(row.getCell(value).value);
      });
      expect(provinces).toHaveLength(34);
      const reported = provinces.filter((p) => p.value !== null);
      expect(reported.map((p) => p.code).sort()).toEqual(['24', '79']);
      const sum = reported.reduce((s, p) => s.plus(p.value!), new Decimal(0));
      expect(total, 'the "Cả nước" row').toBeDefined();
      expect(total!.toString()).toBe(sum.toString());

      // And the same numbers as the roll-up itself: Bắc Giang's year (20.497) and Hồ Chí Minh's 9 months (82.859).
      const expected = await rollup(app.db, { indicator: INDICATOR, period: PERIOD });
      expect(total!.toString()).toBe(expected.national.value);
      expect(sum.toString()).toBe('103356');
      for (const p of expected.provinces) expect(provinces.find((q) => q.code === p.code)?.value?.toString() ?? null, p.code).toBe(p.value);
      // The page agrees with the file.
      expect(Object.fromEntries(shown)).toEqual(Object.fromEntries(reported.map((p) => [p.code, p.value!.toString()])));
      expect(shownTotal).toBe(total!.toString());
    } finally {
      await context.close();
    }
  });
});
