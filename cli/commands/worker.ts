// baocao worker: a Temporal worker for the configured task queue (app/worker.ts).
import type { Config } from '../../app/config.ts';
import { runWorker } from '../../app/worker.ts';

export async function workerCommand(config: Config): Promise<number> {
  await runWorker(config);
  return 0;
}
