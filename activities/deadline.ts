// limits.documentTimeoutMs: the time one document may take to be parsed, read by OCR and
// extracted. It is checked cooperatively, where the work comes in pieces: after each page
// (text or OCR) while pages remain, and before each model request (an abort signal also ends
// the request in flight). A document past it is stopped and recorded as failed, for good: trying
// again would take as long. The clock starts when parsing starts; extraction in the same process
// continues it, and on another worker (Temporal) starts it again.

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
    new DocumentTimeoutError(`took longer than ${formatDuration(timeoutMs)} (limits.documentTimeoutMs): stopped ${where}; not tried again (raise the limit and re-run the document)`);
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

/**
 * Deadlines by document for one process: started by parsing, continued by extraction. A few
 * hundred at most are kept, so documents whose extraction never came (a failed parse, another
 * worker) do not accumulate.
 */
export function documentDeadlines(timeoutMs: number): { start(documentId: number): Deadline; continue(documentId: number): Deadline; end(documentId: number): void } {
  const open = new Map<number, Deadline>();
  return {
    start(documentId) {
      const deadline = deadlineIn(timeoutMs);
      open.delete(documentId);
      open.set(documentId, deadline);
      if (open.size > 256) open.delete(open.keys().next().value!);
      return deadline;
    },
    continue: (documentId) => open.get(documentId) ?? deadlineIn(timeoutMs),
    end(documentId) {
      open.delete(documentId);
    },
  };
}
