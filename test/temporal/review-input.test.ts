// Workflow inputs carry ids and settings, never personal data. Runs started before the typed
// starters (app/starters.ts) had the whole `review` configuration in their input, the
// reviewers' e-mail addresses with it. Such a run, replayed through the real sandbox, still
// replays (the extra field changes no command), and the reviewDeadline child it starts for the
// flagged values gets the settings alone: the addresses go no further down the history.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../../app/temporal.ts';
import { buildHistory, recordingOf } from './history.ts';

const recorderModule = fileURLToPath(new URL('./child-start-recorder.ts', import.meta.url));
const recordedRun = recordingOf(JSON.parse(readFileSync(fileURLToPath(new URL('./histories/process-report-extracted.json', import.meta.url)), 'utf8')));
const REVIEWER = 'nguyen.van.a@skhcn.danang.gov.vn';

/** The recorded report processed with `review` in its input and `flagged` values stored: the history up to the workflow task that starts the child. */
function historyWith(review: Record<string, unknown>, flagged: number) {
  const calls = recordedRun.calls.map((c) => (c.activityType === 'storeValues' ? { ...c, result: { ...(c.result as object), flagged } } : c));
  const { events } = buildHistory({
    workflowType: 'processReport',
    taskQueue: 'baocao',
    input: { ...recordedRun.input, review },
    calls,
    result: null,
    startTime: '2025-09-21T01:00:00Z',
  });
  // The last workflow task is left running, as on a worker that picks the run up at that point:
  // what it commands is new, not compared with the history.
  const open = events.slice(0, -2);
  expect(open.at(-1)).toMatchObject({ eventType: 'EVENT_TYPE_WORKFLOW_TASK_STARTED' });
  return { events: open };
}

async function childrenStarted(history: { events: Record<string, unknown>[] }, name: string) {
  const started: { workflowType: string; workflowId: string; args: unknown[] }[] = [];
  await Worker.runReplayHistory(
    {
      workflowsPath: WORKFLOWS_PATH,
      replayName: name,
      interceptors: { workflowModules: [recorderModule] },
      sinks: {
        children: {
          started: {
            fn: (_info, workflowType: string, workflowId: string, args: unknown[]) => {
              started.push({ workflowType, workflowId, args });
            },
            callDuringReplay: true,
          },
        },
      },
    },
    history,
  );
  return started;
}

describe('processReport with review settings in its input', () => {
  it('from before the typed starters (reviewers in it): replays, and starts reviewDeadline with the settings only', async () => {
    const review = { reminderEveryHours: 24, escalateAfterDays: 3, reviewers: { '48': [REVIEWER] } };
    const started = await childrenStarted(historyWith(review, 2), 'review-input-old');
    expect(started).toEqual([
      {
        workflowType: 'reviewDeadline',
        workflowId: `review-document-${recordedRun.input.documentId}`,
        args: [{ documentId: recordedRun.input.documentId, reminderEveryHours: 24, escalateAfterDays: 3 }],
      },
    ]);
    expect(JSON.stringify(started)).not.toContain(REVIEWER);
  }, 120_000);

  it('with nothing flagged: no reviewDeadline', async () => {
    expect(await childrenStarted(historyWith({ reminderEveryHours: 24, escalateAfterDays: 3 }, 0), 'review-input-none')).toEqual([]);
  }, 120_000);
});
