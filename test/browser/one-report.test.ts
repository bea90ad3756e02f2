// One report, one review, in Chromium: Hồ Chí Minh's 9-month report 2024 arrives as DOCX and as
// PDF (the same values flagged in each, NV01 among them). The reviewer's queue lists each value
// once, the pane says the report was also received as PDF, a decision is made once, and both
// documents show it.
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listReviewQueue } from '../../db/review-queue.ts';
import { documents, extractedValues, extractionRuns, publishedValues } from '../../db/schema.ts';
import { fixtureQueries } from '../web/helpers.ts';
import { HAVE_CHROMIUM, launchChromium, logInWithForm, NO_CHROMIUM, startApp, type App } from './setup.ts';

const DOCX = 'hcm-2024-9m.docx';
const PDF = 'hcm-2024-9m.pdf';

describe.skipIf(!HAVE_CHROMIUM)(HAVE_CHROMIUM ? 'one report in two formats, reviewed once, in Chromium' : `browser tests ${NO_CHROMIUM}`, () => {
  let app: App;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp(
        [DOCX, PDF],
        [
          { username: 'rev.hcm', role: 'reviewer', provinces: ['79'] },
          { username: 'analyst', role: 'analyst' },
        ],
      ),
      launchChromium(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const db = () => app.db;
  const { documentId, valueId, storedValue, decisionsOf } = fixtureQueries(db);
  /** How many values of a document's current run are flagged (what the extractor flags is not assumed). */
  const flaggedIn = async (name: string) =>
    (
      await db()
        .select({ id: extractedValues.id })
        .from(extractedValues)
        .innerJoin(extractionRuns, eq(extractedValues.runId, extractionRuns.id))
        .innerJoin(documents, eq(extractionRuns.documentId, documents.id))
        .where(and(eq(documents.originalName, name), eq(extractionRuns.isCurrent, true), eq(extractedValues.status, 'flagged')))
    ).length;

  async function loggedInPage(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await logInWithForm(page, app.url, username);
    return page;
  }

  it('the queue lists each flagged value once, and the pane names the other copy', async () => {
    const page = await loggedInPage('rev.hcm');
    const ids = await page.locator('#queue li[data-id]').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-id'))));
    const flagged = await flaggedIn(DOCX);
    expect(flagged).toBeGreaterThanOrEqual(4);
    expect(await flaggedIn(PDF)).toBe(flagged);
    // Each value once, not once per copy.
    expect(ids).toHaveLength(flagged);
    expect(await page.locator('#queue-count').textContent()).toBe(String(flagged));
    const docx = await documentId(DOCX);
    const pdf = await documentId(PDF);
    expect(ids).toEqual((await listReviewQueue(db(), { scope: ['79'] })).items.map((i) => i.id));
    for (const id of ids) expect(id).toBe(await valueId(DOCX, (await storedValue(id)).indicatorId));
    const note = page.locator('#report-copies');
    expect(await note.textContent()).toBe(`Cũng nhận bản PDF (#${pdf})`);
    expect(await note.locator('a').getAttribute('href')).toBe(`/documents/${pdf}`);
    expect(await page.locator('#detail .pane').getAttribute('data-document-id')).toBe(String(docx));
  });

  it('a correction made once is recorded on both documents, and both pages show it', async () => {
    const page = await loggedInPage('rev.hcm');
    const nv01 = await valueId(DOCX, 'NV01');
    await page.goto(`${app.url}/review?value=${nv01}`);
    await page.locator(`#detail .pane[data-value-id="${nv01}"] #correct-value`).waitFor();
    await page.keyboard.press('c');
    await page.keyboard.type('1.204');
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/api/review/values/${nv01}/decision`)), page.keyboard.press('Enter')]);
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'corrected', copies: [await documentId(PDF)] });
    await page
      .locator('#flash[data-kind="ok"]')
      .filter({ hasText: `NV01 của ${DOCX}: đã sửa thành 1.204.` })
      .waitFor();
    expect(await page.locator('#queue-count').textContent()).toBe(String(await flaggedIn(DOCX)));

    // Both values carry the decision; one number is published.
    const twin = await valueId(PDF, 'NV01');
    expect((await storedValue(twin)).status).toBe('corrected');
    const [original] = await decisionsOf(nv01);
    expect(await decisionsOf(twin)).toEqual([
      expect.objectContaining({ reviewer: 'rev.hcm', action: 'correct', newValue: '1204', copyOfDecisionId: original!.id }),
    ]);
    expect(
      await db()
        .select()
        .from(publishedValues)
        .where(and(eq(publishedValues.provinceCode, '79'), eq(publishedValues.indicatorId, 'NV01'))),
    ).toHaveLength(1);

    // The PDF's own pane, opened from its document, shows the decision, made on the DOCX.
    const analyst = await loggedInPage('analyst');
    for (const [file, other] of [
      [DOCX, 'PDF'],
      [PDF, 'DOCX'],
    ] as const) {
      await analyst.goto(`${app.url}/documents/${await documentId(file)}`);
      expect(await analyst.locator('#meta-copies').textContent()).toContain(`${other} #${await documentId(file === DOCX ? PDF : DOCX)}`);
      const row = analyst.locator('#run-values tr[data-indicator="NV01"]');
      expect(await row.locator('.status').getAttribute('data-status')).toBe('corrected');
      expect(await row.locator('.status').textContent()).toBe('Đã sửa');
    }
    await analyst.goto(`${app.url}/review/values/${twin}/pane`);
    expect(await analyst.locator('#decision-history li').first().textContent()).toMatch(
      /^rev\.hcm đã sửa 228 → 1\.204 · \d{2}:\d{2} \d{2}\/\d{2}\/\d{4} \(quyết định trên DOCX\)$/,
    );

    // The roll-up counts the report once: a value both copies accepted is published once, from one document.
    const [accepted] = await db()
      .select({ indicator: extractedValues.indicatorId, value: extractedValues.value })
      .from(extractedValues)
      .innerJoin(extractionRuns, eq(extractedValues.runId, extractionRuns.id))
      .innerJoin(documents, eq(extractionRuns.documentId, documents.id))
      .where(and(eq(documents.originalName, DOCX), eq(extractionRuns.isCurrent, true), eq(extractedValues.status, 'auto_accepted')));
    await analyst.goto(`${app.url}/indicators/${accepted!.indicator}?period=2024-9M`);
    expect(await analyst.locator('#rollup-table tr[data-province="79"] td[data-value]').getAttribute('data-value')).toBe(accepted!.value);
    expect(await analyst.locator('#rollup-table tr[data-province="79"] .doc-part').count()).toBe(1);
    await analyst.goto(`${app.url}/provinces`);
    expect(await analyst.locator('#provinces-table tr[data-province="79"] td').nth(2).textContent()).toBe('1');
  });
});
