import { ApplicationFailure, ActivityFailure, RetryState } from '@temporalio/common';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { failureMessage } from '../workflows/core/failure.ts';

describe('failureMessage', () => {
  it('looks through Temporal activity failures to the application error', () => {
    const cause = ApplicationFailure.nonRetryable('PDF is password-protected', 'DocumentError');
    const wrapped = new ActivityFailure('Activity task failed', 'parseDocument', 'a1', RetryState.NON_RETRYABLE_FAILURE, undefined, cause);
    expect(failureMessage(wrapped)).toBe('PDF is password-protected');
  });

  it('keeps an error that explains its own cause', () => {
    const error = new Error('http://x/r.pdf: download cut short after 100 of 5000 bytes', { cause: new Error('other side closed') });
    expect(failureMessage(error)).toBe('http://x/r.pdf: download cut short after 100 of 5000 bytes');
  });

  it("looks through drizzle's \"Failed query\" to what went wrong", () => {
    const cause = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(failureMessage(new DrizzleQueryError('update "documents" set "error" = $1', ['x'], cause))).toBe('terminating connection due to administrator command');
  });

  it('reads things that are not errors', () => {
    expect(failureMessage('plain')).toBe('plain');
  });
});
