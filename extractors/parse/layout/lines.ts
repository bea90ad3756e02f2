// Positioned words -> lines of segments.
import { cleanText } from '../text.ts';
import type { Divider, LayoutWord, Line, Segment } from './model.ts';
import type { LayoutParams } from './params.ts';
import { dominant, median } from './stats.ts';

/** The page's words as lines, top to bottom; `em` is the page's typical word size (used by 'band'). */
export function groupLines<W extends LayoutWord>(words: W[], params: LayoutParams, em: number, dividers: Divider[] = []): Line<W>[] {
  return params.lines.grouping === 'baseline' ? baselineLines(words, params, dividers) : bandLines(words, params, em, dividers);
}

/** Words whose baselines are within `tolerance` em of the first baseline of the line. */
function baselineLines<W extends LayoutWord>(words: W[], params: LayoutParams, dividers: Divider[]): Line<W>[] {
  const sorted = [...words].sort((p, q) => p.y - q.y || p.x0 - q.x0);
  const groups: W[][] = [];
  let current: W[] = [];
  let currentY = Number.NaN;
  for (const word of sorted) {
    const tolerance = params.lines.tolerance * Math.min(word.size, current[0]?.size ?? word.size);
    if (current.length > 0 && Math.abs(word.y - currentY) <= tolerance) {
      current.push(word);
    } else {
      if (current.length > 0) groups.push(current);
      current = [word];
      currentY = word.y;
    }
  }
  if (current.length > 0) groups.push(current);
  return groups.map((group) => {
    const all = [...group].sort((p, q) => p.x0 - q.x0);
    const kept = params.segments.dropRepeats ? withoutRepeats(all) : all;
    // The size that covers most characters, to the half point.
    const size = dominant(all.map((w) => [Math.round(w.size * 2) / 2, w.text.length]));
    const y = all.reduce((sum, w) => sum + w.y, 0) / all.length;
    const segments = splitSegments(kept, size, y, params, dividers);
    const chars = kept.reduce((n, w) => n + w.text.length, 0);
    const boldChars = kept.reduce((n, w) => n + (w.bold ? w.text.length : 0), 0);
    return {
      y,
      top: Math.min(...all.map((w) => w.top)),
      x0: Math.min(...segments.map((s) => s.x0)),
      x1: Math.max(...segments.map((s) => s.x1)),
      size,
      bold: chars > 0 && boldChars / chars >= 0.9,
      words: kept,
      segments,
      text: cleanText(segments.map((s) => s.text).join(' ')),
    };
  });
}

/** The same string printed twice a hair apart is fake bold: one copy is kept. */
function withoutRepeats<W extends LayoutWord>(sorted: W[]): W[] {
  const out: W[] = [];
  for (const word of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.text === word.text && Math.abs(prev.x0 - word.x0) < 0.2 * word.size) continue;
    out.push(word);
  }
  return out;
}

/**
 * Each solid word joins the nearest of the last open lines whose centre is within `tolerance` of
 * its own and that holds no word stacked above or below it; punctuation then joins the line whose
 * band holds its centre, else stands alone.
 */
function bandLines<W extends LayoutWord>(words: W[], params: LayoutParams, em: number, dividers: Divider[]): Line<W>[] {
  const solid = words.filter((w) => w.solid).sort((a, b) => a.y - b.y);
  const rest = words.filter((w) => !w.solid);
  interface Open {
    words: W[];
    y: number;
    size: number;
  }
  const open: Open[] = [];
  const fits = (o: Open, w: W, tolerance: number) =>
    Math.abs(w.y - o.y) <= tolerance * Math.max(o.size, Math.min(w.size, 2 * o.size)) &&
    // Two words stacked at the same x are on different lines.
    !o.words.some((x) => Math.min(x.x1, w.x1) - Math.max(x.x0, w.x0) > 0.3 * Math.min(x.x1 - x.x0, w.x1 - w.x0));
  for (const w of solid) {
    let best: Open | null = null;
    for (let i = open.length - 1; i >= 0 && i >= open.length - 8; i--) {
      const o = open[i]!;
      if (fits(o, w, params.lines.tolerance) && (!best || Math.abs(w.y - o.y) < Math.abs(w.y - best.y))) best = o;
    }
    if (best) {
      best.words.push(w);
      best.y = median(best.words.map((x) => x.y));
      best.size = median(best.words.map((x) => x.size));
    } else {
      open.push({ words: [w], y: w.y, size: Math.max(w.size, 0.6 * em) });
    }
  }
  for (const w of rest) {
    let best: Open | null = null;
    for (const o of open) {
      if (fits(o, w, 0.7) && (!best || Math.abs(w.y - o.y) < Math.abs(w.y - best.y))) best = o;
    }
    if (best) best.words.push(w);
    else open.push({ words: [w], y: w.y, size: Math.max(w.size, 0.6 * em) });
  }
  return open
    .map((o) => {
      const sorted = [...o.words].sort((a, b) => a.x0 - b.x0);
      const solidWords = sorted.filter((w) => w.solid);
      const basis = solidWords.length > 0 ? solidWords : sorted;
      const y = median(basis.map((w) => w.y));
      const size = median(basis.map((w) => w.size));
      const segments = splitSegments(sorted, size, y, params, dividers);
      return {
        y,
        top: Math.min(...sorted.map((w) => w.top)),
        x0: sorted[0]!.x0,
        x1: Math.max(...sorted.map((w) => w.x1)),
        size,
        bold: false,
        words: sorted,
        segments,
        text: cleanText(segments.map((s) => s.text).join(' ')),
      };
    })
    .sort((a, b) => a.y - b.y);
}

/** Words (left to right) into segments: a gap of `cellGap` em or a divider between two words parts them. */
function splitSegments(words: LayoutWord[], lineSize: number, lineY: number, params: LayoutParams, dividers: Divider[]): Segment[] {
  const { glueGap, cellGap, em: emOf, gapFrom } = params.segments;
  const segments: Segment[] = [];
  let seg: Segment | null = null;
  let prev: LayoutWord | null = null;
  for (const word of words) {
    const em = emOf === 'line' ? lineSize : Math.max(word.size, prev?.size ?? 0);
    const gap = seg === null || prev === null ? 0 : word.x0 - (gapFrom === 'segment' ? seg.x1 : prev.x1);
    const divided = seg !== null && dividers.some((v) => v.y0 <= lineY && v.y1 >= lineY && (v.x0 + v.x1) / 2 > seg!.x1 - 1 && (v.x0 + v.x1) / 2 < word.x0 + 1);
    if (seg === null || divided || gap >= cellGap * em) {
      seg = { text: word.text, x0: word.x0, x1: word.x1 };
      segments.push(seg);
    } else {
      seg.text += glueGap !== null && gap <= glueGap * em ? word.text : ` ${word.text}`;
      seg.x1 = Math.max(seg.x1, word.x1);
    }
    prev = word;
  }
  for (const s of segments) s.text = cleanText(s.text);
  return segments;
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

/** The lines without the page's number (a text layer's only when it stands alone in its line). */
export function withoutPageNumbers<W extends LayoutWord>(lines: Line<W>[], pageHeight: number, params: LayoutParams): Line<W>[] {
  return lines.filter((line) => !((!params.pageNumberOneSegment || line.segments.length === 1) && isPageNumberLine(line.text, line.y, pageHeight)));
}
