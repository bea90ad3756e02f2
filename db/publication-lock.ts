// Publication of one (province, period) is serialised: two documents of the same province and
// period storing at once (a DOCX and its PDF, a corrected report), or a store and a reviewer's
// decision, would otherwise each check published_values before the other's insert is visible,
// and a different number could be dropped without being flagged. A transaction-scoped advisory
// lock is taken after the document row lock everywhere, so the lock order is always the same.
import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** The advisory lock key of a slot: 'publish' namespace and the slot's text, hashed by Postgres. */
export function publicationLockKey(provinceCode: string, periodKey: string) {
  return sql`hashtextextended(${`baocao:publish:${provinceCode}:${periodKey}`}, 0)`;
}

/** Held until the transaction ends. */
export async function lockPublicationSlot(tx: Transaction, provinceCode: string, periodKey: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${publicationLockKey(provinceCode, periodKey)})`);
}
