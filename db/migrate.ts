// Applies the SQL migrations under db/migrations. Safe on every start: already applied
// migrations are skipped, and on Postgres an advisory lock serialises processes that start
// together (drizzle's migrator alone would let both apply the same migration).
import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { rawClientOf, type DatabaseHandle } from './client.ts';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations/', import.meta.url));

const MIGRATIONS_SCHEMA = 'drizzle';
const MIGRATIONS_TABLE = '__drizzle_migrations';
/** Key of the session advisory lock held while migrating ("baoc" in ASCII). */
const MIGRATION_LOCK_KEY = 0x62616f63;

interface Queryable {
  query<R extends Record<string, unknown>>(text: string): Promise<{ rows: R[] }>;
}

async function countApplied(client: Queryable): Promise<number> {
  const { rows } = await client.query<{ exists: boolean }>(`select to_regclass('"${MIGRATIONS_SCHEMA}"."${MIGRATIONS_TABLE}"') is not null as exists`);
  if (!rows[0]?.exists) return 0;
  const counted = await client.query<{ n: number | string }>(`select count(*)::int as n from "${MIGRATIONS_SCHEMA}"."${MIGRATIONS_TABLE}"`);
  return Number(counted.rows[0]?.n ?? 0);
}

// Calls on the same handle within one process are queued, so they never race either.
const queues = new WeakMap<DatabaseHandle, Promise<unknown>>();

export async function migrateDatabase(handle: DatabaseHandle): Promise<{ applied: number }> {
  const previous = queues.get(handle) ?? Promise.resolve();
  const run = previous.catch(() => {}).then(() => migrateNow(handle));
  queues.set(handle, run);
  return run;
}

async function migrateNow(handle: DatabaseHandle): Promise<{ applied: number }> {
  const config = {
    migrationsFolder: MIGRATIONS_FOLDER,
    migrationsSchema: MIGRATIONS_SCHEMA,
    migrationsTable: MIGRATIONS_TABLE,
  };
  const raw = rawClientOf(handle);

  if (raw.driver === 'pglite') {
    const before = await countApplied(raw.client);
    await migratePglite(drizzlePglite({ client: raw.client }), config);
    return { applied: (await countApplied(raw.client)) - before };
  }

  // One dedicated connection: the session lock, the migration transaction and the unlock
  // must all happen on it.
  const client = await raw.pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const before = await countApplied(client);
      await migratePg(drizzlePg({ client }), config);
      return { applied: (await countApplied(client)) - before };
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch((error: Error) => {
        broken = error; // drop the connection rather than return it to the pool still holding the lock
      });
    }
  } catch (error) {
    broken ??= error instanceof Error ? error : new Error(String(error));
    throw new Error(`migrating ${handle.location} failed: ${broken.message}`, { cause: error });
  } finally {
    client.release(broken);
  }
}

/** For callers that want to know whether the schema is present without migrating. */
export async function appliedMigrationCount(handle: DatabaseHandle): Promise<number> {
  const raw = rawClientOf(handle);
  if (raw.driver === 'pglite') return countApplied(raw.client);
  return countApplied(raw.pool);
}
