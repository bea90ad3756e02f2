// The drizzle schema: the single source of truth for tables, from which drizzle-kit
// generates the SQL migrations under db/migrations (`npm run db:generate`).
// Table and column names are snake_case in SQL, camelCase in TypeScript.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  char,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  serial,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { DocumentType } from '../extractors/document-types.ts';
import type { HeaderConfidence } from '../extractors/header.ts';
import type { Scope } from '../extractors/scope.ts';
import type { Extractor, FlagReason, Indicator, PeriodKind, Qualifier, ReportKind } from '../extractors/types.ts';
import type { EarlierValue } from '../extractors/verify/history.ts';

// ---------------------------------------------------------------------------------------
// Enums

export const sourceKind = pgEnum('source_kind', ['http', 'dir', 'upload']);
export const entryStatus = pgEnum('source_entry_status', ['fetched', 'unchanged', 'failed']);
/** due_soon: a province whose report is not in, some days before its deadline; late_submission: after it. */
export const notificationKind = pgEnum('notification_kind', ['late_submission', 'review_reminder', 'due_soon']);
/** log: recorded only (nowhere configured to send it); webhook: POSTed; email: sent by SMTP. */
export const notificationChannel = pgEnum('notification_channel', ['log', 'webhook', 'email']);
/** set_aside: classified as no report in scope (a letter, a notice, a report on another subject): stored, not extracted. */
export const documentStatus = pgEnum('document_status', ['fetched', 'parsed', 'extracted', 'failed', 'set_aside']);
export const runTrigger = pgEnum('run_trigger', ['nightly', 'rerun', 'manual', 'ingest']);
export const runStatus = pgEnum('run_status', ['running', 'succeeded', 'failed']);
export const extractorKind = pgEnum('extractor', ['rules', 'llm']);
export const valueStatus = pgEnum('value_status', ['auto_accepted', 'flagged', 'approved', 'corrected', 'rejected']);
export const reviewAction = pgEnum('review_action', ['approve', 'correct', 'reject']);
/** submitter: staff of one provincial department, who upload and submit their province's reports. */
export const userRole = pgEnum('user_role', ['reviewer', 'analyst', 'admin', 'submitter']);

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

// ---------------------------------------------------------------------------------------
// Catalogue (seeded from extractors/catalogue by db/seed.ts)

/** The 34 provincial units in force since July 2025. */
export const provinces = pgTable('provinces', {
  /** Two-digit code, e.g. "79". */
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  shortName: text('short_name').notNull(),
  unitType: text('unit_type').$type<'tinh' | 'thanh_pho'>().notNull(),
});

/** Every name a province may be written under (NFC), old (pre-2025) names included. */
export const provinceAliases = pgTable(
  'province_aliases',
  {
    id: serial('id').primaryKey(),
    provinceCode: text('province_code')
      .notNull()
      .references(() => provinces.code),
    alias: text('alias').notNull(),
    /** The pre-2025 code the name stood for; null for names that only exist since 2025. */
    oldCode: text('old_code'),
  },
  (t) => [unique('province_aliases_alias_unique').on(t.alias)],
);

export const indicators = pgTable('indicators', {
  /** "NV01" */
  id: text('id').primaryKey(),
  groupId: text('group_id').notNull(),
  nameVi: text('name_vi').notNull(),
  nameEn: text('name_en').notNull(),
  unit: text('unit').notNull(),
  kind: text('kind').$type<Indicator['kind']>().notNull(),
  measure: text('measure').$type<Indicator['measure']>().notNull(),
  form: text('form'),
});

// ---------------------------------------------------------------------------------------
// Ingestion

/** Where reports come from: a portal index (http), a mounted folder (dir), or hand uploads. */
export const sources = pgTable('sources', {
  id: serial('id').primaryKey(),
  /** Stable name used by the sources file and the CLI ("tay-ninh-portal"). */
  name: text('name').notNull().unique('sources_name_unique'),
  /** The province whose reports arrive here; a fallback when a report names none. */
  provinceCode: text('province_code').references(() => provinces.code),
  kind: sourceKind('kind').notNull(),
  /** URL of an index page or JSON feed (http), folder path (dir), or a label (upload). */
  location: text('location').notNull(),
  /** Cron expression; null = the global schedule. */
  schedule: text('schedule'),
  enabled: boolean('enabled').notNull().default(true),
  lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }),
  /** Why the last listing failed (server down, index unreadable); null when it worked. */
  lastError: text('last_error'),
  createdAt: createdAt(),
});

/** One file a source offers, followed across runs: what was fetched, with which validators. */
export const sourceEntries = pgTable(
  'source_entries',
  {
    id: serial('id').primaryKey(),
    sourceId: integer('source_id')
      .notNull()
      .references(() => sources.id),
    /** Absolute URL (http) or path relative to the source folder (dir). */
    locator: text('locator').notNull(),
    /** Link text or file name, for people. */
    title: text('title'),
    etag: text('etag'),
    lastModified: text('last_modified'),
    /** Content hash of the last bytes fetched, and the document they became. */
    sha256: char('sha256', { length: 64 }),
    documentId: integer('document_id').references(() => documents.id),
    status: entryStatus('status'),
    error: text('error'),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }),
  },
  (t) => [unique('source_entries_source_locator_unique').on(t.sourceId, t.locator)],
);

/** Reminders sent (late provinces, values awaiting review): what, to whom, and whether it went out. */
export const notifications = pgTable(
  'notifications',
  {
    id: serial('id').primaryKey(),
    kind: notificationKind('kind').notNull(),
    provinceCode: text('province_code').references(() => provinces.code),
    periodKey: text('period_key'),
    /** The text sent (an e-mail's plain-text body). */
    message: text('message').notNull(),
    channel: notificationChannel('channel').notNull().default('log'),
    /** The review reminders' document. */
    documentId: integer('document_id').references(() => documents.id),
    /** The date in Vietnam the reminder is for. */
    day: date('day', { mode: 'string' }),
    /**
     * What makes a reminder once a day: kind, channel, period, province (document), day. Two runs
     * on one day (or two workers at once) cannot both insert it. Null: no such limit (the webhook
     * and log rows of review reminders, which come every review.reminderEveryHours).
     */
    onceKey: text('once_key'),
    /** E-mail addresses it went (or goes) to. */
    recipients: text('recipients').array().notNull().default(sql`'{}'::text[]`),
    /** E-mail subject and HTML body: kept so that a retry sends what was decided. */
    subject: text('subject'),
    html: text('html'),
    /** true: delivered; false: failed (error says why; an e-mail is tried again); null: not tried yet, or nowhere to send it (log). */
    delivered: boolean('delivered'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    /**
     * An attempt under way since then: another run (or worker) does not send it meanwhile. One
     * that never finished (a crash) is taken over after SENDING_LEASE_MINUTES.
     */
    sendingSince: timestamp('sending_since', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_period_idx').on(t.periodKey, t.kind), unique('notifications_once_key_unique').on(t.onceKey)],
);

/** Provinces a report is also tied to, besides the one stored for it (documents.province_conflict). */
export interface ProvinceConflict {
  /** 'source': its source is another province's; 'named': its header names another province too. */
  kind: 'source' | 'named';
  /** The other provinces' codes. */
  others: string[];
  /** What says so: the source's name, or the header's words. */
  evidence: string;
}

export const documents = pgTable(
  'documents',
  {
    id: serial('id').primaryKey(),
    /** Hex SHA-256 of the bytes: the same bytes are never stored twice. */
    sha256: char('sha256', { length: 64 }).notNull().unique('documents_sha256_unique'),
    sourceId: integer('source_id').references(() => sources.id),
    /**
     * The earlier version of the same report: the same source entry with different bytes, or
     * a report re-sent (same province, period and number) whose values differ.
     */
    supersedesId: integer('supersedes_id').references((): AnyPgColumn => documents.id),
    /**
     * The first copy of the same logical report when this is another one: the report in
     * another format (its DOCX and its PDF), or sent again with the same values. Its values
     * are reviewed once, on whichever copy comes first (db/one-report.ts).
     */
    copyOfId: integer('copy_of_id').references((): AnyPgColumn => documents.id),
    originalName: text('original_name').notNull(),
    mediaType: text('media_type').notNull(),
    bytes: integer('bytes').notNull(),
    storageKey: text('storage_key').notNull(),
    // Classification: unknown until the document has been parsed and classified.
    provinceCode: text('province_code').references(() => provinces.code),
    periodKind: text('period_kind').$type<PeriodKind>(),
    periodStart: date('period_start'),
    periodEnd: date('period_end'),
    periodLabel: text('period_label'),
    periodKey: text('period_key'),
    reportKind: text('report_kind').$type<ReportKind>(),
    documentNumber: text('document_number'),
    issuedOn: date('issued_on'),
    /** Nghị định 30/2020/NĐ-CP type read from the header: bao_cao, cong_van, thong_bao, …, unknown. */
    documentType: text('document_type').$type<DocumentType>(),
    issuer: text('issuer'),
    issuerKind: text('issuer_kind'),
    issueYear: integer('issue_year'),
    /** Earliest digital-signature time on the document. */
    signedAt: timestamp('signed_at', { withTimezone: true }),
    /** report (extracted), not_a_report or out_of_scope (set aside), and why. */
    scope: text('scope').$type<Scope>(),
    scopeReason: text('scope_reason'),
    /** How sure each header field is: { documentType, issuer, number, date, signedAt, province }. */
    headerConfidence: jsonb('header_confidence').$type<HeaderConfidence>(),
    /** An analyst asked for extraction whatever the scope. */
    extractionForced: boolean('extraction_forced').notNull().default(false),
    status: documentStatus('status').notNull().default('fetched'),
    error: text('error'),
    /**
     * Why a failed document failed, for programs: a parse error's code (corrupt, too_large, ...)
     * or resource_limit (it exceeded the memory or time of the process reading it, or killed it
     * twice). Null while the document has not failed, and for failures that may pass.
     */
    failureCode: text('failure_code'),
    /** Set while a run is processing the document; a run that finds it set knows the last one never finished. */
    processingSince: timestamp('processing_since', { withTimezone: true }),
    /** Runs that started the document and never finished it (their process died): at 2 it is not started again. */
    interruptedRuns: integer('interrupted_runs').notNull().default(0),
    /**
     * The report's content and where it came from disagree on its province, or it names two: the
     * province stored is the content's, these are the others, and its values wait for a reviewer.
     */
    provinceConflict: jsonb('province_conflict').$type<ProvinceConflict>(),
    pageCount: integer('page_count'),
    /**
     * When a province's submitter pressed "Nộp" on the submission page: the time timeliness counts
     * (db/submissions.ts), rather than when the bytes arrived. Null for reports that were fetched
     * or added by hand. The first submission stays.
     */
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [index('documents_province_period_idx').on(t.provinceCode, t.periodKey)],
);

// ---------------------------------------------------------------------------------------
// Extraction

/** What an extraction run was configured with, kept verbatim for reproducibility. */
export type ExtractorConfig = Record<string, unknown>;

/** One pass of extraction over one document. Re-running adds a run; it never overwrites. */
export const extractionRuns = pgTable(
  'extraction_runs',
  {
    id: serial('id').primaryKey(),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    trigger: runTrigger('trigger').notNull(),
    status: runStatus('status').notNull().default('running'),
    /** The run whose values are the document's current ones (at most one per document). */
    isCurrent: boolean('is_current').notNull().default(false),
    rulesVersion: text('rules_version').notNull(),
    model: text('model'),
    promptVersion: text('prompt_version'),
    schemaVersion: text('schema_version'),
    extractorConfig: jsonb('extractor_config').$type<ExtractorConfig>().notNull().default({}),
    tokensIn: integer('tokens_in').notNull().default(0),
    tokensOut: integer('tokens_out').notNull().default(0),
    cost: numeric('cost', { precision: 12, scale: 6 }).notNull().default('0'),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
  },
  (t) => [index('extraction_runs_document_idx').on(t.documentId), uniqueIndex('extraction_runs_one_current_idx').on(t.documentId).where(sql`is_current`)],
);

/** An alternative reading of the same indicator in the same document, shown to reviewers. */
export interface ValueAlternative {
  value: string;
  evidence: string;
  page: number;
  extractor: Extractor;
}

export const extractedValues = pgTable(
  'extracted_values',
  {
    id: serial('id').primaryKey(),
    runId: integer('run_id')
      .notNull()
      .references(() => extractionRuns.id),
    indicatorId: text('indicator_id')
      .notNull()
      .references(() => indicators.id),
    /** Exact decimal, read and written as a string ("14200", "3.75"). */
    value: numeric('value').notNull(),
    unit: text('unit').notNull(),
    qualifier: text('qualifier').$type<Qualifier>(),
    rawText: text('raw_text').notNull(),
    evidence: text('evidence').notNull(),
    page: integer('page').notNull(),
    confidence: real('confidence').notNull(),
    extractor: extractorKind('extractor').notNull(),
    status: valueStatus('status').notNull(),
    reasons: text('reasons').array().$type<FlagReason[]>().notNull().default(sql`'{}'::text[]`),
    alternatives: jsonb('alternatives').$type<ValueAlternative[]>(),
    /** Readings beyond the alternatives kept (a value read thousands of ways keeps ten and counts the rest). */
    otherReadings: integer('other_readings').notNull().default(0),
    /** The earlier published value a history check flagged this one against (history_jump, history_unit_slip). */
    earlier: jsonb('earlier').$type<EarlierValue>(),
  },
  (t) => [index('extracted_values_run_idx').on(t.runId), index('extracted_values_status_idx').on(t.status)],
);

/** What a model request for one indicator group of one document came to. */
export const llmCacheStatus = pgEnum('llm_cache_status', ['pending', 'answered', 'failed']);

/**
 * The model's answers, one row per (document, indicator group, prompt version, schema
 * version, model), and the ledger of attempts spent on it. An answered row is reused
 * instead of asking again; `attempts` only ever grows and is capped, so client retries,
 * activity retries and re-runs together never spend more than the cap on one request.
 */
export const llmCache = pgTable(
  'llm_cache',
  {
    id: serial('id').primaryKey(),
    documentSha256: char('document_sha256', { length: 64 }).notNull(),
    groupId: text('group_id').notNull(),
    promptVersion: text('prompt_version').notNull(),
    schemaVersion: text('schema_version').notNull(),
    model: text('model').notNull(),
    status: llmCacheStatus('status').notNull().default('pending'),
    /** Attempts reserved so far (each one request, plus the client's own retries of it). */
    attempts: integer('attempts').notNull().default(0),
    /** The validated answer (status answered). */
    answer: jsonb('answer').$type<unknown>(),
    /** The last raw answer text, kept for failures and for the validation retry. */
    rawText: text('raw_text'),
    /** Why the last attempt failed ("refusal", "invalid_answer", "timeout", ...) and how. */
    errorKind: text('error_kind'),
    error: text('error'),
    /** Everything spent on this request, over all attempts. */
    tokensIn: integer('tokens_in').notNull().default(0),
    tokensOut: integer('tokens_out').notNull().default(0),
    cost: numeric('cost', { precision: 12, scale: 6 }).notNull().default('0'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [unique('llm_cache_request_unique').on(t.documentSha256, t.groupId, t.promptVersion, t.schemaVersion, t.model)],
);

// ---------------------------------------------------------------------------------------
// People: accounts of the review application, their provinces and their sessions

/**
 * reviewer: decides flagged values of the provinces assigned to them; analyst: reads
 * everything, starts re-runs and exports; admin: accounts and assignments.
 */
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  /** Lower case, as typed at login. */
  username: text('username').notNull().unique('users_username_unique'),
  displayName: text('display_name').notNull(),
  /** Argon2id (PHC string with its parameters and salt). */
  passwordHash: text('password_hash').notNull(),
  role: userRole('role').notNull(),
  /** A disabled account cannot log in, and its sessions stop working at once. */
  disabled: boolean('disabled').notNull().default(false),
  /** Set by a password reset: the temporary password only leads to choosing a new one. */
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  createdAt: createdAt(),
});

/** The provinces whose values a reviewer may decide; the one province a submitter reports for. */
export const userProvinces = pgTable(
  'user_provinces',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    provinceCode: text('province_code')
      .notNull()
      .references(() => provinces.code),
  },
  (t) => [primaryKey({ name: 'user_provinces_pk', columns: [t.userId, t.provinceCode] })],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 (hex) of the cookie's random token: a copy of this table opens no session. */
    id: char('id', { length: 64 }).primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The synchronizer token every state-changing request of this session must carry. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    /** Absolute end; an idle session ends earlier (last_seen_at + the idle timeout). */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/**
 * A report a province's submitter uploaded on the submission page: the document (stored once by
 * hash, like every other) and the province it was uploaded for, which is what the submitter's
 * scope checks. The same bytes uploaded twice are two uploads of one document.
 */
export const submissionUploads = pgTable(
  'submission_uploads',
  {
    id: serial('id').primaryKey(),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    provinceCode: text('province_code')
      .notNull()
      .references(() => provinces.code),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The submitter's username, kept as written. */
    uploadedBy: text('uploaded_by').notNull(),
    /** The submitter said the reading is right (what the Ministry will read is what they sent). */
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('submission_uploads_province_idx').on(t.provinceCode, t.createdAt)],
);

/**
 * A submitter's word on one value: misread, with the number the report says and why. It goes to
 * the reviewer beside the value; it does not change the value (only a reviewer's decision does).
 */
export const valueRemarks = pgTable(
  'value_remarks',
  {
    id: serial('id').primaryKey(),
    valueId: integer('value_id')
      .notNull()
      .references(() => extractedValues.id),
    uploadId: integer('upload_id')
      .notNull()
      .references(() => submissionUploads.id),
    author: text('author').notNull(),
    /** The number the submitter says the report has (checked as a correction is). */
    proposedValue: numeric('proposed_value').notNull(),
    comment: text('comment').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('value_remarks_value_idx').on(t.valueId)],
);

// ---------------------------------------------------------------------------------------
// Review and publication

/** Append-only (a trigger in migration 0001 rejects UPDATE and DELETE). */
export const reviewDecisions = pgTable(
  'review_decisions',
  {
    id: serial('id').primaryKey(),
    valueId: integer('value_id')
      .notNull()
      .references(() => extractedValues.id),
    /** The reviewer's username, kept as written even if the account is later renamed or removed. */
    reviewer: text('reviewer').notNull(),
    /** The account that decided (null for decisions recorded outside the review application). */
    reviewerId: integer('reviewer_id').references(() => users.id),
    action: reviewAction('action').notNull(),
    oldValue: numeric('old_value'),
    newValue: numeric('new_value'),
    comment: text('comment'),
    /**
     * The publication this decision replaced when it came from another value (another
     * document's reading of the same province, period and indicator): the reviewer's
     * decision wins, and what it displaced stays on record.
     */
    displacedValueId: integer('displaced_value_id').references(() => extractedValues.id),
    displacedValue: numeric('displaced_value'),
    /**
     * The decision this one repeats on another copy of the same report (its DOCX and its
     * PDF): the reviewer decided once, and every copy carries the decision.
     */
    copyOfDecisionId: integer('copy_of_decision_id').references((): AnyPgColumn => reviewDecisions.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('review_decisions_value_idx').on(t.valueId)],
);

/** What an administrator (in the browser or at the command line) did; review decisions are in review_decisions. */
export type AuditAction =
  | 'user.create'
  | 'user.role'
  | 'user.provinces'
  | 'user.disable'
  | 'user.enable'
  | 'user.password_reset'
  | 'user.sessions_end'
  | 'user.password_change'
  | 'source.enable'
  | 'source.disable'
  | 'source.check'
  | 'sources.apply';

/** Append-only (a trigger in the migration that created it rejects UPDATE and DELETE). */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: serial('id').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** The username as it was at the time; "cli" for the command line. */
    actor: text('actor').notNull(),
    actorId: integer('actor_id').references(() => users.id),
    action: text('action').$type<AuditAction>().notNull(),
    targetType: text('target_type').$type<'user' | 'source'>(),
    targetId: integer('target_id'),
    /** The username or source name, as written at the time. */
    targetName: text('target_name'),
    /** The province concerned (a source's, or a reviewer's assignment), for filtering. */
    provinceCode: text('province_code'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_events_at_idx').on(t.at)],
);

/** The one current value per (province, period, indicator), with where it came from. */
export const publishedValues = pgTable(
  'published_values',
  {
    id: serial('id').primaryKey(),
    provinceCode: text('province_code')
      .notNull()
      .references(() => provinces.code),
    periodKey: text('period_key').notNull(),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    indicatorId: text('indicator_id')
      .notNull()
      .references(() => indicators.id),
    value: numeric('value').notNull(),
    unit: text('unit').notNull(),
    runId: integer('run_id')
      .notNull()
      .references(() => extractionRuns.id),
    valueId: integer('value_id')
      .notNull()
      .references(() => extractedValues.id),
    decisionId: integer('decision_id').references(() => reviewDecisions.id),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('published_values_province_period_indicator_unique').on(t.provinceCode, t.periodKey, t.indicatorId),
    // Roll-ups read one indicator over a range of period ends (db/rollup.ts); the overview reads every indicator of a range.
    index('published_values_indicator_period_end_idx').on(t.indicatorId, t.periodEnd),
    index('published_values_period_end_idx').on(t.periodEnd),
  ],
);

// ---------------------------------------------------------------------------------------
// Row types

export type ProvinceRow = typeof provinces.$inferSelect;
export type NewProvinceRow = typeof provinces.$inferInsert;
export type ProvinceAliasRow = typeof provinceAliases.$inferSelect;
export type NewProvinceAliasRow = typeof provinceAliases.$inferInsert;
export type IndicatorRow = typeof indicators.$inferSelect;
export type NewIndicatorRow = typeof indicators.$inferInsert;
export type SourceRow = typeof sources.$inferSelect;
export type NewSourceRow = typeof sources.$inferInsert;
export type SourceEntryRow = typeof sourceEntries.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
export type EntryStatus = (typeof entryStatus.enumValues)[number];
export type DocumentRow = typeof documents.$inferSelect;
export type NewDocumentRow = typeof documents.$inferInsert;
export type ExtractionRunRow = typeof extractionRuns.$inferSelect;
export type NewExtractionRunRow = typeof extractionRuns.$inferInsert;
export type ExtractedValueRow = typeof extractedValues.$inferSelect;
export type NewExtractedValueRow = typeof extractedValues.$inferInsert;
export type ReviewDecisionRow = typeof reviewDecisions.$inferSelect;
export type NewReviewDecisionRow = typeof reviewDecisions.$inferInsert;
export type PublishedValueRow = typeof publishedValues.$inferSelect;
export type NewPublishedValueRow = typeof publishedValues.$inferInsert;

export type SourceKind = (typeof sourceKind.enumValues)[number];
export type DocumentStatus = (typeof documentStatus.enumValues)[number];
export type RunTrigger = (typeof runTrigger.enumValues)[number];
export type RunStatus = (typeof runStatus.enumValues)[number];
export type StoredValueStatus = (typeof valueStatus.enumValues)[number];
export type ReviewAction = (typeof reviewAction.enumValues)[number];
export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
export type UserRole = (typeof userRole.enumValues)[number];
export type SessionRow = typeof sessions.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;
export type LlmCacheRow = typeof llmCache.$inferSelect;
export type LlmCacheStatus = (typeof llmCacheStatus.enumValues)[number];
