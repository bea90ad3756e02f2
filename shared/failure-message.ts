/** Errors that only wrap the one a person needs (Temporal: ActivityFailure -> ApplicationFailure). */
const WRAPPERS = new Set(['ActivityFailure', 'ChildWorkflowFailure', 'WorkflowFailedError']);

/**
 * The message a person needs from an error: Temporal's wrappers and errors with no message are
 * looked through, and so is any error `onlyWraps` names (a library's error that says where it
 * failed, not what went wrong); an error that explains its cause in its own words is taken as it is.
 */
export function failureMessage(error: unknown, onlyWraps: (error: Error) => boolean = () => false): string {
  let current: unknown = error;
  for (let depth = 0; depth < 8; depth++) {
    if (!(current instanceof Error)) return String(current);
    const cause = (current as Error & { cause?: unknown }).cause;
    const wrapper = WRAPPERS.has(current.name) || current.message === '' || onlyWraps(current);
    if (!wrapper || cause === undefined) return current.message || current.name;
    current = cause;
  }
  return String(error);
}
