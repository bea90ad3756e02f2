// baocao db migrate: apply the committed SQL migrations and seed the catalogue.
import type { Config } from '../../app/config.ts';
import { openDatabaseFromConfig } from '../../app/runtime.ts';

export async function migrateCommand(options: { json?: boolean }, config: Config): Promise<number> {
  const { handle, applied, seeded } = await openDatabaseFromConfig(config);
  try {
    if (options.json) process.stdout.write(`${JSON.stringify({ database: handle.location, applied, seeded })}\n`);
    else
      console.log(
        `${handle.location}: ${applied} migrations applied; catalogue: ${seeded.provinces} provinces, ${seeded.aliases} aliases, ${seeded.indicators} indicators`,
      );
    return 0;
  } finally {
    await handle.close();
  }
}
