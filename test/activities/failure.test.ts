import { ApplicationFailure, ActivityFailure, RetryState } from '@temporalio/common';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { failureMessage as activityFailureMessage, withQueryFailuresUnwrapped } from '../../activities/failure-message.ts';
import { failureMessage } from '../../shared/failure-message.ts';

const terminated = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

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

  it('knows no database library: drizzle\'s "Failed query" is what the shared reading says of it', () => {
    expect(failureMessage(new DrizzleQueryError('update "documents" set "error" = $1', ['x'], terminated()))).toMatch(/^Failed query: /);
  });

  it('in activities, looks through drizzle\'s "Failed query" to what went wrong', () => {
    expect(activityFailureMessage(new DrizzleQueryError('update "documents" set "error" = $1', ['x'], terminated()))).toBe(
      'terminating connection due to administrator command',
    );
  });

  it('reads things that are not errors', () => {
    expect(failureMessage('plain')).toBe('plain');
  });
});

describe('withQueryFailuresUnwrapped', () => {
  it("has an activity throw the database's own error where drizzle wrapped it, and any other error as it is", async () => {
    const own = new Error('a document error');
    const activities = withQueryFailuresUnwrapped({
      async store(): Promise<number> {
        throw new DrizzleQueryError('insert into "values"', [], terminated());
      },
      async parse(): Promise<number> {
        throw own;
      },
      async fine(n: number): Promise<number> {
        return n + 1;
      },
    });
    await expect(activities.store()).rejects.toMatchObject({ message: 'terminating connection due to administrator command', code: '57P01' });
    await expect(activities.parse()).rejects.toBe(own);
    await expect(activities.fine(1)).resolves.toBe(2);
  });
});
