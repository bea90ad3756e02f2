// Lines -> tables: a run of lines whose segments line up in columns. Pass 1 takes the run of
// lines close enough to be one table; the columns come from its multi-segment lines; pass 2
// assigns each line's segments to columns and stops at the first line that does not fit; rows
// are then made, a line with an empty first column at line spacing that does not start a list
// item ("-", "a)", "1.") being a wrapped continuation of the row above. Exactly two far-apart
// columns over two lines or more is the header/signature layout of a Vietnamese report, kept as
// a 2-column table.
import { ITEM_START, isAllCaps } from '../text.ts';
import type { LayoutWord, Line } from './model.ts';
import type { LayoutParams } from './params.ts';
import { median } from './stats.ts';

export interface TableRegion {
  start: number;
  /** Exclusive. */
  end: number;
  rows: string[][];
}

interface Column {
  x0: number;
  x1: number;
}

const filledCells = (cells: string[]) => cells.filter((c) => c !== '').length;

export function findTable(lines: Line[], start: number, params: LayoutParams): TableRegion | null {
  const p = params.tables;
  const first = lines[start];
  if (!first || first.segments.length < 2) return null;

  // Pass 1: the run of lines close enough to belong to one table.
  let end = start + 1;
  let runX0 = first.x0;
  let runX1 = first.x1;
  while (end < lines.length) {
    const line = lines[end]!;
    const prev = lines[end - 1]!;
    const em = Math.max(line.size, prev.size);
    if (line.y - prev.y > p.lineGap * em) break;
    if (line.segments.length < 2) {
      // A single-segment line may still belong: a wrapped cell in a later column, a lone cell at line
      // spacing (pass 2 checks it fits one column), or a spanning group row followed by more rows.
      const next = lines[end + 1];
      const startsRight = line.x0 > first.x0 + line.size;
      const close = line.y - prev.y <= p.wrapGap * em;
      const beforeMultiCell = next !== undefined && next.segments.length >= 3 && next.y - line.y <= p.lineGap * next.size;
      if (!startsRight && !close && !beforeMultiCell) break;
      // Wider than most of the table so far: running text after it, not a cell.
      if (p.wideLineEndsTable && !beforeMultiCell && line.x1 - line.x0 > 0.6 * (runX1 - runX0)) break;
    }
    runX0 = Math.min(runX0, line.x0);
    runX1 = Math.max(runX1, line.x1);
    end++;
  }

  const run = lines.slice(start, end);
  const columns = p.columns === 'widest-lines' ? widestLineColumns(run, params) : coveredColumns(run, params);
  if (!columns || columns.length < 2) return null;
  const minFilled = Math.min(3, columns.length);
  const tableSize = median(run.map((l) => l.size));
  const assign = p.assign === 'centre' ? assignByCentre : assignByStart;

  // Pass 2: assign segments to columns; stop at the first line that does not fit.
  const assigned: Array<{ line: Line; cells: string[] }> = [];
  let multiCellLines = 0;
  for (let i = start; i < end; i++) {
    const line = lines[i]!;
    let cells = assign(line, columns);
    if (!cells) {
      // A line spanning columns (a group title in a merged cell) is one cell when the table goes on.
      const next = lines[i + 1];
      const nextCells = next && i + 1 < end ? assign(next, columns) : null;
      if (!nextCells || filledCells(nextCells) < minFilled) break;
      cells = [line.text];
    }
    const filled = filledCells(cells);
    if (p.sizeChangeEndsTable !== null && filled < 2 && Math.abs(line.size - tableSize) > p.sizeChangeEndsTable * tableSize) break;
    if (filled >= minFilled) multiCellLines++;
    assigned.push({ line, cells });
  }
  if (multiCellLines < 2) return null;
  if (p.dropTrailingText) {
    // Trailing one-cell lines are running text under the table, unless they wrap the last row.
    while (assigned.length > 2) {
      const last = assigned[assigned.length - 1]!;
      const prev = assigned[assigned.length - 2]!;
      if (filledCells(last.cells) >= 2) break;
      if (last.cells[0] === '' && last.line.y - prev.line.y <= p.wrapGap * last.line.size) break;
      assigned.pop();
    }
  }
  return { start, end: start + assigned.length, rows: tableRows(assigned, params) };
}

/** Two segments far apart: a line of the header or signature layout. */
function isLayoutLine(line: Line, params: LayoutParams): boolean {
  const [left, right] = line.segments;
  return left !== undefined && right !== undefined && right.x0 - left.x1 >= params.tables.layoutGap * line.size;
}

/** Columns from the lines with the most segments, overlapping ones merged; null when the run is no table. */
function widestLineColumns(run: Line[], params: LayoutParams): Column[] | null {
  const k = Math.max(...run.map((l) => l.segments.length));
  const kLines = run.filter((l) => l.segments.length === k);
  if (kLines.length < 2 && k < 3) return null;
  if (k === 2 && !kLines.every((l) => isLayoutLine(l, params))) return null;
  const sorted = Array.from({ length: k }, (_, i) => ({
    x0: Math.min(...kLines.map((l) => l.segments[i]!.x0)),
    x1: Math.max(...kLines.map((l) => l.segments[i]!.x1)),
  })).sort((a, b) => a.x0 - b.x0);
  const out: Column[] = [];
  for (const col of sorted) {
    const last = out[out.length - 1];
    if (last && col.x0 < last.x1) last.x1 = Math.max(last.x1, col.x1);
    else out.push({ ...col });
  }
  return out;
}

/** Columns: the x ranges covered by the segments of multi-segment lines, merged where they overlap; null when the run is no table. */
function coveredColumns(run: Line[], params: LayoutParams): Column[] | null {
  const multi = run.filter((l) => l.segments.length >= 2);
  const spans = multi.flatMap((l) => l.segments.map((s) => ({ x0: s.x0, x1: s.x1, size: l.size }))).sort((a, b) => a.x0 - b.x0);
  const out: Column[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.x0 < last.x1 + 0.3 * s.size) last.x1 = Math.max(last.x1, s.x1);
    else out.push({ x0: s.x0, x1: s.x1 });
  }
  if (out.length === 2) {
    // The 2-column header or signature layout: every multi-segment line two far-apart segments.
    const twos = multi.filter((l) => l.segments.length === 2);
    if (twos.length < 2 || twos.length !== multi.length || !twos.every((l) => isLayoutLine(l, params))) return null;
  }
  return out;
}

/** The line's text per column, or null when a segment straddles a column boundary (midway between columns). */
function assignByCentre(line: Line, columns: Column[]): string[] | null {
  const bounds = columns.slice(1).map((col, i) => (columns[i]!.x1 + col.x0) / 2);
  const tolerance = 0.6 * line.size;
  const cells = columns.map(() => '');
  for (const seg of line.segments) {
    const center = (seg.x0 + seg.x1) / 2;
    let c = bounds.findIndex((b) => center < b);
    if (c < 0) c = columns.length - 1;
    const left = c === 0 ? -Infinity : bounds[c - 1]!;
    const right = c === columns.length - 1 ? Infinity : bounds[c]!;
    if (seg.x0 < left - tolerance || seg.x1 > right + tolerance) return null;
    cells[c] = cells[c] ? `${cells[c]} ${seg.text}` : seg.text;
  }
  return cells;
}

/**
 * The line's text per column, or null when a segment straddles two columns. A segment belongs to
 * the column it starts in and must end before the next column starts (a wrapped label may be
 * wider than any label of the multi-cell lines the column was measured on).
 */
function assignByStart(line: Line, columns: Column[]): string[] | null {
  const cells = columns.map(() => '');
  const slack = 0.5 * line.size;
  for (const seg of line.segments) {
    let c = -1;
    for (let i = columns.length - 1; i >= 0; i--) {
      if (seg.x0 >= columns[i]!.x0 - slack) {
        c = i;
        break;
      }
    }
    if (c < 0) return null;
    const next = columns[c + 1];
    if (seg.x0 > columns[c]!.x1 + slack && next !== undefined) return null; // starts in the gap between columns
    if (next !== undefined && seg.x1 > next.x0 - slack / 2) return null;
    cells[c] = cells[c] ? `${cells[c]} ${seg.text}` : seg.text;
  }
  return cells;
}

/** A row's first cell that numbers it: "1", "1.2", "II", "-", "+", or a column code "A". */
const ROW_NUMBER = /^(?:\d{1,3}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.?|[-+•–]|[A-Za-z])$/u;
/** A cell that holds only a number (or the "-" of no value). */
const NUMERIC_CELL = /^[-–]?\s*[\d.,]*\d[\d.,]*\s*%?$|^[-–]$/u;

/**
 * Rows from the lines of a table and their cells: with `headerRow`, the header lines above the
 * first numbered row make one row; continuation lines (empty first column, at line spacing, no
 * list-item start; with `strictContinuation` also as many cells as the row above and no number
 * where it already has a value) are merged into the row above.
 */
export function tableRows<W extends LayoutWord>(lines: Array<{ line: Line<W>; cells: string[] }>, params: LayoutParams): string[][] {
  const p = params.tables;
  const rows: string[][] = [];
  let k = 0;
  const firstData = p.headerRow ? lines.findIndex(({ cells }) => ROW_NUMBER.test(cells[0] ?? '')) : -1;
  if (firstData > 1 && firstData <= 6) {
    const width = Math.max(...lines.slice(0, firstData).map((l) => l.cells.length));
    const header = Array.from({ length: width }, () => '');
    for (const { cells } of lines.slice(0, firstData)) {
      cells.forEach((text, c) => {
        if (text) header[c] = header[c] ? `${header[c]} ${text}` : text;
      });
    }
    rows.push(header);
    k = firstData;
  }
  for (let i = k; i < lines.length; i++) {
    const { line, cells } = lines[i]!;
    const prev = lines[i - 1]?.line;
    const last = rows[rows.length - 1];
    const firstText = cells.find((c) => c !== '') ?? '';
    const continuation =
      last !== undefined &&
      i > k &&
      prev !== undefined &&
      cells[0] === '' &&
      line.y - prev.y <= p.wrapGap * Math.max(line.size, prev.size) &&
      !ITEM_START.test(firstText) &&
      (!p.strictContinuation || (cells.length === last.length && !cells.some((c, j) => j > 0 && NUMERIC_CELL.test(c) && (last[j] ?? '') !== '')));
    if (continuation) {
      cells.forEach((text, c) => {
        if (text) last[c] = last[c] ? `${last[c]} ${text}` : text;
      });
    } else {
      rows.push([...cells]);
    }
  }
  return p.fixGroupNumbers ? rows.map(fixGroupNumber) : rows;
}

/** Roman numerals of group rows as OCR misreads them ("H" for "II"), fixed beside an all-caps title. */
const ROMAN_MISREAD: Record<string, string> = {
  H: 'II',
  Il: 'II',
  lI: 'II',
  ll: 'II',
  '1I': 'II',
  I1: 'II',
  '11': 'II',
  HI: 'III',
  IH: 'III',
  Hl: 'III',
  lll: 'III',
  Ill: 'III',
  IIl: 'III',
  IlI: 'III',
  lV: 'IV',
  '1V': 'IV',
  Vl: 'VI',
  V1: 'VI',
  VH: 'VII',
  VIl: 'VII',
  Vll: 'VII',
  l: 'I',
  '|': 'I',
};

export function fixGroupNumber(row: string[]): string[] {
  const fixed = ROMAN_MISREAD[(row[0] ?? '').replace(/\.$/, '')];
  if (fixed === undefined || !isAllCaps(row[1] ?? '')) return row;
  return [row[0]!.endsWith('.') ? `${fixed}.` : fixed, ...row.slice(1)];
}
