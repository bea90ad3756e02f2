// A Temporal worker for the configured task queue (`baocao worker`). Scale out by starting more
// workers on the same queue; each runs workflows and activities.
import { NativeConnection, Worker } from '@temporalio/worker';
import { temporalHeartbeat } from '../activities/heartbeat.ts';
import type { Config } from './config.ts';
import { createLogger, openRuntime } from './runtime.ts';
import { connectionSettings, WORKFLOWS_PATH } from './temporal.ts';

/** Runs until SIGINT or SIGTERM, then drains and closes. */
export async function runWorker(config: Config): Promise<void> {
  const settings = connectionSettings(config);
  const logger = createLogger(true);
  const connection = await NativeConnection.connect(settings).catch((error: Error) => {
    throw new Error(`cannot reach Temporal at ${settings.address}: ${error.message}`);
  });
  const runtime = await openRuntime(config, logger, { heartbeat: temporalHeartbeat });
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities: runtime.activities,
      maxConcurrentActivityTaskExecutions: config.temporal.worker.maxConcurrentActivities,
      maxConcurrentWorkflowTaskExecutions: config.temporal.worker.maxConcurrentWorkflowTasks,
    });
    const stop = () => worker.shutdown();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    logger.info(
      { address: settings.address, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue, database: runtime.handle.location },
      'worker started',
    );
    await worker.run();
    logger.info('worker stopped');
  } finally {
    await runtime.close();
    await connection.close();
  }
}
