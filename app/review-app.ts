// What `baocao serve` hands the review application, from the configuration: the database
// (migrated and seeded), the document store, the server's settings (web.*, limits), the
// re-run and source-check runners (app/web-runners.ts), and the review signal to Temporal when
// an address is configured. The web server is built by the entry point with these; nothing
// here knows the web layer, whose options this object fits.
import type { Logger } from 'pino';
import type { ActivityDeps } from '../activities/deps.ts';
import type { Config } from './config.ts';
import { temporalReviewSignal } from './review-signal.ts';
import { activitiesOver, documentStoreOf, openDatabaseFromConfig } from './runtime.ts';
import { serveRerunner } from './web-runners.ts';

export async function openReviewApp(config: Config, logger: Logger) {
  const { handle } = await openDatabaseFromConfig(config);
  const signal = config.temporal.address ? temporalReviewSignal(config, logger) : null;
  const rerunner = serveRerunner(config, handle.db, logger);
  const w = config.web;
  const options = {
    db: handle.db,
    store: documentStoreOf(config),
    secureCookies: w.secureCookies,
    trustProxy: w.trustProxy,
    sessionPolicy: { maxAgeMs: w.sessionHours * 3600_000, idleMs: w.idleMinutes * 60_000 },
    loginThrottle: { maxFailures: w.loginMaxFailures, windowMs: w.loginWindowMinutes * 60_000 },
    ...(signal ? { onDocumentReviewed: (documentId: number) => signal.send(documentId) } : {}),
    rerun: rerunner.run,
    checkSource: rerunner.checkSource,
    daysAfterCutoff: config.submissions.daysAfterCutoff,
    // Uploads on the submission page are read in this process, as `baocao add` reads a file
    // (the same activities, OCR and model included), with or without Temporal: the submitter
    // waits for the reading, page by page. Built on the first upload.
    submissions: {
      build: (heartbeat: ActivityDeps['heartbeat']) => activitiesOver(config, handle.db, logger, { heartbeat }),
      maxFileBytes: config.limits.maxFileBytes,
      ocr: config.ocr.enabled,
    },
    pageImages: {
      processes: w.pageImageProcesses,
      timeoutMs: w.pageImageTimeoutMs,
      memoryBytes: config.limits.documentMemoryBytes,
      maxPageContentBytes: config.limits.maxPageContentBytes,
    },
  };
  return {
    handle,
    options,
    async close() {
      await signal?.close();
      await rerunner.close();
      await handle.close();
    },
  };
}
