// Printing for people: numbers the Vietnamese way, tables that fit a terminal of 100 columns.
import Table from 'cli-table3';
import stringWidth from 'string-width';
import { formatVi } from '../shared/format-vi.ts';

/**
 * Characters a terminal acts on rather than prints: C0 and C1 controls (ESC starts sequences that
 * clear the screen, retitle the window, rewrite earlier lines), DEL, and the bidirectional
 * overrides that reorder what is shown. File names and document text can hold any of them.
 */
const TERMINAL_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');

/** Text as it may be printed on a terminal: every control character written out as an escape ("\x1b"). */
export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_CONTROLS, (c) => (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/**
 * JSON for stdout: JSON.stringify escapes C0 controls but leaves DEL, C1 controls and the
 * bidirectional overrides as they are; these are escaped too (\u009b), which is still the same JSON.
 */
export function terminalJson(value: unknown): string {
  return terminalSafeJson(JSON.stringify(value, null, 2));
}

/** JSON text made terminal-safe as terminalJson makes it. */
export function terminalSafeJson(json: string): string {
  return json.replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${hex(c, 4)}`);
}

/** Lines of text made terminal-safe, each on its own (the line breaks stay). */
export function terminalSafeLines(text: string): string {
  return text.split('\n').map(terminalSafe).join('\n');
}

/** A figure that exists, the Vietnamese way; "—" for one that does not. */
export function figure(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : formatVi(value);
}

/** The widest a table is drawn: a terminal of 100 columns, or a narrower one it is shown on. */
export const TABLE_WIDTH = 100;

export function tableWidth(): number {
  const columns = process.stdout.isTTY ? process.stdout.columns : undefined;
  return columns && columns >= 60 ? Math.min(columns, TABLE_WIDTH) : TABLE_WIDTH;
}

/** How a column gives way when the table is too wide. */
export interface ColumnFit {
  /** Never narrower than this (display cells). Default: the column's natural width (it does not give way). */
  min?: number;
  /**
   * 'wrap': its text goes onto more lines; 'truncate': it is cut with "…" at the end; 'middle':
   * in the middle (file names keep their extension). Default 'wrap'.
   */
  overflow?: 'wrap' | 'truncate' | 'middle';
}

const width = (text: string) => Math.max(0, ...text.split('\n').map((line) => stringWidth(line)));

/** `text` cut to `max` display cells, ending in "…" when cut. */
export function truncate(text: string, max: number): string {
  if (stringWidth(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (stringWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out.trimEnd()}…`;
}

/** `text` cut to `max` display cells in the middle: "hcm-20…9m.pdf". */
export function truncateMiddle(text: string, max: number): string {
  if (stringWidth(text) <= max) return text;
  const chars = [...text];
  const keep = max - 1;
  const tail = Math.floor(keep / 2);
  return `${chars.slice(0, keep - tail).join('')}…${chars.slice(chars.length - tail).join('')}`;
}

/**
 * A table of terminal-safe cells no wider than `max` columns (borders included): columns that may give way are
 * narrowed, widest first, down to their minimum, and then wrapped or truncated.
 */
export function table(rawHead: string[], rawRows: string[][], fit: (ColumnFit | undefined)[] = [], max = tableWidth()): string {
  // Every cell terminal-safe first (line breaks inside a cell stay line breaks).
  const head = rawHead.map(terminalSafeLines);
  const rows = rawRows.map((r) => r.map(terminalSafeLines));
  const natural = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const widths = [...natural];
  const floor = natural.map((n, i) => Math.min(n, fit[i]?.min ?? n));
  // Borders: one per column plus one, and a space either side of each cell.
  const total = () => widths.reduce((a, w) => a + w + 3, 1);
  while (total() > max) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) if (widths[i]! > floor[i]! && (widest < 0 || widths[i]! - floor[i]! > widths[widest]! - floor[widest]!)) widest = i;
    if (widest < 0) break;
    widths[widest]!--;
  }
  const cutters = { truncate, middle: truncateMiddle } as const;
  const cut = (cells: string[]) =>
    cells.map((c, i) => {
      const how = fit[i]?.overflow;
      return how === 'truncate' || how === 'middle'
        ? c
            .split('\n')
            .map((line) => cutters[how](line, widths[i]!))
            .join('\n')
        : c;
    });
  const t = new Table({ head: cut(head), style: { head: [], border: [] }, colWidths: widths.map((w) => w + 2), wordWrap: true, wrapOnWordBoundary: true });
  t.push(...rows.map(cut));
  return t.toString();
}

export function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
