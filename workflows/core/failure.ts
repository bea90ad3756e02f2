/**
 * The most specific message of an error chain. Temporal wraps an activity's error as
 * ActivityFailure -> ApplicationFailure; the innermost message is the one a person needs.
 */
export function failureMessage(error: unknown): string {
  let current: unknown = error;
  let message = String(error);
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (current.message) message = current.message;
    current = (current as Error & { cause?: unknown }).cause;
  }
  return message;
}
