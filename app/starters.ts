// Starting workflows on the cluster, typed by the workflow functions themselves: the input of
// startNightly is what nightlyIngestion takes, so a workflow whose input changes breaks its
// starters at compile time, not a run in the night. The CLI (`baocao run`, `schedule apply`) and
// the review application (re-runs, "check now") start workflows only through here. Inputs carry
// ids and settings, never personal data: they are kept in the workflow history.
import { randomBytes } from 'node:crypto';
import type { Client, ScheduleOptionsStartWorkflowAction, WorkflowHandleWithStartDetails } from '@temporalio/client';
import type { RerunSelection } from '../activities/contract.ts';
import { nightlyIngestion, rerunExtraction, type NightlyInput, type RerunInput, type ReviewSettings, type WorkflowLimits } from '../workflows/index.ts';
import type { Config } from './config.ts';

/** The limits a workflow passes to its report activities' timeouts (the sandbox cannot read the configuration). */
export function workflowLimitsOf(config: Config): WorkflowLimits {
  return { documentTimeoutMs: config.limits.documentTimeoutMs };
}

/** How often reviewers are reminded: review.reminderEveryHours and escalateAfterDays, not review.reviewers (who they are stays with the worker). */
export function reviewSettingsOf(config: Config): ReviewSettings {
  return { reminderEveryHours: config.review.reminderEveryHours, escalateAfterDays: config.review.escalateAfterDays };
}

/** The nightly run's input: every enabled source, or `only` these at once. */
export function nightlyInputOf(config: Config, only?: string[]): NightlyInput {
  return {
    ...(only ? { only, concurrency: 1 } : { concurrency: config.schedule.nightly.concurrency }),
    review: reviewSettingsOf(config),
    limits: workflowLimitsOf(config),
  };
}

export function rerunInputOf(config: Config, selection: RerunSelection): RerunInput {
  return { selection, limits: workflowLimitsOf(config) };
}

export interface WorkflowStarters {
  startNightly(input: NightlyInput, workflowId: string): Promise<WorkflowHandleWithStartDetails<typeof nightlyIngestion>>;
  startRerun(input: RerunInput, workflowId: string): Promise<WorkflowHandleWithStartDetails<typeof rerunExtraction>>;
}

/** The starters over a connected client, on the configured task queue. */
export function workflowStarters(client: Client, config: Config): WorkflowStarters {
  const { taskQueue } = config.temporal;
  return {
    startNightly: (input, workflowId) => client.workflow.start(nightlyIngestion, { taskQueue, workflowId, args: [input] }),
    startRerun: (input, workflowId) => client.workflow.start(rerunExtraction, { taskQueue, workflowId, args: [input] }),
  };
}

/**
 * What the nightly Schedule starts. The workflow type is the function's name rather than the
 * function, so that `schedule apply --dry-run` prints it; the action's type still checks the input.
 */
export function nightlyAction(config: Config, workflowId: string): ScheduleOptionsStartWorkflowAction<typeof nightlyIngestion> {
  return { type: 'startWorkflow', workflowType: nightlyIngestion.name, workflowId, taskQueue: config.temporal.taskQueue, args: [nightlyInputOf(config)] };
}

/**
 * A workflow id for a run started by hand: the prefix and the time; `random` adds a few random
 * characters, so that two people pressing one button in the same millisecond get two workflows.
 */
export function workflowIdOf(prefix: string, { now = new Date(), random = false }: { now?: Date; random?: boolean } = {}): string {
  return `${prefix}-${now.toISOString().replace(/[:.]/g, '-')}${random ? `-${randomBytes(3).toString('hex')}` : ''}`;
}
