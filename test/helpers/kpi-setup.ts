// A known set-up for the reporting KPIs, through the real db functions: reports registered,
// classified and extracted (storeExtraction), values decided by a reviewer (decideValue), then
// the receipt and decision times set to fixed instants, so the KPIs do not depend on today.
//
// Quarters of 2025, periodic reports (due 6 days after the cut-off: Q1 20/3, Q2 20/6, Q3 20/9),
// as of 1 October 2025:
//   Tây Ninh (80): Q1 in on 18/3 (on time), Q2 on 25/6 (5 days late), Q3 on 20/9 (on time), and
//     Q3 again as a copy (the same report, the same values) that must count once.
//     Q1: NV01. Q2: NV01, NV05 flagged and rejected. Q3: NV01, NV02, NV03 flagged and approved,
//     NV04 flagged and corrected.
//   Hà Nội (01): Q2 in on 20/6 (on time, the deadline day) with NV01 and NV02; Q1 and Q3 missing.
//   The 32 others: nothing.
// Decisions: Q2's 24 hours after its receipt; Q3's last 72 hours after its receipt.
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { decideValue } from '../../db/decisions.ts';
import { documents, extractedValues, reviewDecisions } from '../../db/schema.ts';
import { createUser } from '../../db/users.ts';
import { indicatorById, indicators } from '../../extractors/catalogue.ts';
import { periodFromKey } from '../../extractors/periods.ts';
import type { ReviewAction } from '../../db/schema.ts';
import type { FlagReason } from '../../extractors/types.ts';
import { storeReport } from './publish-values.ts';

export const KPI_AS_OF = '2025-10-01';
export const KPI_PERIOD = '2025-Q3';
export const KPI_PERIODS = 3;
export const KPI_PASSWORD = 'mật khẩu đủ dài 2025';

export interface Reading {
  indicator: string;
  value: string;
  flagged?: FlagReason;
  decide?: { action: ReviewAction; newValue?: string; at: string };
}

let sequence = 0;

/** One periodic report received at `receivedAt`, extracted with `readings` (flagged ones flagged); resolves to its id. */
export async function seedReport(db: Database, province: string, key: string, number: string, receivedAt: string, readings: Reading[]): Promise<number> {
  sequence++;
  // 'f' first: never the sha256 of valuePublisher's reports (0…), and never one another's.
  const sha256 = `f${sequence.toString(16).padStart(63, '0')}`;
  const period = periodFromKey(key, 'periodic');
  if (!period) throw new Error(`test setup: no period ${key}`);
  const { documentId } = await storeReport(db, {
    sha256,
    name: `bao-cao-${province}-${key}-${sequence}.pdf`,
    province,
    period,
    kind: 'periodic',
    number,
    values: readings.map((r) => ({
      indicator: r.indicator,
      value: r.value,
      unit: indicatorById(r.indicator).unit,
      qualifier: null,
      rawText: r.value,
      evidence: `${r.indicator}: ${r.value}`,
      page: 1,
      confidence: r.flagged ? 0.4 : 0.9,
      extractor: 'rules' as const,
      status: r.flagged ? ('flagged' as const) : ('auto_accepted' as const),
      reasons: r.flagged ? [r.flagged] : [],
    })),
  });
  // Received when the set-up says: the receipt time is what timeliness reads.
  await db
    .update(documents)
    .set({ createdAt: new Date(receivedAt) })
    .where(eq(documents.id, documentId));
  return documentId;
}

/** The decisions of `readings` on a report, taken by `reviewer` at their instants. */
export async function decideReadings(db: Database, documentId: number, readings: Reading[], reviewer: Awaited<ReturnType<typeof createUser>>): Promise<void> {
  const { rows } = await db.execute<{ id: number; indicator_id: string }>(
    sql`select v.id, v.indicator_id from extracted_values v join extraction_runs r on r.id = v.run_id
      where r.document_id = ${documentId} and r.is_current`,
  );
  const decided: { id: number; at: string }[] = [];
  for (const r of readings) {
    if (!r.decide) continue;
    const value = rows.find((row) => row.indicator_id === r.indicator)!;
    const { decision } = await decideValue(db, {
      valueId: value.id,
      reviewer,
      action: r.decide.action,
      newValue: r.decide.newValue,
      comment: 'đã đối chiếu với bản gốc',
      expected: { status: 'flagged', lastDecisionId: null },
    });
    decided.push({ id: decision.id, at: r.decide.at });
  }
  // Decisions are stamped by the database's clock and are append-only (a trigger refuses
  // UPDATE); the set-up needs them at fixed instants, so the trigger is set aside for this
  // one statement, in a transaction nothing else sees half-done.
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table review_decisions disable trigger user`);
    for (const d of decided)
      await tx
        .update(reviewDecisions)
        .set({ decidedAt: new Date(d.at) })
        .where(eq(reviewDecisions.id, d.id));
    await tx.execute(sql`alter table review_decisions enable trigger user`);
  });
}

/** Seeds the set-up above; resolves to the ids of the documents, and the copy's. */
export async function seedKpiSetup(db: Database): Promise<{ copyId: number }> {
  const reviewer = await createUser(db, { username: 'rev.tayninh', password: KPI_PASSWORD, role: 'reviewer', provinces: ['80', '01'] });
  await seedReport(db, '80', '2025-Q1', '11/BC-SKHCN', '2025-03-18T03:00:00Z', [{ indicator: 'NV01', value: '40' }]);
  const q2: Reading[] = [
    { indicator: 'NV01', value: '42' },
    { indicator: 'NV05', value: '7', flagged: 'low_confidence', decide: { action: 'reject', at: '2025-06-26T03:00:00Z' } },
  ];
  const tnQ2 = await seedReport(db, '80', '2025-Q2', '12/BC-SKHCN', '2025-06-25T03:00:00Z', q2);
  const q3: Reading[] = [
    { indicator: 'NV01', value: '45' },
    { indicator: 'NV02', value: '6' },
    { indicator: 'NV03', value: '39', flagged: 'low_confidence', decide: { action: 'approve', at: '2025-09-21T02:00:00Z' } },
    { indicator: 'NV04', value: '1200', flagged: 'low_confidence', decide: { action: 'correct', newValue: '12', at: '2025-09-23T02:00:00Z' } },
  ];
  const tnQ3 = await seedReport(db, '80', '2025-Q3', '13/BC-SKHCN', '2025-09-20T02:00:00Z', q3);
  // The same report sent again a day later (its DOCX, say): a copy, decided with its head.
  const copyId = await seedReport(db, '80', '2025-Q3', '13/BC-SKHCN', '2025-09-21T01:00:00Z', q3);
  await seedReport(db, '01', '2025-Q2', '21/BC-SKHCN', '2025-06-20T09:00:00Z', [
    { indicator: 'NV01', value: '300' },
    { indicator: 'NV02', value: '25' },
  ]);
  await decideReadings(db, tnQ2, q2, reviewer);
  await decideReadings(db, tnQ3, q3, reviewer);
  const [copy] = await db.select({ copyOf: documents.copyOfId }).from(documents).where(eq(documents.id, copyId));
  if (copy?.copyOf !== tnQ3) throw new Error('test setup: the second Q3 report of Tây Ninh is not a copy of the first');
  const [corrected] = await db.select({ n: extractedValues.id }).from(extractedValues).where(eq(extractedValues.status, 'corrected'));
  if (!corrected) throw new Error('test setup: no corrected value');
  return { copyId };
}

/** The catalogue's size: what a periodic report is expected to carry. */
export const CATALOGUE_SIZE = indicators().length;
