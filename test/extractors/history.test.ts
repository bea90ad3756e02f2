// History checks: a value against the province's value of the period before, as a pure rule
// and when values are stored in real Postgres (the earlier value kept for the reviewer).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES_ONLY_USAGE } from '../../activities/usage.ts';
import { registerDocument, saveClassification } from '../../db/documents.ts';
import { storeExtraction } from '../../db/extraction.ts';
import { getValueDetail } from '../../db/review-queue.ts';
import { extractedValues, publishedValues } from '../../db/schema.ts';
import { periodFromKey } from '../../extractors/periods.ts';
import type { VerifiedValue } from '../../extractors/types.ts';
import { historyReason } from '../../extractors/verify/history.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

describe('historyReason', () => {
  it('reads a thousandfold money value as a tỷ/triệu slip', () => {
    // 12.500 triệu last year; this year "12.800 tỷ" read as 12 800 000 triệu.
    expect(historyReason('TC01', '12800000', '12500')).toBe('history_unit_slip');
    expect(historyReason('TC01', '12.8', '12500')).toBe('history_unit_slip');
  });

  it('flags a jump beyond the factor, and not one within it', () => {
    expect(historyReason('TD01', '92150', '9215')).toBe('history_jump');
    expect(historyReason('TD01', '9215', '92150')).toBe('history_jump');
    expect(historyReason('TD01', '25000', '9215')).toBeNull();
    expect(historyReason('TD01', '25000', '9215', 2)).toBe('history_jump');
    expect(historyReason('TC01', '150000', '12500')).toBe('history_jump');
  });

  it('leaves small counts, zeros, percentages and ranks alone', () => {
    expect(historyReason('SH01', '12', '1')).toBeNull();
    expect(historyReason('TD01', '0', '9215')).toBeNull();
    expect(historyReason('TD01', '9215', '0')).toBeNull();
    expect(historyReason('TC04', '90', '5')).toBeNull();
    expect(historyReason('DM04', '40', '3')).toBeNull();
  });
});

describe('history checks when values are stored', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  let next = 0;
  async function documentFor(provinceCode: string, periodKey: string): Promise<number> {
    next++;
    const sha = `ab${next.toString(16).padStart(62, '0')}`;
    const { document } = await registerDocument(t.handle.db, {
      sha256: sha,
      originalName: `bao-cao-${next}.docx`,
      mediaType: 'application/pdf',
      bytes: 1000,
      storageKey: `files/ab/${sha}`,
    });
    await saveClassification(t.handle.db, document.id, {
      provinceCode,
      provinceEvidence: 'UBND TỈNH',
      period: periodFromKey(periodKey, 'periodic')!,
      reportKind: 'periodic',
      number: null,
      issuedOn: null,
    });
    return document.id;
  }
  const value = (indicator: string, v: string, unit: string): VerifiedValue => ({
    indicator,
    value: v,
    unit,
    qualifier: null,
    rawText: v,
    evidence: `đạt ${v} ${unit}`,
    page: 1,
    confidence: 0.95,
    extractor: 'rules',
    status: 'auto_accepted',
    reasons: [],
  });
  const store = (documentId: number, values: VerifiedValue[], historyJumpFactor?: number) =>
    storeExtraction(t.handle.db, {
      documentId,
      trigger: 'ingest',
      rulesVersion: 'test',
      config: {},
      values,
      usage: RULES_ONLY_USAGE,
      startedAt: new Date(),
      ...(historyJumpFactor ? { historyJumpFactor } : {}),
    });
  const storedOf = (runId: number) => t.handle.db.select().from(extractedValues).where(eq(extractedValues.runId, runId));

  it('holds a value a thousand times last year’s and shows last year’s to the reviewer', async () => {
    const before = await documentFor('80', '2023');
    await store(before, [value('TC01', '12500', 'triệu đồng'), value('TD01', '9215', 'phương tiện')]);
    const now = await documentFor('80', '2024');
    const run = await store(now, [value('TC01', '12800000', 'triệu đồng'), value('TD01', '9870', 'phương tiện')]);
    expect(run).toMatchObject({ accepted: 1, flagged: 1, published: 1 });
    const rows = await storedOf(run.runId);
    const money = rows.find((r) => r.indicatorId === 'TC01')!;
    expect(money).toMatchObject({
      status: 'flagged',
      reasons: ['history_unit_slip'],
      earlier: { value: '12500', unit: 'triệu đồng', periodKey: '2023', documentId: before },
    });
    expect(rows.find((r) => r.indicatorId === 'TD01')).toMatchObject({ status: 'auto_accepted', earlier: null });
    expect((await getValueDetail(t.handle.db, money.id))!.earlier).toMatchObject({ value: '12500', periodKey: '2023' });
    const published = await t.handle.db.select().from(publishedValues).where(eq(publishedValues.provinceCode, '80'));
    expect(published.map((p) => `${p.periodKey} ${p.indicatorId} ${p.value}`).sort()).toEqual(['2023 TC01 12500', '2023 TD01 9215', '2024 TD01 9870']);
  });

  it('compares a half with a half, another province with nothing, and follows the configured factor', async () => {
    await store(await documentFor('91', '2024-H1'), [value('TD01', '4100', 'phương tiện')]);
    // The year 2024 of province 91 has no earlier year: nothing to compare with.
    const year = await store(await documentFor('91', '2024'), [value('TD01', '41000', 'phương tiện')]);
    expect(year).toMatchObject({ accepted: 1, flagged: 0 });
    // Province 80 has a year before but no half before: nothing to compare a half with.
    const other = await store(await documentFor('80', '2025-H1'), [value('TD01', '52000', 'phương tiện')]);
    expect(other).toMatchObject({ accepted: 1 });
    const half = await store(await documentFor('91', '2025-H1'), [value('TD01', '12300', 'phương tiện')], 2);
    expect(half).toMatchObject({ accepted: 0, flagged: 1 });
    expect((await storedOf(half.runId))[0]).toMatchObject({ reasons: ['history_jump'], earlier: { value: '4100', periodKey: '2024-H1' } });
  });
});
