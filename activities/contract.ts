// What the orchestration core may ask of the outside world. Types only: workflows import
// this file, and the Temporal sandbox must never see a Node module.
import type { CandidateValue, Classification, VerifiedValue } from '../extractors/types.ts';
import type { DocumentStatus, RunTrigger } from '../db/schema.ts';

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

/** Bad input is an answer, not an exception: it is recorded and never retried. */
export type ParseResult =
  | { ok: true; mediaType: string; pages: number; blocks: number; warnings: string[] }
  | { ok: false; code: string; reason: string };

export interface StoredRun {
  runId: number;
  accepted: number;
  flagged: number;
  published: number;
}

export interface ReportActivities {
  parseDocument(input: DocumentRef): Promise<ParseResult>;
  classifyDocument(input: DocumentRef): Promise<Classification>;
  extractCandidates(input: DocumentRef): Promise<CandidateValue[]>;
  verifyValues(input: DocumentRef & { candidates: CandidateValue[] }): Promise<VerifiedValue[]>;
  storeValues(input: DocumentRef & { trigger: RunTrigger; values: VerifiedValue[]; startedAt: string }): Promise<StoredRun>;
  /**
   * Records why a document could not be processed. `retryable: false` (bad input) is final;
   * a retryable failure keeps the document unfinished so the next ingest tries it again.
   * A document that already has a current extraction keeps it.
   */
  recordFailure(input: DocumentRef & { reason: string; retryable: boolean }): Promise<void>;
}

export interface FolderActivities {
  /** Report files in a folder (not recursive), sorted by name. */
  listFolder(input: { dir: string }): Promise<string[]>;
  /** Reads the file, stores its bytes by sha256 and registers the document once. */
  registerFile(input: { path: string }): Promise<RegisteredFile>;
}

export type Activities = ReportActivities & FolderActivities;
