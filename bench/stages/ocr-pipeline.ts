// Section a, the pipeline's half: the extractors/ocr engine (createOcrEngine, one worker per
// core) over the prepared page images, as many pages in flight as workers (what ocrPdfPages and
// ocrImageDocument do), each page recognised and laid out (layoutPage). The engine's start is
// timed apart: in production it starts once per process, not per page.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createOcrEngine, layoutPage } from '../../extractors/parse/ocr/index.ts';
import { ocrPageText, pageCer, pooledCer, type PageCer } from '../lib/cer.ts';
import { cores, progress, runStage } from '../lib/common.ts';
import { loadOcrPages } from '../lib/ocr-pages.ts';

await runStage('ocr-pipeline', async ({ quick }) => {
  const { dir, items } = loadOcrPages(quick);
  const workers = cores();
  const t0 = performance.now();
  const engine = await createOcrEngine({ workers });
  const startMs = performance.now() - t0;
  progress('ocr-pipeline', `engine started with ${workers} workers in ${(startMs / 1000).toFixed(1)} s; ${items.length} pages`);
  const pages: Array<{ name: string; ms: number; kind: 'scan' | 'render'; cer: PageCer | null; confidence: number | null }> = [];
  let next = 0;
  const t1 = performance.now();
  try {
    const lane = async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const bytes = new Uint8Array(await readFile(join(dir, item.name)));
        const s = performance.now();
        const page = layoutPage(await engine.recognize(bytes, 1));
        const ms = performance.now() - s;
        const cer = item.reference === null ? null : pageCer(item.reference, ocrPageText(page));
        pages.push({ name: item.name, kind: item.kind, ms, cer, confidence: page.ocrConfidence ?? null });
        progress(
          'ocr-pipeline',
          `${pages.length}/${items.length} ${item.name}: ${(ms / 1000).toFixed(1)} s, CER ${cer ? `${(cer.cer * 100).toFixed(2)}%` : 'n/a'}`,
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(workers, items.length) }, lane));
  } finally {
    await engine.close();
  }
  const wallMs = performance.now() - t1;
  const scored = pages.flatMap((p) => (p.cer ? [p.cer] : []));
  return {
    workers,
    pages: items.length,
    pagesScored: scored.length,
    engineStartMs: startMs,
    wallMs,
    pagesPerMin: (items.length / wallMs) * 60_000,
    cer: pooledCer(scored),
    cerScans: pooledCer(pages.flatMap((p) => (p.cer && p.kind === 'scan' ? [p.cer] : []))),
    cerRenders: pooledCer(pages.flatMap((p) => (p.cer && p.kind === 'render' ? [p.cer] : []))),
    perPage: pages.sort((a, b) => a.name.localeCompare(b.name)),
  };
});
