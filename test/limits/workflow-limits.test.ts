// limits.documentTimeoutMs on Temporal: the sandbox cannot read the configuration, so a run
// may pass it in its input, where processReport turns it into the startToCloseTimeout of
// parsing, classifying, extraction and verifying (plus a grace of 5 minutes). Replay does not
// compare an activity's options with the history, so the recorded histories are replayed with
// an interceptor that records the options of every activity the workflow schedules (what its
// ScheduleActivityTask commands carry), and those are compared with the timeouts written here.
// The replay also proves the limit never changes the order of the steps.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ActivityOptions } from '@temporalio/common';
import { msOptionalToNumber } from '@temporalio/common/lib/time.js';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../../app/temporal.ts';
import { buildHistory, recordingOf, type RecordedCall } from '../temporal/history.ts';

const histories = fileURLToPath(new URL('../temporal/histories/', import.meta.url));
const recorderModule = fileURLToPath(new URL('./activity-options-recorder.ts', import.meta.url));
function recorded(file: string): { input: Record<string, unknown>; calls: RecordedCall[]; result: unknown } {
  return recordingOf(JSON.parse(readFileSync(`${histories}${file}`, 'utf8')));
}

interface Scheduled {
  activityType: string;
  /** Milliseconds, as Temporal reads the option. */
  startToCloseTimeout: number | undefined;
  heartbeatTimeout: number | undefined;
  maximumAttempts: number | undefined;
}

/** Replays `file` with `limits` in its input; the activities it scheduled, with their options. */
async function replayScheduling(file: string, limits: Record<string, number> | undefined): Promise<{ scheduled: Scheduled[]; calls: RecordedCall[] }> {
  const { input, calls, result } = recorded(file);
  const history = buildHistory({
    workflowType: 'processReport',
    taskQueue: 'baocao',
    input: { ...input, ...(limits ? { limits } : {}) },
    calls,
    result,
    startTime: '2025-09-21T01:00:00Z',
  });
  const scheduled: Scheduled[] = [];
  await Worker.runReplayHistory(
    {
      workflowsPath: WORKFLOWS_PATH,
      replayName: `limits-${file}`,
      interceptors: { workflowModules: [recorderModule] },
      sinks: {
        recorder: {
          scheduled: {
            fn: (_info, activityType: string, options: ActivityOptions) => {
              scheduled.push({
                activityType,
                startToCloseTimeout: msOptionalToNumber(options.startToCloseTimeout),
                heartbeatTimeout: msOptionalToNumber(options.heartbeatTimeout),
                maximumAttempts: options.retry?.maximumAttempts,
              });
            },
            callDuringReplay: true,
          },
        },
      },
    },
    history,
  );
  return { scheduled, calls };
}

const minutes = (n: number) => n * 60_000;

describe('processReport schedules its activities', () => {
  it.each(['process-report-extracted.json', 'process-report-bad-input.json'])(
    'with limits.documentTimeoutMs plus 5 minutes as their timeout (%s)',
    async (file) => {
      // 20 minutes: plus the grace, a timeout no activity has without the limit.
      const { scheduled, calls } = await replayScheduling(file, { documentTimeoutMs: minutes(20) });
      // The same steps as recorded, in the same order.
      expect(scheduled.map((s) => s.activityType)).toEqual(calls.map((c) => c.activityType));
      expect(calls.length).toBeGreaterThan(1);
      const expected: Record<string, Omit<Scheduled, 'activityType'>> = {
        parseDocument: { startToCloseTimeout: minutes(25), heartbeatTimeout: minutes(1), maximumAttempts: 5 },
        classifyDocument: { startToCloseTimeout: minutes(25), heartbeatTimeout: minutes(1), maximumAttempts: 5 },
        extractCandidates: { startToCloseTimeout: minutes(25), heartbeatTimeout: minutes(3), maximumAttempts: 3 },
        verifyValues: { startToCloseTimeout: minutes(25), heartbeatTimeout: minutes(1), maximumAttempts: 5 },
        // Storing is no document work: the limit leaves it its own 5 minutes.
        storeValues: { startToCloseTimeout: minutes(5), heartbeatTimeout: undefined, maximumAttempts: 5 },
        recordFailure: { startToCloseTimeout: minutes(5), heartbeatTimeout: undefined, maximumAttempts: 5 },
      };
      expect(scheduled).toEqual(scheduled.map((s) => ({ activityType: s.activityType, ...expected[s.activityType] })));
    },
    120_000,
  );

  it('with the fixed timeouts when the input carries no limits', async () => {
    const { scheduled } = await replayScheduling('process-report-extracted.json', undefined);
    expect(scheduled).toEqual([
      { activityType: 'parseDocument', startToCloseTimeout: minutes(30), heartbeatTimeout: minutes(1), maximumAttempts: 5 },
      { activityType: 'classifyDocument', startToCloseTimeout: minutes(30), heartbeatTimeout: minutes(1), maximumAttempts: 5 },
      { activityType: 'extractCandidates', startToCloseTimeout: minutes(15), heartbeatTimeout: minutes(3), maximumAttempts: 3 },
      { activityType: 'verifyValues', startToCloseTimeout: minutes(30), heartbeatTimeout: minutes(1), maximumAttempts: 5 },
      { activityType: 'storeValues', startToCloseTimeout: minutes(5), heartbeatTimeout: undefined, maximumAttempts: 5 },
    ]);
  }, 120_000);
});
