// Printing for people: numbers the Vietnamese way, tables that fit a terminal.
import Table from 'cli-table3';

const viNumber = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 20 });

/** "14200.5" -> "14.200,5": how the reports and their readers write numbers. */
export function formatVi(value: string): string {
  // Intl formats a numeric string exactly (no float rounding) in Node >= 20.
  return viNumber.format(value as unknown as number);
}

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

/** A table of cells, each made terminal-safe (line breaks inside a cell stay line breaks). */
export function table(head: string[], rows: string[][]): string {
  const safe = terminalSafeLines;
  const t = new Table({ head: head.map(safe), style: { head: [], border: [] }, wordWrap: true });
  t.push(...rows.map((row) => row.map(safe)));
  return t.toString();
}

export function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
