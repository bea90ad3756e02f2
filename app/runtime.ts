// The in-process runner's dependencies, opened from the configuration: the database (Postgres
// or embedded PGlite, migrated and seeded), the document store and the activities.
import { join, resolve } from 'node:path';
import pino, { type Logger } from 'pino';
import { createActivities, type ActivityDeps } from '../activities/index.ts';
import type { Activities } from '../activities/contract.ts';
import { folderStore, type DocumentStore } from '../activities/document-store.ts';
import { createOcrEngine, type OcrEngine } from '../extractors/parse/ocr/index.ts';
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from '../activities/fetch/http-fetch.ts';
import { openDatabase, type DatabaseHandle } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { seedCatalogue } from '../db/seed.ts';
import { createLlmClient, type LlmClient } from '../extractors/llm/index.ts';
import type { VerifyOptions } from '../extractors/verify/index.ts';
import type { DocumentBudgets } from '../extractors/parse/budgets.ts';
import { inProcessSteps, type DocumentSteps } from '../extractors/steps.ts';
import { deadlineIn } from '../activities/deadline.ts';
import { createIsolationPool, type IsolationPool } from '../activities/isolation/pool.ts';
import type { ChildConfig } from '../activities/isolation/protocol.ts';
import { isolatedSteps } from '../activities/isolation/steps.ts';
import { smtpMailer } from '../activities/mail/mailer.ts';
import type { Config } from './config.ts';
import { logAsJson, textDestination } from './log-format.ts';

export interface Runtime {
  handle: DatabaseHandle;
  deps: ActivityDeps;
  activities: Activities;
  logger: Logger;
  close(): Promise<void>;
}

export function createLogger(verbose: boolean): Logger {
  // Logs go to stderr so that stdout stays the command's data (tables, --json); as sentences on
  // a terminal, as JSON lines elsewhere (app/log-format.ts).
  const options = { level: verbose ? 'info' : 'warn', base: undefined, redact: ['apiKey', '*.apiKey', 'databaseUrl'] };
  return pino(options, logAsJson() ? pino.destination(2) : textDestination());
}

export interface OpenedDatabase {
  handle: DatabaseHandle;
  /** Migrations applied by this opening (0 when the schema was current). */
  applied: number;
  seeded: Awaited<ReturnType<typeof seedCatalogue>>;
}

/** The configured database, migrated to the current schema and seeded with the catalogue. */
export async function openDatabaseFromConfig(config: Config): Promise<OpenedDatabase> {
  const handle = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: join(resolve(config.dataDir), 'pglite') });
  try {
    const { applied } = await migrateDatabase(handle);
    const seeded = await seedCatalogue(handle.db);
    return { handle, applied, seeded };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The stored files and their parsed text, under dataDir/store. */
export function documentStoreOf(config: Config): DocumentStore {
  return folderStore(join(resolve(config.dataDir), 'store'));
}

export function fetchPolicyOf(config: Config): FetchPolicy {
  const s = config.sources;
  return {
    ...DEFAULT_FETCH_POLICY,
    allowedHosts: s.allowedHosts,
    privateNetworkHosts: s.privateNetworkHosts,
    timeoutMs: s.timeoutMs,
    retries: s.retries,
    maxRedirects: s.maxRedirects,
    maxBytes: config.limits.maxFileBytes,
  };
}

/** The model client from `llm` (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL), or null without a key: rules alone. */
export function llmClientOf(config: Config, logger: Logger): LlmClient | null {
  const { apiKey, baseUrl, ...rest } = config.llm;
  // The night of llm.maxTokensPerNight is the nightly schedule's: it ends at midnight where the run starts.
  const budgetTimeZone = config.schedule.nightly.timeZone;
  return createLlmClient({ ...rest, budgetTimeZone, ...(apiKey ? { apiKey } : {}), ...(baseUrl ? { baseUrl } : {}) }, logger);
}

/** What one document may cost, for the activities. */
export function documentLimitsOf(config: Config): ActivityDeps['limits'] {
  const { maxFileBytes, maxPages, maxUnpackedBytes, documentTimeoutMs } = config.limits;
  return { maxFileBytes, maxPages, maxUnpackedBytes, documentTimeoutMs, budgets: documentBudgetsOf(config) };
}

/** The budgets of one document (limits.max*: extractors/parse/budgets.ts). */
export function documentBudgetsOf(config: Config): DocumentBudgets {
  const { maxXmlBytes, maxPageChars, maxDocumentChars, maxPageContentBytes, maxDecodedPixels } = config.limits;
  return { maxXmlBytes, maxPageChars, maxDocumentChars, maxPageContentBytes, maxDecodedPixels };
}

/** The child processes' OCR settings, from `ocr`. */
export function childOcrOf(config: Config): ChildConfig['ocr'] {
  const { enabled, languages, workers, pageTimeoutMs } = config.ocr;
  return enabled ? { languages, workers, pageTimeoutMs } : null;
}

/**
 * Where documents are read: in processes of their own (limits.documentProcesses of them, each
 * killed past limits.documentMemoryBytes, and at limits.documentTimeoutMs), or with 0, here.
 * `timeUp` is the message of a document that ran out of time.
 */
export function documentStepsOf(config: Config): { steps: DocumentSteps; pool: IsolationPool | null; close(): Promise<void> } {
  if (config.limits.documentProcesses === 0) {
    const ocr = lazyOcr(config);
    return { steps: inProcessSteps(ocr.ocr), pool: null, close: ocr.close };
  }
  const pool = createIsolationPool({
    processes: config.limits.documentProcesses,
    memoryBytes: config.limits.documentMemoryBytes,
    child: { ocr: childOcrOf(config) },
  });
  const timeUp = (where: string) => deadlineIn(config.limits.documentTimeoutMs).error(where);
  const steps = isolatedSteps(pool, { ...(config.ocr.enabled ? { ocrMaxPages: config.ocr.maxPages } : {}), timeUp });
  return { steps, pool, close: () => pool.close() };
}

/** Verification thresholds: `verify`, plus the hybrid merge's (`merge`) when the model takes part. */
export function verifyOptionsOf(config: Config): VerifyOptions {
  return config.llm.apiKey ? { ...config.verify, ...config.merge } : config.verify;
}

/** OCR started on first use (a pool of tesseract workers costs seconds and memory), closed with close(). */
export function lazyOcr(config: Config): { ocr: ActivityDeps['ocr']; close(): Promise<void> } {
  if (!config.ocr.enabled) return { ocr: undefined, close: async () => {} };
  let engine: Promise<OcrEngine> | null = null;
  const { workers, languages, pageTimeoutMs, maxPages } = config.ocr;
  return {
    ocr: { maxPages, engine: () => (engine ??= createOcrEngine({ languages, pageTimeoutMs, ...(workers > 0 ? { workers } : {}) })) },
    close: async () => {
      if (engine) await (await engine.catch(() => null))?.close();
    },
  };
}

/**
 * Activities over a database that is already open, configured as `baocao run` configures
 * them; OCR starts on first use and stops with close(). `baocao serve` uses it for re-runs
 * without Temporal: an embedded PGlite database cannot be opened a second time.
 */
/** E-mail reminders as configured (notifications.email), or none. */
export function mailOf(config: Config): ActivityDeps['mail'] {
  const { email, appUrl } = config.notifications;
  if (!email || !appUrl) return undefined;
  return { mailer: smtpMailer(email), appUrl, provinces: email.provinces };
}

export function activitiesOver(
  config: Config,
  db: DatabaseHandle['db'],
  logger: Logger,
  extra: Pick<ActivityDeps, 'heartbeat'> = {},
): { deps: ActivityDeps; activities: Activities; close(): Promise<void> } {
  const ocr = lazyOcr(config);
  const mail = mailOf(config);
  const documentSteps = documentStepsOf(config);
  const deps: ActivityDeps = {
    db,
    store: documentStoreOf(config),
    logger,
    limits: documentLimitsOf(config),
    verify: verifyOptionsOf(config),
    llm: llmClientOf(config, logger) ?? undefined,
    fetchPolicy: fetchPolicyOf(config),
    daysAfterCutoff: config.submissions.daysAfterCutoff,
    webhookUrl: config.notifications.webhookUrl,
    reviewers: config.review.reviewers,
    remindDaysBeforeDeadline: config.notifications.remindDaysBeforeDeadline,
    mail,
    ocr: ocr.ocr,
    steps: documentSteps.steps,
    ...extra,
  };
  return {
    deps,
    activities: createActivities(deps),
    close: async () => {
      await documentSteps.close();
      await ocr.close();
      mail?.mailer.close();
    },
  };
}

export async function openRuntime(config: Config, logger: Logger, extra: Pick<ActivityDeps, 'heartbeat'> = {}): Promise<Runtime> {
  const { handle } = await openDatabaseFromConfig(config);
  logger.info({ database: handle.location, driver: handle.driver }, 'database ready');
  const { deps, activities, close } = activitiesOver(config, handle.db, logger, extra);
  return {
    handle,
    deps,
    activities,
    logger,
    close: async () => {
      await close();
      await handle.close();
    },
  };
}
