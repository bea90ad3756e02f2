// Who reads the reports a province uploads on the submission page. The application only asks;
// the reader is handed in by whoever builds the server, as re-runs are (app/reruns.ts). It stores
// the bytes once by hash and registers the document the way `baocao add` does (registerIncoming,
// under the province's upload source), then runs the same core over it (processReport), in this
// process, reporting each page it reads so the page can show OCR progress.
//
// One report is read at a time: the OCR of a scan takes the machine's cores, and a second one
// at once would only make both slower. The others wait their turn ('queued').
import type { RegisteredFile, ReportActivities } from '../activities/contract.ts';
import type { ActivityDeps } from '../activities/deps.ts';
import { registerIncoming } from '../activities/register.ts';
import { uploadSource } from '../db/sources.ts';
import { needsProcessing, processReport, type ReportOutcome } from '../workflows/core/process-report.ts';

/** Where the reading of one document is. Kept in memory: a restarted server starts the reading again. */
export interface ReadingProgress {
  state: 'queued' | 'reading' | 'done';
  /** Pages read so far and how many there are (parsing and OCR report each page). */
  page: number | null;
  pages: number | null;
  startedAt: number;
  /** When the reading was done (ms), for the seconds the page reports. */
  doneAt: number | null;
}

export interface SubmissionReader {
  /** The size cap of an upload: limits.maxFileBytes, as for every ingested file. */
  readonly maxFileBytes: number;
  /** Whether scans and photos can be read (OCR configured). */
  readonly ocr: boolean;
  /** Stores the bytes (once by hash) and registers the document under the province's upload source. */
  register(bytes: Uint8Array, name: string, provinceCode: string): Promise<RegisteredFile>;
  /** Starts reading a registered document unless it is read or being read; returns its progress. */
  start(documentId: number): ReadingProgress;
  /** The progress of a document this process is reading or has read; null when it never started here. */
  progress(documentId: number): ReadingProgress | null;
  /** Resolves when nothing is being read (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** What the reader is built from: activities whose heartbeat it is given (page progress arrives there). */
export type ActivitiesWithHeartbeat = (heartbeat: (details?: unknown) => void) => {
  deps: Pick<ActivityDeps, 'db' | 'store' | 'logger'>;
  activities: ReportActivities;
  close?: () => Promise<void>;
};

/** What the server builds its reader from (BuildServerOptions.submissions). */
export interface UploadReading {
  build: ActivitiesWithHeartbeat;
  maxFileBytes: number;
  ocr: boolean;
}

/** Finished readings are forgotten after this many, oldest first (the document's status says the rest). */
const KEPT = 200;

export function inProcessSubmissionReader(build: ActivitiesWithHeartbeat, options: { maxFileBytes: number; ocr: boolean }): SubmissionReader {
  const readings = new Map<number, ReadingProgress>();
  const onHeartbeat = (details?: unknown) => {
    const d = details as { documentId?: unknown; page?: unknown; pages?: unknown } | undefined;
    if (typeof d?.documentId !== 'number' || typeof d.page !== 'number') return;
    const reading = readings.get(d.documentId);
    if (!reading) return;
    reading.page = d.page;
    if (typeof d.pages === 'number') reading.pages = d.pages;
  };
  let built: ReturnType<ActivitiesWithHeartbeat> | null = null;
  const get = () => {
    built ??= build(onHeartbeat);
    return built;
  };
  // One at a time, in the order asked.
  let queue: Promise<unknown> = Promise.resolve();

  const forgetOld = () => {
    if (readings.size <= KEPT) return;
    for (const [id, r] of readings) {
      if (readings.size <= KEPT) break;
      if (r.state === 'done') readings.delete(id);
    }
  };

  return {
    maxFileBytes: options.maxFileBytes,
    ocr: options.ocr,
    async register(bytes, name, provinceCode) {
      const { deps } = get();
      const source = await uploadSource(deps.db, provinceCode);
      return registerIncoming(deps as ActivityDeps, { bytes, name, sourceId: source.id });
    },
    start(documentId) {
      const running = readings.get(documentId);
      if (running && running.state !== 'done') return running;
      const reading: ReadingProgress = { state: 'queued', page: null, pages: null, startedAt: Date.now(), doneAt: null };
      readings.set(documentId, reading);
      forgetOld();
      const { activities, deps } = get();
      const work = async (): Promise<ReportOutcome | null> => {
        reading.state = 'reading';
        try {
          return await processReport(activities, { documentId, trigger: 'manual' });
        } finally {
          reading.state = 'done';
          reading.doneAt = Date.now();
        }
      };
      queue = queue.then(work).catch((error: unknown) => deps.logger.error({ err: error, documentId }, 'reading an upload failed'));
      return reading;
    },
    progress: (documentId) => readings.get(documentId) ?? null,
    async idle() {
      // A reading queued while waiting is waited for too.
      let seen: Promise<unknown> | null = null;
      while (seen !== queue) {
        seen = queue;
        await seen;
      }
    },
    async close() {
      await this.idle();
      await built?.close?.();
    },
  };
}

/** Whether a registered document still needs reading (not read, refused or set aside yet). */
export function needsReading(status: RegisteredFile['status']): boolean {
  return needsProcessing({ status });
}
