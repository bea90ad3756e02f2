// The review API: the queue, one value, and decisions.
import type { FastifyBaseLogger } from 'fastify';
import { BadValueError, ConflictError, decideValue, OutOfScopeError, ValueNotFoundError, type DecideInput } from '../../db/decisions.ts';
import { pendingReviewCount } from '../../db/review.ts';
import { listReviewQueue, MAX_QUEUE } from '../../db/review-queue.ts';
import { valueStatus, reviewAction } from '../../db/schema.ts';
import type { WebDeps, WebRoutes } from '../deps.ts';
import type { Messages } from '../i18n/index.ts';
import { sendError } from '../replies.ts';
import { loadValueView, valueJson } from '../value-view.ts';
import { REASONS } from '../views/reasons.ts';
import { conflictMessage } from '../views/review.ts';

/** Filters of the queue; an empty field (a form left blank) means no filter. */
export const QUEUE_QUERY = {
  type: 'object',
  properties: {
    province: { type: 'string', pattern: '^(\\d{2})?$' },
    period: { type: 'string', maxLength: 20, pattern: '^[0-9A-Za-z-]*$' },
    group: { type: 'string', pattern: '^[a-z_]{0,40}$' },
    reason: { type: 'string', enum: ['', ...REASONS] },
    limit: { type: 'integer', minimum: 1, maximum: MAX_QUEUE },
  },
} as const;

export interface QueueQuery {
  province?: string;
  period?: string;
  group?: string;
  reason?: string;
  limit?: number;
}

export const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 } } } as const;

const DECISION_BODY = {
  type: 'object',
  required: ['action', 'expected'],
  properties: {
    action: { type: 'string', enum: reviewAction.enumValues },
    value: { type: 'string', maxLength: 100 },
    comment: { type: 'string', maxLength: 2000 },
    expected: {
      type: 'object',
      required: ['status', 'lastDecisionId'],
      properties: {
        status: { type: 'string', enum: valueStatus.enumValues }, // A type list, not anyOf: with anyOf Ajv's coercion would turn null into 0.
        lastDecisionId: { type: ['integer', 'null'] },
      },
    },
  },
} as const;

interface DecisionBody {
  action: DecideInput['action'];
  value?: string;
  comment?: string;
  expected: DecideInput['expected'];
}

/** A number a reviewer (or a submitter's remark) gave that the indicator cannot take, in the reader's words. */
export function badValueMessage(t: Messages, error: Pick<BadValueError, 'code' | 'text' | 'unit'>): string {
  const b = t.errors.badValue;
  switch (error.code) {
    case 'empty':
      return b.empty;
    case 'notANumber':
      return b.notANumber(error.text);
    case 'money':
      return b.money(error.text, error.unit);
    case 'percent':
      return b.percent(error.text, error.unit);
    case 'negative':
      return b.negative(error.text);
    case 'countFraction':
      return b.countFraction(error.text);
    case 'percentOver':
      return b.percentOver(error.text);
    case 'commentTooLong':
      return b.commentTooLong(Number(error.text));
  }
}

/** Blank filters dropped. */
export function queueFilters(q: QueueQuery): QueueQuery {
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== '' && v !== undefined));
}

/** Tells the deadline workflow that a document's review is done; never holds up the answer. */
function announceReviewed(deps: WebDeps, documentId: number, log: FastifyBaseLogger): void {
  if (!deps.onDocumentReviewed) return;
  Promise.resolve()
    .then(() => deps.onDocumentReviewed!(documentId))
    .catch((error: Error) => log.warn({ err: error, documentId }, 'could not announce that the review of the document is complete'));
}

export const reviewApiRoutes: WebRoutes = async (app, deps) => {
  app.get<{ Querystring: QueueQuery }>(
    '/api/review/queue',
    { config: { access: { permission: 'review.read', scope: 'province-query' } }, schema: { querystring: QUEUE_QUERY } },
    async (request) => listReviewQueue(deps.db, { scope: request.provinceScope, ...queueFilters(request.query) }),
  );

  app.get<{ Params: { id: number } }>(
    '/api/review/values/:id',
    { config: { access: { permission: 'review.read', scope: 'value' } }, schema: { params: ID_PARAMS } },
    async (request, reply) => {
      const view = await loadValueView(deps, request.params.id, request.auth!.user);
      return view ? valueJson(view, request.t) : sendError(request, reply, 404, 'not_found', request.t.errors.noSuchValue(request.params.id));
    },
  );

  app.post<{ Params: { id: number }; Body: DecisionBody }>(
    '/api/review/values/:id/decision',
    { config: { access: { permission: 'review.decide', scope: 'value' } }, schema: { params: ID_PARAMS, body: DECISION_BODY } },
    async (request, reply) => {
      const { action, value, comment, expected } = request.body;
      const user = request.auth!.user;
      try {
        const result = await decideValue(deps.db, { valueId: request.params.id, reviewer: user, action, newValue: value, comment, expected });
        request.log.info({ valueId: request.params.id, action, reviewer: user.username, decisionId: result.decision.id }, 'value decided');
        const { pending } = await pendingReviewCount(deps.db, result.documentId);
        // Only the decision that took the last flagged value out of the queue announces it; the
        // other copies of the report (its PDF) took the same decision, and are announced with it.
        if (pending === 0 && result.previousStatus === 'flagged') {
          for (const documentId of [result.documentId, ...result.copies]) {
            if (documentId === result.documentId || (await pendingReviewCount(deps.db, documentId)).pending === 0)
              announceReviewed(deps, documentId, request.log);
          }
        }
        const d = result.decision;
        return {
          status: result.status,
          decision: {
            id: d.id,
            action: d.action,
            reviewer: d.reviewer,
            oldValue: d.oldValue,
            newValue: d.newValue,
            comment: d.comment,
            displacedValue: d.displacedValue,
            decidedAt: d.decidedAt,
          },
          version: { status: result.status, lastDecisionId: d.id },
          published: result.published,
          withdrawn: result.withdrawn,
          documentId: result.documentId,
          copies: result.copies,
          remainingInDocument: pending,
        };
      } catch (error) {
        const t = request.t;
        if (error instanceof ConflictError)
          return sendError(request, reply, 409, 'conflict', conflictMessage(t, error), { reason: error.reason, current: error.current });
        if (error instanceof OutOfScopeError) {
          const message =
            error.why === 'notReviewer'
              ? t.errors.decision.notReviewer(user.username, t.roles[user.role])
              : t.errors.decision.notYourProvince(error.provinceCode, user.username);
          return sendError(request, reply, 403, 'out_of_scope', message);
        }
        if (error instanceof BadValueError) return sendError(request, reply, 400, 'bad_value', badValueMessage(t, error), { code: error.code });
        if (error instanceof ValueNotFoundError) return sendError(request, reply, 404, 'not_found', t.errors.noSuchValue(request.params.id));
        throw error;
      }
    },
  );
};
