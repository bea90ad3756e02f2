// For the browser tests and the screenshot script: Debian's Chromium driven by playwright-core,
// against the review application on 127.0.0.1 over a fresh database that the real pipeline
// filled from fixture reports (as test/web does). Not a test file itself.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createUser, type NewUser } from '../../db/users.ts';
import { inProcessRerunner } from '../../app/reruns.ts';
import { inProcessSourceChecker } from '../../app/source-checks.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOcrEngine, type OcrEngine } from '../../extractors/parse/ocr/index.ts';
import { ingestFixtures, startServer, testUploadReading, type FixtureFile, type RunningServer } from '../web/helpers.ts';

/** Debian's package (CI installs it); CHROMIUM_PATH points elsewhere on other systems. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
/** The title of a skipped browser suite: why it did not run, on one line. */
export const NO_CHROMIUM = `skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;

export const PASSWORD = 'mật khẩu đủ dài 2025';

/** We run as root in CI and containers, where Chromium's sandbox cannot start. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

export interface App {
  db: TestDatabase['handle']['db'];
  url: string;
  close(): Promise<void>;
}

/**
 * A fresh database, `files` (of fixtures/reports) ingested, `users` created (password PASSWORD),
 * the server listening, with re-runs and source checks done in this process as `baocao serve`
 * does them without Temporal (so the pages show their buttons).
 */
export interface AppOptions {
  /** Serve the submission page, reading uploads with OCR (a pool of tesseract workers started here). */
  uploads?: { maxFileBytes?: number };
  /** The server's clock (submission times). */
  now?: () => Date;
}

export async function startApp(files: FixtureFile[], users: Omit<NewUser, 'password'>[], options: AppOptions = {}): Promise<App> {
  const t = await createTestDatabase();
  let server: RunningServer | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  let engine: Promise<OcrEngine> | null = null;
  const close = async () => {
    await server?.close();
    if (engine) await (await engine).close();
    await cleanup?.();
    await t.drop();
  };
  try {
    const ingested = await ingestFixtures(t.handle.db, files);
    cleanup = ingested.cleanup;
    for (const user of users) await createUser(t.handle.db, { ...user, password: PASSWORD });
    server = await startServer({
      db: t.handle.db,
      store: ingested.store,
      rerun: inProcessRerunner(ingested.activities),
      checkSource: inProcessSourceChecker(ingested.activities),
      logRequests: false,
      ...(options.uploads
        ? {
            submissions: testUploadReading(t.handle.db, ingested.store, {
              maxFileBytes: options.uploads.maxFileBytes ?? 10 * 1024 * 1024,
              ocr: { engine: () => (engine ??= createOcrEngine()), maxPages: 20 },
            }),
          }
        : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    return { db: t.handle.db, url: server.url, close };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

/** Logs in through the form of the page it is on (or /login), as a person would, and waits for where it leads. */
export async function logInWithForm(page: Page, base: string, username: string, password = PASSWORD): Promise<void> {
  if (!new URL(page.url(), base).pathname.startsWith('/login')) await page.goto(`${base}/login`);
  const form = page.locator('form[action="/login"]');
  await form.locator('input[name="username"]').fill(username);
  await form.locator('input[name="password"]').fill(password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), form.locator('button[type="submit"]').click()]);
}
