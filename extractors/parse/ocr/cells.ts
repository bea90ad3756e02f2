// A second look at the cells of bordered tables that the page pass left empty although they hold
// ink. Tesseract's page segmentation drops isolated tiny marks: the "-" of a sub-row or of "no
// value", a lone row number "1", a Roman "I". Those are exactly what a table reader needs, so the
// inked empty cells are cut out, stacked one per line into a small image, read again as a single
// text block (PSM 6, which keeps small marks), and the words found are put back at their place on
// the page.
import { thresholds } from './image.ts';
import { findGrids, type OcrRules, type OcrWord } from './layout.ts';

export interface CellCrop {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface InkedCells {
  /** Cells to read again. */
  crops: CellCrop[];
  /**
   * Cells whose only ink is one short horizontal bar: a dash ("-": no value, or a sub-row mark).
   * Tesseract never reads a lone dash (it takes it for a speck of line), so it is recognised by shape.
   */
  dashes: OcrWord[];
}

export interface CellSheet {
  width: number;
  height: number;
  gray: Uint8Array;
  /** Where each crop sits on the sheet (its top) and where it came from. */
  slots: Array<{ top: number; left: number; height: number; crop: CellCrop }>;
}

/** Cells that hold no word but do hold ink, as crops of the page (bounding box of the ink, padded). */
export function inkedEmptyCells(gray: Uint8Array, width: number, height: number, rules: OcrRules, words: OcrWord[]): InkedCells {
  const heights = words
    .filter((w) => /[\p{L}\p{N}]/u.test(w.text))
    .map((w) => w.bbox.y1 - w.bbox.y0)
    .sort((a, b) => a - b);
  const em = heights.length > 0 ? heights[Math.floor(heights.length / 2)]! : Math.max(12, Math.round(height / 100));
  const grids = findGrids(rules, em).filter((g) => g.rows.length > 2);
  if (grids.length === 0) return { crops: [], dashes: [] };
  const { ink, paper } = thresholds(gray);
  const dark = Math.min(ink, Math.round((ink + paper) / 2));
  const margin = Math.max(3, Math.round(0.12 * em));
  const pad = Math.max(4, Math.round(0.35 * em));
  const crops: CellCrop[] = [];
  const dashes: OcrWord[] = [];
  for (const grid of grids) {
    for (let r = 0; r + 1 < grid.rows.length; r++) {
      for (let c = 0; c + 1 < grid.columns.length; c++) {
        const x0 = Math.max(0, Math.ceil(grid.columns[c]! + margin));
        const x1 = Math.min(width - 1, Math.floor(grid.columns[c + 1]! - margin));
        const y0 = Math.max(0, Math.ceil(grid.rows[r]! + margin));
        const y1 = Math.min(height - 1, Math.floor(grid.rows[r + 1]! - margin));
        if (x1 - x0 < 2 || y1 - y0 < 2) continue;
        const taken = words.some((w) => {
          const cx = (w.bbox.x0 + w.bbox.x1) / 2;
          const cy = (w.bbox.y0 + w.bbox.y1) / 2;
          return cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1;
        });
        if (taken) continue;
        let count = 0;
        let ix0 = Infinity;
        let ix1 = -1;
        let iy0 = Infinity;
        let iy1 = -1;
        for (let y = y0; y <= y1; y++) {
          const row = y * width;
          for (let x = x0; x <= x1; x++) {
            if (gray[row + x]! < dark) {
              count++;
              if (x < ix0) ix0 = x;
              if (x > ix1) ix1 = x;
              if (y < iy0) iy0 = y;
              if (y > iy1) iy1 = y;
            }
          }
        }
        if (count < 3) continue;
        const iw = ix1 - ix0 + 1;
        const ih = iy1 - iy0 + 1;
        if (iw >= 3 && iw >= 0.12 * em && iw <= 1.5 * em && ih <= Math.max(2, 0.25 * em) && iw >= 2 * ih && count >= 0.5 * iw * ih) {
          dashes.push({
            text: '-',
            confidence: 0.9,
            bbox: { x0: ix0, x1: ix1 + 1, y0: Math.round((iy0 + iy1) / 2 - 0.35 * em), y1: Math.round((iy0 + iy1) / 2 + 0.35 * em) },
          });
          continue;
        }
        if (count < 6) continue;
        // At least a line's height, centred on the ink, so a dash keeps its place beside the x-height.
        const cy = (iy0 + iy1) / 2;
        const half = Math.max((iy1 - iy0) / 2 + pad, 0.8 * em);
        crops.push({
          x0: Math.max(0, ix0 - pad),
          x1: Math.min(width - 1, ix1 + pad),
          y0: Math.max(0, Math.round(cy - half)),
          y1: Math.min(height - 1, Math.round(cy + half)),
        });
      }
    }
  }
  return { crops: crops.slice(0, 400), dashes };
}

/** The crops stacked one per line (a line of white between them) on a white sheet. */
export function cellSheet(gray: Uint8Array, width: number, crops: CellCrop[]): CellSheet {
  const margin = 20;
  const tallest = Math.max(...crops.map((c) => c.y1 - c.y0 + 1));
  const gap = Math.round(0.6 * tallest);
  const sheetWidth = Math.max(...crops.map((c) => c.x1 - c.x0 + 1)) + 2 * margin;
  const slots: CellSheet['slots'] = [];
  let top = margin;
  for (const crop of crops) {
    slots.push({ top, left: margin, height: crop.y1 - crop.y0 + 1, crop });
    top += crop.y1 - crop.y0 + 1 + gap;
  }
  const sheetHeight = top - gap + margin;
  const sheet = new Uint8Array(sheetWidth * sheetHeight).fill(255);
  for (const s of slots) {
    const w = s.crop.x1 - s.crop.x0 + 1;
    for (let y = 0; y < s.height; y++) {
      const from = (s.crop.y0 + y) * width + s.crop.x0;
      sheet.set(gray.subarray(from, from + w), (s.top + y) * sheetWidth + s.left);
    }
  }
  return { width: sheetWidth, height: sheetHeight, gray: sheet, slots };
}

/** Words read on the sheet, moved back to their place on the page. */
export function wordsFromSheet(sheet: CellSheet, words: OcrWord[]): OcrWord[] {
  const out: OcrWord[] = [];
  for (const w of words) {
    const cy = (w.bbox.y0 + w.bbox.y1) / 2;
    const slot = sheet.slots.find((s) => cy >= s.top && cy < s.top + s.height);
    if (!slot) continue;
    const dx = slot.crop.x0 - slot.left;
    const dy = slot.crop.y0 - slot.top;
    out.push({ ...w, bbox: { x0: w.bbox.x0 + dx, x1: w.bbox.x1 + dx, y0: w.bbox.y0 + dy, y1: w.bbox.y1 + dy } });
  }
  return out;
}
