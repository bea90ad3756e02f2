// limits.documentTimeoutMs on Temporal: the sandbox cannot read the configuration, so a run
// may pass it in its input, where processReport turns it into the startToCloseTimeout of
// parsing and extraction. The recorded history replayed with that input must issue the same
// commands: the limit changes the activities' options, never the order of the steps.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../../cli/temporal.ts';
import { buildHistory, type RecordedCall } from '../temporal/history.ts';

const histories = fileURLToPath(new URL('../temporal/histories/', import.meta.url));
const decode = (payload: { data?: string }) => (payload.data ? JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')) : null);

function recorded(file: string): { input: Record<string, unknown>; calls: RecordedCall[]; result: unknown } {
  const { events } = JSON.parse(readFileSync(`${histories}${file}`, 'utf8')) as { events: Record<string, any>[] };
  const of = (type: string) => events.filter((e) => e.eventType === `EVENT_TYPE_${type}`);
  const completed = of('ACTIVITY_TASK_COMPLETED');
  return {
    input: decode(of('WORKFLOW_EXECUTION_STARTED')[0]!.workflowExecutionStartedEventAttributes.input.payloads[0]),
    calls: of('ACTIVITY_TASK_SCHEDULED').map((e, i) => ({
      activityType: e.activityTaskScheduledEventAttributes.activityType.name,
      input: decode(e.activityTaskScheduledEventAttributes.input.payloads[0]),
      result: decode(completed[i]!.activityTaskCompletedEventAttributes.result.payloads[0]),
    })),
    result: decode(of('WORKFLOW_EXECUTION_COMPLETED')[0]!.workflowExecutionCompletedEventAttributes.result.payloads[0]),
  };
}

describe('processReport with limits in its input', () => {
  it.each(['process-report-extracted.json', 'process-report-bad-input.json'])('replays %s with the same commands', async (file) => {
    const { input, calls, result } = recorded(file);
    const history = buildHistory({
      workflowType: 'processReport',
      taskQueue: 'baocao',
      input: { ...input, limits: { documentTimeoutMs: 10 * 60_000 } },
      calls,
      result,
      startTime: '2025-09-21T01:00:00Z',
    });
    expect(calls.length).toBeGreaterThan(1);
    await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH, replayName: `limits-${file}` }, history)).resolves.toBeUndefined();
  }, 120_000);
});
