// Screenshots of /kpi at 1366x768 over a year of quarterly reports from a dozen provinces (the
// known set-up of test/helpers/kpi-setup.ts and more, received early or late, with values
// flagged, corrected and rejected by a reviewer); not a test. Run:
//   node cli/run-ts.js test/browser/kpi-screenshot.ts [OUTPUT_DIR]
// Needs Chromium and the test Postgres server, like the browser tests.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createUser } from '../../db/users.ts';
import { indicators } from '../../extractors/catalogue.ts';
import { periodFromKey } from '../../extractors/periods.ts';
import { deadlineOf } from '../../extractors/submissions.ts';
import { decideReadings, KPI_AS_OF, seedKpiSetup, seedReport, type Reading } from '../helpers/kpi-setup.ts';
import { CHROMIUM, HAVE_CHROMIUM, launchChromium, logInWithForm, startApp } from './setup.ts';

const out = resolve(process.argv[2] ?? fileURLToPath(new URL('../../.scratch/screens/', import.meta.url)));
const VIEWPORT = { width: 1366, height: 768 };
const DAY = 86_400_000;

if (!HAVE_CHROMIUM) {
  console.error(`no Chromium at ${CHROMIUM}`);
  process.exit(1);
}

/** A fixed sequence of numbers in [0, 1): the same pictures every run. */
function numbers(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
}

async function main(): Promise<void> {
  await mkdir(out, { recursive: true });
  const [app, browser] = await Promise.all([startApp([], [{ username: 'analyst', displayName: 'Phạm Quốc Phân Tích', role: 'analyst' }]), launchChromium()]);
  try {
    await seedKpiSetup(app.db);
    const provinces = ['04', '08', '24', '31', '33', '46', '48', '52', '56', '79', '86', '92', '96'];
    const reviewer = await createUser(app.db, { username: 'rev.all', password: 'mật khẩu đủ dài 2025', role: 'reviewer', provinces });
    const next = numbers(2025);
    const catalogue = indicators();
    let number = 100;
    for (const key of ['2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3']) {
      const deadline = Date.parse(`${deadlineOf(periodFromKey(key, 'periodic')!, 6)}T02:00:00Z`);
      for (const province of provinces) {
        if (next() < 0.2) continue; // not sent
        const receivedAt = deadline + Math.round((next() * 14 - 6) * DAY);
        const count = 10 + Math.floor(next() * 40);
        const start = Math.floor(next() * (catalogue.length - count));
        const readings: Reading[] = catalogue.slice(start, start + count).map((i, k) => {
          const flagged = next() < 0.15;
          const roll = next();
          const at = new Date(receivedAt + (1 + next() * 6) * DAY + k * 60_000).toISOString();
          return {
            indicator: i.id,
            value: String(1 + Math.floor(next() * 99)),
            ...(flagged
              ? {
                  flagged: 'low_confidence' as const,
                  decide:
                    roll < 0.6
                      ? { action: 'approve' as const, at }
                      : roll < 0.85
                        ? { action: 'correct' as const, newValue: String(1 + Math.floor(next() * 99)), at }
                        : { action: 'reject' as const, at },
                }
              : {}),
          };
        });
        const id = await seedReport(app.db, province, key, `${++number}/BC-SKHCN`, new Date(receivedAt).toISOString(), readings);
        await decideReadings(app.db, id, readings, reviewer);
      }
    }
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    await logInWithForm(page, app.url, 'analyst');
    const shots: [string, string][] = [
      [`/kpi?period=2025-Q3&periods=4&asOf=${KPI_AS_OF}`, 'kpi'],
      [`/kpi?period=2025-Q3&periods=4&asOf=${KPI_AS_OF}&sort=onTime&dir=desc`, 'kpi-sorted'],
    ];
    for (const [path, name] of shots) {
      const response = await page.goto(`${app.url}${path}`);
      if (response?.status() !== 200) throw new Error(`${path}: ${response?.status()}`);
      await page.screenshot({ path: resolve(out, `${name}.png`) });
      await page.screenshot({ path: resolve(out, `${name}-full.png`), fullPage: true });
      console.log(resolve(out, `${name}.png`));
    }
    // Sorting in place, with the script: a click on "Mức đầy đủ".
    await page.goto(`${app.url}/kpi?period=2025-Q3&periods=4&asOf=${KPI_AS_OF}`);
    await page.locator('#kpi-table th a[data-sort="completeness"]').click();
    await page.waitForURL(/sort=completeness/);
    await page.screenshot({ path: resolve(out, 'kpi-clicked.png') });
    console.log(resolve(out, 'kpi-clicked.png'), await page.locator('#kpi-table tbody tr').first().getAttribute('data-province'));
    // The same page in English.
    await page.goto(`${app.url}/lang/en`);
    await page.goto(`${app.url}/kpi?period=2025-Q3&periods=4&asOf=${KPI_AS_OF}`);
    await page.screenshot({ path: resolve(out, 'kpi-en.png') });
    console.log(resolve(out, 'kpi-en.png'));
    await context.close();
  } finally {
    await browser.close();
    await app.close();
  }
}

await main();
