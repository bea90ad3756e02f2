// The sentence a person reads when an activity fails: the shared reading of errors, with the
// database library's wrappers looked through here, so that the orchestration core (which sees
// activities' errors) knows no database library.
import { queryFailureCause, saysOnlyWhichQuery } from '../db/query-failure.ts';
import { failureMessage as messageOf } from '../shared/failure-message.ts';

/** The message a person needs from an error met inside an activity (drizzle's "Failed query" looked through). */
export function failureMessage(error: unknown): string {
  return messageOf(error, saysOnlyWhichQuery);
}

/**
 * The activities, each throwing the database's own error where drizzle wrapped it: what leaves
 * an activity is read by the orchestration core (in process, or as an ApplicationFailure under
 * Temporal), which looks through Temporal's wrappers but not a database library's.
 */
export function withQueryFailuresUnwrapped<T extends object>(activities: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, activity] of Object.entries(activities)) {
    out[name] =
      typeof activity === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (activity as (...a: unknown[]) => Promise<unknown>)(...args);
            } catch (error) {
              throw queryFailureCause(error);
            }
          }
        : activity;
  }
  return out as T;
}
