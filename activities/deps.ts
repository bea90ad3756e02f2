// What activities are built from. Tests hand in a real test database and a temporary store.
import type { Logger } from 'pino';
import type { Database } from '../db/client.ts';
import type { LlmClient } from '../extractors/llm/index.ts';
import type { VerifyOptions } from '../extractors/verify/index.ts';
import type { FetchPolicy } from './fetch/http-fetch.ts';
import type { DocumentStore } from './document-store.ts';
import type { OcrEngine } from '../extractors/parse/ocr/index.ts';
import type { DocumentBudgets } from '../extractors/parse/index.ts';
import type { DocumentSteps } from '../extractors/steps.ts';
import type { Mailer } from './mail/mailer.ts';

export interface MailDeps {
  mailer: Mailer;
  /** https://baocao.most.gov.vn: links in the e-mails start here. */
  appUrl: string;
  /** Addresses of each province's department, by province code. */
  provinces: Record<string, string[]>;
}

export interface ActivityDeps {
  db: Database;
  store: DocumentStore;
  logger: Logger;
  /**
   * What one document may cost (limits.* of the configuration). Absent ones take the parser's
   * defaults (1000 pages, 128 MiB unpacked) and DEFAULT_DOCUMENT_TIMEOUT_MS.
   */
  limits: { maxFileBytes: number; maxPages?: number; maxUnpackedBytes?: number; documentTimeoutMs?: number; budgets?: Partial<DocumentBudgets> };
  /**
   * Where a document is parsed, classified, extracted by the rules and verified: in processes of
   * their own that are stopped when a document runs away (activities/isolation, what the commands
   * use), or, absent, in this process with `ocr` (tests of the steps' logic).
   */
  steps?: DocumentSteps;
  verify?: VerifyOptions;
  /**
   * The model client, when an API key is configured: extraction then runs the model over
   * each indicator group beside the rules. Without it extraction runs on rules alone.
   */
  llm?: LlmClient;
  /** How http sources are fetched; without it, http sources fail with a clear reason. */
  fetchPolicy?: FetchPolicy;
  /** Where `dir` source locations that are relative resolve from (default: the working folder). */
  baseDir?: string;
  /** Deadlines of periodic reports: days after the cut-off end of the window (default 6). */
  daysAfterCutoff?: number;
  /** Reminders are also POSTed here as JSON when set. */
  webhookUrl?: string;
  /** Reviewers per province code, named in review reminders (and e-mailed, those that are addresses). */
  reviewers?: Record<string, string[]>;
  /** Provinces whose report is not in are reminded this many days before the deadline too (default 0: only after). */
  remindDaysBeforeDeadline?: number;
  /** Reminders by e-mail: the SMTP server, the application's address for links, and each province's addresses. */
  mail?: MailDeps;
  /** The time now (tests pass a fixed one); default the clock. */
  now?: () => Date;
  /** OCR for scans: the engine is started on first use (a pool of tesseract workers). */
  ocr?: { engine: () => Promise<OcrEngine>; maxPages: number };
  /** Called while a long activity makes progress (Temporal heartbeats); throws when it is cancelled. */
  heartbeat?: (details?: unknown) => void;
}
