// Re-running extraction over an analyst's selection: each document gets a new run beside
// its old ones (the old runs stay; the current mark moves).
import type { Activities, RerunSelection } from '../../activities/contract.ts';
import { mapWithConcurrency } from '../../shared/pool.ts';
import type { RunReport } from './ingest-sources.ts';
import type { ReportOutcome } from './process-report.ts';

export interface RerunSummary {
  selected: number;
  extracted: number;
  failed: number;
  /** Classified as no report in scope and not forced: not extracted. */
  setAside: number;
  /** Documents another run was already processing. */
  skipped: number;
  outcomes: ReportOutcome[];
}

export async function rerunExtraction(acts: Activities, selection: RerunSelection, runReport: RunReport, concurrency: number): Promise<RerunSummary> {
  const documents = await acts.selectDocuments(selection);
  const outcomes = await mapWithConcurrency(documents, concurrency, (document) => runReport(document, 'rerun'));
  const done = outcomes.filter((o): o is ReportOutcome => o !== null);
  return {
    selected: documents.length,
    extracted: done.filter((o) => o.status === 'extracted').length,
    failed: done.filter((o) => o.status === 'failed').length,
    setAside: done.filter((o) => o.status === 'set_aside').length,
    skipped: outcomes.length - done.length,
    outcomes: done,
  };
}
