// Printing for people: numbers the Vietnamese way, tables that fit a terminal.
import Table from 'cli-table3';

const viNumber = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 20 });

/** "14200.5" -> "14.200,5": how the reports and their readers write numbers. */
export function formatVi(value: string): string {
  // Intl formats a numeric string exactly (no float rounding) in Node >= 20.
  return viNumber.format(value as unknown as number);
}

export function table(head: string[], rows: string[][]): string {
  const t = new Table({ head, style: { head: [], border: [] }, wordWrap: true });
  t.push(...rows);
  return t.toString();
}

export function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
