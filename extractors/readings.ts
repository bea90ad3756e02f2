// How many readings of one indicator an extraction carries on to verification. A report says a
// figure once or twice (in the text, in the annex); a paragraph of 6,000 listed lines says it
// 6,000 times, and 6,000 candidates, each with its quote, are megabytes to hand from step to step
// (between processes, and under Temporal from activity to workflow, whose payloads are limited).
// Past the cap the readings are counted, on the last one kept: verification flags the value as a
// conflict and says how many readings it had (VerifiedValue.otherReadings).
import type { CandidateValue } from './types.ts';

export const MAX_READINGS_PER_INDICATOR = 50;

export function capReadings(candidates: CandidateValue[], max = MAX_READINGS_PER_INDICATOR): CandidateValue[] {
  const kept = new Map<string, number>();
  const dropped = new Map<string, number>();
  const out: CandidateValue[] = [];
  const lastKept = new Map<string, number>();
  for (const c of candidates) {
    const n = kept.get(c.indicator) ?? 0;
    if (n < max) {
      kept.set(c.indicator, n + 1);
      lastKept.set(c.indicator, out.length);
      out.push(c);
    } else {
      dropped.set(c.indicator, (dropped.get(c.indicator) ?? 0) + 1 + (c.alsoRead ?? 0));
    }
  }
  for (const [indicator, count] of dropped) {
    const at = lastKept.get(indicator)!;
    out[at] = { ...out[at]!, alsoRead: (out[at]!.alsoRead ?? 0) + count };
  }
  return out;
}
