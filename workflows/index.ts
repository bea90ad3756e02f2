// Temporal workflows. Deterministic: no I/O, no Node modules; activities are reached only
// through proxyActivities, and their types come from activities/contract.ts.
import { proxyActivities } from '@temporalio/workflow';
import type { ReportActivities } from '../activities/contract.ts';
import { processReport as processReportCore, type ProcessReportInput, type ReportOutcome } from './core/process-report.ts';

const reportActivities = proxyActivities<ReportActivities>({
  // Parsing a long text PDF takes seconds; OCR (a later issue) heartbeats per page.
  startToCloseTimeout: '10 minutes',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 5,
    // Bad input is returned as a result by parseDocument, never thrown; these are bugs.
    nonRetryableErrorTypes: ['DocumentError', 'TypeError', 'ZodError'],
  },
});

/** One report: parse, classify, extract, verify, store. */
export async function processReport(input: ProcessReportInput): Promise<ReportOutcome> {
  return processReportCore(reportActivities, input);
}
