// What the orchestration core may ask of the outside world. Types only: workflows import
// this file, and the Temporal sandbox must never see a Node module.
import type { ExtractionUsage } from '../extractors/llm/index.ts';
import type { DocumentErrorCode } from '../extractors/parse/errors.ts';
import type { DocumentWarning } from '../extractors/warnings.ts';
import type { CandidateValue, Classification, VerifiedValue } from '../extractors/types.ts';
import type { DocumentStatus, RunTrigger, SourceKind } from '../db/schema.ts';

export interface DocumentRef {
  documentId: number;
}

export interface RegisteredFile {
  documentId: number;
  sha256: string;
  name: string;
  /** False when the same bytes were registered before (under any name). */
  isNew: boolean;
  status: DocumentStatus;
}

/**
 * Bad input is an answer, not an exception: it is recorded and never retried. So is a document
 * that exceeded what the process reading it may spend (code `resource_limit`). `warnings` are
 * the sentences; `warningDetails` the same warnings with their code and page.
 */
export type ParseResult =
  | { ok: true; mediaType: string; pages: number; blocks: number; warnings: string[]; warningDetails: DocumentWarning[] }
  | { ok: false; code: DocumentErrorCode | 'resource_limit'; reason: string };

export interface StoredRun {
  runId: number;
  accepted: number;
  flagged: number;
  published: number;
}

export type { ExtractionUsage };

export interface Extraction {
  candidates: CandidateValue[];
  usage: ExtractionUsage;
}

export interface ReportActivities {
  parseDocument(input: DocumentRef): Promise<ParseResult>;
  classifyDocument(input: DocumentRef): Promise<Classification>;
  extractCandidates(input: DocumentRef): Promise<Extraction>;
  verifyValues(input: DocumentRef & { candidates: CandidateValue[] }): Promise<VerifiedValue[]>;
  storeValues(input: DocumentRef & { trigger: RunTrigger; values: VerifiedValue[]; usage: ExtractionUsage; startedAt: string }): Promise<StoredRun>;
  /**
   * Records why a document could not be processed. `retryable: false` (bad input, a resource
   * limit) is final, and `code` says which (a parse error's code, or resource_limit);
   * a retryable failure keeps the document unfinished so the next ingest tries it again.
   * A document that already has a current extraction keeps it.
   */
  recordFailure(input: DocumentRef & { reason: string; retryable: boolean; code?: string }): Promise<void>;
}

export interface FolderActivities {
  /** Report files in a folder (not recursive), sorted by name. */
  listFolder(input: { dir: string }): Promise<string[]>;
  /** Reads the file, stores its bytes by sha256 and registers the document once. */
  registerFile(input: { path: string }): Promise<RegisteredFile>;
}

export interface SourceSummary {
  sourceId: number;
  name: string;
  kind: SourceKind;
  provinceCode: string | null;
}

/** One file a source offers: a URL (http) or a path inside the source folder (dir). */
export interface EntryRef {
  locator: string;
  title: string | null;
}

/** `unreadable`: parts of the source that could not be listed (recorded as failed entries); the rest was. */
export type ListEntriesResult = { ok: true; entries: EntryRef[]; unreadable?: { locator: string; reason: string }[] } | { ok: false; reason: string };

export type FetchEntryResult =
  /**
   * Not modified since the last fetch (no download), or the same bytes again. `unfinished`
   * is the entry's document when an earlier run stopped before finishing it.
   */
  | { status: 'unchanged'; locator: string; unfinished?: RegisteredFile }
  | { status: 'fetched'; locator: string; file: RegisteredFile; supersedes: number | null }
  /** Recorded on the source entry; the next run tries again. */
  | { status: 'failed'; locator: string; reason: string };

export interface SourceActivities {
  /** The named sources (enabled or not), or every enabled source when no names are given. */
  listSources(input: { names?: string[] }): Promise<SourceSummary[]>;
  /** Lists what a source offers now; a source that cannot be listed is recorded and reported. */
  listSourceEntries(input: { sourceId: number }): Promise<ListEntriesResult>;
  /** Fetches one entry (conditionally), stores new bytes and registers the document. */
  fetchSourceEntry(input: { sourceId: number; entry: EntryRef }): Promise<FetchEntryResult>;
}

export interface LateProvince {
  provinceCode: string;
  daysLate: number;
}

export interface RemindersSent {
  /** Provinces past the deadline without a report, and those within notifications.remindDaysBeforeDeadline of it (daysLate <= 0). */
  late: LateProvince[];
  dueSoon: LateProvince[];
  /** Reminders decided in this run (not already made today). */
  notified: number;
  /** Of those, delivered to the webhook. */
  delivered: number;
  /** E-mails delivered in this run (today's new ones, and earlier failed ones of today tried again), and those that failed. */
  emailed: number;
  emailFailed: number;
}

export interface NotificationActivities {
  /**
   * Reminds every province whose report for the period is overdue (or due within
   * notifications.remindDaysBeforeDeadline): a log line, a notifications row, and when
   * configured a webhook call and an e-mail to the province. At most one reminder per province,
   * period and day; an e-mail that failed earlier the same day is tried again.
   */
  remindLateProvinces(input: { periodKey: string; asOf?: string }): Promise<RemindersSent>;
}

/** An analyst's selection for a re-run: documents by id, or by province, period and group. */
export interface RerunSelection {
  documentIds?: number[];
  province?: string;
  /** Period key (2025-H1). */
  period?: string;
  /** Only documents whose current run has values of this indicator group. */
  group?: string;
}

export interface SelectedDocument {
  documentId: number;
  sha256: string;
}

export interface PendingReviews {
  /** Values of the document's current run still flagged (no reviewer decision yet). */
  pending: number;
  provinceCode: string | null;
  periodKey: string | null;
}

export interface ReviewActivities {
  selectDocuments(selection: RerunSelection): Promise<SelectedDocument[]>;
  pendingReviews(input: DocumentRef): Promise<PendingReviews>;
  /**
   * A reminder to the reviewers of the document's province: log, notifications row, webhook,
   * e-mail (once a day); escalatesAt (ms) is when it is escalated. The activity finds the
   * province from the document id and the reviewers in its own configuration; it answers how
   * many there are, not who (a result is kept in the workflow history).
   */
  remindReviewers(input: DocumentRef & { pending: number; escalated: boolean; escalatesAt?: number }): Promise<{ reviewerCount: number }>;
  /**
   * Sends again today's review e-mails that failed, for documents whose values still wait
   * (with review.reminderEveryHours at 24 the next reminder would come only tomorrow).
   */
  retryReviewEmails(input: { asOf?: string }): Promise<{ retried: number; delivered: number }>;
}

export type Activities = ReportActivities & FolderActivities & SourceActivities & NotificationActivities & ReviewActivities;
