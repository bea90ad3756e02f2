const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/**
 * A byte count for people: 1536 -> "1.5 KiB", 900 -> "900 bytes", 52428800 -> "50.0 MiB", or
 * "50 MiB" with `wholeUnits` (a whole number of its unit written without the decimal). Pages in
 * Vietnamese write the decimal with a comma ("288,1 KiB", "900 byte").
 */
export function formatSize(n: number, { wholeUnits = false, locale = 'en' }: { wholeUnits?: boolean; locale?: 'vi' | 'en' } = {}): string {
  const decimal = (x: string) => (locale === 'vi' ? x.replace('.', ',') : x);
  const unit = (size: number, name: string) => `${wholeUnits && Number.isInteger(n / size) ? n / size : decimal((n / size).toFixed(1))} ${name}`;
  if (n >= GiB) return unit(GiB, 'GiB');
  if (n >= MiB) return unit(MiB, 'MiB');
  if (n >= KiB) return unit(KiB, 'KiB');
  return `${n} ${locale === 'vi' ? 'byte' : 'bytes'}`;
}
