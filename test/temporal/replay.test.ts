// Replays recorded processReport histories through the real workflow sandbox: a change that
// makes the workflow issue different commands (a Date.now() branch, a reordered step) fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../../app/temporal.ts';
import { buildHistory, recordingOf } from './history.ts';

const dir = fileURLToPath(new URL('./histories/', import.meta.url));

const histories = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('replaying processReport histories', () => {
  it('has histories to replay', () => {
    expect(histories).toEqual(expect.arrayContaining(['process-report-extracted.json', 'process-report-bad-input.json']));
  });

  it.each(histories)(
    '%s replays without a determinism error',
    async (file) => {
      const history = JSON.parse(readFileSync(`${dir}${file}`, 'utf8'));
      await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH, replayName: file }, history)).resolves.toBeUndefined();
    },
    120_000,
  );

  it('a history with a step the workflow does not take is refused', async () => {
    // The recorded run again, with classifyDocument done twice: what a workflow that had
    // gained a step would have recorded. Replaying it against today's workflow must fail.
    const { calls } = recordingOf(JSON.parse(readFileSync(`${dir}process-report-extracted.json`, 'utf8')));
    const twice = [calls[0]!, calls[1]!, calls[1]!, ...calls.slice(2)];
    const history = buildHistory({
      workflowType: 'processReport',
      taskQueue: 'baocao',
      input: { documentId: 1, trigger: 'nightly' },
      calls: twice,
      result: null,
      startTime: '2025-09-21T01:00:00Z',
    });
    await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH, replayName: 'extra-step' }, history)).rejects.toThrow(/determinism/i);
  }, 120_000);
});
