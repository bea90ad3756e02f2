// Lines of a page -> blocks: table regions first, then headings and paragraphs between them. A
// line is a heading when it is short and all capitals, a Roman-numeral section, or bold / larger
// than the body text without ending like a sentence (and, where there are no fonts, a short
// centred line or a short numbered section title); adjacent heading lines of one style are one
// heading. Body lines form a paragraph until a vertical gap wider than the line spacing allows,
// a first-line indent, a list-item start, a change of size, or a short previous line ending in
// . : ; ! ?
import type { Block } from '../../types.ts';
import { ITEM_START, ROMAN_SECTION, cleanText, isAllCaps, looksLikeHeading, makeTableBlock } from '../text.ts';
import type { LayoutWord, Line } from './model.ts';
import type { LayoutParams } from './params.ts';
import { median, percentile } from './stats.ts';
import { findTable, type TableRegion } from './tables.ts';

export type LineGroup<W extends LayoutWord = LayoutWord> =
  | { kind: 'table'; region: TableRegion; lines: Line<W>[] }
  | { kind: 'heading' | 'paragraph'; lines: Line<W>[] };

/** A block and the lines it was made of (their words, their position). */
export interface LaidOutBlock<W extends LayoutWord = LayoutWord> {
  block: Block;
  lines: Line<W>[];
}

/**
 * The blocks of a page from its lines (top to bottom). `bodySize` is the size of the document's
 * body text, where fonts tell it: a line larger by 15% may be a heading.
 */
export function layoutBlocks<W extends LayoutWord>(page: number, lines: Line<W>[], params: LayoutParams, bodySize?: number): LaidOutBlock<W>[] {
  return groupLines(lines, params, bodySize).map((g) => ({
    block: g.kind === 'table' ? makeTableBlock(page, g.region.rows) : { kind: g.kind, page, text: cleanText(g.lines.map((l) => l.text).join(' ')) },
    lines: g.lines,
  }));
}

function groupLines<W extends LayoutWord>(lines: Line<W>[], params: LayoutParams, bodySize: number | undefined): LineGroup<W>[] {
  const tableAt = new Map<number, TableRegion>();
  const inTable = new Set<number>();
  for (let i = 0; i < lines.length; ) {
    const table = findTable(lines, i, params);
    if (table && table.end > table.start) {
      tableAt.set(i, table);
      for (let j = table.start; j < table.end; j++) inTable.add(j);
      i = table.end;
    } else {
      i++;
    }
  }
  const rules = textRules(
    lines.filter((_, i) => !inTable.has(i)),
    params,
    bodySize,
  );

  const groups: LineGroup<W>[] = [];
  let open: { kind: 'heading' | 'paragraph'; lines: Line<W>[] } | null = null;
  const flush = () => {
    if (open) groups.push(open);
    open = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const table = tableAt.get(i);
    if (table) {
      flush();
      groups.push({ kind: 'table', region: table, lines: lines.slice(table.start, table.end) });
      i = table.end - 1;
      continue;
    }
    const line = lines[i]!;
    const current = open as { kind: 'heading' | 'paragraph'; lines: Line<W>[] } | null;
    const prev = current?.lines[current.lines.length - 1];
    if (current?.kind === 'paragraph' && prev && rules.continuesParagraph(prev, line)) {
      current.lines.push(line);
      continue;
    }
    if (rules.isHeading(line)) {
      if (current?.kind === 'heading' && prev && rules.continuesHeading(prev, line)) {
        current.lines.push(line);
        continue;
      }
      flush();
      open = { kind: 'heading', lines: [line] };
      continue;
    }
    flush();
    open = { kind: 'paragraph', lines: [line] };
  }
  flush();
  return groups;
}

interface TextRules {
  continuesParagraph(prev: Line, line: Line): boolean;
  isHeading(line: Line): boolean;
  continuesHeading(prev: Line, line: Line): boolean;
}

/** The page's text rules, from its lines outside tables (their spacing and margins). */
function textRules(textLines: Line[], params: LayoutParams, bodySize: number | undefined): TextRules {
  const spacing = lineSpacing(textLines, params);
  const leftEdge = percentile(
    textLines.map((l) => l.x0),
    0.1,
  );
  const rightEdge = percentile(
    textLines.map((l) => l.x1),
    params.paragraphs.rightEdgePercentile,
  );
  return {
    continuesParagraph: (prev, line) => continuesParagraph(prev, line, spacing, rightEdge, params),
    isHeading: (line) =>
      looksLikeHeading(line.text, { bold: line.bold, larger: bodySize !== undefined && line.size >= bodySize * 1.15 }) ||
      (params.headings.byPosition && isPlacedLikeHeading(line, leftEdge, rightEdge)),
    continuesHeading: (prev, line) => continuesHeading(prev, line, params),
  };
}

/** "1. Công tác quản lý nhiệm vụ KH&CN", "2.1. Kết quả ...": a numbered section title. */
const NUMBERED_TITLE = /^\d{1,2}(?:\.\d{1,2})*\.\s+\p{Lu}/u;

/** A short numbered section title, or a centred line (both margins well inside the text block) like the report's title lines. */
function isPlacedLikeHeading(line: Line, leftEdge: number, rightEdge: number): boolean {
  const text = line.text;
  if (text.length > 120 || /[.;,:]$/u.test(text)) return false;
  const short = line.x1 < rightEdge - 4 * line.size;
  if (NUMBERED_TITLE.test(text) && short) return true;
  const middle = (leftEdge + rightEdge) / 2;
  const centred = line.x0 > leftEdge + 3 * line.size && Math.abs((line.x0 + line.x1) / 2 - middle) < 1.5 * line.size;
  return centred && !/^[(\-–]/u.test(text);
}

/** Distance between neighbouring body lines: the median over neighbours of one size closer than 2.5 em. */
function lineSpacing(lines: Line[], params: LayoutParams): number {
  const { abs, rel } = params.paragraphs.spacingSameSize;
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!;
    const b = lines[i]!;
    const gap = b.y - a.y;
    if (gap > 0 && gap < 2.5 * a.size && Math.abs(a.size - b.size) < abs + rel * a.size) gaps.push(gap);
  }
  return gaps.length > 0 ? median(gaps) : params.paragraphs.fallbackSpacing * (median(lines.map((l) => l.size)) || 12);
}

function continuesParagraph(prev: Line, line: Line, spacing: number, rightEdge: number, params: LayoutParams): boolean {
  const p = params.paragraphs;
  const gap = line.y - prev.y;
  if (gap <= 0 || gap > spacing * p.gap + p.gapSlack) return false;
  if (Math.abs(line.size - prev.size) > p.sizeChange * prev.size) return false;
  if (ITEM_START.test(line.text)) return false;
  if (line.x0 > prev.x0 + p.indent * line.size) return false; // first-line indent of a new paragraph
  if (prev.x1 < rightEdge - 4 * prev.size && /[.:;!?]$/u.test(prev.text)) return false; // short last line
  return true;
}

function continuesHeading(prev: Line, line: Line, params: LayoutParams): boolean {
  return (
    prev.bold === line.bold &&
    Math.abs(prev.size - line.size) < params.headings.sizeTolerance &&
    isAllCaps(prev.text) === isAllCaps(line.text) &&
    line.y - prev.y <= params.headings.lineGap * Math.max(line.size, prev.size) &&
    !ITEM_START.test(line.text) &&
    !ROMAN_SECTION.test(line.text)
  );
}
