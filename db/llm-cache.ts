// The model answer cache and attempt ledger (llm_cache) on the database: the LlmLedger the
// activities use. Reserving an attempt is one atomic statement (insert, or increment while
// under the cap), so concurrent or retried activities can never reserve more than the cap;
// recording never touches an answered row.
import { and, eq, gte, ne, or, sql } from 'drizzle-orm';
import type { AttemptRecord, LedgerEntry, LedgerKey, LlmLedger } from '../extractors/llm/ledger.ts';
import type { LlmErrorKind } from '../extractors/llm/errors.ts';
import type { GroupAnswer } from '../extractors/llm/schemas.ts';
import type { Database } from './client.ts';
import { llmCache, type LlmCacheRow } from './schema.ts';

const where = (key: LedgerKey) =>
  and(
    eq(llmCache.documentSha256, key.documentSha256),
    eq(llmCache.groupId, key.group),
    eq(llmCache.promptVersion, key.promptVersion),
    eq(llmCache.schemaVersion, key.schemaVersion),
    eq(llmCache.model, key.model),
  );

function entryOf(row: LlmCacheRow): LedgerEntry {
  return {
    status: row.status,
    attempts: row.attempts,
    answer: (row.answer as GroupAnswer | null) ?? null,
    rawText: row.rawText,
    errorKind: row.errorKind as LlmErrorKind | null,
    error: row.error,
  };
}

export function databaseLedger(db: Database): LlmLedger {
  return {
    async get(key) {
      const [row] = await db.select().from(llmCache).where(where(key));
      return row ? entryOf(row) : null;
    },

    async reserve(key, cap) {
      const rows = await db
        .insert(llmCache)
        .values({
          documentSha256: key.documentSha256,
          groupId: key.group,
          promptVersion: key.promptVersion,
          schemaVersion: key.schemaVersion,
          model: key.model,
          status: 'pending',
          attempts: 1,
        })
        .onConflictDoUpdate({
          target: [llmCache.documentSha256, llmCache.groupId, llmCache.promptVersion, llmCache.schemaVersion, llmCache.model],
          set: { attempts: sql`${llmCache.attempts} + 1`, updatedAt: new Date() },
          setWhere: sql`${llmCache.status} = 'pending' and ${llmCache.attempts} < ${cap}`,
        })
        .returning();
      return rows[0] ? entryOf(rows[0]) : null;
    },

    async release(key) {
      await db
        .update(llmCache)
        .set({ attempts: sql`greatest(${llmCache.attempts} - 1, 0)` })
        .where(and(where(key), eq(llmCache.status, 'pending')));
    },

    async record(key, attempt: AttemptRecord) {
      await db
        .update(llmCache)
        .set({
          status: attempt.status,
          tokensIn: sql`${llmCache.tokensIn} + ${attempt.spend.tokensIn}`,
          tokensOut: sql`${llmCache.tokensOut} + ${attempt.spend.tokensOut}`,
          cost: sql`${llmCache.cost} + ${attempt.cost}::numeric`,
          ...(attempt.answer !== undefined ? { answer: attempt.answer } : {}),
          ...(attempt.rawText !== undefined ? { rawText: attempt.rawText } : {}),
          ...(attempt.errorKind !== undefined ? { errorKind: attempt.errorKind } : {}),
          ...(attempt.error !== undefined ? { error: attempt.error } : {}),
        })
        // An answered row is never changed: a concurrent request's late failure cannot undo a paid answer.
        .where(and(where(key), ne(llmCache.status, 'answered')));
    },

    async spentTokens(documentSha256, since) {
      // A row's tokens are counted for the night when it was last touched since `since`: a row
      // retried on a later night counts whole, which errs on the side of the budget.
      const tokens = sql`${llmCache.tokensIn} + ${llmCache.tokensOut}`;
      const at = sql`${since.toISOString()}::timestamptz`;
      const [row] = await db
        .select({
          document: sql<string>`coalesce(sum(${tokens}) filter (where ${llmCache.documentSha256} = ${documentSha256}), 0)::bigint`,
          since: sql<string>`coalesce(sum(${tokens}) filter (where ${llmCache.updatedAt} >= ${at}), 0)::bigint`,
        })
        .from(llmCache)
        .where(or(eq(llmCache.documentSha256, documentSha256), gte(llmCache.updatedAt, since)));
      return { document: Number(row?.document ?? 0), since: Number(row?.since ?? 0) };
    },
  };
}
