// The options several commands share, checked one way everywhere: a value that names nothing
// in the catalogue is a usage error (exit 2) with the same sentence, whichever command got it.
import { resolvePeriod, type RollupPeriod } from '../extractors/periods.ts';
import { indicators, provinces } from '../extractors/catalogue.ts';
import type { PeriodKind } from '../extractors/types.ts';
import { UsageError } from '../app/config.ts';

/** A two-digit province code of the 34 units. */
export function provinceOption(code: string, flag = '--province'): string {
  const trimmed = code.trim();
  if (!provinces().some((p) => p.code === trimmed))
    throw new UsageError(`${flag} ${code}: not a province code (two digits, e.g. 80 for Tây Ninh; the 34 codes are in extractors/catalogue/provinces.csv)`);
  return trimmed;
}

const PERIOD_HELP = 'a key such as 2025-H1, 2025-Q3, 2025-M05, 2024-9M or 2024, or a phrase such as "quý III/2025"';

/**
 * A period as a key or as the reports write it; returned as its resolved period. `kinds`
 * limits what a command can use (a deadline needs a reporting period, not a date range).
 */
export function periodOption(text: string, kinds?: readonly PeriodKind[], flag = '--period'): RollupPeriod {
  const period = resolvePeriod(text);
  if (!period) throw new UsageError(`${flag} ${text}: not a period; give ${PERIOD_HELP}`);
  if (kinds && !kinds.includes(period.kind)) throw new UsageError(`${flag} ${text}: ${period.label} is not a period this command takes; give ${PERIOD_HELP}`);
  return period;
}

export const REPORTING_PERIODS: readonly PeriodKind[] = ['month', 'quarter', 'half', 'nine_months', 'year'];

/** An indicator id of the catalogue (any case), returned upper case. */
export function indicatorOption(id: string, flag = '--indicator'): string {
  const upper = id.trim().toUpperCase();
  if (!indicators().some((i) => i.id === upper))
    throw new UsageError(`${flag} ${id}: not an indicator of the catalogue (NV01 … as in extractors/catalogue/indicators.csv)`);
  return upper;
}

const groups = () => [...new Set(indicators().map((i) => i.group))];

/** An indicator group of the catalogue. */
export function groupOption(group: string, flag = '--group'): string {
  if (!groups().includes(group)) throw new UsageError(`${flag} ${group}: not an indicator group (${groups().join(', ')})`);
  return group;
}

/** An indicator id, or a group: what `values --indicator` and the value exports take. */
export function indicatorOrGroupOption(text: string, flag = '--indicator'): string {
  const upper = text.trim().toUpperCase();
  if (indicators().some((i) => i.id === upper)) return upper;
  if (groups().includes(text)) return text;
  throw new UsageError(`${flag} ${text}: neither an indicator id (NV01) nor a group (${groups().join(', ')})`);
}
