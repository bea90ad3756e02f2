// The page images of the OCR section, written once into .bench-cache/ocr-<set>/ so that the
// pipeline and native tesseract read the very same files:
//   - the scan fixtures (fixtures/scans/*.pdf, *.jpg, *.png, and the whole scanned reports in
//     fixtures/scans/reports/*.pdf when present): PDF pages rendered at 300 dpi with
//     extractors/parse/ocr/render.ts (what the pipeline does with a scanned PDF), images as they are;
//   - every page of the fixture text PDFs (fixtures/reports/*.pdf) rendered at 300 dpi.
// Each page carries its reference text: the source PDF page's own text layer (unpdf extractText),
// as test/extractors/parse/ocr/bench.ts measures it.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { extractText } from 'unpdf';
import { openPdfRenderer } from '../../extractors/parse/ocr/render.ts';
import { CACHE_DIR, REPO, progress } from './common.ts';

export const OCR_DPI = 300;
const SCANS = join(REPO, 'fixtures', 'scans');
const REPORTS = join(REPO, 'fixtures', 'reports');

/**
 * Which pages of its source report a scan PDF shows, when the file name does not say
 * (fixtures/scans/generate.ts: tayninh-2025-h1.scan.pdf is pages 1 and 3). A scan PDF not listed
 * here is taken page for page when it has as many pages as its source, and is timed but left out
 * of the CER otherwise.
 */
const SCAN_PDF_PAGES: Record<string, number[]> = {
  'tayninh-2025-h1.scan.pdf': [1, 3],
};

export interface OcrPageItem {
  /** File name in the cache folder. */
  name: string;
  /** Where the image came from, for people: "fixtures/scans/x.scan.pdf p2". */
  origin: string;
  kind: 'scan' | 'render';
  /** The source PDF page's own text, or null when the page's source is not known. */
  reference: string | null;
  referenceFrom: string | null;
}

export interface OcrPageSet {
  dir: string;
  items: OcrPageItem[];
}

/** "<stem>.p<N>..." -> [stem, N]; "<stem>.scan.pdf" -> [stem, null]. */
function scanSource(path: string): { stem: string; page: number | null } | null {
  const file = basename(path);
  const m = /^(.+?)\.p(\d+)\b/.exec(file);
  if (m) return { stem: m[1]!, page: Number(m[2]) };
  const s = /^(.+?)\.scan\b/.exec(file);
  return s ? { stem: s[1]!, page: null } : null;
}

const textCache = new Map<string, string[]>();
async function pdfPagesText(file: string): Promise<string[] | null> {
  if (!existsSync(file)) return null;
  if (!textCache.has(file)) {
    const { text } = await extractText(new Uint8Array(readFileSync(file)), { mergePages: false });
    textCache.set(file, text);
  }
  return textCache.get(file)!;
}

function inputsKey(files: string[], quick: boolean): string {
  const h = createHash('sha256').update(`v2 ${OCR_DPI} ${quick}`);
  for (const f of files) {
    const s = statSync(f);
    h.update(`${f} ${s.size} ${s.mtimeMs}\n`);
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * The page set (rendered on first use, then read from the cache). Quick: one scan of each kind
 * available and the first page of two text PDFs.
 */
export async function prepareOcrPages(quick: boolean): Promise<OcrPageSet> {
  const isScan = (f: string) => /\.(pdf|png|jpe?g)$/i.test(f);
  const scanFiles = [
    ...readdirSync(SCANS).filter(isScan).sort(),
    ...(existsSync(join(SCANS, 'reports'))
      ? readdirSync(join(SCANS, 'reports'))
          .filter(isScan)
          .sort()
          .map((f) => `reports/${f}`)
      : []),
  ];
  const reportPdfs = readdirSync(REPORTS)
    .filter((f) => f.endsWith('.pdf'))
    .sort();
  const dir = join(CACHE_DIR, quick ? 'ocr-quick' : 'ocr-full');
  const key = inputsKey([...scanFiles.map((f) => join(SCANS, f)), ...reportPdfs.map((f) => join(REPORTS, f))], quick);
  const manifestFile = join(dir, 'manifest.json');
  if (existsSync(manifestFile)) {
    const cached = JSON.parse(readFileSync(manifestFile, 'utf8')) as { key: string; items: OcrPageItem[] };
    if (cached.key === key && cached.items.every((i) => existsSync(join(dir, i.name)))) return { dir, items: cached.items };
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const items: OcrPageItem[] = [];

  // Scans: in quick mode one PNG, one JPEG (the noisiest kinds), else all.
  const chosenScans = quick
    ? [scanFiles.find((f) => /\.png$/i.test(f)), scanFiles.find((f) => /\.jpe?g$/i.test(f))].filter((f): f is string => f !== undefined)
    : scanFiles;
  for (const file of chosenScans) {
    const src = scanSource(file);
    const sourcePdf = src ? join(REPORTS, `${src.stem}.pdf`) : null;
    const text = sourcePdf ? await pdfPagesText(sourcePdf) : null;
    const ref = (page: number | null) =>
      text && page !== null && page >= 1 && page <= text.length
        ? { reference: text[page - 1]!, referenceFrom: `fixtures/reports/${basename(sourcePdf!)} p${page}` }
        : { reference: null, referenceFrom: null };
    const flat = file.replaceAll('/', '_');
    if (/\.pdf$/i.test(file)) {
      const renderer = await openPdfRenderer(new Uint8Array(readFileSync(join(SCANS, file))));
      try {
        const pages = SCAN_PDF_PAGES[file] ?? (text && text.length === renderer.numPages ? text.map((_, i) => i + 1) : null);
        for (let p = 1; p <= renderer.numPages; p++) {
          const name = `${flat}.p${p}.png`;
          await writeFile(join(dir, name), await renderer.render(p, OCR_DPI));
          items.push({ name, origin: `fixtures/scans/${file} p${p}`, kind: 'scan', ...ref(pages?.[p - 1] ?? null) });
        }
      } finally {
        await renderer.close();
      }
    } else {
      await writeFile(join(dir, flat), await readFile(join(SCANS, file)));
      items.push({ name: flat, origin: `fixtures/scans/${file}`, kind: 'scan', ...ref(src?.page ?? null) });
    }
  }

  // Text PDFs rendered at 300 dpi: every page (quick: page 1 of the first two).
  for (const file of quick ? reportPdfs.slice(0, 2) : reportPdfs) {
    const bytes = new Uint8Array(readFileSync(join(REPORTS, file)));
    const text = (await pdfPagesText(join(REPORTS, file)))!;
    const renderer = await openPdfRenderer(bytes);
    try {
      const last = quick ? 1 : renderer.numPages;
      for (let p = 1; p <= last; p++) {
        const name = `${file}.p${p}.png`;
        await writeFile(join(dir, name), await renderer.render(p, OCR_DPI));
        items.push({
          name,
          origin: `fixtures/reports/${file} p${p} @${OCR_DPI}dpi`,
          kind: 'render',
          reference: text[p - 1] ?? null,
          referenceFrom: `fixtures/reports/${file} p${p}`,
        });
      }
    } finally {
      await renderer.close();
    }
  }
  progress('prepare', `OCR page set: ${items.length} page images in ${dir}`);
  await writeFile(manifestFile, `${JSON.stringify({ key, items }, null, 2)}\n`);
  return { dir, items };
}

/** Reads the prepared set without rendering anything (the stage processes use this). */
export function loadOcrPages(quick: boolean): OcrPageSet {
  const dir = join(CACHE_DIR, quick ? 'ocr-quick' : 'ocr-full');
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { items: OcrPageItem[] };
  return { dir, items: manifest.items };
}
