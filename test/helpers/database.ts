// A fresh, migrated and seeded Postgres database per test file:
//   let t: TestDatabase;
//   beforeAll(async () => { t = await createTestDatabase(); });
//   afterAll(() => t.drop());
// Uses TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) only as the
// server to create the database on; each call gets its own baocao_t_<random> database.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, redactDatabaseUrl, type DatabaseHandle } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { seedCatalogue } from '../../db/seed.ts';

export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  /** Connection URL of the fresh database (same credentials as TEST_DATABASE_URL). */
  url: string;
  handle: DatabaseHandle;
  /** Closes the handle and drops the database. Safe to call twice. */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Run migrateDatabase (default true). */
  migrate?: boolean;
  /** Run seedCatalogue (default true; implies nothing when migrate is false). */
  seed?: boolean;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  try {
    await client.connect();
  } catch (error) {
    const detail = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`cannot connect to the test Postgres server at ${redactDatabaseUrl(TEST_SERVER_URL)}: ${detail}`, {
      cause: error,
    });
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `baocao_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const target = new URL(TEST_SERVER_URL);
  target.pathname = `/${name}`;
  const url = target.toString();

  let handle: DatabaseHandle | undefined;
  let dropped: Promise<void> | undefined;
  const drop = () =>
    (dropped ??= (async () => {
      await handle?.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    })());

  try {
    handle = await openDatabase({ url });
    if (options.migrate ?? true) {
      await migrateDatabase(handle);
      if (options.seed ?? true) await seedCatalogue(handle.db);
    }
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
  return { url, handle, drop };
}
