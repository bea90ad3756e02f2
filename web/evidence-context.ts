// The passage around a value's evidence, for the reviewer to read it in context: the paragraph
// (or the neighbouring table rows) of the parsed document that contains the quote. Falls back
// to the evidence alone when the parsed text is not at hand or the quote is not in it (a
// model's quote that was never located).
import type { Block, ParsedDocument } from '../extractors/types.ts';

export interface EvidenceContext {
  text: string;
  /** Offsets of the evidence in `text` (end exclusive). */
  start: number;
  end: number;
  /** Where the passage was found; null when it is the evidence alone. */
  page: number | null;
  source: 'document' | 'evidence';
}

/** Characters kept either side of the quote in a long paragraph. */
const REACH = 600;
/** Table rows kept either side of the quoted row. */
const ROWS_AROUND = 2;

/** The passage `start`..`end` of `text` with at most `reach` characters either side, cut at spaces. */
export function window(text: string, start: number, end: number, reach = REACH): { text: string; start: number; end: number } {
  let from = Math.max(0, start - reach);
  let to = Math.min(text.length, end + reach);
  // Cut at a space, so the passage does not begin or end inside a word.
  if (from > 0) from = text.indexOf(' ', from) + 1 || from;
  if (to < text.length) to = text.lastIndexOf(' ', to) > end ? text.lastIndexOf(' ', to) : to;
  const head = from > 0 ? '… ' : '';
  const tail = to < text.length ? ' …' : '';
  return { text: head + text.slice(from, to) + tail, start: start - from + head.length, end: end - from + head.length };
}

function inBlock(block: Block, evidence: string): { text: string; start: number; end: number } | null {
  const at = block.text.indexOf(evidence);
  if (at < 0) return null;
  if (block.kind !== 'table') return window(block.text, at, at + evidence.length);
  const lines = block.text.split('\n');
  let offset = 0;
  let row = 0;
  while (row < lines.length - 1 && offset + lines[row]!.length < at) offset += lines[row++]!.length + 1;
  const first = Math.max(0, row - ROWS_AROUND);
  const kept = lines.slice(first, row + ROWS_AROUND + 1).join('\n');
  const skipped = lines.slice(0, first).reduce((n, l) => n + l.length + 1, 0);
  return { text: kept, start: at - skipped, end: Math.min(kept.length, at - skipped + evidence.length) };
}

export function evidenceContext(doc: ParsedDocument | null, evidence: string, page: number): EvidenceContext {
  const quote = evidence.normalize('NFC');
  if (doc && quote.trim() !== '') {
    // The value's own page first: the same sentence may recur (a summary repeating a table).
    const pages = [...doc.pages].sort((a, b) => (a.number === page ? -1 : b.number === page ? 1 : a.number - b.number));
    for (const p of pages) {
      for (const block of p.blocks) {
        const found = inBlock(block, quote);
        if (found) return { ...found, page: p.number, source: 'document' };
      }
    }
  }
  return { text: evidence, start: 0, end: evidence.length, page: null, source: 'evidence' };
}
