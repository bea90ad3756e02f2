// Character error rate over a set of pages, with extractors/parse/ocr/cer.ts's normalisation and
// distance: per page, and pooled (all edits over all reference characters), which weighs a
// dense annex page more than a near-empty one.
import { levenshtein, normalizeForCer } from '../../extractors/parse/ocr/cer.ts';
import type { ParsedPage } from '../../extractors/types.ts';

export interface PageCer {
  edits: number;
  chars: number;
  cer: number;
}

export function pageCer(reference: string, hypothesis: string): PageCer {
  const ref = normalizeForCer(reference);
  const hyp = normalizeForCer(hypothesis);
  const chars = Array.from(ref).length;
  const edits = levenshtein(ref, hyp);
  return { edits, chars, cer: chars === 0 ? (hyp.length === 0 ? 0 : 1) : edits / chars };
}

export function pooledCer(pages: PageCer[]): number {
  const chars = pages.reduce((n, p) => n + p.chars, 0);
  return chars === 0 ? Number.NaN : pages.reduce((n, p) => n + p.edits, 0) / chars;
}

/** A laid-out OCR page as text: table cells joined by spaces (the PDF's text has no " | "), as test/extractors/parse/ocr/bench.ts does. */
export function ocrPageText(page: ParsedPage): string {
  return page.blocks.map((b) => (b.kind === 'table' ? b.rows.map((r) => r.join(' ')).join('\n') : b.text)).join('\n');
}
