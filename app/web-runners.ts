// The re-run runner of `baocao serve`, chosen as `baocao run rerun` chooses: with a Temporal
// address the rerunExtraction workflow is started (the answer comes back at once, the work
// survives the web process); without one the re-run core runs in this process, over the
// server's own database with the activities `baocao run rerun --local` builds. Both are set up
// on first use, so the application starts while Temporal is away and costs nothing (no OCR
// workers) until someone re-runs.
import type { Logger } from 'pino';
import { inProcessRerunner, type RerunRunner } from './reruns.ts';
import { inProcessSourceChecker, type SourceCheckRunner } from './source-checks.ts';
import type { Config } from './config.ts';
import type { Database } from '../db/client.ts';
import { activitiesOver } from './runtime.ts';
import { nightlyInputOf, rerunInputOf, workflowIdOf, workflowStarters } from './starters.ts';
import { lazyClient } from './temporal.ts';

export interface ServeRerunner {
  run: RerunRunner;
  /** "Check now" on a source, the same way: a workflow on the cluster, or the core here. */
  checkSource: SourceCheckRunner;
  close(): Promise<void>;
}

function temporalRerunner(config: Config, logger: Logger): ServeRerunner {
  const client = lazyClient(config);
  return {
    async run(selection, requestedBy) {
      // A failed connection throws here; the next request tries again.
      const connected = await client.get();
      const handle = await workflowStarters(connected, config).startRerun(rerunInputOf(config, selection), workflowIdOf('rerun-web', { random: true }));
      logger.info({ workflowId: handle.workflowId, selection, requestedBy }, 're-run workflow started');
      return { mode: 'temporal', workflowId: handle.workflowId };
    },
    async checkSource(name, requestedBy) {
      const connected = await client.get();
      // The workflow `baocao run source NAME` starts.
      const handle = await workflowStarters(connected, config).startNightly(
        nightlyInputOf(config, [name]),
        workflowIdOf(`source-${name}-web`, { random: true }),
      );
      logger.info({ workflowId: handle.workflowId, source: name, requestedBy }, 'source check workflow started');
      return { mode: 'temporal', workflowId: handle.workflowId };
    },
    close: () => client.close(),
  };
}

function localRerunner(config: Config, db: Database, logger: Logger): ServeRerunner {
  let built: ReturnType<typeof activitiesOver> | null = null;
  return {
    async run(selection, requestedBy) {
      built ??= activitiesOver(config, db, logger);
      logger.info({ selection, requestedBy }, 're-run in process');
      return inProcessRerunner(built.activities, config.limits.ingestConcurrency)(selection, requestedBy);
    },
    async checkSource(name, requestedBy) {
      built ??= activitiesOver(config, db, logger);
      logger.info({ source: name, requestedBy }, 'source check in process');
      return inProcessSourceChecker(built.activities)(name, requestedBy);
    },
    async close() {
      await built?.close();
    },
  };
}

export function serveRerunner(config: Config, db: Database, logger: Logger): ServeRerunner {
  return config.temporal.address ? temporalRerunner(config, logger) : localRerunner(config, db, logger);
}
