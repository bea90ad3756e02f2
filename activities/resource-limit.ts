// A document that exceeded a hard limit of the process reading it: its memory
// (limits.documentMemoryBytes), or it killed that process twice. Like a document past
// limits.documentTimeoutMs (deadline.ts), it is recorded as failed with `resource_limit` and
// never tried again by the next run: it would do the same. Under Temporal the activity fails with
// a non-retryable ApplicationFailure, so no other worker is handed the same poison.
import { ApplicationFailure } from '@temporalio/common';

export class ResourceLimitError extends Error {
  override readonly name = 'ResourceLimitError';
}

/** The names of the errors that stop a document for good; the workflow's retry policy lists them too. */
export const RESOURCE_LIMIT_ERRORS = ['ResourceLimitError', 'DocumentTimeoutError'] as const;

export function isResourceLimitError(error: unknown): error is Error {
  return error instanceof Error && (RESOURCE_LIMIT_ERRORS as readonly string[]).includes(error.name);
}

/** The error as Temporal must see it: an ApplicationFailure of the error's type that is never retried. */
export function nonRetryable(error: Error): ApplicationFailure {
  return ApplicationFailure.create({ message: error.message, type: error.name, nonRetryable: true, cause: error });
}
