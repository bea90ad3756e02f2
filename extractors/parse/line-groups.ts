// Lines of a page into blocks: table regions, then headings and paragraphs between them. The
// text-PDF parser and the OCR layout share this; each brings its own geometry (font sizes
// and bold from pdf.js, word boxes from tesseract) through the predicates.

export interface TableRegion {
  start: number;
  /** Exclusive. */
  end: number;
  rows: string[][];
}

export interface TextRules<L> {
  continuesParagraph(prev: L, line: L): boolean;
  isHeading(line: L): boolean;
  continuesHeading(prev: L, line: L): boolean;
}

export interface LineGrouping<L> {
  /** The table starting at line `at`, if one does. */
  findTable(lines: L[], at: number): TableRegion | null;
  /** The text rules of the page, from its lines outside tables (spacing, margins). */
  textRules(textLines: L[]): TextRules<L>;
}

export type LineGroup<L> = { kind: 'table'; region: TableRegion; lines: L[] } | { kind: 'heading' | 'paragraph'; lines: L[] };

export function groupIntoBlocks<L>(lines: L[], grouping: LineGrouping<L>): LineGroup<L>[] {
  const tableAt = new Map<number, TableRegion>();
  const inTable = new Set<number>();
  for (let i = 0; i < lines.length; ) {
    const table = grouping.findTable(lines, i);
    if (table && table.end > table.start) {
      tableAt.set(i, table);
      for (let j = table.start; j < table.end; j++) inTable.add(j);
      i = table.end;
    } else {
      i++;
    }
  }
  const rules = grouping.textRules(lines.filter((_, i) => !inTable.has(i)));

  const groups: LineGroup<L>[] = [];
  let open: { kind: 'heading' | 'paragraph'; lines: L[] } | null = null;
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
    const current = open as { kind: 'heading' | 'paragraph'; lines: L[] } | null;
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

/**
 * A page number: "2", "- 2 -", "Trang 2", "2/15" alone in the top or bottom 8% of the page.
 * `y` is the line's vertical position in the page's own units (points or pixels).
 */
export function isPageNumberLine(text: string, y: number, pageHeight: number): boolean {
  if (pageHeight <= 0) return false;
  if (y > pageHeight * 0.08 && y < pageHeight * 0.92) return false;
  return /^(?:trang\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\/\s*\d{1,4})?$/iu.test(text);
}
