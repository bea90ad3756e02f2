// Who runs "check now" on a source, from the administration page. As for re-runs
// (app/reruns.ts), the application only asks: `baocao serve` starts the nightly workflow for
// that one source when Temporal is configured, and otherwise runs the same core in its own
// process (app/web-runners.ts); tests run it in process over their own activities.
import type { Activities } from '../activities/contract.ts';
import { ingestSources } from '../workflows/core/ingest-sources.ts';

export type SourceCheckResult =
  /** Done before the answer: the files listed, the new ones fetched, and those that failed. */
  | { mode: 'in_process'; listed: number; fetched: number; failed: number; error: string | null }
  /** Started on the cluster. */
  | { mode: 'temporal'; workflowId: string };

export type SourceCheckRunner = (sourceName: string, requestedBy: string) => Promise<SourceCheckResult>;

/** The nightly core for one source, in this process; the request waits for it. */
export function inProcessSourceChecker(activities: Activities): SourceCheckRunner {
  return async (name) => {
    const summary = await ingestSources(activities, { trigger: 'manual', concurrency: 1, only: [name] });
    const outcome = summary.sources[0];
    if (!outcome) return { mode: 'in_process', listed: 0, fetched: 0, failed: 0, error: null };
    if (outcome.status === 'unreachable') return { mode: 'in_process', listed: 0, fetched: 0, failed: 1, error: outcome.reason };
    return {
      mode: 'in_process',
      listed: outcome.entries.length,
      fetched: outcome.entries.filter((e) => e.fetch.status === 'fetched' && e.fetch.file.isNew).length,
      failed: outcome.entries.filter((e) => e.fetch.status === 'failed' || e.report?.status === 'failed').length,
      error: null,
    };
  };
}
