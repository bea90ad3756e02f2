// Not a measurement: makes (or finds in .bench-cache/) what the OCR and night stages read, so that
// rendering and generating never count in their time or memory.
//   --sections ocr,night
import { progress, runStage } from '../lib/common.ts';
import { nightProvinces, prepareNight } from '../lib/corpus.ts';
import { prepareOcrPages } from '../lib/ocr-pages.ts';

await runStage('prepare', async ({ quick }) => {
  const i = process.argv.indexOf('--sections');
  const sections = (i >= 0 ? (process.argv[i + 1] ?? '') : 'ocr,night').split(',');
  const out: Record<string, unknown> = {};
  if (sections.includes('ocr')) {
    const t0 = Date.now();
    const set = await prepareOcrPages(quick);
    out.ocr = { pages: set.items.length, dir: set.dir, ms: Date.now() - t0 };
    progress('prepare', `OCR pages ready: ${set.items.length} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  if (sections.includes('night')) {
    const t0 = Date.now();
    const night = await prepareNight(nightProvinces(quick));
    out.night = { files: night.files.length, dir: night.dir, ms: Date.now() - t0 };
    progress('prepare', `night reports ready: ${night.files.length} files in ${night.dir} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  return out;
});
