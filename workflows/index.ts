// Temporal workflows. Deterministic: no I/O, no Node modules; activities are reached only
// through proxyActivities, and their types come from activities/contract.ts. Each workflow
// is a thin shell over the orchestration core in ./core, which the in-process runner uses too.
import {
  ApplicationFailure,
  condition,
  continueAsNew,
  defineSignal,
  executeChild,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  WorkflowIdReusePolicy,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, type RetryPolicy } from '@temporalio/common';
import type { Activities, ReportActivities, RerunSelection, SourceSummary } from '../activities/contract.ts';
import type { RunTrigger } from '../db/schema.ts';
import { ingestSource as ingestSourceCore, ingestSources, type RunReport, type SourceOutcome, type SourcesSummary } from './core/ingest-sources.ts';
import { processReport as processReportCore, type ProcessReportInput, type ReportOutcome } from './core/process-report.ts';
import { rerunExtraction as rerunCore, type RerunSummary } from './core/rerun.ts';
import { reviewDeadline as reviewDeadlineCore, type ReviewDeadlineInput } from './core/review-deadline.ts';

/** Retries for steps that fail only for passing reasons: bad input is returned as a result. */
const retry: RetryPolicy = {
  initialInterval: '2 seconds',
  backoffCoefficient: 2,
  maximumInterval: '2 minutes',
  maximumAttempts: 5,
  // Programming errors do not get better by retrying.
  // A document past limits.documentTimeoutMs would run out of time again, and one that used too
  // much memory or killed its process twice would do it again (the activities also throw them
  // as non-retryable ApplicationFailures).
  nonRetryableErrorTypes: ['TypeError', 'ReferenceError', 'ZodError', 'DocumentError', 'DocumentTimeoutError', 'ResourceLimitError'],
};

/** Parsing may take minutes on a long scan: it heartbeats per page, so a dead worker is noticed in a minute. */
const parsing = proxyActivities<Pick<Activities, 'parseDocument'>>({ startToCloseTimeout: '30 minutes', heartbeatTimeout: '1 minute', retry });

/**
 * Extraction may call a language model: bounded, and retried less (the model side retries
 * within its cap). It heartbeats before every model request; a request with its retry wait
 * stays under 2 minutes with the default llm.timeoutMs.
 */
const extraction = proxyActivities<Pick<Activities, 'extractCandidates'>>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '3 minutes',
  retry: { ...retry, maximumAttempts: 3 },
});

const steps = proxyActivities<Activities>({ startToCloseTimeout: '5 minutes', retry });

/**
 * Classifying and verifying run in a document process too, and may wait for one while another
 * document is read (limits.documentProcesses): they heartbeat while they wait, and get the time
 * parsing gets.
 */
const reading = proxyActivities<Pick<Activities, 'classifyDocument' | 'verifyValues'>>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry,
});

/** Fetching: the fetcher retries within one attempt (backoff, Retry-After); Temporal retries a little more. */
const fetching = proxyActivities<Pick<Activities, 'listSources' | 'listSourceEntries' | 'fetchSourceEntry'>>({
  startToCloseTimeout: '20 minutes',
  retry: { ...retry, maximumAttempts: 3, initialInterval: '1 minute' },
});

/**
 * One activities object with per-step options. (proxyActivities returns a Proxy with no own
 * keys: spreading it copies nothing, so the overrides are looked up first instead.)
 */
function withOptions<T extends object>(base: T, overrides: Partial<T>): T {
  return new Proxy(base, { get: (target, name, receiver) => (name in overrides ? overrides[name as keyof T] : Reflect.get(target, name, receiver)) });
}

const acts: Activities = withOptions(steps, {
  parseDocument: parsing.parseDocument,
  classifyDocument: reading.classifyDocument,
  verifyValues: reading.verifyValues,
  extractCandidates: extraction.extractCandidates,
  listSources: fetching.listSources,
  listSourceEntries: fetching.listSourceEntries,
  fetchSourceEntry: fetching.fetchSourceEntry,
});
const reportActivities: ReportActivities = acts;

/**
 * The configuration's limits a run passes down to its reports. The sandbox cannot read the
 * configuration, so they travel in the workflow input; absent, the fixed timeouts above hold.
 */
export interface WorkflowLimits {
  /** limits.documentTimeoutMs: parsing, classifying, extraction and verifying each get it, plus DEADLINE_GRACE_MS, as their startToCloseTimeout. */
  documentTimeoutMs?: number;
}

/**
 * The worker stops a document itself at limits.documentTimeoutMs (its own configuration),
 * between pages and model requests, and returns a clear reason. Temporal's timeout is for a
 * worker that died or hung: it comes later, by more than one OCR page with its turned re-reads.
 */
export const DEADLINE_GRACE_MS = 5 * 60_000;

function reportActivitiesWithin(limits: WorkflowLimits | undefined): ReportActivities {
  const timeout = limits?.documentTimeoutMs;
  if (timeout === undefined) return reportActivities;
  const startToCloseTimeout = timeout + DEADLINE_GRACE_MS;
  const within = proxyActivities<Pick<Activities, 'classifyDocument' | 'verifyValues'>>({ startToCloseTimeout, heartbeatTimeout: '1 minute', retry });
  return withOptions(steps, {
    parseDocument: proxyActivities<Pick<Activities, 'parseDocument'>>({ startToCloseTimeout, heartbeatTimeout: '1 minute', retry }).parseDocument,
    classifyDocument: within.classifyDocument,
    verifyValues: within.verifyValues,
    extractCandidates: proxyActivities<Pick<Activities, 'extractCandidates'>>({
      startToCloseTimeout,
      heartbeatTimeout: '3 minutes',
      retry: { ...retry, maximumAttempts: 3 },
    }).extractCandidates,
  });
}

/** Sent by the review application when the last flagged value of a report is decided. */
export const reviewCompleted = defineSignal('reviewCompleted');

export interface ReviewSettings {
  reminderEveryHours: number;
  escalateAfterDays: number;
}

/**
 * The settings alone, passed on to children. Inputs are kept in the workflow history, so they
 * carry ids and settings, never personal data; runs started before the starters typed their
 * input had review.reviewers (e-mail addresses) in it, and this keeps them from going further.
 */
function reviewSettingsIn(review: ReviewSettings | undefined): ReviewSettings | undefined {
  return review && { reminderEveryHours: review.reminderEveryHours, escalateAfterDays: review.escalateAfterDays };
}

export interface ProcessReportWorkflowInput extends ProcessReportInput {
  /** When set and values are flagged, a reviewDeadline workflow is started for the report. */
  review?: ReviewSettings;
  limits?: WorkflowLimits;
}

/** One report: parse, classify, extract, verify, store. */
export async function processReport(input: ProcessReportWorkflowInput): Promise<ReportOutcome> {
  const outcome = await processReportCore(reportActivitiesWithin(input.limits), { documentId: input.documentId, trigger: input.trigger });
  const review = reviewSettingsIn(input.review);
  if (review && outcome.status === 'extracted' && outcome.flagged > 0) {
    try {
      await startChild(reviewDeadline, {
        workflowId: reviewWorkflowId(input.documentId),
        args: [{ documentId: input.documentId, ...review }],
        // The reminders outlive the report's processing.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
  return outcome;
}

export const reviewWorkflowId = (documentId: number) => `review-document-${documentId}`;
export const reportWorkflowId = (sha256: string) => `report-${sha256}`;

/**
 * Reports as child workflows named by content hash: a document is processed once even when
 * two runs overlap (the second start finds the first running and skips it).
 */
function childReports(idOf: (sha256: string) => string, review?: ReviewSettings, limits?: WorkflowLimits): RunReport {
  return async (document, trigger) => {
    try {
      return await executeChild(processReport, {
        workflowId: idOf(document.sha256),
        args: [{ documentId: document.documentId, trigger, review, ...(limits ? { limits } : {}) }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return null;
      throw error;
    }
  };
}

export interface IngestSourceInput {
  source: SourceSummary;
  trigger: RunTrigger;
  review?: ReviewSettings;
  limits?: WorkflowLimits;
}

/** One source: list it, fetch what is new, process each new report as a child workflow. */
export async function ingestSource(input: IngestSourceInput): Promise<SourceOutcome> {
  return ingestSourceCore(acts, input.source, {
    trigger: input.trigger,
    claimed: new Set(),
    runReport: childReports(reportWorkflowId, reviewSettingsIn(input.review), input.limits),
  });
}

export interface NightlyInput {
  /** Sources handled at once (child workflows). */
  concurrency?: number;
  /** Only these sources; every enabled one when absent. */
  only?: string[];
  review?: ReviewSettings;
  limits?: WorkflowLimits;
}

/** Every enabled source, each as a child workflow; a summary of what happened. */
export async function nightlyIngestion(input: NightlyInput = {}): Promise<SourcesSummary> {
  const { workflowId } = workflowInfo();
  return ingestSources(acts, { trigger: 'nightly', concurrency: input.concurrency ?? 4, only: input.only }, {}, (source, trigger) =>
    executeChild(ingestSource, {
      workflowId: `${workflowId}/source-${source.name}`,
      args: [{ source, trigger, review: reviewSettingsIn(input.review), ...(input.limits ? { limits: input.limits } : {}) }],
    }),
  );
}

export interface RerunInput {
  selection: RerunSelection;
  concurrency?: number;
  limits?: WorkflowLimits;
}

/** An analyst's selection re-extracted with the current configuration: new runs beside the old. */
export async function rerunExtraction(input: RerunInput): Promise<RerunSummary> {
  if (!input.selection.documentIds && !input.selection.province && !input.selection.period && !input.selection.group) {
    throw ApplicationFailure.nonRetryable('a re-run needs a selection: document ids, or a province, period or group', 'EmptySelection');
  }
  const { workflowId } = workflowInfo();
  return rerunCore(
    acts,
    input.selection,
    childReports((sha256) => `${workflowId}/report-${sha256}`, undefined, input.limits),
    input.concurrency ?? 4,
  );
}

/** Reminds a report's reviewers until its flagged values are decided; escalates after N days. */
export async function reviewDeadline(input: ReviewDeadlineInput): Promise<{ reminders: number; escalated: boolean }> {
  let decided = false;
  setHandler(reviewCompleted, () => {
    decided = true;
  });
  const result = await reviewDeadlineCore(acts, input, {
    now: () => Date.now(),
    waitForDecisionOr: async (ms) => {
      const early = await condition(() => decided, ms);
      // A signal is used once: if values are still pending, the next wait is a full one.
      decided = false;
      return early;
    },
  });
  if (result.outcome === 'continue') return continueAsNew<typeof reviewDeadline>(result.next);
  return { reminders: result.reminders, escalated: result.escalated };
}
