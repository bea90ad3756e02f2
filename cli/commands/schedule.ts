// baocao schedule apply [--dry-run]: the nightly Temporal Schedule from temporal.yaml,
// created or updated to match (running it twice changes nothing).
import type { Config } from '../../app/config.ts';
import { applySchedule, connectClient, nightlySchedule } from '../../app/temporal.ts';

export async function scheduleApplyCommand(o: { dryRun?: boolean; json?: boolean }, config: Config): Promise<number> {
  const schedule = nightlySchedule(config);
  if (o.dryRun) {
    const where = config.temporal.address ? `${config.temporal.address}, namespace ${config.temporal.namespace}` : 'no Temporal address configured';
    if (!o.json) console.log(`would apply this schedule (${where}):`);
    process.stdout.write(`${JSON.stringify(schedule, null, 2)}\n`);
    return 0;
  }
  const client = await connectClient(config);
  try {
    const result = await applySchedule(client, schedule);
    if (o.json) process.stdout.write(`${JSON.stringify({ scheduleId: schedule.scheduleId, result })}\n`);
    else
      console.log(
        `schedule ${schedule.scheduleId} ${result}: ${config.schedule.nightly.cron} (${config.schedule.nightly.timeZone}), overlap ${config.schedule.nightly.overlap}`,
      );
    return 0;
  } finally {
    await client.connection.close();
  }
}
