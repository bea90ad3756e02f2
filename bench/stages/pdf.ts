// Section b: text PDF parsing. parseDocument (unpdf, line grouping, tables, legacy-font check) on
// the fixture PDFs, in this process, one file after another, the set repeated until enough time
// has passed for a stable rate; then `pdftotext` (poppler-utils) on the same files, one process
// per file, one after another (both single-core). Pages/s.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../extractors/parse/index.ts';
import { progress, REPO, runStage } from '../lib/common.ts';
import { repeat } from '../lib/repeat.ts';

const REPORTS = join(REPO, 'fixtures', 'reports');

await runStage('pdf', async ({ quick }) => {
  const files = readdirSync(REPORTS)
    .filter((f) => f.endsWith('.pdf'))
    .sort();
  const bytes = files.map((f) => new Uint8Array(readFileSync(join(REPORTS, f))));
  const minMs = quick ? 3_000 : 20_000;

  // Warm-up: module loading, JIT, pdf.js's worker-less setup.
  let pagesPerSet = 0;
  for (const b of bytes) pagesPerSet += (await parseDocument(b)).pages.length;
  progress('pdf', `${files.length} fixture PDFs, ${pagesPerSet} pages per set; parsing for ${minMs / 1000} s`);
  const parse = await repeat(minMs, 3, async () => {
    let pages = 0;
    for (const b of bytes) pages += (await parseDocument(b)).pages.length;
    return pages;
  });
  const parsePagesPerSec = parse.units / (parse.ms / 1000);
  progress('pdf', `parseDocument: ${parse.units} pages in ${(parse.ms / 1000).toFixed(1)} s = ${parsePagesPerSec.toFixed(0)} pages/s`);

  let pdftotext: { pagesPerSec: number; pages: number; ms: number; version: string } | { skipped: string };
  const probe = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
  if (probe.error) {
    pdftotext = { skipped: 'pdftotext not found (apt-get install poppler-utils)' };
  } else {
    const version = `${probe.stderr}${probe.stdout}`.split('\n')[0]!.trim();
    const run = await repeat(minMs / 2, 3, () => {
      for (const f of files) {
        const r = spawnSync('pdftotext', ['-enc', 'UTF-8', join(REPORTS, f), '-'], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`pdftotext ${f} failed: ${r.stderr}`);
      }
      return pagesPerSet;
    });
    pdftotext = { pagesPerSec: run.units / (run.ms / 1000), pages: run.units, ms: run.ms, version };
    progress('pdf', `pdftotext: ${run.units} pages in ${(run.ms / 1000).toFixed(1)} s = ${pdftotext.pagesPerSec.toFixed(0)} pages/s`);
  }
  return { files: files.length, pagesPerSet, parse: { pagesPerSec: parsePagesPerSec, pages: parse.units, ms: parse.ms, rounds: parse.rounds }, pdftotext };
});
