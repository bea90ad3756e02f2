// The orchestration cores the Temporal workflows run, exercised in process: re-runs against a
// real database, and review reminders with a clock the test controls.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PendingReviews } from '../../activities/contract.ts';
import { folderStore } from '../../activities/document-store.ts';
import { createActivities } from '../../activities/index.ts';
import { extractedValues, extractionRuns, notifications } from '../../db/schema.ts';
import { ingestFolder } from '../../workflows/core/ingest-folder.ts';
import { inProcessReport } from '../../workflows/core/ingest-sources.ts';
import { rerunExtraction } from '../../workflows/core/rerun.ts';
import { REMINDERS_PER_RUN, reviewDeadline, type ReviewClock } from '../../workflows/core/review-deadline.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const reports = new URL('../../fixtures/reports/', import.meta.url).pathname;
let t: TestDatabase;
let work: string;
let acts: ReturnType<typeof createActivities>;

beforeAll(async () => {
  t = await createTestDatabase();
  work = await mkdtemp(join(tmpdir(), 'baocao-core-'));
  acts = createActivities({
    db: t.handle.db,
    store: folderStore(work),
    logger: pino({ level: 'silent' }),
    limits: { maxFileBytes: 50 * 1024 * 1024 },
    reviewers: { '79': ['reviewer.hcm@example.vn'] },
  });
  await ingestFolder(acts, { dir: reports, trigger: 'ingest', concurrency: 2 });
});
afterAll(async () => {
  await t?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('rerunExtraction', () => {
  it('re-extracts the selection with new runs beside the old ones', async () => {
    const summary = await rerunExtraction(acts, { province: '48', period: '2025-Q3' }, inProcessReport(acts), 2);
    expect(summary).toMatchObject({ selected: 2, extracted: 2, failed: 0, skipped: 0 });
    for (const outcome of summary.outcomes) {
      const runs = await t.handle.db.select().from(extractionRuns).where(eq(extractionRuns.documentId, outcome.documentId));
      expect(runs.map((r) => [r.trigger, r.isCurrent]).sort()).toEqual([
        ['ingest', false],
        ['rerun', true],
      ]);
    }
  });

  it('selects by indicator group and by document id', async () => {
    expect((await acts.selectDocuments({ group: 'vien_thong' })).length).toBe(2); // only Đà Nẵng reports BTS stations
    expect((await acts.selectDocuments({ group: 'nhiem_vu' })).length).toBe(8);
    expect(await acts.selectDocuments({ documentIds: [1, 3] })).toEqual([
      expect.objectContaining({ documentId: 1 }),
      expect.objectContaining({ documentId: 3 }),
    ]);
  });
});

describe('reviewDeadline', () => {
  const HOUR = 3_600_000;
  /** A clock that jumps forward on every wait, and can be told the last value was decided. */
  function fakeClock(decideAfterWaits?: number): ReviewClock & { waits: number[] } {
    let now = Date.parse('2025-10-01T00:00:00Z');
    const waits: number[] = [];
    return {
      waits,
      now: () => now,
      waitForDecisionOr: async (ms) => {
        waits.push(ms);
        now += ms;
        return decideAfterWaits !== undefined && waits.length >= decideAfterWaits;
      },
    };
  }

  it('reminds at the interval, escalates after N days, and stops when nothing is pending', async () => {
    let pending = 4;
    const reminders: { pending: number; escalated: boolean }[] = [];
    const result = await reviewDeadline(
      {
        pendingReviews: async (): Promise<PendingReviews> => ({ pending: pending--, provinceCode: '79', periodKey: '2024-9M' }),
        remindReviewers: async ({ pending: p, escalated }) => (reminders.push({ pending: p, escalated }), { reviewerCount: 0 }),
      },
      { documentId: 1, reminderEveryHours: 24, escalateAfterDays: 2 },
      fakeClock(),
    );
    expect(result).toEqual({ outcome: 'decided', reminders: 4, escalated: true });
    expect(reminders).toEqual([
      { pending: 4, escalated: false },
      { pending: 3, escalated: false },
      { pending: 2, escalated: true },
      { pending: 1, escalated: true },
    ]);
  });

  it('ends early when signalled and nothing is pending any more', async () => {
    let decided = false;
    const clock = fakeClock(1);
    const result = await reviewDeadline(
      {
        pendingReviews: async () => ({ pending: decided ? 0 : 5, provinceCode: '79', periodKey: '2024-9M' }),
        remindReviewers: async () => ((decided = true), { reviewerCount: 0 }),
      },
      { documentId: 1, reminderEveryHours: 24, escalateAfterDays: 3 },
      clock,
    );
    expect(result).toMatchObject({ outcome: 'decided', reminders: 1 });
    expect(clock.waits).toEqual([24 * HOUR]);
  });

  it('continues as new after a bounded number of reminders, carrying its start', async () => {
    const clock = fakeClock();
    const start = clock.now();
    const result = await reviewDeadline(
      { pendingReviews: async () => ({ pending: 1, provinceCode: null, periodKey: null }), remindReviewers: async () => ({ reviewerCount: 0 }) },
      { documentId: 1, reminderEveryHours: 1, escalateAfterDays: 3 },
      clock,
    );
    expect(result).toEqual({
      outcome: 'continue',
      next: { documentId: 1, reminderEveryHours: 1, escalateAfterDays: 3, startedAt: start, remindersSoFar: REMINDERS_PER_RUN },
    });
  });

  it('continues as new with ids and settings only, whatever else an older input carried', async () => {
    const clock = fakeClock();
    // Inputs of runs started before the typed starters held the reviewers' addresses.
    const older = { documentId: 1, reminderEveryHours: 1, escalateAfterDays: 3, reviewers: { '79': ['reviewer.hcm@example.vn'] } };
    const result = await reviewDeadline(
      { pendingReviews: async () => ({ pending: 1, provinceCode: null, periodKey: null }), remindReviewers: async () => ({ reviewerCount: 1 }) },
      older,
      clock,
    );
    expect(result.outcome === 'continue' && Object.keys(result.next).sort()).toEqual([
      'documentId',
      'escalateAfterDays',
      'reminderEveryHours',
      'remindersSoFar',
      'startedAt',
    ]);
  });

  it('the real activities count flagged values and record reminders to the assigned reviewers', async () => {
    const [hcm] = await acts.selectDocuments({ province: '79' });
    const pending = await acts.pendingReviews({ documentId: hcm!.documentId });
    // As many as the current run flagged: the four of the task table whose parts exceed their
    // total, and what the scorer doubted (which moves when it is refitted).
    const flagged = await t.handle.db
      .select({ reasons: extractedValues.reasons })
      .from(extractedValues)
      .innerJoin(extractionRuns, eq(extractedValues.runId, extractionRuns.id))
      .where(and(eq(extractionRuns.documentId, hcm!.documentId), eq(extractionRuns.isCurrent, true), eq(extractedValues.status, 'flagged')));
    expect(flagged.filter((f) => f.reasons.includes('parts_exceed_total'))).toHaveLength(4);
    expect(pending).toMatchObject({ pending: flagged.length, provinceCode: '79', periodKey: '2024-9M' });
    const { reviewerCount } = await acts.remindReviewers({ documentId: hcm!.documentId, pending: pending.pending, escalated: true });
    // How many, not who: the answer is kept in the workflow history.
    expect(reviewerCount).toBe(1);
    const [row] = await t.handle.db.select().from(notifications).where(eq(notifications.kind, 'review_reminder'));
    expect(row!.message).toMatch(
      new RegExp(`^ESCALATED: document \\d+ \\(79 2024-9M\\): ${flagged.length} values await review \\(reviewer\\.hcm@example\\.vn\\)$`),
    );
  });
});
