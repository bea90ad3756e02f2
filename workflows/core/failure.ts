// What the orchestration core reads from an activity's error: whether it is final. The sentence
// a person reads is shared/failure-message.ts.

/**
 * Whether the error is a document that ran past limits.documentTimeoutMs
 * (activities/deadline.ts): in process the error itself, under Temporal an ApplicationFailure
 * whose type is its name. Final, like bad input: trying again would take as long.
 */
export function isDocumentTimeout(error: unknown): boolean {
  // (A timeout is one of the resource limits: see isResourceLimit.)
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (current.name === 'DocumentTimeoutError' || (current as Error & { type?: unknown }).type === 'DocumentTimeoutError') return true;
    current = (current as Error & { cause?: unknown }).cause;
  }
  return false;
}

/** The errors that stop a document for good because it exceeded a limit of the process reading it. */
const RESOURCE_LIMITS = new Set(['DocumentTimeoutError', 'ResourceLimitError']);

/**
 * Whether the error is a document that exceeded a resource limit (activities/resource-limit.ts:
 * its time, its memory, or it killed its process twice), in process or through Temporal (an
 * ApplicationFailure whose type is its name). Final: it would do the same again.
 */
export function isResourceLimit(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (RESOURCE_LIMITS.has(current.name) || RESOURCE_LIMITS.has(String((current as Error & { type?: unknown }).type))) return true;
    current = (current as Error & { cause?: unknown }).cause;
  }
  return false;
}
