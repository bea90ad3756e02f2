// How many readings of one indicator an extraction carries on to verification. A report says a
// figure once or twice (in the text, in the annex); a paragraph of 6,000 listed lines says it
// 6,000 times, and 6,000 candidates, each with its quote, are megabytes to hand from step to step
// (between processes, and under Temporal from activity to workflow, whose payloads are limited).
// Past the cap the readings are counted, on the last one kept: verification flags the value as a
// conflict and says how many readings it had (VerifiedValue.otherReadings).
import type { CandidateValue } from './types.ts';

export const MAX_READINGS_PER_INDICATOR = 50;

export function capReadings<C extends CandidateValue>(candidates: C[], max = MAX_READINGS_PER_INDICATOR): C[] {
  const kept = new Map<string, number>();
  const dropped = new Map<string, number>();
  const out: C[] = [];
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

/** The longest quote a reading carries, in characters: a "clause" with no punctuation in 300 KB is cut around its number. */
export const MAX_QUOTE = 1000;

/**
 * The quote of a number at [from, to) of `text` whose clause is [left, right): the clause, or when
 * it is longer than MAX_QUOTE a window around the number ending at spaces. Always a verbatim slice
 * of `text` holding the number, so it is found in the document and states the value.
 */
export function quoteAround(text: string, left: number, right: number, from: number, to: number, max = MAX_QUOTE): string {
  if (right - left > max) {
    const middle = Math.round((from + to) / 2);
    const start = Math.max(left, Math.min(middle - max / 2, right - max));
    const end = Math.min(right, start + max);
    const space = text.indexOf(' ', start);
    left = start > left && space !== -1 && space < from ? space + 1 : start;
    const back = text.lastIndexOf(' ', end);
    right = end < right && back >= to ? back : end;
  }
  return text.slice(left, right).trim();
}
