// Seconds from an upload on the submission page to the reading it shows, for a DOCX, a text PDF
// and a 3-page scan (Tây Ninh 6 tháng 2025; the scan made here from the text PDF's first three
// pages at 200 dpi, as fixtures/scans does). Over HTTP against the real server, pipeline and OCR,
// on a fresh test database; the time is from sending the bytes to the first answer of
// GET /api/submissions/:id that is no longer 'reading' (asked every 100 ms, as a page would).
// Run: node cli/run-ts.js bench/submission-upload.ts   (needs the test Postgres server)
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { folderStore } from '../activities/document-store.ts';
import { createUser } from '../db/users.ts';
import { createOcrEngine, type OcrEngine } from '../extractors/parse/ocr/index.ts';
import { renderPdfPage } from '../extractors/parse/ocr/render.ts';
import { greyPng, imagePdf } from '../fixtures/scans/scan-image.ts';
import { createTestDatabase } from '../test/helpers/database.ts';
import { loggedIn, startServer, testUploadReading, waitForReading } from '../test/web/helpers.ts';

const REPORTS = new URL('../fixtures/reports/', import.meta.url).pathname;
const PASSWORD = 'mật khẩu đủ dài 2025';

async function threePageScan(): Promise<Uint8Array> {
  const pdf = new Uint8Array(await readFile(join(REPORTS, 'tayninh-2025-h1.pdf')));
  const pages: Uint8Array[] = [];
  for (let n = 1; n <= 3; n++) pages.push(await greyPng(await renderPdfPage(pdf.slice(), n, 200)));
  return imagePdf(pages);
}

async function main(): Promise<void> {
  const t = await createTestDatabase();
  const work = await mkdtemp(join(tmpdir(), 'baocao-bench-submit-'));
  const ocr: { engine: Promise<OcrEngine> | null } = { engine: null };
  const store = folderStore(join(work, 'store'));
  await createUser(t.handle.db, { username: 'tn.nop', password: PASSWORD, role: 'submitter', provinces: ['80'] });
  const server = await startServer({
    db: t.handle.db,
    store,
    logRequests: false,
    submissions: testUploadReading(t.handle.db, store, {
      maxFileBytes: 20 * 1024 * 1024,
      ocr: { engine: () => (ocr.engine ??= createOcrEngine()), maxPages: 20 },
    }),
  });
  try {
    const { client, csrf } = await loggedIn(server.url, 'tn.nop', PASSWORD);
    // A running server starts its OCR workers on the first scan, once: that start is said apart.
    const starting = performance.now();
    await (ocr.engine ??= createOcrEngine());
    console.log(`OCR workers started in ${((performance.now() - starting) / 1000).toFixed(1)} s (once per server)`);
    const files: [string, Uint8Array][] = [
      ['DOCX (tayninh-2025-h1.docx)', new Uint8Array(await readFile(join(REPORTS, 'tayninh-2025-h1.docx')))],
      ['text PDF (tayninh-2025-h1.pdf)', new Uint8Array(await readFile(join(REPORTS, 'tayninh-2025-h1.pdf')))],
      ['3-page scan (its pages 1-3 at 200 dpi, image-only PDF)', await threePageScan()],
    ];
    for (const [what, bytes] of files) {
      const started = performance.now();
      const response = await fetch(`${server.url}/api/submissions`, {
        method: 'POST',
        headers: {
          cookie: [...client.cookies].map(([k, c]) => `${k}=${c.value}`).join('; '),
          'content-type': 'application/octet-stream',
          'x-file-name': encodeURIComponent(what),
          'x-csrf-token': csrf,
        },
        body: bytes,
      });
      const { id } = (await response.json()) as { id: number };
      const reading = await waitForReading<{ state: string; values: unknown[]; document: { pages: number | null } }>(client, id, 600_000);
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${what}: ${seconds.toFixed(1)} s to the reading (${reading.state}, ${reading.document.pages} pages, ${reading.values.length} values; load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')})`,
      );
    }
  } finally {
    await server.close();
    if (ocr.engine) await (await ocr.engine).close();
    await t.drop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
