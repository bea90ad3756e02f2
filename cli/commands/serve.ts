// baocao serve: the review application over the configured database and document store.
import { join, resolve } from 'node:path';
import { folderStore } from '../../activities/document-store.ts';
import { buildServer } from '../../web/server.ts';
import { UsageError, type Config } from '../config.ts';
import { temporalReviewSignal } from '../review-signal.ts';
import { activitiesOver, createLogger, openDatabaseFromConfig } from '../runtime.ts';
import { serveRerunner } from '../web-rerun.ts';

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
  const { handle } = await openDatabaseFromConfig(config);
  const signal = config.temporal.address ? temporalReviewSignal(config, logger) : null;
  const rerunner = serveRerunner(config, handle.db, logger);
  const w = config.web;
  try {
    const app = await buildServer({
      db: handle.db,
      logger,
      store: folderStore(join(resolve(config.dataDir), 'store')),
      secureCookies: w.secureCookies,
      trustProxy: w.trustProxy,
      sessionPolicy: { maxAgeMs: w.sessionHours * 3600_000, idleMs: w.idleMinutes * 60_000 },
      loginThrottle: { maxFailures: w.loginMaxFailures, windowMs: w.loginWindowMinutes * 60_000 },
      // A line per request only with -v; logins, decisions and errors always.
      logRequests: Boolean(o.verbose),
      ...(signal ? { onDocumentReviewed: (documentId: number) => signal.send(documentId) } : {}),
      rerun: rerunner.run,
      pageImages: {
        processes: w.pageImageProcesses,
        timeoutMs: w.pageImageTimeoutMs,
        memoryBytes: config.limits.documentMemoryBytes,
        maxPageContentBytes: config.limits.maxPageContentBytes,
      },
      checkSource: rerunner.checkSource,
      // Uploads on the submission page are read in this process, as `baocao add` reads a file
      // (the same activities, OCR and model included), with or without Temporal: the submitter
      // waits for the reading, page by page. Built on the first upload.
      submissions: {
        build: (heartbeat) => activitiesOver(config, handle.db, logger, { heartbeat }),
        maxFileBytes: config.limits.maxFileBytes,
        ocr: config.ocr.enabled,
      },
    });
    const url = await app.listen({ host, port });
    logger.info({ url, database: handle.location, temporal: config.temporal.address ?? null }, `review application on ${url}`);
    const why = await stopped;
    logger.info({ signal: why }, 'shutting down');
    await app.close();
    return 0;
  } finally {
    await signal?.close();
    await rerunner.close();
    await handle.close();
  }
}
