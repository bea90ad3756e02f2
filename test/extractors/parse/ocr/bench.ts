// OCR benchmark on the fixture reports (not a test; run by hand, it takes minutes):
//   node cli/run-ts.js test/extractors/parse/ocr/bench.ts [dpi=300] [workers=2] [languages=vie+eng] [files...]
// Renders every page of each fixture PDF, OCRs it, and prints seconds per page, the character
// error rate per page against the PDF's own text (unpdf extractText), and how many of the truth
// values the rules extractor finds in the OCR'd document compared with the text-layer parse.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { extractText } from 'unpdf';
import { classifyDocument } from '../../../../extractors/classify.ts';
import { cer } from '../../../../extractors/parse/ocr/cer.ts';
import { createOcrEngine } from '../../../../extractors/parse/ocr/engine.ts';
import { ocrPdfPages } from '../../../../extractors/parse/ocr/index.ts';
import { parseDocument } from '../../../../extractors/parse/index.ts';
import { extractWithRules } from '../../../../extractors/rules/index.ts';
import type { ParsedDocument, ParsedPage } from '../../../../extractors/types.ts';
import { DEFAULT_VERIFY_OPTIONS, verifyCandidates } from '../../../../extractors/verify/index.ts';

const [dpiArg, workersArg, langArg, ...fileArgs] = process.argv.slice(2);
const dpi = Number(dpiArg ?? 300);
const workers = Number(workersArg ?? 2);
const dir = path.resolve('fixtures/reports');
const files = fileArgs.length > 0 ? fileArgs : ['tayninh-2025-h1.pdf', 'danang-2025-q3.pdf', 'bacgiang-2024.pdf', 'hcm-2024-9m.pdf'];

interface Truth {
  document: { province_code: string; number: string; period_label: string };
  values: Array<{ indicator: string; value: string }>;
}

function found(doc: ParsedDocument, truth: Truth): { hits: number; wrong: string[] } {
  const values = verifyCandidates(extractWithRules(doc), doc, DEFAULT_VERIFY_OPTIONS);
  let hits = 0;
  const wrong: string[] = [];
  for (const t of truth.values) {
    const v = values.find((x) => x.indicator === t.indicator);
    if (v && v.value === t.value) hits++;
    else wrong.push(`${t.indicator}=${t.value} got ${v?.value ?? 'nothing'}`);
  }
  return { hits, wrong };
}

const engine = await createOcrEngine({ workers, languages: langArg ?? 'vie+eng' });
let totalPages = 0;
let totalMs = 0;
try {
  for (const name of files) {
    const bytes = new Uint8Array(readFileSync(path.join(dir, name)));
    const truth = JSON.parse(readFileSync(path.join(dir, `${name}.truth.json`), 'utf8')) as Truth;
    const text = await extractText(bytes.slice(), { mergePages: false });
    const numbers = text.text.map((_, i) => i + 1);
    const t0 = Date.now();
    const ocr = await ocrPdfPages(bytes, numbers, { engine, maxPages: 50, dpi });
    const ms = Date.now() - t0;
    totalPages += numbers.length;
    totalMs += ms;
    const doc: ParsedDocument = { mediaType: 'application/pdf', pages: ocr.pages, warnings: ocr.warnings };
    // Table cells joined by spaces (the PDF's text has no " | "); the order is still the layout's.
    const pageText = (p: ParsedPage) => p.blocks.map((b) => (b.kind === 'table' ? b.rows.map((r) => r.join(' ')).join('\n') : b.text)).join('\n');
    const cers = ocr.pages.map((p) => cer(text.text[p.number - 1]!, pageText(p)));
    const c = classifyDocument(doc);
    const textLayer = found(await parseDocument(bytes), truth);
    const viaOcr = found(doc, truth);
    console.log(
      `${name} @${dpi}dpi: ${numbers.length} pages in ${(ms / 1000).toFixed(1)} s (${(ms / 1000 / numbers.length).toFixed(2)} s/page), ` +
        `CER per page ${cers.map((x) => x.toFixed(3)).join(' ')}, confidence ${ocr.pages.map((p) => p.ocrConfidence).join(' ')}`,
    );
    console.log(
      `  classify: province ${c.provinceCode} (truth ${truth.document.province_code}), number ${c.number} (truth ${truth.document.number}), period ${c.period?.label} (truth ${truth.document.period_label})`,
    );
    console.log(`  truth values found: OCR ${viaOcr.hits}/${truth.values.length}, text layer ${textLayer.hits}/${truth.values.length}`);
    if (viaOcr.wrong.length > 0) console.log(`  missed by OCR: ${viaOcr.wrong.join('; ')}`);
    if (ocr.warnings.length > 0) console.log(`  warnings: ${ocr.warnings.map((w) => w.message).join('; ')}`);
  }
  console.log(`overall: ${totalPages} pages, ${(totalMs / 1000 / totalPages).toFixed(2)} s/page with ${workers} workers at ${dpi} dpi`);
  console.log(`resident memory at the end: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`);
} finally {
  await engine.close();
}
