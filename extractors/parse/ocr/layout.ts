// OCR words -> ParsedPage blocks (headings, paragraphs, tables), from word boxes alone.
//
// OCR gives word boxes in image pixels with a confidence, no fonts. They become positioned words
// (a word's position is its box's centre, its size the box's height) for the layout pass that
// text-layer pages go through too (../parse/layout/, with OCR_LAYOUT: lengths in box heights,
// thresholds and the table rules OCR needs). What only a scan has is done here: the words are
// cleaned, positions are levelled, and tables drawn with ruling lines are cut by their rules.
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
// 2. The other words go through the layout pass: lines (a vertical rule between two words parts
//    them as a wide gap does), borderless tables, headings and paragraphs (see ../parse/layout/).
//
// Limits: merged cells spanning columns in a bordered table land in the column where their words
// sit; borderless tables whose columns are closer than ~1 h, or whose cells overlap in x from row
// to row, are not reconstructed; multi-column narrative layouts are not separated; bold and font
// size are unknown, so headings rest on case, numbering, position and length. OCR misreadings of
// Roman group numbers are fixed only for the common ones ("H" for "II") beside an all-caps title.
import type { Block, ParsedPage, TableBlock } from '../../types.ts';
import { fixGroupNumber, groupLines, type LayoutWord, layoutBlocks, type Line, median, OCR_LAYOUT, tableRows, withoutPageNumbers } from '../layout/index.ts';
import { cleanText, makeTableBlock } from '../text.ts';

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

/** A word box: `y` is its centre, `top` its top, `size` its height; levelled where the page was measured tilted. */
interface Word extends LayoutWord {
  confidence: number;
  /** The box's centre across. */
  cx: number;
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
    const em = median(words.filter((w) => w.solid).map((w) => w.size)) || median(words.map((w) => w.size)) || 12;
    const rules = levelRules(page.rules ?? { horizontal: [], vertical: [] }, page.skew ?? 0);
    let free = words;
    for (const grid of findGrids(rules, em)) {
      const inside = free.filter((w) => w.cx >= grid.x0 && w.cx <= grid.x1 && w.y >= grid.y0 && w.y <= grid.y1);
      if (inside.length === 0) continue;
      const table = gridTable(page.number, grid, inside, em);
      if (!table) continue;
      const taken = new Set(inside);
      free = free.filter((w) => !taken.has(w));
      blocks.push({ y: grid.y0, block: table });
    }
    const lines = withoutPageNumbers(groupLines(free, OCR_LAYOUT, em, rules.vertical), page.height, OCR_LAYOUT);
    for (const laid of layoutBlocks(page.number, lines, OCR_LAYOUT)) {
      blocks.push({
        y: laid.lines[0]!.top,
        block: withWords(
          laid.block,
          laid.lines.flatMap((l) => l.words),
        ),
      });
    }
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
    out.push({ text, confidence: w.confidence, x0: cx - hw, x1: cx + hw, y: cy, top: cy - hh, cx, size: y1 - y0, bold: false, solid });
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
  const lines = groupLines(words, OCR_LAYOUT, em);
  const ncol = grid.columns.length - 1;
  const cellsOf = (line: Line<Word>): string[] => {
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
        const r = slot(grid.rows, w.y);
        const c = slot(grid.columns, w.cx);
        const row = table[r]!;
        row[c] = row[c] ? `${row[c]} ${w.text}` : w.text;
      }
    }
    rows = table;
  } else {
    rows = tableRows(
      lines.map((line) => ({ line, cells: cellsOf(line) })),
      OCR_LAYOUT,
    );
  }
  rows = rows.filter((r) => r.some((c) => c !== '')).map(fixGroupNumber);
  const multiCell = rows.filter((r) => r.filter((c) => c !== '').length >= 2).length;
  if (rows.length < 2 || multiCell < 2) return null;
  return withWords(
    makeTableBlock(page, rows),
    lines.flatMap((l) => l.words),
  );
}

// ---------------------------------------------------------------------------------------------
// helpers

function withWords<T extends Block>(block: T, words: Word[]): T {
  const extras: OcrBlockExtras = { words: words.map((w) => ({ text: w.text, confidence: round3(w.confidence) })) };
  return Object.assign(block, extras);
}
