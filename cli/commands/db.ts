// baocao db migrate: apply the committed SQL migrations and seed the catalogue.
import { openDatabase } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { seedCatalogue } from '../../db/seed.ts';
import { join, resolve } from 'node:path';
import type { Config } from '../config.ts';

export async function migrateCommand(options: { json?: boolean }, config: Config): Promise<number> {
  const handle = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: join(resolve(config.dataDir), 'pglite') });
  try {
    const { applied } = await migrateDatabase(handle);
    const seeded = await seedCatalogue(handle.db);
    if (options.json) process.stdout.write(`${JSON.stringify({ database: handle.location, applied, seeded })}\n`);
    else console.log(`${handle.location}: ${applied} migrations applied; catalogue: ${seeded.provinces} provinces, ${seeded.aliases} aliases, ${seeded.indicators} indicators`);
    return 0;
  } finally {
    await handle.close();
  }
}
