// limits.documentTimeoutMs: the time one document may take to be parsed, read by OCR, classified,
// extracted and verified. It is checked cooperatively, where the work comes in pieces: after each
// page (text or OCR) while pages remain, and before each model request (an abort signal also ends
// the request in flight); and where the steps run in a separate process (activities/isolation),
// that process is killed when a step outlives what the document has left, however it is stuck.
// A document past it is stopped and recorded as failed, for good: trying again would take as long.
//
// The clock runs while a step of the document runs, not while the step waits for a free process:
// parsing starts it, the later steps in the same process continue it, and on another worker
// (Temporal) it starts again.

import type { StepRun } from '../extractors/steps.ts';

export const DEFAULT_DOCUMENT_TIMEOUT_MS = 15 * 60_000;

/** A document that ran past limits.documentTimeoutMs. The name is what Temporal's retry policy and the core recognise. */
export class DocumentTimeoutError extends Error {
  override readonly name = 'DocumentTimeoutError';
}

/** "15 min", "90 s", "250 ms", "1.5 h": how the limit reads in a reason. */
export function formatDuration(ms: number): string {
  const round = (n: number) => String(Math.round(n * 10) / 10);
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${round(ms / 1000)} s`;
  if (ms < 120 * 60_000) return `${round(ms / 60_000)} min`;
  return `${round(ms / 3_600_000)} h`;
}

export interface Deadline {
  readonly timeoutMs: number;
  passed(): boolean;
  /** The error that stops the document, saying where it stopped. */
  error(where: string): DocumentTimeoutError;
  /** Throws when the deadline has passed and pages remain (`page` of `pages` done). */
  checkPage(page: number, pages: number): void;
  /** Aborted, with a DocumentTimeoutError, when the deadline passes; dispose() when done with it. */
  signal(where: string): { signal: AbortSignal; dispose(): void };
}

export function deadlineIn(timeoutMs: number, now: () => number = Date.now): Deadline {
  const at = now() + timeoutMs;
  const error = (where: string) =>
    new DocumentTimeoutError(
      `took longer than ${formatDuration(timeoutMs)} (limits.documentTimeoutMs): stopped ${where}; not tried again (raise the limit and re-run the document)`,
    );
  return {
    timeoutMs,
    passed: () => now() >= at,
    error,
    checkPage(page, pages) {
      // The last page done is the document done: throwing its work away would gain nothing.
      if (page < pages && now() >= at) throw error(`after page ${page} of ${pages}`);
    },
    signal(where) {
      const controller = new AbortController();
      // setTimeout takes at most 2^31-1 ms; the configuration keeps the limit far below.
      const timer = setTimeout(() => controller.abort(error(where)), Math.min(2 ** 31 - 1, Math.max(0, at - now())));
      timer.unref?.();
      return { signal: controller.signal, dispose: () => clearTimeout(timer) };
    },
  };
}

/** The time a document has, spent by its steps as they run. */
export interface DocumentClock {
  readonly timeoutMs: number;
  /** What is left now (never below 0). */
  remainingMs(): number;
  /** A step starts running: the clock runs until the returned stop() (calling it twice is harmless). */
  start(): () => void;
  /** The error that stops the document, saying where it stopped. */
  error(where: string): DocumentTimeoutError;
  /** Throws when the time is up and pages remain (`page` of `pages` done). */
  checkPage(page: number, pages: number): void;
  /** Aborted, with a DocumentTimeoutError, when what is left now has passed; dispose() when done with it. */
  signal(where: string): { signal: AbortSignal; dispose(): void };
}

export function documentClock(timeoutMs: number, now: () => number = Date.now): DocumentClock {
  let spent = 0;
  let runningSince: number | null = null;
  let running = 0;
  const remainingMs = () => Math.max(0, timeoutMs - spent - (runningSince !== null ? now() - runningSince : 0));
  const timing = deadlineIn(timeoutMs, now);
  return {
    timeoutMs,
    remainingMs,
    start() {
      if (running++ === 0) runningSince = now();
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        if (--running === 0 && runningSince !== null) {
          spent += now() - runningSince;
          runningSince = null;
        }
      };
    },
    error: timing.error,
    checkPage(page, pages) {
      if (page < pages && remainingMs() <= 0) throw timing.error(`after page ${page} of ${pages}`);
    },
    signal(where) {
      const controller = new AbortController();
      // setTimeout takes at most 2^31-1 ms; the configuration keeps the limit far below.
      const timer = setTimeout(() => controller.abort(timing.error(where)), Math.min(2 ** 31 - 1, remainingMs()));
      timer.unref?.();
      return { signal: controller.signal, dispose: () => clearTimeout(timer) };
    },
  };
}

/** A step run on the document's clock: its time counted, stopped between pages (and its process killed) when the time is up. */
export function clockedRun(clock: DocumentClock, onPage?: (page: number, pages: number) => void): StepRun {
  return {
    onStart: () => clock.start(),
    timeoutMs: () => clock.remainingMs(),
    onPage: (page, pages) => {
      onPage?.(page, pages);
      clock.checkPage(page, pages);
    },
  };
}

/**
 * Clocks by document for one process: started by parsing, continued by the later steps. A few
 * hundred at most are kept, so documents whose later steps never came (a failed parse, another
 * worker) do not accumulate.
 */
export function documentDeadlines(timeoutMs: number): {
  start(documentId: number): DocumentClock;
  continue(documentId: number): DocumentClock;
  end(documentId: number): void;
} {
  const open = new Map<number, DocumentClock>();
  const remember = (documentId: number, clock: DocumentClock) => {
    open.delete(documentId);
    open.set(documentId, clock);
    if (open.size > 256) open.delete(open.keys().next().value!);
    return clock;
  };
  return {
    start: (documentId) => remember(documentId, documentClock(timeoutMs)),
    continue: (documentId) => open.get(documentId) ?? remember(documentId, documentClock(timeoutMs)),
    end(documentId) {
      open.delete(documentId);
    },
  };
}
