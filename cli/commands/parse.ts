// baocao parse FILE: the document as the pipeline read it (pages, blocks, tables, which pages
// were read by OCR and how surely, stamps, warnings), for analysts and for debugging a bad
// extraction. Nothing is classified, extracted or stored.
import { readFile } from 'node:fs/promises';
import { clockedRun, documentClock } from '../../activities/deadline.ts';
import type { Config } from '../../app/config.ts';
import { terminalSafeJson, terminalSafeLines } from '../format.ts';
import { formatParsed, type ParsedFormat } from '../parsed-document-format.ts';
import { documentStepsOf } from '../../app/runtime.ts';
import { parseLimitsOf } from './extract.ts';

export async function parseCommand(file: string, options: { format: ParsedFormat }, config: Config): Promise<number> {
  const bytes = new Uint8Array(await readFile(file));
  // Read in a process of its own, held to the document limits, as the pipeline reads it.
  const documentSteps = documentStepsOf(config);
  const parsed = await documentSteps.steps
    .parse(bytes, { maxBytes: config.limits.maxFileBytes, ...parseLimitsOf(config) }, clockedRun(documentClock(config.limits.documentTimeoutMs)))
    .finally(() => documentSteps.close());
  // The document's text may hold terminal controls: they are printed as escapes.
  const out = formatParsed(parsed, options.format);
  process.stdout.write(options.format === 'json' ? terminalSafeJson(out) : terminalSafeLines(out));
  return 0;
}
