// Section c: DOCX parsing. parseDocument (mammoth, tables, page breaks) on the fixture DOCX files,
// in this process, one after another, the set repeated until enough time has passed. Documents/s.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../extractors/parse/index.ts';
import { progress, REPO, runStage } from '../lib/common.ts';
import { repeat } from '../lib/repeat.ts';

const REPORTS = join(REPO, 'fixtures', 'reports');

await runStage('docx', async ({ quick }) => {
  const files = readdirSync(REPORTS)
    .filter((f) => f.endsWith('.docx'))
    .sort();
  const bytes = files.map((f) => new Uint8Array(readFileSync(join(REPORTS, f))));
  const minMs = quick ? 3_000 : 20_000;
  for (const b of bytes) await parseDocument(b); // warm-up
  progress('docx', `${files.length} fixture DOCX files; parsing for ${minMs / 1000} s`);
  const run = await repeat(minMs, 3, async () => {
    for (const b of bytes) await parseDocument(b);
    return bytes.length;
  });
  const docsPerSec = run.units / (run.ms / 1000);
  progress('docx', `parseDocument: ${run.units} documents in ${(run.ms / 1000).toFixed(1)} s = ${docsPerSec.toFixed(1)} docs/s`);
  return { files: files.length, docsPerSec, documents: run.units, ms: run.ms, rounds: run.rounds };
});
