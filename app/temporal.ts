// Talking to a Temporal cluster: connection settings, the nightly Schedule, and the worker.
// Everything here is used only when an address is configured; without one the commands run
// the same orchestration core in process.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, Connection, ScheduleNotFoundError, ScheduleOverlapPolicy, type ScheduleOptions } from '@temporalio/client';
import type { Config } from './config.ts';
import { nightlyAction } from './starters.ts';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface TemporalConnectionSettings {
  address: string;
  tls?: boolean | { clientCertPair: { crt: Buffer; key: Buffer }; serverRootCACertificate?: Buffer; serverNameOverride?: string };
  apiKey?: string;
}

/** Connection options from the configuration; certificate files are read here, with clear errors. */
export function connectionSettings(config: Config): TemporalConnectionSettings {
  const { address, tls, apiKey } = config.temporal;
  if (!address) throw new Error('no Temporal address configured (TEMPORAL_ADDRESS or temporal.address); use --local to run in process');
  const read = (path: string, what: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(`temporal.tls.${what}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  const settings: TemporalConnectionSettings = { address };
  if (typeof tls === 'object') {
    settings.tls = {
      clientCertPair: { crt: read(tls.clientCertPath, 'clientCertPath'), key: read(tls.clientKeyPath, 'clientKeyPath') },
      ...(tls.serverRootCaPath ? { serverRootCACertificate: read(tls.serverRootCaPath, 'serverRootCaPath') } : {}),
      ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
    };
  } else if (tls || apiKey) {
    // Temporal Cloud with an API key always speaks TLS.
    settings.tls = true;
  }
  if (apiKey) settings.apiKey = apiKey;
  return settings;
}

export async function connectClient(config: Config): Promise<Client> {
  const settings = connectionSettings(config);
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...settings, connectTimeout: '10 seconds' });
  } catch (error) {
    throw new Error(`cannot reach Temporal at ${settings.address}: ${(error as Error).message}`);
  }
  return new Client({ connection, namespace: config.temporal.namespace });
}

export interface LazyClient {
  /** The client, connecting on the first call; a failed connection is forgotten, so the next call tries again. */
  get(): Promise<Client>;
  /** Closes the connection if one was made. */
  close(): Promise<void>;
}

/** Connects on first use, so a long-running process (the review application) starts even while Temporal is away. */
export function lazyClient(config: Config): LazyClient {
  let client: Promise<Client> | null = null;
  return {
    async get() {
      const connecting = (client ??= connectClient(config));
      try {
        return await connecting;
      } catch (error) {
        client = null;
        throw error;
      }
    },
    async close() {
      const connected = await client?.catch(() => null);
      await connected?.connection.close();
    },
  };
}

const OVERLAP: Record<Config['schedule']['nightly']['overlap'], ScheduleOverlapPolicy> = {
  skip: ScheduleOverlapPolicy.SKIP,
  buffer_one: ScheduleOverlapPolicy.BUFFER_ONE,
  buffer_all: ScheduleOverlapPolicy.BUFFER_ALL,
  cancel_other: ScheduleOverlapPolicy.CANCEL_OTHER,
  terminate_other: ScheduleOverlapPolicy.TERMINATE_OTHER,
  allow_all: ScheduleOverlapPolicy.ALLOW_ALL,
};

/** The nightly Schedule as temporal.yaml describes it (what `schedule apply` creates or updates). */
export function nightlySchedule(config: Config): ScheduleOptions {
  const n = config.schedule.nightly;
  return {
    scheduleId: n.id,
    spec: { cronExpressions: [n.cron], timezone: n.timeZone },
    action: nightlyAction(config, `${n.id}-run`),
    policies: { overlap: OVERLAP[n.overlap], catchupWindow: n.catchupWindow, pauseOnFailure: false },
    memo: { createdBy: 'baocao schedule apply' },
  };
}

/** Creates the Schedule, or updates it to match: running it twice changes nothing the second time. */
export async function applySchedule(client: Client, options: ScheduleOptions): Promise<'created' | 'updated'> {
  const handle = client.schedule.getHandle(options.scheduleId);
  try {
    await handle.describe();
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
    await client.schedule.create(options);
    return 'created';
  }
  await handle.update((previous) => ({ ...previous, spec: options.spec, action: options.action, policies: options.policies }));
  return 'updated';
}
