// Every page of the application in Chromium, in Vietnamese (the default) and in English (the
// switch in the header): no page shows a key the catalogue lacks (web/i18n marks those), and no
// Vietnamese page carries an English word of the interface. Data stays as it is written
// (file names, user names, codes: marked translate="no"); the words checked are those of the
// English catalogue that the Vietnamese one does not use.
import { mkdir, mkdtemp, copyFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listReviewQueue } from '../../db/review-queue.ts';
import { documents, users } from '../../db/schema.ts';
import { upsertSources } from '../../db/sources.ts';
import { indicators, provinces } from '../../extractors/catalogue.ts';
import { catalogues, MISSING } from '../../web/i18n/index.ts';
import { HAVE_CHROMIUM, launchChromium, logInWithForm, NO_CHROMIUM, startApp, type App } from './setup.ts';

const reportsDir = new URL('../../fixtures/reports/', import.meta.url).pathname;

type Tree = { [key: string]: unknown };

/** The words of every message of a catalogue (functions called with stand-in arguments). */
function words(tree: Tree, into = new Set<string>()): Set<string> {
  for (const value of Object.values(tree)) {
    let texts: string[] = [];
    if (typeof value === 'string') texts = [value];
    else if (typeof value === 'function') {
      for (const args of [
        ['x', 'y', 'z', 'w', 'v', 'u'],
        [2, 3, 4, 5, 6, 7],
        [true, 'x', 'y', 'z'],
      ]) {
        try {
          texts.push(String((value as (...a: unknown[]) => unknown)(...args)));
        } catch {
          // A stand-in of the wrong type: the other set of arguments covers it.
        }
      }
    } else if (value !== null && typeof value === 'object') words(value as Tree, into);
    // "{indicator}" in a template for the browser's script is a placeholder, not a word.
    for (const text of texts)
      for (const w of text
        .replace(/\{\w+\}/g, ' ')
        .toLowerCase()
        .match(/\p{L}{2,}/gu) ?? [])
        into.add(w);
  }
  return into;
}

/** Words of the English interface that never belong on a Vietnamese page. */
function englishOnly(): Set<string> {
  const vietnamese = words(catalogues.vi as unknown as Tree);
  // Names and units of the catalogue are Vietnamese data ("An Giang", "nhiệm vụ").
  for (const text of [...provinces().flatMap((p) => [p.name, p.shortName]), ...indicators().flatMap((i) => [i.nameVi, i.unit])]) {
    for (const w of text.toLowerCase().match(/\p{L}{2,}/gu) ?? []) vietnamese.add(w);
  }
  const english = words(catalogues.en as unknown as Tree);
  return new Set([...english].filter((w) => !vietnamese.has(w)));
}

interface Seen {
  lang: string | null;
  html: string;
  /** Visible text and the attributes people read, data (translate="no", code) left out. */
  text: string;
}

/** The little of the DOM this file touches (the project is typed without the DOM library). */
interface DomElement {
  closest(selector: string): DomElement | null;
  hasAttribute(name: string): boolean;
  getAttribute(name: string): string | null;
  textContent: string | null;
  outerHTML: string;
}
interface DomDocument {
  title: string;
  body: unknown;
  documentElement: DomElement;
  createTreeWalker(root: unknown, what: number): { nextNode(): { textContent: string | null; parentElement: DomElement | null } | null };
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

async function read(page: Page): Promise<Seen> {
  const [lang, html, text] = await page.evaluate(() => {
    const doc = (globalThis as unknown as { document: DomDocument }).document;
    const skip = (el: DomElement | null) => Boolean(el?.closest('[translate="no"], code, kbd, script, style, svg, .hash'));
    const parts: string[] = [doc.title];
    const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) if (!skip(node.parentElement)) parts.push(node.textContent ?? '');
    for (const el of Array.from(doc.querySelectorAll('[title], [placeholder], [aria-label], [alt]'))) {
      if (skip(el)) continue;
      for (const name of ['title', 'placeholder', 'aria-label', 'alt']) if (el.hasAttribute(name)) parts.push(el.getAttribute(name) ?? '');
    }
    for (const el of Array.from(doc.querySelectorAll('option'))) if (!skip(el)) parts.push(el.textContent ?? '');
    return [doc.documentElement.getAttribute('lang'), doc.documentElement.outerHTML, parts.join('\n')] as const;
  });
  return { lang, html, text };
}

describe.skipIf(!HAVE_CHROMIUM)(HAVE_CHROMIUM ? 'every page in both languages, in Chromium' : `browser tests ${NO_CHROMIUM}`, () => {
  let app: App;
  let browser: Browser;
  let work: string;
  const contexts: BrowserContext[] = [];
  const ENGLISH = englishOnly();

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp(
        [
          'hcm-2024-9m.docx',
          'hcm-2024-9m.pdf',
          'bacgiang-2024.pdf',
          'tayninh-2025-h1.docx',
          // The same report sent again with another figure: a new version, with its differences.
          { name: 'tayninh-2025-h1.sua-doi.docx', from: 'tayninh-2025-h1.docx', replace: [['>81<', '>83<']] },
        ],
        [
          { username: 'admin', displayName: 'Quản Trị Viên', role: 'admin' },
          { username: 'rev.hcm', displayName: 'Nguyễn Thị Minh', role: 'reviewer', provinces: ['79'] },
          { username: 'analyst', displayName: 'Phạm Phân Tích', role: 'analyst' },
          { username: 'rev.tam', displayName: 'Lê Văn Tâm', role: 'reviewer', provinces: ['80'] },
          { username: 'tn.nop', displayName: 'Trần Nộp', role: 'submitter', provinces: ['80'] },
        ],
        { uploads: {} },
      ),
      launchChromium(),
    ]);
    work = await mkdtemp(join(tmpdir(), 'baocao-lang-'));
    await mkdir(join(work, 'inbox'));
    await copyFile(join(reportsDir, 'danang-2025-q3.pdf'), join(work, 'inbox', 'danang-2025-q3.pdf'));
    await upsertSources(app.db, [{ name: 'nguon-da-nang', provinceCode: '48', kind: 'dir', location: join(work, 'inbox'), enabled: true }]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  async function as(username: string, locale: 'vi' | 'en'): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: locale === 'vi' ? 'vi-VN' : 'en-GB',
      timezoneId: 'Asia/Ho_Chi_Minh',
    });
    context.setDefaultTimeout(20_000);
    contexts.push(context);
    const page = await context.newPage();
    if (locale === 'en') {
      // The switch in the header, as a person would use it (from the login page).
      await page.goto(`${app.url}/login`);
      await Promise.all([page.waitForURL((url) => url.pathname === '/login'), page.locator('#lang-switch').click()]);
    }
    await logInWithForm(page, app.url, username);
    return page;
  }

  /** Checks the page open now; returns what was seen, for further checks. */
  async function check(page: Page, locale: 'vi' | 'en', what: string): Promise<Seen> {
    const seen = await read(page);
    expect(seen.html, `${what}: a key the catalogue lacks`).not.toContain(MISSING);
    expect(seen.lang, what).toBe(locale);
    if (locale === 'vi') {
      const found = [...new Set(seen.text.toLowerCase().match(/\p{L}{2,}/gu) ?? [])].filter((w) => ENGLISH.has(w));
      expect(found, `${what}: English words on a Vietnamese page`).toEqual([]);
    }
    return seen;
  }

  async function visit(page: Page, path: string, locale: 'vi' | 'en', status = 200): Promise<Seen> {
    const response = await page.goto(`${app.url}${path}`);
    expect(response?.status(), path).toBe(status);
    return check(page, locale, `${locale} ${path}`);
  }

  for (const locale of ['vi', 'en'] as const) {
    it(`${locale}: the login page, its refusal, and the not-found page`, async () => {
      const context = await browser.newContext({ locale: 'vi-VN' });
      contexts.push(context);
      const page = await context.newPage();
      if (locale === 'en') await page.goto(`${app.url}/lang/en`);
      await visit(page, '/login', locale);
      await page.locator('input[name="username"]').fill('rev.hcm');
      await page.locator('input[name="password"]').fill('not the password');
      await page.locator('form[action="/login"] button[type="submit"]').click();
      await page.locator('.notice-error').waitFor();
      const refused = await check(page, locale, `${locale} login refused`);
      expect(refused.text).toContain(catalogues[locale].login.wrong);
      await visit(page, '/no-such-page', locale, 404);
    });

    it(`${locale}: the review page, a decision and its message, and the refusals`, async () => {
      const page = await as('rev.hcm', locale);
      const t = catalogues[locale];
      const seen = await visit(page, '/review', locale);
      expect(seen.text).toContain(t.review.approve);
      // The PDF's values wait on the DOCX, its copy: the pane says the report was also received as PDF.
      expect(await page.locator('#report-copies').textContent()).toMatch(new RegExp(`^${t.review.alsoReceived} PDF \\(#\\d+\\)$`));
      const queue = await listReviewQueue(app.db, { scope: ['79'] });
      const item = queue.items.find((i) => i.indicator === (locale === 'vi' ? 'NV10' : 'NV11'))!;
      await page.goto(`${app.url}/review?value=${item.id}`);
      await page.keyboard.press('a');
      await page.locator('#flash[data-kind="ok"]').waitFor();
      const flash = await page.locator('#flash').textContent();
      expect(flash).toBe(
        `${t.client.decided.replace('{indicator}', item.indicator).replace('{document}', item.document).replace('{done}', t.client.done.approve).replace('{to}', '')}`,
      );
      await check(page, locale, `${locale} review after a decision`);
      // Bad input in the correction field: the refusal in the reader's language.
      const current = await page.locator('#queue li[aria-current="true"]').getAttribute('data-id');
      await page.locator(`#detail .pane[data-value-id="${current}"] #correct-value`).waitFor();
      await page.keyboard.press('c');
      await page.keyboard.type('12,5');
      await page.keyboard.press('Enter');
      await page.locator('#decision-message[data-kind="error"]').waitFor();
      await check(page, locale, `${locale} review, a number refused`);
      await visit(page, '/review?reason=conflicting_candidates', locale);
      await visit(page, '/admin/users', locale, 403);
      await visit(page, '/documents/999999', locale, 404);
      await visit(page, '/indicators?period=banana', locale, 400);
      await visit(page, '/kpi', locale, 403);
      await visit(page, '/account/password', locale);
    });

    it(`${locale}: the analyst pages`, async () => {
      const page = await as('analyst', locale);
      const [docx] = await app.db.select({ id: documents.id }).from(documents).where(eq(documents.originalName, 'hcm-2024-9m.docx'));
      const [pdf] = await app.db.select({ id: documents.id }).from(documents).where(eq(documents.originalName, 'hcm-2024-9m.pdf'));
      const [version] = await app.db.select({ id: documents.id }).from(documents).where(eq(documents.originalName, 'tayninh-2025-h1.sua-doi.docx'));
      // The new version's page shows its differences from the version it replaces.
      await page.goto(`${app.url}/documents/${version!.id}`);
      expect(await page.locator('#version-table tr[data-indicator="BX04"]').getAttribute('data-change')).toBe('changed');
      for (const path of [
        '/review',
        '/indicators',
        '/indicators?period=2024&with=data',
        '/indicators/NV09?period=2024',
        '/indicators/DM03?period=2025-H1',
        '/provinces',
        '/provinces/79',
        '/provinces/79?indicator=NV09&kind=quarter',
        '/provinces/01',
        '/kpi?period=2025-H1&periods=3',
        '/kpi?period=2025-H1&periods=3&sort=completeness&dir=desc',
        '/documents',
        '/documents?province=79&period=2024-9M&group=nhiem_vu&status=extracted',
        `/documents/${docx!.id}`,
        `/documents/${pdf!.id}`,
        `/documents/${version!.id}`,
      ]) {
        await visit(page, path, locale);
      }
      // A re-run, and the page that reports it.
      await page.goto(`${app.url}/documents/${pdf!.id}`);
      await Promise.all([page.waitForURL((url) => url.searchParams.get('rerun') === 'done', { timeout: 60_000 }), page.locator('#rerun-document').click()]);
      await check(page, locale, `${locale} document after a re-run`);
    });

    it(`${locale}: the submission pages: the upload, a reading, a refusal`, async () => {
      const page = await as('tn.nop', locale);
      expect(new URL(page.url()).pathname).toBe('/submit');
      await check(page, locale, `${locale} /submit`);
      // The report the pipeline already read: the same bytes are the same document, read at once.
      await Promise.all([page.waitForURL(/\/submit\/\d+$/), page.locator('#file-input').setInputFiles(join(reportsDir, 'tayninh-2025-h1.docx'))]);
      await page.locator('#reading-facts').waitFor();
      await page.locator('.misread summary').first().click();
      await check(page, locale, `${locale} a reading`);
      await page.goto(`${app.url}/submit`);
      await Promise.all([
        page.waitForURL(/\/submit\/\d+$/),
        page.locator('#file-input').setInputFiles(new URL('../../fixtures/broken/corrupt.pdf', import.meta.url).pathname),
      ]);
      await page.locator('#refusal').waitFor({ timeout: 60_000 });
      await check(page, locale, `${locale} a refused file`);
      await page.goto(`${app.url}/submit`);
      await page.locator('#file-input').setInputFiles({ name: 'ghi-chu.pdf', mimeType: 'application/pdf', buffer: Buffer.from('chỉ là chữ') });
      await page.locator('#upload-message[data-kind="error"]').waitFor();
      await check(page, locale, `${locale} an upload refused at once`);
      await visit(page, '/review', locale, 403);
    });

    it(`${locale}: the administration pages and their actions`, async () => {
      const page = await as('admin', locale);
      // The account whose password is reset here is nobody else's in these tests.
      const [rev] = await app.db.select({ id: users.id }).from(users).where(eq(users.username, 'rev.tam'));
      for (const path of ['/admin/users', `/admin/users/${rev!.id}`, '/admin/sources', '/admin/audit', '/admin/audit?action=review.approve&province=79'])
        await visit(page, path, locale);
      await page.goto(`${app.url}/admin/users/${rev!.id}`);
      await Promise.all([page.waitForLoadState(), page.locator('#reset-form-submit').click()]);
      await page.locator('#temporary-password').waitFor();
      await check(page, locale, `${locale} password reset`);
      await page.goto(`${app.url}/admin/sources`);
      await Promise.all([
        page.waitForURL((url) => url.searchParams.has('done'), { timeout: 60_000 }),
        page.locator('button[data-check="nguon-da-nang"]').click(),
      ]);
      await check(page, locale, `${locale} source checked`);
      await page.goto(`${app.url}/admin/users`);
      await page.locator('#new-username').fill(`x.${locale}`);
      await page.locator('#new-password').fill('ngắn quá');
      // The browser's own check of minlength would stop the form; the server's refusal is the one wanted here.
      await page.locator('#new-user-form').evaluate((form) => form.setAttribute('novalidate', ''));
      await Promise.all([page.waitForLoadState(), page.locator('#create-user').click()]);
      await page.locator('#admin-notice').waitFor();
      await check(page, locale, `${locale} account refused`);
    });
  }
});
