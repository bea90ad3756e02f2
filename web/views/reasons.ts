// The flag reasons a value can carry (the codes of the API and the queue filter); their words
// are in the catalogue (web/i18n, `reasons`).
import type { FlagReason } from '../../extractors/types.ts';
import { vi } from '../i18n/vi.ts';

export const REASONS = Object.keys(vi.reasons) as FlagReason[];
