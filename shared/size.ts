const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/**
 * A byte count for people: 1536 -> "1.5 KiB", 900 -> "900 bytes", 52428800 -> "50.0 MiB", or
 * "50 MiB" with `wholeUnits` (a whole number of its unit written without the decimal).
 */
export function formatSize(n: number, { wholeUnits = false }: { wholeUnits?: boolean } = {}): string {
  const unit = (size: number, name: string) => `${wholeUnits && Number.isInteger(n / size) ? n / size : (n / size).toFixed(1)} ${name}`;
  if (n >= GiB) return unit(GiB, 'GiB');
  if (n >= MiB) return unit(MiB, 'MiB');
  if (n >= KiB) return unit(KiB, 'KiB');
  return `${n} bytes`;
}
