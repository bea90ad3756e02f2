// How a document past limits.documentTimeoutMs is told apart and recorded, in process and as
// Temporal hands it to the workflow (an ActivityFailure around an ApplicationFailure whose type
// is the error's name): final either way, so neither engine spends the time on it again.
import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { ReportActivities } from '../../activities/contract.ts';
import { deadlineIn, DocumentTimeoutError, formatDuration } from '../../activities/deadline.ts';
import { failureMessage } from '../../shared/failure-message.ts';
import { isDocumentTimeout } from '../../workflows/core/failure.ts';
import { processReport } from '../../workflows/core/process-report.ts';

const timeout = () =>
  new DocumentTimeoutError(
    'took longer than 15 min (limits.documentTimeoutMs): stopped during model extraction; not tried again (raise the limit and re-run the document)',
  );

function asTemporalDeliversIt(error: Error): ActivityFailure {
  const failure = ApplicationFailure.create({ message: error.message, type: error.name, nonRetryable: true });
  return new ActivityFailure('Activity task failed', 'extractCandidates', '5', RetryState.NON_RETRYABLE_FAILURE, undefined, failure);
}

describe('isDocumentTimeout', () => {
  it('knows the error in process and through Temporal, and nothing else', () => {
    expect(isDocumentTimeout(timeout())).toBe(true);
    expect(isDocumentTimeout(asTemporalDeliversIt(timeout()))).toBe(true);
    expect(failureMessage(asTemporalDeliversIt(timeout()))).toBe(timeout().message);
    expect(isDocumentTimeout(new Error('connection reset'))).toBe(false);
    expect(isDocumentTimeout(asTemporalDeliversIt(new TypeError('x is undefined')))).toBe(false);
    expect(isDocumentTimeout('took longer than')).toBe(false);
  });
});

describe('the core records a document that ran out of time as failed for good', () => {
  it.each([
    ['in process', timeout()],
    ['on Temporal', asTemporalDeliversIt(timeout())],
  ])('%s', async (_engine, error) => {
    const recorded: { reason: string; retryable: boolean; code?: string }[] = [];
    const acts = {
      parseDocument: async () => ({ ok: true, mediaType: 'application/pdf', pages: 3, blocks: 40, warnings: [], warningDetails: [] }),
      classifyDocument: async () => ({}) as never,
      extractCandidates: async () => {
        throw error;
      },
      recordFailure: async ({ reason, retryable, code }) => void recorded.push({ reason, retryable, code }),
    } as Partial<ReportActivities> as ReportActivities;
    const outcome = await processReport(acts, { documentId: 9, trigger: 'nightly' });
    expect(outcome).toEqual({ documentId: 9, status: 'failed', stage: 'extract', reason: `extract failed: ${timeout().message}` });
    expect(recorded).toEqual([{ reason: `extract failed: ${timeout().message}`, retryable: false, code: 'resource_limit' }]);
  });

  it('while any other failure of a step stays retryable', async () => {
    const recorded: boolean[] = [];
    const acts = {
      parseDocument: async () => {
        throw new Error('database restarting');
      },
      recordFailure: async ({ retryable }) => void recorded.push(retryable),
    } as Partial<ReportActivities> as ReportActivities;
    await processReport(acts, { documentId: 9, trigger: 'nightly' });
    expect(recorded).toEqual([true]);
  });
});

describe('a deadline', () => {
  it('stops only while pages remain, and reads its limit as people do', () => {
    let now = 0;
    const deadline = deadlineIn(900_000, () => now);
    deadline.checkPage(1, 40);
    now = 900_000;
    expect(() => deadline.checkPage(3, 40)).toThrow('took longer than 15 min (limits.documentTimeoutMs): stopped after page 3 of 40;');
    // The last page read is the document read: nothing left to save by stopping.
    expect(() => deadline.checkPage(40, 40)).not.toThrow();
    expect([1, 1500, 90_000, 900_000, 5_400_000, 10_800_000].map(formatDuration)).toEqual(['1 ms', '1.5 s', '90 s', '15 min', '90 min', '3 h']);
  });

  it('aborts a signal with the reason when it passes', async () => {
    const { signal, dispose } = deadlineIn(20).signal('during model extraction');
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    expect(signal.reason).toBeInstanceOf(DocumentTimeoutError);
    expect((signal.reason as Error).message).toMatch(/^took longer than 20 ms \(limits\.documentTimeoutMs\): stopped during model extraction;/);
    dispose();
  });
});
