// Ingesting a folder: every report file is registered by content hash; only documents not
// seen before (or left half-done by an interrupted run) are processed, so ingesting the
// same folder twice adds nothing.
import type { Activities, RegisteredFile } from '../../activities/contract.ts';
import type { RunTrigger } from '../../db/schema.ts';
import { mapWithConcurrency } from '../../shared/pool.ts';
import { failureMessage } from '../../shared/failure-message.ts';
import { needsProcessing, processReport, type ReportOutcome } from './process-report.ts';

export interface IngestFolderInput {
  dir: string;
  trigger: RunTrigger;
  concurrency: number;
}

export type FileOutcome =
  | { path: string; status: 'unchanged'; file: RegisteredFile }
  /** The same bytes as another file of this run, which processes them once. */
  | { path: string; status: 'duplicate'; file: RegisteredFile }
  | { path: string; status: 'processed'; file: RegisteredFile; report: ReportOutcome }
  | { path: string; status: 'unreadable'; reason: string };

export interface IngestSummary {
  files: FileOutcome[];
  /** Documents whose bytes were never seen before. */
  newDocuments: number;
  /** Documents processed in this run: the new ones and any an earlier run left half-done. */
  processed: number;
  unchanged: number;
  failed: number;
  accepted: number;
  flagged: number;
}

export interface IngestProgress {
  onFileDone?(outcome: FileOutcome, done: number, total: number): void;
  onStart?(total: number): void;
}

export async function ingestFolder(acts: Activities, input: IngestFolderInput, progress: IngestProgress = {}): Promise<IngestSummary> {
  const paths = await acts.listFolder({ dir: input.dir });
  progress.onStart?.(paths.length);
  let done = 0;
  const claimed = new Set<number>();
  const files = await mapWithConcurrency(paths, input.concurrency, async (path): Promise<FileOutcome> => {
    const outcome = await ingestFile(acts, path, input.trigger, claimed);
    progress.onFileDone?.(outcome, ++done, paths.length);
    return outcome;
  });
  return summarize(files);
}

async function ingestFile(acts: Activities, path: string, trigger: RunTrigger, claimed: Set<number>): Promise<FileOutcome> {
  let file: RegisteredFile;
  try {
    file = await acts.registerFile({ path });
  } catch (error) {
    return { path, status: 'unreadable', reason: failureMessage(error) };
  }
  // A known document is done unless an earlier run stopped half-way through it (or failed
  // for a reason that may pass, which leaves it unfinished: see recordFailure).
  if (!needsProcessing(file)) return { path, status: 'unchanged', file };
  if (claimed.has(file.documentId)) return { path, status: 'duplicate', file };
  claimed.add(file.documentId);
  const report = await processReport(acts, { documentId: file.documentId, trigger });
  return { path, status: 'processed', file, report };
}

export function summarize(files: FileOutcome[]): IngestSummary {
  const reports = files.flatMap((f) => (f.status === 'processed' ? [f.report] : []));
  return {
    files,
    newDocuments: files.filter((f) => f.status !== 'unreadable' && f.file.isNew).length,
    processed: reports.length,
    unchanged: files.filter((f) => f.status === 'unchanged' || f.status === 'duplicate').length,
    failed: reports.filter((r) => r.status === 'failed').length + files.filter((f) => f.status === 'unreadable').length,
    accepted: reports.reduce((n, r) => n + (r.status === 'extracted' ? r.accepted : 0), 0),
    flagged: reports.reduce((n, r) => n + (r.status === 'extracted' ? r.flagged : 0), 0),
  };
}
