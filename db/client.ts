// Opening the database: Postgres through node-postgres when a URL is given, otherwise an
// embedded PGlite persisted on disk. Both are exposed as one drizzle `Database` type.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Assume } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema.ts';

export type Schema = typeof schema;

/**
 * What `db.execute(sql...)` resolves to on either driver: both node-postgres' QueryResult
 * and PGlite's Results carry `rows` (and more, which differs between them).
 */
export interface DatabaseQueryResult<TRow> {
  rows: TRow[];
}

export interface DatabaseQueryResultHKT extends PgQueryResultHKT {
  type: DatabaseQueryResult<Assume<this['row'], Record<string, unknown>>>;
}

/** One type for both drivers (NodePgDatabase and PgliteDatabase both extend PgDatabase). */
export type Database = PgDatabase<DatabaseQueryResultHKT, Schema>;

export interface DatabaseHandle {
  db: Database;
  driver: 'pg' | 'pglite';
  /** where: redacted URL or data dir */
  location: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://user:password@host:5432/db. When absent, an embedded PGlite is used. */
  url?: string;
  /** PGlite data directory (default `.data/pglite` relative to the working directory). */
  dataDir?: string;
  /**
   * Postgres: how long a new connection keeps being tried while the server refuses it
   * because it is restarting (default 20 s). The first connection is never retried, so a
   * wrong URL fails at once.
   */
  reconnectWithinMs?: number;
}

const DEFAULT_RECONNECT_WITHIN_MS = 20_000;

export const DEFAULT_PGLITE_DIR = '.data/pglite';

/** The driver's own client behind a handle, for the few things drizzle does not cover (migration locks). */
export type RawClient = { driver: 'pg'; pool: pg.Pool } | { driver: 'pglite'; client: PGlite };

const rawClients = new WeakMap<DatabaseHandle, RawClient>();

/** @internal The driver client of a handle opened by openDatabase. */
export function rawClientOf(handle: DatabaseHandle): RawClient {
  const raw = rawClients.get(handle);
  if (!raw) throw new Error('rawClientOf: this DatabaseHandle was not opened by openDatabase()');
  return raw;
}

/** A Postgres URL without its password (or any query parameters, which may carry one). */
export function redactDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '<unparseable database URL>';
  }
  const user = parsed.username ? `${parsed.username}@` : '';
  return `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}`;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  // System errors (ECONNREFUSED, ENOTFOUND, ETIMEDOUT): the code says it all, and an
  // AggregateError from a dual-stack connect attempt has an empty message anyway.
  if (code && /^E[A-Z]+$/.test(code)) return code;
  return error.message || code || error.name;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  return options.url
    ? openPostgres(options.url, options.reconnectWithinMs ?? DEFAULT_RECONNECT_WITHIN_MS)
    : openPglite(resolve(options.dataDir ?? DEFAULT_PGLITE_DIR));
}

/** SQLSTATEs a server sends while it stops or starts: admin_shutdown, crash_shutdown, cannot_connect_now. */
const RESTARTING = new Set(['57P01', '57P02', '57P03']);
const NO_SERVER = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE']);

/** A failed connection attempt that a server restart explains, and that passes once it is back. */
function isRestartError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (RESTARTING.has(code) || NO_SERVER.has(code))) return true;
  // Both seen when the server goes away halfway through the handshake.
  return error.message === 'Connection terminated unexpectedly' || error.message === 'Connection terminated';
}

/**
 * New connections are retried (with backoff, for `withinMs`) while the server is restarting.
 * Only connecting is retried: nothing has been sent yet, so it is always safe; a statement
 * whose connection dies under it fails, and the caller decides (the document is left for the
 * next run). pool.query() goes through connect() too.
 */
function retryConnections(pool: pg.Pool, withinMs: number): void {
  const connectOnce = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  const connect = async (): Promise<pg.PoolClient> => {
    const deadline = Date.now() + withinMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await connectOnce();
      } catch (error) {
        if (pool.ending || !isRestartError(error) || Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 50 * 2 ** attempt, Math.max(0, deadline - Date.now()))));
      }
    }
  };
  type Callback = (error: Error | undefined, client?: pg.PoolClient, done?: (release?: Error | boolean) => void) => void;
  pool.connect = ((callback?: Callback) => {
    if (!callback) return connect();
    connect().then(
      (client) => callback(undefined, client, client.release),
      (error: Error) => callback(error, undefined, () => {}),
    );
  }) as typeof pool.connect;
}

async function openPostgres(url: string, reconnectWithinMs: number): Promise<DatabaseHandle> {
  const location = redactDatabaseUrl(url);
  const pool = new pg.Pool({ connectionString: url });
  // An idle client can be killed by the server (restart, DROP DATABASE ... WITH (FORCE)).
  // Without a listener the pool would re-emit that as an uncaught 'error' and end the process;
  // the next query gets a fresh connection (or a clear error) instead.
  pool.on('error', () => {});
  // The pool listens on a client only while it is idle. A checked-out client (a drizzle
  // transaction holds one across statements) whose connection the server ends emits 'error'
  // with nobody listening, which ends the process. The statement in flight gets the error
  // anyway, and the pool drops the broken client when it is released.
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(`cannot connect to Postgres at ${location}: ${describeError(error)}`, { cause: error });
  }
  retryConnections(pool, reconnectWithinMs);
  const db: Database = drizzlePg({ client: pool, schema });
  let closed: Promise<void> | undefined;
  const handle: DatabaseHandle = {
    db,
    driver: 'pg',
    location,
    close: () => (closed ??= pool.end()),
  };
  rawClients.set(handle, { driver: 'pg', pool });
  return handle;
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  let client: PGlite;
  try {
    mkdirSync(dataDir, { recursive: true });
    client = await PGlite.create(dataDir);
  } catch (error) {
    throw new Error(`cannot open PGlite database in ${dataDir}: ${describeError(error)}`, { cause: error });
  }
  const db: Database = drizzlePglite({ client, schema });
  let closed: Promise<void> | undefined;
  const handle: DatabaseHandle = {
    db,
    driver: 'pglite',
    location: dataDir,
    close: () => (closed ??= client.close()),
  };
  rawClients.set(handle, { driver: 'pglite', client });
  return handle;
}
