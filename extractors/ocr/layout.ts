// OCR words -> ParsedPage blocks (headings, paragraphs, tables), from word boxes alone.
//
// The same four steps as the text-layer parser (../parse/pdf.ts), adapted to what OCR gives: word
// boxes in image pixels with a confidence, no fonts. "h" below is the median height of the word
// boxes of a line (about the font size: Vietnamese words nearly always carry a diacritic or an
// ascender).
//
// 0. Words are cleaned: NFC, ruling-line debris ("|" glued to a word, lone "|", "_") removed, very
//    unsure specks without a letter or digit dropped. The engine levels a tilted scan before OCR
//    (image.ts); when a residual skew was measured on tesseract's baselines, positions are
//    levelled by it too, so that lines stay straight.
// 1. Bordered tables first. Ruling lines found in the image (see image.ts) that form a grid (three
//    or more columns between vertical rules) cut the words inside it into cells: columns between
//    vertical rules, rows between horizontal rules spanning most of the grid. A wrapped cell
//    ("Thực / hiện kỳ / báo cáo") therefore comes back as one cell. A grid with vertical rules but no
//    row rules gets its rows from line positions, as in 3.
// 2. The other words -> lines: words whose vertical centres are within 0.45 h of a line's centre
//    (punctuation attached afterwards), sorted by x. Inside a line, a gap wider than 0.9 h (or a
//    vertical rule) starts a new segment (a cell or a layout column).
// 3. Borderless tables: a run of consecutive lines whose segments fall into 3+ columns, the
//    columns being the x ranges covered by the segments of the multi-segment lines (so a column
//    exists wherever no segment crosses the gap); a segment belongs to the column it starts in
//    and must end before the next one. Exactly two far-apart columns over 2+ lines is the
//    header/signature layout of a Vietnamese report, kept as a 2-column table as the text parser
//    does. Rows: the header lines above the first numbered row are one row; a line with an empty
//    first column, at line spacing, not starting a list item and not putting a number into a
//    column that already has one is a wrapped continuation of the row above; any other line
//    starts a row.
// 4. Other lines become headings or paragraphs. A heading is short and all capitals, a Roman
//    numeral section, a short numbered section title ("1. Công tác quản lý ...") without closing
//    punctuation, or a short centred line without closing punctuation. A paragraph runs on until
//    a vertical gap wider than 1.3x the line spacing, an indented first line, a list-item start,
//    a line of another size, or a short line ending in . : ; ! ?
//
// Limits: merged cells spanning columns in a bordered table land in the column where their words
// sit; borderless tables whose columns are closer than ~1 h, or whose cells overlap in x from row
// to row, are not reconstructed; multi-column narrative layouts are not separated; bold and font
// size are unknown, so headings rest on case, numbering, position and length. OCR misreadings of
// Roman group numbers are fixed only for the common ones ("H" for "II") beside an all-caps title.
import type { Block, ParsedPage, TableBlock, TextBlock } from '../types.ts';
import { ITEM_START, ROMAN_SECTION, cleanText, isAllCaps, looksLikeHeading, makeTableBlock } from '../parse/text.ts';
import { groupIntoBlocks, isPageNumberLine, type TableRegion } from '../parse/line-groups.ts';

export interface OcrWord {
  text: string;
  /** 0..1 */
  confidence: number;
  /** Pixels of the page image, y downwards. */
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

/** A ruling line found in the page image: its box in pixels. */
export interface OcrRule {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrRules {
  horizontal: OcrRule[];
  vertical: OcrRule[];
}

export interface OcrPage {
  number: number;
  /** Size of the image the boxes refer to, in pixels. */
  width: number;
  height: number;
  words: OcrWord[];
  /** Mean word confidence 0..1, weighted by characters; 0 when there are no words. */
  confidence: number;
  /** Ruling lines found in the image (table borders); layout uses them to cut table cells. */
  rules?: OcrRules;
  /** Slope (dy/dx) of the text baselines tesseract found; layout levels positions by it. */
  skew?: number;
  /** The page was read turned by this many degrees clockwise (it was scanned upside down or sideways); boxes refer to the turned image. */
  turned?: 90 | 180 | 270;
}

/**
 * What an OCR block carries beyond TextBlock/TableBlock: its words with their confidence (0..1),
 * in reading order, for a verifier that wants to know how sure OCR was of a value's digits.
 */
export interface OcrBlockExtras {
  words?: { text: string; confidence: number }[];
}

/** Inside a line, a gap (in h) from which the next word starts a new segment. */
const CELL_GAP = 0.9;
/** Two segments at least this far apart (in h) make a line of the 2-column header layout. */
const LAYOUT_GAP = 2;
/** A wrapped cell line follows the previous line within this many h (centre to centre). */
const WRAP_GAP = 1.6;
/** Lines of one borderless table are at most this many h apart. */
const TABLE_LINE_GAP = 3.2;

interface Word {
  text: string;
  confidence: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  cx: number;
  cy: number;
  h: number;
  /** Has a letter or digit (punctuation-only words have unreliable heights). */
  solid: boolean;
}

interface Segment {
  x0: number;
  x1: number;
  words: Word[];
  text: string;
}

interface Line {
  cy: number;
  y0: number;
  y1: number;
  h: number;
  x0: number;
  x1: number;
  words: Word[];
  segments: Segment[];
  text: string;
}

interface Placed {
  y: number;
  block: Block;
}

/** Lines and paragraphs from word boxes; annex tables from ruling lines or word columns. */
export function layoutPage(page: OcrPage): ParsedPage {
  const words = prepareWords(page);
  const blocks: Placed[] = [];
  if (words.length > 0) {
    const em = median(words.filter((w) => w.solid).map((w) => w.h)) || median(words.map((w) => w.h)) || 12;
    const rules = levelRules(page.rules ?? { horizontal: [], vertical: [] }, page.skew ?? 0);
    let free = words;
    for (const grid of findGrids(rules, em)) {
      const inside = free.filter((w) => w.cx >= grid.x0 && w.cx <= grid.x1 && w.cy >= grid.y0 && w.cy <= grid.y1);
      if (inside.length === 0) continue;
      const table = gridTable(page.number, grid, inside, em);
      if (!table) continue;
      const taken = new Set(inside);
      free = free.filter((w) => !taken.has(w));
      blocks.push({ y: grid.y0, block: table });
    }
    const lines = groupLines(free, em).filter((line) => !isPageNumberLine(line.text, line.cy, page.height));
    for (const line of lines) splitSegments(line, rules.vertical);
    blocks.push(...lineBlocks(page.number, lines));
  }
  blocks.sort((a, b) => a.y - b.y);
  return { number: page.number, blocks: blocks.map((p) => p.block), source: 'ocr', ocrConfidence: round3(page.confidence) };
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

// ---------------------------------------------------------------------------------------------
// Step 0: words

/** Ruling-line debris tesseract glues to words or reads as words. */
const RULE_DEBRIS = /^[|¦│┃[\]{}]+|[|¦│┃[\]{}]+$/gu;
const JUNK = /^[|¦│┃_~=[\]{}]+$/u;
const SOLID = /[\p{L}\p{N}]/u;

function prepareWords(page: OcrPage): Word[] {
  const skew = page.skew ?? 0;
  const out: Word[] = [];
  for (const w of page.words) {
    const raw = cleanText(w.text);
    if (JUNK.test(raw)) continue;
    const text = raw.replace(RULE_DEBRIS, '').trim();
    if (text === '') continue;
    const solid = SOLID.test(text);
    if (!solid && w.confidence < 0.3 && !/^[-–+•*%]$/u.test(text)) continue;
    const { x0, y0, x1, y1 } = w.bbox;
    if (!(x1 > x0 && y1 > y0)) continue;
    const [cx, cy] = level((x0 + x1) / 2, (y0 + y1) / 2, skew);
    const hw = (x1 - x0) / 2;
    const hh = (y1 - y0) / 2;
    out.push({ text, confidence: w.confidence, x0: cx - hw, x1: cx + hw, y0: cy - hh, y1: cy + hh, cx, cy, h: y1 - y0, solid });
  }
  return out;
}

/** Rotates a point by -atan(skew) (small-angle form): baselines with that slope become level. */
function level(x: number, y: number, skew: number): [number, number] {
  if (Math.abs(skew) < 0.001) return [x, y];
  return [x + skew * y, y - skew * x];
}

function levelRules(rules: OcrRules, skew: number): OcrRules {
  if (Math.abs(skew) < 0.001) return rules;
  const move = (r: OcrRule): OcrRule => {
    const [cx, cy] = level((r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2, skew);
    const hw = (r.x1 - r.x0) / 2;
    const hh = (r.y1 - r.y0) / 2;
    return { x0: cx - hw, x1: cx + hw, y0: cy - hh, y1: cy + hh };
  };
  return { horizontal: rules.horizontal.map(move), vertical: rules.vertical.map(move) };
}

// ---------------------------------------------------------------------------------------------
// Step 1: bordered tables

export interface Grid {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** Column boundaries, left to right, outer edges included. */
  columns: number[];
  /** Row boundaries, top to bottom, outer edges included; just the edges when there are no row rules. */
  rows: number[];
}

/** Groups of vertical rules that overlap in y, with the horizontal rules across them (3+ columns). */
export function findGrids(rules: OcrRules, em: number): Grid[] {
  const verticals = rules.vertical.filter((r) => r.y1 - r.y0 >= 2 * em).sort((a, b) => a.y0 - b.y0);
  const groups: OcrRule[][] = [];
  for (const v of verticals) {
    const group = groups.find((g) => g.some((o) => Math.min(o.y1, v.y1) - Math.max(o.y0, v.y0) >= 0.5 * Math.min(o.y1 - o.y0, v.y1 - v.y0)));
    if (group) group.push(v);
    else groups.push([v]);
  }
  const grids: Grid[] = [];
  for (const group of groups) {
    const y0 = Math.min(...group.map((v) => v.y0));
    const y1 = Math.max(...group.map((v) => v.y1));
    const xs = group.map((v) => (v.x0 + v.x1) / 2);
    let x0 = Math.min(...xs);
    let x1 = Math.max(...xs);
    // Horizontal rules inside the group's height that reach at least one of its vertical rules.
    const across = rules.horizontal.filter((h) => (h.y0 + h.y1) / 2 >= y0 - em / 2 && (h.y0 + h.y1) / 2 <= y1 + em / 2 && h.x1 >= x0 - em && h.x0 <= x1 + em);
    // Open-sided tables: horizontal rules reaching beyond the outer vertical rules extend the grid.
    if (across.length > 0) {
      x0 = Math.min(x0, ...across.map((h) => h.x0));
      x1 = Math.max(x1, ...across.map((h) => h.x1));
    }
    const columns = dedupe(
      [x0, ...xs, x1].sort((a, b) => a - b),
      em,
    );
    if (columns.length < 4) continue; // fewer than 3 columns: a box, not a table
    const width = x1 - x0;
    const rowRules = across.filter((h) => h.x1 - h.x0 >= 0.5 * width).map((h) => (h.y0 + h.y1) / 2);
    const rows = dedupe(
      [y0, ...rowRules, y1].sort((a, b) => a - b),
      em / 2,
    );
    grids.push({ x0, x1, y0, y1, columns, rows });
  }
  return grids;
}

/** Sorted positions with the ones closer than `tolerance` to their predecessor removed. */
function dedupe(sorted: number[], tolerance: number): number[] {
  const out: number[] = [];
  for (const v of sorted) if (out.length === 0 || v - out[out.length - 1]! > tolerance) out.push(v);
  return out;
}

function slot(bounds: number[], v: number): number {
  for (let i = 1; i < bounds.length; i++) if (v < bounds[i]!) return i - 1;
  return bounds.length - 2;
}

function gridTable(page: number, grid: Grid, words: Word[], em: number): TableBlock | null {
  const lines = groupLines(words, em);
  const ncol = grid.columns.length - 1;
  const cellsOf = (line: Line): string[] => {
    const cells = Array.from({ length: ncol }, () => '');
    for (const w of line.words) {
      const c = slot(grid.columns, w.cx);
      cells[c] = cells[c] ? `${cells[c]} ${w.text}` : w.text;
    }
    return cells;
  };
  let rows: string[][];
  if (grid.rows.length > 2) {
    const nrow = grid.rows.length - 1;
    const table = Array.from({ length: nrow }, () => Array.from({ length: ncol }, () => ''));
    for (const line of lines) {
      for (const w of line.words) {
        const r = slot(grid.rows, w.cy);
        const c = slot(grid.columns, w.cx);
        const row = table[r]!;
        row[c] = row[c] ? `${row[c]} ${w.text}` : w.text;
      }
    }
    rows = table;
  } else {
    rows = rowsFromLines(lines.map((line) => ({ line, cells: cellsOf(line) })));
  }
  rows = rows.filter((r) => r.some((c) => c !== '')).map(fixGroupNumber);
  const multiCell = rows.filter((r) => r.filter((c) => c !== '').length >= 2).length;
  if (rows.length < 2 || multiCell < 2) return null;
  return withWords(
    makeTableBlock(page, rows),
    lines.flatMap((l) => l.words),
  );
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

function fixGroupNumber(row: string[]): string[] {
  const fixed = ROMAN_MISREAD[(row[0] ?? '').replace(/\.$/, '')];
  if (fixed === undefined || !isAllCaps(row[1] ?? '')) return row;
  return [row[0]!.endsWith('.') ? `${fixed}.` : fixed, ...row.slice(1)];
}

// ---------------------------------------------------------------------------------------------
// Step 2: lines and segments

function groupLines(words: Word[], em: number): Line[] {
  const solid = words.filter((w) => w.solid).sort((a, b) => a.cy - b.cy);
  const rest = words.filter((w) => !w.solid);
  interface Open {
    words: Word[];
    cy: number;
    h: number;
  }
  const open: Open[] = [];
  const fits = (o: Open, w: Word, tolerance: number) =>
    Math.abs(w.cy - o.cy) <= tolerance * Math.max(o.h, Math.min(w.h, 2 * o.h)) &&
    // Two words stacked at the same x are on different lines.
    !o.words.some((x) => Math.min(x.x1, w.x1) - Math.max(x.x0, w.x0) > 0.3 * Math.min(x.x1 - x.x0, w.x1 - w.x0));
  for (const w of solid) {
    let best: Open | null = null;
    for (let i = open.length - 1; i >= 0 && i >= open.length - 8; i--) {
      const o = open[i]!;
      if (fits(o, w, 0.45) && (!best || Math.abs(w.cy - o.cy) < Math.abs(w.cy - best.cy))) best = o;
    }
    if (best) {
      best.words.push(w);
      best.cy = median(best.words.map((x) => x.cy));
      best.h = median(best.words.map((x) => x.h));
    } else {
      open.push({ words: [w], cy: w.cy, h: Math.max(w.h, 0.6 * em) });
    }
  }
  // Punctuation ("-", ",", "%") joins the line whose band holds its centre, else stands alone.
  for (const w of rest) {
    let best: Open | null = null;
    for (const o of open) {
      if (fits(o, w, 0.7) && (!best || Math.abs(w.cy - o.cy) < Math.abs(w.cy - best.cy))) best = o;
    }
    if (best) best.words.push(w);
    else open.push({ words: [w], cy: w.cy, h: Math.max(w.h, 0.6 * em) });
  }
  return open.map((o) => makeLine(o.words)).sort((a, b) => a.cy - b.cy);
}

function makeLine(words: Word[]): Line {
  const sorted = [...words].sort((a, b) => a.x0 - b.x0);
  const solid = sorted.filter((w) => w.solid);
  const basis = solid.length > 0 ? solid : sorted;
  return {
    cy: median(basis.map((w) => w.cy)),
    y0: Math.min(...sorted.map((w) => w.y0)),
    y1: Math.max(...sorted.map((w) => w.y1)),
    h: median(basis.map((w) => w.h)),
    x0: sorted[0]!.x0,
    x1: Math.max(...sorted.map((w) => w.x1)),
    words: sorted,
    segments: [],
    text: cleanText(sorted.map((w) => w.text).join(' ')),
  };
}

function splitSegments(line: Line, verticals: OcrRule[]): void {
  const segments: Segment[] = [];
  let seg: Segment | null = null;
  for (const w of line.words) {
    const ruleBetween =
      seg !== null && verticals.some((v) => v.y0 <= line.cy && v.y1 >= line.cy && (v.x0 + v.x1) / 2 > seg!.x1 - 1 && (v.x0 + v.x1) / 2 < w.x0 + 1);
    if (!seg || ruleBetween || w.x0 - seg.x1 >= CELL_GAP * line.h) {
      seg = { x0: w.x0, x1: w.x1, words: [w], text: w.text };
      segments.push(seg);
    } else {
      seg.words.push(w);
      seg.x1 = Math.max(seg.x1, w.x1);
      seg.text = `${seg.text} ${w.text}`;
    }
  }
  line.segments = segments;
}

// ---------------------------------------------------------------------------------------------
// Step 3: borderless tables

interface Column {
  x0: number;
  x1: number;
}

function findTable(lines: Line[], start: number): TableRegion | null {
  const first = lines[start];
  if (!first || first.segments.length < 2) return null;

  // Pass 1: the run of lines close enough to belong to one table.
  let end = start + 1;
  let runX0 = first.x0;
  let runX1 = first.x1;
  while (end < lines.length) {
    const line = lines[end]!;
    const prev = lines[end - 1]!;
    const h = Math.max(line.h, prev.h);
    if (line.cy - prev.cy > TABLE_LINE_GAP * h) break;
    if (line.segments.length < 2) {
      const next = lines[end + 1];
      const startsRight = line.x0 > first.x0 + line.h;
      const close = line.cy - prev.cy <= WRAP_GAP * h;
      const beforeMultiCell = next !== undefined && next.segments.length >= 3 && next.cy - line.cy <= TABLE_LINE_GAP * next.h;
      if (!startsRight && !close && !beforeMultiCell) break;
      // Wider than most of the table so far: running text after it, not a cell.
      if (!beforeMultiCell && line.x1 - line.x0 > 0.6 * (runX1 - runX0)) break;
    }
    runX0 = Math.min(runX0, line.x0);
    runX1 = Math.max(runX1, line.x1);
    end++;
  }

  const run = lines.slice(start, end);
  const multi = run.filter((l) => l.segments.length >= 2);
  const columns = coverColumns(multi);
  if (columns.length < 2) return null;
  if (columns.length === 2) {
    // The 2-column header or signature layout: every multi-segment line two far-apart segments.
    const twos = multi.filter((l) => l.segments.length === 2);
    if (twos.length < 2 || twos.length !== multi.length || !twos.every(isLayoutLine)) return null;
  }
  const minFilled = Math.min(3, columns.length);

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
      if (!nextCells || nextCells.filter((c) => c !== '').length < minFilled) break;
      cells = [line.text];
    }
    if (cells.filter((c) => c !== '').length >= minFilled) multiCellLines++;
    assigned.push({ line, cells });
  }
  if (multiCellLines < 2) return null;
  // Trailing one-cell lines are running text under the table, unless they wrap the last row.
  while (assigned.length > 2) {
    const last = assigned[assigned.length - 1]!;
    const prev = assigned[assigned.length - 2]!;
    if (last.cells.filter((c) => c !== '').length >= 2) break;
    if (last.cells[0] === '' && last.line.cy - prev.line.cy <= WRAP_GAP * last.line.h) break;
    assigned.pop();
  }
  return { start, end: start + assigned.length, rows: rowsFromLines(assigned).map(fixGroupNumber) };
}

function isLayoutLine(line: Line): boolean {
  const [left, right] = line.segments;
  return left !== undefined && right !== undefined && right.x0 - left.x1 >= LAYOUT_GAP * line.h;
}

/** Columns: the x ranges covered by the segments of multi-segment lines, merged where they overlap. */
function coverColumns(lines: Line[]): Column[] {
  const spans = lines.flatMap((l) => l.segments.map((s) => ({ x0: s.x0, x1: s.x1, h: l.h }))).sort((a, b) => a.x0 - b.x0);
  const out: Column[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.x0 < last.x1 + 0.3 * s.h) last.x1 = Math.max(last.x1, s.x1);
    else out.push({ x0: s.x0, x1: s.x1 });
  }
  return out;
}

/**
 * The line's text per column, or null when a segment straddles two columns. A segment belongs to
 * the column it starts in and must end before the next column starts (a wrapped label may be
 * wider than any label of the multi-cell lines the column was measured on).
 */
function assign(line: Line, columns: Column[]): string[] | null {
  const cells = columns.map(() => '');
  const slack = 0.5 * line.h;
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
 * Rows from the lines of a table: the header lines above the first numbered row make one row;
 * continuation lines (empty first column, at line spacing, no list-item start, no number where the
 * row above already has a value) are merged into the row above.
 */
function rowsFromLines(lines: Array<{ line: Line; cells: string[] }>): string[][] {
  const rows: string[][] = [];
  let k = 0;
  const firstData = lines.findIndex(({ cells }) => ROW_NUMBER.test(cells[0] ?? ''));
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
      cells.length === last.length &&
      cells[0] === '' &&
      line.cy - prev.cy <= WRAP_GAP * Math.max(line.h, prev.h) &&
      !ITEM_START.test(firstText) &&
      !cells.some((c, j) => j > 0 && NUMERIC_CELL.test(c) && (last[j] ?? '') !== '');
    if (continuation) {
      cells.forEach((text, c) => {
        if (text) last[c] = last[c] ? `${last[c]} ${text}` : text;
      });
    } else {
      rows.push([...cells]);
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Step 4: headings and paragraphs

function lineBlocks(page: number, lines: Line[]): Placed[] {
  const groups = groupIntoBlocks(lines, {
    findTable,
    textRules: (textLines) => {
      const spacing = lineSpacing(textLines);
      const leftEdge =
        textLines.length > 0
          ? percentile(
              textLines.map((l) => l.x0),
              0.1,
            )
          : 0;
      const rightEdge =
        textLines.length > 0
          ? percentile(
              textLines.map((l) => l.x1),
              0.9,
            )
          : 0;
      return {
        continuesParagraph: (prev, line) => continuesParagraph(prev, line, spacing, rightEdge),
        isHeading: (line) => isHeadingLine(line, leftEdge, rightEdge),
        continuesHeading,
      };
    },
  });
  return groups.map((g) => {
    const words = g.lines.flatMap((l) => l.words);
    const block: Block =
      g.kind === 'table'
        ? makeTableBlock(page, g.region.rows)
        : ({ kind: g.kind, page, text: cleanText(g.lines.map((l) => l.text).join(' ')) } satisfies TextBlock);
    return { y: g.lines[0]!.y0, block: withWords(block, words) };
  });
}

/** "1. Công tác quản lý nhiệm vụ KH&CN", "2.1. Kết quả ...": a numbered section title. */
const NUMBERED_TITLE = /^\d{1,2}(?:\.\d{1,2})*\.\s+\p{Lu}/u;

function isHeadingLine(line: Line, leftEdge: number, rightEdge: number): boolean {
  const text = line.text;
  if (looksLikeHeading(text, { bold: false, larger: false })) return true;
  if (text.length > 120 || /[.;,:]$/u.test(text)) return false;
  const short = line.x1 < rightEdge - 4 * line.h;
  if (NUMBERED_TITLE.test(text) && short) return true;
  // A centred line (both margins well inside the text block), like the report's title lines.
  const middle = (leftEdge + rightEdge) / 2;
  const centred = line.x0 > leftEdge + 3 * line.h && Math.abs((line.x0 + line.x1) / 2 - middle) < 1.5 * line.h;
  return centred && !/^[(\-–]/u.test(text);
}

/** Centre-to-centre distance of body lines: the median over neighbours closer than 2.5 h. */
function lineSpacing(lines: Line[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!;
    const b = lines[i]!;
    const gap = b.cy - a.cy;
    if (gap > 0 && gap < 2.5 * a.h && Math.abs(a.h - b.h) < 0.3 * a.h) gaps.push(gap);
  }
  return gaps.length > 0 ? median(gaps) : 1.5 * (median(lines.map((l) => l.h)) || 12);
}

function continuesParagraph(prev: Line, line: Line, spacing: number, rightEdge: number): boolean {
  const gap = line.cy - prev.cy;
  if (gap <= 0 || gap > spacing * 1.3) return false;
  if (Math.abs(line.h - prev.h) > 0.35 * prev.h) return false;
  if (ITEM_START.test(line.text)) return false;
  if (line.x0 > prev.x0 + 1.2 * line.h) return false; // first-line indent of a new paragraph
  if (prev.x1 < rightEdge - 4 * prev.h && /[.:;!?]$/u.test(prev.text)) return false; // short last line
  return true;
}

function continuesHeading(prev: Line, line: Line): boolean {
  return (
    isAllCaps(prev.text) === isAllCaps(line.text) &&
    line.cy - prev.cy <= 1.8 * Math.max(line.h, prev.h) &&
    !ITEM_START.test(line.text) &&
    !ROMAN_SECTION.test(line.text)
  );
}

// ---------------------------------------------------------------------------------------------
// helpers

function withWords<T extends Block>(block: T, words: Word[]): T {
  const extras: OcrBlockExtras = { words: words.map((w) => ({ text: w.text, confidence: round3(w.confidence) })) };
  return Object.assign(block, extras);
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(p * (sorted.length - 1))))] ?? 0;
}
