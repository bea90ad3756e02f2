// The workflow starters of the composition root, through a real Temporal client. No Temporal
// server runs here: the client's own startWithDetails interceptor keeps the request the client
// would send (workflow type, task queue, id and the arguments as they would enter the history)
// and answers with a run id. What is checked is what a cluster would record.
import { Client, Connection, type WorkflowStartInput } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../app/config.ts';
import { nightlyInputOf, rerunInputOf, workflowIdOf, workflowStarters } from '../../app/starters.ts';
import { nightlySchedule } from '../../app/temporal.ts';
import { configFolder, type ConfigFolder } from '../helpers/config-files.ts';

const REVIEWER = 'nguyen.van.a@skhcn.hochiminhcity.gov.vn';

let folder: ConfigFolder;
let config: Config;

beforeAll(async () => {
  folder = await configFolder('baocao-starters-');
  const file = await folder.yaml(
    'temporal.yaml',
    `temporal:
  taskQueue: baocao-test
schedule:
  nightly:
    concurrency: 3
review:
  reminderEveryHours: 12
  escalateAfterDays: 2
  reviewers:
    "79": [${REVIEWER}]
limits:
  documentTimeoutMs: 600000
`,
  );
  config = loadConfig({ file, env: {} });
});
afterAll(() => folder?.remove());

/** A client that records each start instead of sending it (Connection.lazy connects on the first call, never made here). */
function recordingClient(): { client: Client; started: WorkflowStartInput[] } {
  const started: WorkflowStartInput[] = [];
  const client = new Client({
    connection: Connection.lazy({ address: '127.0.0.1:1' }),
    interceptors: {
      workflow: [
        {
          async startWithDetails(input) {
            started.push(input);
            return { runId: `run-${started.length}`, eagerlyStarted: false };
          },
        },
      ],
    },
  });
  return { client, started };
}

describe('workflow starters', () => {
  it('start nightlyIngestion and rerunExtraction by their functions, on the configured task queue, with the input as the one argument', async () => {
    const { client, started } = recordingClient();
    const starters = workflowStarters(client, config);
    const nightly = await starters.startNightly(nightlyInputOf(config), 'nightly-manual-1');
    const rerun = await starters.startRerun(rerunInputOf(config, { province: '79', period: '2025-Q3' }), 'rerun-1');
    expect([nightly.workflowId, nightly.firstExecutionRunId, rerun.workflowId, rerun.firstExecutionRunId]).toEqual([
      'nightly-manual-1',
      'run-1',
      'rerun-1',
      'run-2',
    ]);
    expect(started.map((s) => ({ type: s.workflowType, taskQueue: s.options.taskQueue, workflowId: s.options.workflowId, args: s.options.args }))).toEqual([
      {
        type: 'nightlyIngestion',
        taskQueue: 'baocao-test',
        workflowId: 'nightly-manual-1',
        args: [{ concurrency: 3, review: { reminderEveryHours: 12, escalateAfterDays: 2 }, limits: { documentTimeoutMs: 600000 } }],
      },
      {
        type: 'rerunExtraction',
        taskQueue: 'baocao-test',
        workflowId: 'rerun-1',
        args: [{ selection: { province: '79', period: '2025-Q3' }, limits: { documentTimeoutMs: 600000 } }],
      },
    ]);
  });

  it('check one source as the nightly run does, one source at a time', async () => {
    const { client, started } = recordingClient();
    await workflowStarters(client, config).startNightly(nightlyInputOf(config, ['hcm']), 'source-hcm-1');
    expect(started[0]?.options.args).toEqual([
      { only: ['hcm'], concurrency: 1, review: { reminderEveryHours: 12, escalateAfterDays: 2 }, limits: { documentTimeoutMs: 600000 } },
    ]);
  });

  it('put no reviewer e-mail address in what the history keeps: not in a started workflow, not in the nightly Schedule', async () => {
    expect(config.review.reviewers).toEqual({ '79': [REVIEWER] });
    const { client, started } = recordingClient();
    const starters = workflowStarters(client, config);
    await starters.startNightly(nightlyInputOf(config), 'n');
    await starters.startNightly(nightlyInputOf(config, ['hcm']), 's');
    await starters.startRerun(rerunInputOf(config, { documentIds: [1] }), 'r');
    const schedule = nightlySchedule(config);
    for (const recorded of [...started.map((s) => s.options.args), schedule.action.args]) {
      expect(JSON.stringify(recorded)).not.toContain(REVIEWER);
      expect(JSON.stringify(recorded)).not.toContain('reviewers');
    }
    expect(schedule.action).toMatchObject({ workflowType: 'nightlyIngestion', taskQueue: 'baocao-test', args: [nightlyInputOf(config)] });
  });

  it('name runs started by hand by the time, and apart within one millisecond when asked', () => {
    const now = new Date('2025-10-01T01:02:03.456Z');
    expect(workflowIdOf('rerun', { now })).toBe('rerun-2025-10-01T01-02-03-456Z');
    const a = workflowIdOf('rerun-web', { now, random: true });
    const b = workflowIdOf('rerun-web', { now, random: true });
    expect(a).toMatch(/^rerun-web-2025-10-01T01-02-03-456Z-[0-9a-f]{6}$/);
    expect(a).not.toBe(b);
  });
});
