// A reviewer's decision on one extracted value: recorded, applied to the value's status and
// to the publication of its province, period and indicator, all in one transaction.
//
// Concurrency: the reviewer sends back the state they saw (status and last decision id). The
// value's row is locked and that state compared, so of two reviewers deciding the same value
// at once the second waits for the first and then gets a ConflictError naming the decision
// that came first, instead of silently overwriting it.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { parseCorrectedValue, type BadValueCode } from '../extractors/corrected-value.ts';
import type { Database } from './client.ts';
import {
  documents,
  extractedValues,
  extractionRuns,
  indicators,
  publishedValues,
  reviewDecisions,
  type ReviewAction,
  type ReviewDecisionRow,
  type StoredValueStatus,
} from './schema.ts';
import { repeatOnCopies, twinsOf } from './one-report.ts';
import { lockPublicationSlot } from './publication-lock.ts';
import type { AppUser } from './users.ts';

/** What the reviewer saw when they loaded the value. */
export interface DecisionExpectation {
  status: StoredValueStatus;
  lastDecisionId: number | null;
}

export interface DecideInput {
  valueId: number;
  reviewer: AppUser;
  action: ReviewAction;
  /** correct only: the number as the reviewer typed it ("1.204", "14,2 tỷ"). */
  newValue?: string;
  comment?: string;
  expected: DecisionExpectation;
}

export interface LastDecision {
  id: number;
  reviewer: string;
  action: ReviewAction;
  newValue: string | null;
  decidedAt: Date;
}

export class DecisionError extends Error {}

/** No such value. */
export class ValueNotFoundError extends DecisionError {}

/** The reviewer may not decide this value (not a reviewer, or not their province). */
export class OutOfScopeError extends DecisionError {
  constructor(
    message: string,
    readonly why: 'notReviewer' | 'notYourProvince',
    readonly provinceCode: string | null = null,
  ) {
    super(message);
  }
}

/** The corrected value is not a number this indicator can take (or the comment is too long). */
export class BadValueError extends DecisionError {
  constructor(
    message: string,
    readonly code: BadValueCode | 'commentTooLong',
    /** What the reviewer typed. */
    readonly text: string,
    /** The indicator's unit. */
    readonly unit: string = '',
  ) {
    super(message);
  }
}

/**
 * The value is no longer what the reviewer saw: someone decided it since ('decided'), or a
 * re-run replaced the extraction it belongs to ('superseded').
 */
export class ConflictError extends DecisionError {
  constructor(
    message: string,
    readonly reason: 'decided' | 'superseded',
    readonly current: { status: StoredValueStatus; lastDecision: LastDecision | null },
  ) {
    super(message);
  }
}

export interface DecisionResult {
  decision: ReviewDecisionRow;
  documentId: number;
  status: StoredValueStatus;
  /** The status before this decision ('flagged' when it took a value out of the queue). */
  previousStatus: StoredValueStatus;
  /** What is now published for the value's slot because of this decision (approve, correct). */
  published: { provinceCode: string; periodKey: string; indicatorId: string; value: string } | null;
  /** reject: whether a publication of this value was withdrawn. */
  withdrawn: boolean;
  /** The other copies of the report (its PDF, say) whose twin of this value took the same decision. */
  copies: number[];
}

const STATUS_OF: Record<ReviewAction, StoredValueStatus> = { approve: 'approved', correct: 'corrected', reject: 'rejected' };
const MAX_COMMENT = 2000;

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export async function lastDecisionOf(db: Database | Transaction, valueId: number): Promise<LastDecision | null> {
  const [row] = await db
    .select({
      id: reviewDecisions.id,
      reviewer: reviewDecisions.reviewer,
      action: reviewDecisions.action,
      newValue: reviewDecisions.newValue,
      decidedAt: reviewDecisions.decidedAt,
    })
    .from(reviewDecisions)
    .where(eq(reviewDecisions.valueId, valueId))
    .orderBy(desc(reviewDecisions.id))
    .limit(1);
  return row ?? null;
}

export async function decideValue(db: Database, input: DecideInput): Promise<DecisionResult> {
  const comment = input.comment?.trim() || null;
  if (comment && comment.length > MAX_COMMENT)
    throw new BadValueError(`the comment is longer than ${MAX_COMMENT} characters`, 'commentTooLong', String(MAX_COMMENT));
  if (input.reviewer.role !== 'reviewer')
    throw new OutOfScopeError(`${input.reviewer.username} is an ${input.reviewer.role}: only reviewers decide values`, 'notReviewer');

  return db.transaction(async (tx) => {
    const [owner] = await tx
      .select({ documentId: extractionRuns.documentId })
      .from(extractedValues)
      .innerJoin(extractionRuns, eq(extractedValues.runId, extractionRuns.id))
      .where(eq(extractedValues.id, input.valueId));
    if (!owner) throw new ValueNotFoundError(`no value with id ${input.valueId}`);

    // Lock order document, then value: storeExtraction locks the document first too, so a
    // re-run and a decision queue up instead of deadlocking, and a re-run cannot move the
    // current run away between the check below and the commit. (FOR SHARE: decisions on
    // different values of one document still go side by side.)
    const [doc] = await tx.select().from(documents).where(eq(documents.id, owner.documentId)).for('share');
    const [value] = await tx.select().from(extractedValues).where(eq(extractedValues.id, input.valueId)).for('update');
    if (!doc || !value) throw new ValueNotFoundError(`no value with id ${input.valueId}`);
    const [run] = await tx.select({ isCurrent: extractionRuns.isCurrent }).from(extractionRuns).where(eq(extractionRuns.id, value.runId));

    if (!doc.provinceCode || !input.reviewer.provinces.includes(doc.provinceCode)) {
      throw new OutOfScopeError(
        `value ${value.id} belongs to province ${doc.provinceCode ?? '(unknown)'}, which is not assigned to ${input.reviewer.username}`,
        'notYourProvince',
        doc.provinceCode,
      );
    }
    const last = await lastDecisionOf(tx, value.id);
    if (!run?.isCurrent) {
      throw new ConflictError(`value ${value.id} belongs to an extraction that a re-run has replaced; reload the queue`, 'superseded', {
        status: value.status,
        lastDecision: last,
      });
    }
    if (value.status !== input.expected.status || (last?.id ?? null) !== input.expected.lastDecisionId) {
      // The message stays plain: who decided when is in `current`, for the caller to word and
      // to put in the reader's time zone.
      throw new ConflictError(`value ${value.id} was decided after you opened it; it is now ${value.status}`, 'decided', {
        status: value.status,
        lastDecision: last,
      });
    }

    const [indicator] = await tx.select().from(indicators).where(eq(indicators.id, value.indicatorId));
    let decided: string | null = null;
    if (input.action === 'correct') {
      const parsed = parseCorrectedValue(input.newValue ?? '', indicator!);
      if (!parsed.ok) throw new BadValueError(parsed.reason, parsed.code, parsed.text, indicator!.unit);
      decided = parsed.value;
    } else if (input.action === 'approve') {
      decided = value.value;
    }
    // What the value stood at before this decision: an earlier correction, else the extraction.
    const before = last?.action === 'correct' && last.newValue !== null ? last.newValue : value.value;

    const slot =
      doc.provinceCode && doc.periodKey && doc.periodStart && doc.periodEnd
        ? { provinceCode: doc.provinceCode, periodKey: doc.periodKey, periodStart: doc.periodStart, periodEnd: doc.periodEnd, indicatorId: value.indicatorId }
        : null;
    const inSlot = slot
      ? and(
          eq(publishedValues.provinceCode, slot.provinceCode),
          eq(publishedValues.periodKey, slot.periodKey),
          eq(publishedValues.indicatorId, slot.indicatorId),
        )
      : undefined;
    // A publication from another value (another document's reading, or another reviewer's
    // decision on it) is replaced by this decision, and kept on record in it.
    if (slot) await lockPublicationSlot(tx, slot.provinceCode, slot.periodKey);
    const [existing] = slot && decided !== null ? await tx.select().from(publishedValues).where(inSlot).for('update') : [];
    const displaced = existing && existing.valueId !== value.id ? existing : undefined;

    const [decision] = await tx
      .insert(reviewDecisions)
      .values({
        valueId: value.id,
        reviewer: input.reviewer.username,
        reviewerId: input.reviewer.id,
        action: input.action,
        oldValue: before,
        newValue: decided,
        comment,
        displacedValueId: displaced?.valueId ?? null,
        displacedValue: displaced?.value ?? null,
      })
      .returning();

    const status = STATUS_OF[input.action];
    await tx.update(extractedValues).set({ status }).where(eq(extractedValues.id, value.id));

    let published: DecisionResult['published'] = null;
    let withdrawn = false;
    // The other copies of the same report carry the same number: they take the decision too.
    const twins = decided === null ? (await twinsOf(tx, value.id)).filter((t) => t.status === value.status).map((t) => t.id) : [];
    const copies = await repeatOnCopies(tx, value.id, value.status, decision!, status);
    if (decided === null) {
      // Only what this value (or a twin it decided) published is withdrawn; another report's publication stays.
      withdrawn =
        (
          await tx
            .delete(publishedValues)
            .where(inArray(publishedValues.valueId, [value.id, ...twins]))
            .returning({ id: publishedValues.id })
        ).length > 0;
    } else if (slot) {
      const row = {
        value: decided,
        unit: input.action === 'correct' ? indicator!.unit : value.unit,
        runId: value.runId,
        valueId: value.id,
        decisionId: decision!.id,
        publishedAt: new Date(),
      };
      await tx
        .insert(publishedValues)
        .values({ ...slot, ...row })
        .onConflictDoUpdate({
          target: [publishedValues.provinceCode, publishedValues.periodKey, publishedValues.indicatorId],
          set: { ...row, periodStart: slot.periodStart, periodEnd: slot.periodEnd },
        });
      published = { provinceCode: slot.provinceCode, periodKey: slot.periodKey, indicatorId: slot.indicatorId, value: decided };
    }
    return { decision: decision!, documentId: doc.id, status, previousStatus: value.status, published, withdrawn, copies };
  });
}
