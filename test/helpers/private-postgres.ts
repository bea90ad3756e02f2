// A private Postgres cluster for tests that must stop and start the server (a real restart)
// without touching the shared one on 127.0.0.1:5432, which other test files use at the same
// time. initdb into a temporary folder, trust authentication, 127.0.0.1 on a free port, the
// socket in the same folder.
//
//   const available = await privatePostgresAvailable();   // at collection time: skip or not
//   describe.skipIf(!available.ok)('…', () => {
//     let pg: PrivatePostgres;
//     beforeAll(async () => { pg = await startPrivatePostgres(); });
//     afterAll(() => pg?.destroy());
//   });
//
// initdb and the server refuse to run as root, so as root (CI) they run as the `postgres` OS
// user through runuser (or su), with the folder given to that user.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface PrivatePostgres {
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  /** Creates a database (the caller migrates it). */
  createDatabase(name: string): Promise<string>;
  /** `pg_ctl stop -m fast`: every connection is terminated, the way a restart does. */
  stop(): Promise<void>;
  /** `pg_ctl start`, waiting until the server accepts connections. */
  start(): Promise<void>;
  /** The server's log, for failure messages. */
  log(): Promise<string>;
  /** Stops the server (immediately) and removes its folder. Safe to call twice. */
  destroy(): Promise<void>;
}

export type Availability = { ok: true; binDir: string; asUser: string[] } | { ok: false; reason: string };

/** The newest installed server's binaries (Debian layout), or PG_BINDIR. */
function findBinDir(): string | null {
  const fromEnv = process.env.PG_BINDIR;
  if (fromEnv) return existsSync(join(fromEnv, 'initdb')) ? fromEnv : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/**
 * The command prefix that runs a program as the postgres user: nothing when we are not root,
 * runuser where it exists, su otherwise. Probed once with `initdb --version`.
 */
async function findRunner(binDir: string): Promise<string[] | { reason: string }> {
  const initdb = join(binDir, 'initdb');
  if (process.getuid?.() !== 0) return [];
  const candidates: string[][] = [];
  for (const runuser of ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser']) {
    if (existsSync(runuser)) {
      candidates.push([runuser, '-u', 'postgres', '--']);
      break;
    }
  }
  const failures: string[] = [];
  for (const prefix of candidates) {
    try {
      await run(prefix[0]!, [...prefix.slice(1), initdb, '--version'], { cwd: '/' });
      return prefix;
    } catch (error) {
      failures.push(`${prefix[0]}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  // su takes one shell command line; the wrapper below quotes each argument into it.
  try {
    await run('su', ['postgres', '-s', '/bin/sh', '-c', `'${initdb}' --version`], { cwd: '/' });
    return ['su'];
  } catch (error) {
    failures.push(`su: ${(error as Error).message.split('\n')[0]}`);
  }
  return { reason: `running as root and cannot run initdb as the postgres user (${failures.join('; ')})` };
}

let probed: Promise<Availability> | undefined;

/** Whether a private cluster can be started here, and if not, why (for a skip message). */
export function privatePostgresAvailable(): Promise<Availability> {
  return (probed ??= (async (): Promise<Availability> => {
    const binDir = findBinDir();
    if (!binDir) return { ok: false, reason: 'no Postgres server binaries (initdb) under /usr/lib/postgresql/*/bin or PG_BINDIR' };
    const runner = await findRunner(binDir);
    if (!Array.isArray(runner)) return { ok: false, reason: runner.reason };
    return { ok: true, binDir, asUser: runner };
  })());
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const live = new Set<() => void>();
let exitHookInstalled = false;

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const available = await privatePostgresAvailable();
  if (!available.ok) throw new Error(`a private Postgres cluster cannot be started: ${available.reason}`);
  const { binDir, asUser } = available;
  const dir = await mkdtemp(join(tmpdir(), 'baocao-pg-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');

  const command = (program: string, args: string[]): [string, string[]] => {
    const path = join(binDir, program);
    if (asUser.length === 0) return [path, args];
    if (asUser[0] === 'su') return ['su', ['postgres', '-s', '/bin/sh', '-c', [path, ...args].map(quote).join(' ')]];
    return [asUser[0]!, [...asUser.slice(1), path, ...args]];
  };
  const exec = async (program: string, args: string[]) => {
    const [file, argv] = command(program, args);
    // The postgres user may not be able to read the working folder of the tests.
    return run(file, argv, { cwd: dir, timeout: 60_000 });
  };

  if (asUser.length > 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    await chown(dir, uid, gid);
  }
  let port = 0;
  let destroyed: Promise<void> | undefined;
  const pgCtl = (...args: string[]) => exec('pg_ctl', ['-D', data, ...args]);
  // Synchronous, for process exit: never leave a server running behind a crashed test run.
  const killNow = () => {
    try {
      const [file, argv] = command('pg_ctl', ['-D', data, 'stop', '-m', 'immediate']);
      execFileSync(file, argv, { cwd: dir, stdio: 'ignore', timeout: 10_000 });
    } catch {
      // not running
    }
  };
  const killAndRemove = () => {
    killNow();
    rmSync(dir, { recursive: true, force: true });
  };

  const start = async () => {
    // Small and unsafe on purpose: a throwaway cluster for one test file.
    const options = [`-p ${port}`, '-c listen_addresses=127.0.0.1', `-k ${dir}`, '-c fsync=off', '-c shared_buffers=16MB', '-c max_connections=60'].join(' ');
    await pgCtl('start', '-w', '-t', '60', '-l', logFile, '-o', options);
  };

  try {
    await exec('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    port = await freePort();
    await start();
  } catch (error) {
    killNow();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  live.add(killAndRemove);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const kill of live) kill();
    });
  }

  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop: async () => {
      await pgCtl('stop', '-w', '-t', '60', '-m', 'fast');
    },
    start,
    log: () => readFile(logFile, 'utf8').catch(() => ''),
    destroy: () =>
      (destroyed ??= (async () => {
        live.delete(killAndRemove);
        killNow();
        await rm(dir, { recursive: true, force: true });
      })()),
  };
}
