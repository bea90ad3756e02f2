// The order of steps for one report, as plain async functions over the activities. The
// Temporal workflow and the in-process runner both call this; it must stay deterministic
// (no I/O, no Node modules, no randomness).
import type { RegisteredFile, ReportActivities } from '../../activities/contract.ts';
import type { RunTrigger } from '../../db/schema.ts';
import type { Classification } from '../../extractors/types.ts';
import { failureMessage } from '../../shared/failure-message.ts';
import { isResourceLimit } from './failure.ts';

export interface ProcessReportInput {
  documentId: number;
  trigger: RunTrigger;
}

export type ReportOutcome =
  | {
      documentId: number;
      status: 'extracted';
      classification: Classification;
      runId: number;
      accepted: number;
      flagged: number;
    }
  | { documentId: number; status: 'failed'; stage: Stage; reason: string }
  /** Not a report in scope (a letter, a notice, a report on another subject): classified and stored, not extracted. */
  | { documentId: number; status: 'set_aside'; classification: Classification };

type Stage = 'parse' | 'classify' | 'extract' | 'verify' | 'store';

/**
 * Whether a registered document still needs processing: it was never finished. Extracted
 * documents are re-extracted only on request (a re-run); failed ones are final.
 */
export function needsProcessing(file: Pick<RegisteredFile, 'status'>): boolean {
  return file.status !== 'extracted' && file.status !== 'failed' && file.status !== 'set_aside';
}

/**
 * Whether a classification leaves the document out of extraction. Classifications recorded
 * before document types existed carry no scope: they were reports, and replay the same way.
 */
function setAside(c: Classification): boolean {
  return c.scope !== undefined && c.scope !== 'report' && c.forced !== true;
}

export async function processReport(acts: ReportActivities, input: ProcessReportInput): Promise<ReportOutcome> {
  const { documentId } = input;
  const startedAt = new Date().toISOString();
  let stage: Stage = 'parse';
  try {
    const parsed = await acts.parseDocument({ documentId });
    if (!parsed.ok) {
      await acts.recordFailure({ documentId, reason: parsed.reason, retryable: false, code: parsed.code });
      return { documentId, status: 'failed', stage, reason: parsed.reason };
    }
    stage = 'classify';
    const classification = await acts.classifyDocument({ documentId });
    if (setAside(classification)) return { documentId, status: 'set_aside', classification };
    stage = 'extract';
    const { candidates, usage } = await acts.extractCandidates({ documentId });
    stage = 'verify';
    const values = await acts.verifyValues({ documentId, candidates });
    stage = 'store';
    const run = await acts.storeValues({ documentId, trigger: input.trigger, values, usage, startedAt });
    return { documentId, status: 'extracted', classification, runId: run.runId, accepted: run.accepted, flagged: run.flagged };
  } catch (error) {
    // Anything unexpected (a parser bug, a database blip, retries exhausted) is recorded
    // against the document so the run goes on; it stays unfinished and is tried again. A
    // document that exceeded a resource limit (ran out of time, used too much memory, killed its
    // process twice) is the exception: it would do it again.
    const reason = `${stage} failed: ${failureMessage(error)}`;
    const final = isResourceLimit(error);
    try {
      await acts.recordFailure({ documentId, reason, retryable: !final, ...(final ? { code: 'resource_limit' } : {}) });
    } catch (recordError) {
      // The database that failed the step may fail this too. Nothing recorded leaves the
      // document unfinished all the same, so the next run resumes it; the run goes on.
      return { documentId, status: 'failed', stage, reason: `${reason} (not recorded: ${failureMessage(recordError)})` };
    }
    return { documentId, status: 'failed', stage, reason };
  }
}
