const viNumber = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 20 });

/** "14200.5" -> "14.200,5": how the reports and their readers write numbers. */
export function formatVi(value: string): string {
  // Intl formats a numeric string exactly (no float rounding) in Node >= 20.
  return viNumber.format(value as unknown as number);
}
