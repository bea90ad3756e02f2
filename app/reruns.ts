// Who runs a re-run that an analyst starts from a page. The application only asks; the
// runner is handed in by whoever builds the server: `baocao serve` starts the
// rerunExtraction workflow when Temporal is configured and otherwise runs the same core in
// its own process (app/web-runners.ts), exactly as `baocao run rerun [--local]` does; tests run
// it in process over their own activities.
import type { Activities, RerunSelection } from '../activities/contract.ts';
import { inProcessReport } from '../workflows/core/ingest-sources.ts';
import { rerunExtraction } from '../workflows/core/rerun.ts';

export type RerunResult =
  /** Done before the answer: what happened to the selected documents. */
  | { mode: 'in_process'; selected: number; extracted: number; failed: number; skipped: number }
  /** Started on the cluster; its progress is in the Temporal UI under this id. */
  | { mode: 'temporal'; workflowId: string };

export type RerunRunner = (selection: RerunSelection, requestedBy: string) => Promise<RerunResult>;

/**
 * The re-run core in this process. The request waits for it, as `baocao run rerun --local`
 * does: without a cluster there is nothing to hand the work to that would outlive the process.
 */
export function inProcessRerunner(activities: Activities, concurrency = 1): RerunRunner {
  return async (selection) => {
    const summary = await rerunExtraction(activities, selection, inProcessReport(activities), concurrency);
    return { mode: 'in_process', selected: summary.selected, extracted: summary.extracted, failed: summary.failed, skipped: summary.skipped };
  };
}
