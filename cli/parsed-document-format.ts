// A ParsedDocument printed the way document converters print their result: plain text,
// Markdown, or JSON (the shape `baocao parse --format json` documents in the README). Pure.
import type { Block, ParsedDocument, ParsedPage } from '../extractors/types.ts';
import { messagesOf, type DocumentWarning, type WarningCode } from '../extractors/warnings.ts';

export type ParsedFormat = 'text' | 'markdown' | 'json';

/** `baocao parse --format json`: what the pipeline read, page by page. */
export interface ParsedJson {
  media_type: string;
  pages: {
    number: number;
    source: 'text' | 'ocr';
    /** OCR pages: the mean confidence of the page's words (0..1); null for text pages. */
    ocr_confidence: number | null;
    /** Digital-signature stamps found on the page, set apart from its text. */
    stamps: string[];
    blocks: (
      | { kind: 'heading' | 'paragraph'; text: string; ocr_confidence: number | null }
      | { kind: 'table'; rows: string[][]; ocr_confidence: number | null }
    )[];
  }[];
  warnings: string[];
  /** The same warnings with their code (README "Warning codes") and page (null: the whole document). */
  warning_details: WarningJson[];
}

export interface WarningJson {
  code: WarningCode;
  page: number | null;
  message: string;
}

export const toWarningJson = (w: DocumentWarning): WarningJson => ({ code: w.code, page: w.page ?? null, message: w.message });

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The mean confidence of a block's OCR words, or null (text pages). */
function blockConfidence(block: Block): number | null {
  const words = block.words ?? [];
  if (words.length === 0) return null;
  return round2(words.reduce((s, w) => s + w.confidence, 0) / words.length);
}

export function toParsedJson(doc: ParsedDocument): ParsedJson {
  return {
    media_type: doc.mediaType,
    pages: doc.pages.map((p) => ({
      number: p.number,
      source: p.source,
      ocr_confidence: p.source === 'ocr' ? round2(p.ocrConfidence ?? 0) : null,
      stamps: p.stamps ?? [],
      blocks: p.blocks.map((b) =>
        b.kind === 'table'
          ? { kind: 'table' as const, rows: b.rows, ocr_confidence: blockConfidence(b) }
          : { kind: b.kind, text: b.text, ocr_confidence: blockConfidence(b) },
      ),
    })),
    warnings: messagesOf(doc.warnings),
    warning_details: doc.warnings.map(toWarningJson),
  };
}

function pageLabel(p: ParsedPage): string {
  return p.source === 'ocr' ? `page ${p.number} · OCR, confidence ${round2(p.ocrConfidence ?? 0).toFixed(2)}` : `page ${p.number} · text layer`;
}

/** Plain text: blocks separated by blank lines, table rows as "cell | cell", one header per page. */
export function toPlainText(doc: ParsedDocument): string {
  const out: string[] = [];
  for (const p of doc.pages) {
    out.push(`=== ${pageLabel(p)} ===`);
    for (const s of p.stamps ?? []) out.push(`[signature stamp] ${s}`);
    for (const b of p.blocks) out.push(b.text, '');
    if (p.blocks.length === 0) out.push('(no text)', '');
  }
  for (const w of doc.warnings) out.push(`warning: ${w.message}`);
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function markdownTable(rows: string[][]): string {
  const width = Math.max(...rows.map((r) => r.length));
  const pad = (r: string[]) => [...r, ...Array<string>(width - r.length).fill('')];
  const [head, ...body] = rows.map(pad);
  const line = (r: string[]) => `| ${r.map(mdCell).join(' | ')} |`;
  return [line(head!), `| ${Array<string>(width).fill('---').join(' | ')} |`, ...body.map(line)].join('\n');
}

/** Markdown: a section per page, headings as "###", tables as pipe tables, stamps as quotes. */
export function toMarkdown(doc: ParsedDocument): string {
  const out: string[] = [];
  for (const p of doc.pages) {
    out.push(`## ${pageLabel(p)}`, '');
    for (const s of p.stamps ?? []) out.push(`> signature stamp: ${s}`, '');
    for (const b of p.blocks) {
      if (b.kind === 'table') out.push(markdownTable(b.rows), '');
      else if (b.kind === 'heading') out.push(`### ${b.text}`, '');
      else out.push(b.text, '');
    }
    if (p.blocks.length === 0) out.push('_(no text)_', '');
  }
  if (doc.warnings.length > 0) {
    out.push('## warnings', '');
    for (const w of doc.warnings) out.push(`- ${w.message}`);
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export function formatParsed(doc: ParsedDocument, format: ParsedFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(toParsedJson(doc), null, 2)}\n`;
    case 'markdown':
      return toMarkdown(doc);
    case 'text':
      return toPlainText(doc);
  }
}
