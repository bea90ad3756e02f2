// What drizzle's errors say. Its "Failed query: <SQL> params: <values>" says which statement
// failed, not what went wrong (the connection was terminated, a constraint...): that is in its cause.

/** Whether the error is drizzle's wrapper around the database's own error. */
export function saysOnlyWhichQuery(error: Error): boolean {
  return error.message.startsWith('Failed query: ');
}

/** The database's own error under drizzle's wrappers; any other error as it is. */
export function queryFailureCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 8 && current instanceof Error && saysOnlyWhichQuery(current); depth++) {
    const cause = (current as Error & { cause?: unknown }).cause;
    if (!(cause instanceof Error)) break;
    current = cause;
  }
  return current;
}
