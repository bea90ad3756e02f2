// What each image preparation step is worth (not a test; run by hand, it takes minutes):
//   node cli/run-ts.js test/extractors/parse/ocr/prep-bench.ts [workers=2]
// OCRs the same scanned pages with every step on (the default), then with one step switched off
// (or, for steps off by default, on), and prints the character error rate against the source
// PDF's own text and the mean confidence per variant. Pages: the committed scan fixtures, the
// scanned reports in fixtures/scans/reports when present, and the Đà Nẵng page tilted further.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractText } from 'unpdf';
import { cer } from '../../../../extractors/parse/ocr/cer.ts';
import { createOcrEngine, type OcrEngineOptions } from '../../../../extractors/parse/ocr/engine.ts';
import { DEFAULT_PREPARE_STEPS, type PrepareSteps } from '../../../../extractors/parse/ocr/image.ts';
import { ocrImageDocument, ocrPdfPages } from '../../../../extractors/parse/ocr/index.ts';
import type { ParsedPage } from '../../../../extractors/types.ts';
import { rotated } from './helpers.ts';

const root = path.resolve('fixtures');
const workers = Number(process.argv[2] ?? 2);

interface Case {
  name: string;
  read: (options: OcrEngineOptions) => Promise<ParsedPage[]>;
  /** Expected text per page read, in order. */
  expected: string[];
}

async function sourceText(pdf: string): Promise<string[]> {
  return (await extractText(new Uint8Array(readFileSync(pdf)), { mergePages: false })).text;
}

const pageText = (p: ParsedPage) => p.blocks.map((b) => (b.kind === 'table' ? b.rows.map((r) => r.join(' ')).join('\n') : b.text)).join('\n');

async function withEngine<T>(options: OcrEngineOptions, body: (engine: Awaited<ReturnType<typeof createOcrEngine>>) => Promise<T>): Promise<T> {
  const engine = await createOcrEngine({ workers, ...options });
  try {
    return await body(engine);
  } finally {
    await engine.close();
  }
}

async function cases(): Promise<Case[]> {
  const tayninh = await sourceText(path.join(root, 'reports/tayninh-2025-h1.pdf'));
  const danang = await sourceText(path.join(root, 'reports/danang-2025-q3.pdf'));
  const scanPdf = new Uint8Array(readFileSync(path.join(root, 'scans/tayninh-2025-h1.scan.pdf')));
  const jpg = new Uint8Array(readFileSync(path.join(root, 'scans/danang-2025-q3.p2.scan.jpg')));
  const list: Case[] = [
    {
      name: 'tayninh scan.pdf p1+p3 (clean, 150 dpi)',
      read: (o) => withEngine(o, async (engine) => (await ocrPdfPages(scanPdf, [1, 2], { engine, maxPages: 10 })).pages),
      expected: [tayninh[0]!, tayninh[2]!],
    },
    {
      name: 'danang p2 jpg (1.2°, noise, seal)',
      read: (o) => withEngine(o, async (engine) => (await ocrImageDocument(jpg, 'image/jpeg', { engine, maxPages: 1 })).pages),
      expected: [danang[1]!],
    },
  ];
  // on the paper colour of the scan fixtures, so the cut corners look like paper
  const steep = await rotated(jpg, 1.8, { background: '#f2eee3', jpegQuality: 75 });
  list.push({
    name: 'danang p2 jpg tilted 3°',
    read: (o) => withEngine(o, async (engine) => (await ocrImageDocument(steep, 'image/jpeg', { engine, maxPages: 1 })).pages),
    expected: [danang[1]!],
  });
  const scans = path.join(root, 'scans/reports');
  if (existsSync(scans)) {
    for (const f of readdirSync(scans).filter((n) => n.endsWith('.truth.json'))) {
      const truth = JSON.parse(readFileSync(path.join(scans, f), 'utf8')) as { file: string; source?: string };
      if (!truth.source) continue;
      const bytes = new Uint8Array(readFileSync(path.join(scans, truth.file)));
      const expected = await sourceText(path.resolve(scans, truth.source));
      list.push({
        name: truth.file,
        read: (o) =>
          withEngine(
            o,
            async (engine) =>
              (
                await ocrPdfPages(
                  bytes,
                  expected.map((_, i) => i + 1),
                  { engine, maxPages: 50 },
                )
              ).pages,
          ),
        expected,
      });
    }
  }
  return list;
}

const variants: Array<{ name: string; options: OcrEngineOptions }> = [
  { name: 'default', options: {} },
  ...(Object.keys(DEFAULT_PREPARE_STEPS) as Array<keyof PrepareSteps>)
    .filter((step) => typeof DEFAULT_PREPARE_STEPS[step] === 'boolean')
    .map((step) => ({
      name: `${DEFAULT_PREPARE_STEPS[step] ? 'no' : 'with'} ${step}`,
      options: { prepare: { [step]: !DEFAULT_PREPARE_STEPS[step] } },
    })),
  { name: 'read at 300 dpi (maxPixels 20 M)', options: { prepare: { maxPixels: 20_000_000 } } },
  { name: 'languages vie+eng', options: { languages: 'vie+eng' } },
  { name: 'no orientation check', options: { detectOrientation: false } },
];

const all = await cases();
const header = ['variant', ...all.map((c) => c.name), 'mean CER', 'seconds'];
const rows: string[][] = [];
for (const v of variants) {
  const t0 = Date.now();
  const cers: number[] = [];
  const cells: string[] = [];
  for (const c of all) {
    const pages = await c.read(v.options);
    const per = c.expected.map((e, i) => cer(e, pages[i] ? pageText(pages[i]!) : ''));
    const mean = per.reduce((a, b) => a + b, 0) / per.length;
    cers.push(mean);
    const conf = pages.map((p) => p.ocrConfidence ?? 0);
    cells.push(`${mean.toFixed(4)} (conf ${(conf.reduce((a, b) => a + b, 0) / Math.max(1, conf.length)).toFixed(3)})`);
  }
  rows.push([v.name, ...cells, (cers.reduce((a, b) => a + b, 0) / cers.length).toFixed(4), ((Date.now() - t0) / 1000).toFixed(1)]);
  console.error(`${v.name} done`);
}
console.log(`| ${header.join(' | ')} |`);
console.log(`| ${header.map(() => '---').join(' | ')} |`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
