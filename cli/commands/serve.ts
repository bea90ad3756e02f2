// baocao serve: the review application over the configured database and document store.
import { buildServer } from '../../web/server.ts';
import { UsageError, type Config } from '../../app/config.ts';
import { openReviewApp } from '../../app/review-app.ts';
import { createLogger } from '../../app/runtime.ts';

export interface ServeOptions {
  host?: string;
  port?: string;
  verbose?: boolean;
}

/** 0 lets the system choose a free port (the URL logged says which). */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535) throw new UsageError(`--port ${text}: a port number 0-65535`);
  return port;
}

/** Resolves on the first SIGINT or SIGTERM. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((done) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function serveCommand(o: ServeOptions, config: Config, stopped: Promise<unknown> = stopSignal()): Promise<number> {
  const host = o.host ?? '127.0.0.1';
  const port = parsePort(o.port ?? '8080');
  const logger = createLogger(true);
  const runtime = await openReviewApp(config, logger);
  try {
    // A line per request only with -v; logins, decisions and errors always.
    const app = await buildServer({ ...runtime.options, logger, logRequests: Boolean(o.verbose) });
    const url = await app.listen({ host, port });
    logger.info({ url, database: runtime.handle.location, temporal: config.temporal.address ?? null }, `review application on ${url}`);
    const why = await stopped;
    logger.info({ signal: why }, 'shutting down');
    await app.close();
    return 0;
  } finally {
    await runtime.close();
  }
}
