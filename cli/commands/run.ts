// baocao run nightly|source|report|rerun: start a workflow on the Temporal cluster (and wait
// with --wait), or with --local (the default when no address is configured) run the same
// orchestration core in process.
import type { WorkflowHandleWithStartDetails } from '@temporalio/client';
import type { RerunSelection } from '../../activities/contract.ts';
import { inProcessReport } from '../../workflows/core/ingest-sources.ts';
import { rerunExtraction } from '../../workflows/core/rerun.ts';
import { UsageError, type Config } from '../../app/config.ts';
import { forceExtraction } from '../../db/documents.ts';
import { groupOption, periodOption, provinceOption, REPORTING_PERIODS } from '../options.ts';
import { createLogger, openDatabaseFromConfig, openRuntime } from '../../app/runtime.ts';
import { nightlyInputOf, rerunInputOf, workflowIdOf, workflowStarters, type WorkflowStarters } from '../../app/starters.ts';
import { connectClient } from '../../app/temporal.ts';
import { addCommand } from './add.ts';
import { nightlyCommand } from './nightly.ts';

export interface RunOptions {
  local?: boolean;
  wait?: boolean;
  json?: boolean;
  verbose?: boolean;
  province?: string;
  period?: string;
  group?: string;
  document?: string[];
  /** rerun: extract the --document ids even when they are not reports in scope. */
  force?: boolean;
}

function selectionOf(o: RunOptions): RerunSelection {
  const selection: RerunSelection = {};
  if (o.document) {
    const ids = o.document.map(Number);
    if (ids.some((id) => !Number.isInteger(id) || id <= 0)) throw new UsageError(`--document takes document ids (numbers), got ${o.document.join(' ')}`);
    selection.documentIds = ids;
  }
  if (o.province) selection.province = provinceOption(o.province);
  if (o.period) selection.period = periodOption(o.period, REPORTING_PERIODS).key;
  if (o.group) selection.group = groupOption(o.group);
  if (Object.keys(selection).length === 0) throw new UsageError('a re-run needs a selection: --document, --province, --period or --group');
  return selection;
}

function print(result: unknown, json?: boolean): void {
  process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${JSON.stringify(result)}\n`);
}

/** Starts a workflow on the cluster, and prints its id, or with --wait its result. */
async function runOnTemporal(config: Config, o: RunOptions, start: (starters: WorkflowStarters) => Promise<WorkflowHandleWithStartDetails>): Promise<number> {
  const client = await connectClient(config);
  try {
    const handle = await start(workflowStarters(client, config));
    if (!o.wait) {
      print({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId }, o.json);
      return 0;
    }
    print(await handle.result(), o.json);
    return 0;
  } finally {
    await client.connection.close();
  }
}

/** Marks documents for extraction whatever their scope, before a workflow on the cluster re-runs them. */
async function forceOn(config: Config, ids: number[]): Promise<void> {
  const { handle } = await openDatabaseFromConfig(config);
  try {
    const marked = await forceExtraction(handle.db, ids);
    if (marked !== ids.length) throw new UsageError(`--document: ${ids.length - marked} of the ids given are not documents`);
  } finally {
    await handle.close();
  }
}

export async function runCommand(what: string, arg: string | undefined, o: RunOptions, config: Config): Promise<number> {
  const local = o.local || !config.temporal.address;
  switch (what) {
    case 'nightly':
      if (local) return nightlyCommand({ json: o.json, verbose: o.verbose }, config);
      return runOnTemporal(config, o, (s) => s.startNightly(nightlyInputOf(config), workflowIdOf('nightly-manual')));
    case 'source': {
      if (!arg) throw new UsageError('baocao run source NAME');
      if (local) return nightlyCommand({ json: o.json, verbose: o.verbose, source: [arg] }, config);
      return runOnTemporal(config, o, (s) => s.startNightly(nightlyInputOf(config, [arg]), workflowIdOf(`source-${arg}`)));
    }
    case 'report': {
      if (!arg) throw new UsageError('baocao run report FILE');
      // A file on this machine is added and processed here; a worker could not read it.
      return addCommand(arg, { province: o.province, json: o.json, verbose: o.verbose }, config);
    }
    case 'rerun': {
      const selection = selectionOf(o);
      // Forcing is an analyst's decision about named documents, never about a whole filter.
      if (o.force && !selection.documentIds) throw new UsageError('--force needs --document ID…: it extracts the documents named, whatever their type');
      if (!local) {
        if (o.force) await forceOn(config, selection.documentIds!);
        return runOnTemporal(config, o, (s) => s.startRerun(rerunInputOf(config, selection), workflowIdOf('rerun')));
      }
      const runtime = await openRuntime(config, createLogger(Boolean(o.verbose)));
      try {
        if (o.force) await forceExtraction(runtime.handle.db, selection.documentIds!);
        const summary = await rerunExtraction(runtime.activities, selection, inProcessReport(runtime.activities), config.limits.ingestConcurrency);
        if (o.json) print({ ...summary, outcomes: summary.outcomes.map((r) => ({ documentId: r.documentId, status: r.status })) }, true);
        else {
          console.log(
            `re-run: ${summary.selected} documents selected, ${summary.extracted} extracted, ${summary.failed} failed${summary.setAside > 0 ? `, ${summary.setAside} set aside (not reports in scope; --force extracts them)` : ''}`,
          );
        }
        return summary.failed > 0 ? 1 : 0;
      } finally {
        await runtime.close();
      }
    }
    default:
      throw new UsageError(`baocao run ${what}: expected nightly, source NAME, report FILE or rerun`);
  }
}
