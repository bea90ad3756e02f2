// baocao parse FILE: the document as the pipeline read it (pages, blocks, tables, which pages
// were read by OCR and how surely, stamps, warnings), for analysts and for debugging a bad
// extraction. Nothing is classified, extracted or stored.
import { readFile } from 'node:fs/promises';
import { parseDocument } from '../../extractors/parse/index.ts';
import type { Config } from '../config.ts';
import { formatParsed, type ParsedFormat } from '../parsed-document-format.ts';
import { lazyOcr } from '../runtime.ts';

export async function parseCommand(file: string, options: { format: ParsedFormat }, config: Config): Promise<number> {
  const bytes = new Uint8Array(await readFile(file));
  const ocr = lazyOcr(config);
  const { maxPages, maxUnpackedBytes } = config.limits;
  const parsed = await parseDocument(bytes, {
    maxBytes: config.limits.maxFileBytes,
    maxPages,
    maxUnpackedBytes,
    ...(ocr.ocr ? { ocr: ocr.ocr } : {}),
  }).finally(() => ocr.close());
  process.stdout.write(formatParsed(parsed, options.format));
  return 0;
}
