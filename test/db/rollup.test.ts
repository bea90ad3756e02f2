// Roll-ups over published values, against real Postgres. Values reach published_values the
// way ingestion puts them there (helpers/publish-values.ts).
import { Decimal } from 'decimal.js';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicatorSeries, provinceSeries, rollup, RollupInputError, rollupOverview, type Rollup } from '../../db/rollup.ts';
import { publishedValues, reviewDecisions } from '../../db/schema.ts';
import { indicatorById, indicators, provinces } from '../../extractors/catalogue.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { valuePublisher, type Publish } from '../helpers/publish-values.ts';

let t: TestDatabase;
let publish: Publish;

const province = (r: Rollup, code: string) => r.provinces.find((p) => p.code === code)!;
const codes = (refs: { code: string }[]) => refs.map((p) => p.code);

beforeAll(async () => {
  t = await createTestDatabase();
  publish = valuePublisher(t.handle.db);
  // NV02 (flow). 2025 for Tây Ninh (80) exactly; the others from sub-periods.
  await publish('80', '2025', { NV02: '19' }, { qualifier: 'over' });
  await publish('80', '2025-H1', { NV02: '7', NV01: '86' });
  await publish('80', '2025-9M', { NV01: '90' });
  await publish('80', '2025-Q3', { NV01: '88' });
  await publish('80', '2024', { NV02: '100' });
  await publish('48', '2025-H1', { NV02: '6', NV01: '50' });
  await publish('48', '2025-9M', { NV02: '12' });
  await publish('48', '2025-Q3', { NV02: '6' });
  await publish('48', '2025-Q4', { NV02: '5' });
  await publish('48', '2025', { NV01: '55' });
  await publish('48', '2026-M01', { NV02: '1000' }); // 2025-12-15 .. 2026-01-14: not in 2025
  await publish('01', '2025-H1', { NV02: '10', NV01: '60' });
  await publish('01', '2025-H2', { NV02: '11' });
  await publish('01', '2025-9M', { NV02: '15' });
  await publish('01', '2025-M12', { NV01: '70' });
  await publish('79', '2025-H1', { NV02: '8' });
  await publish('79', '2025-Q4', { NV01: '40' }, { kind: 'statistical' }); // calendar: ends 2025-12-31
  await publish('24', '2025-Q1', { NV02: '2' });
  await publish('24', '2025-Q3', { NV02: '3' });
  await publish('31', '2025', { NV02: '4' }, { kind: 'statistical' });
  for (const [q, v] of [
    ['1', '1'],
    ['2', '1'],
    ['3', '1'],
    ['4', '1.5'],
  ] as const)
    await publish('46', `2025-Q${q}`, { NV02: v }, { kind: 'statistical' });
  // NV01 (stock) at a point in time: 2024-12-31 lies in the cut-off window of 2025, but is the end of calendar 2024.
  await publish('46', '2024-12-31', { NV01: '33' }, { kind: 'statistical' });
  // NV04 (flow): a cut-off half and a calendar half, which do not tile the year.
  await publish('80', '2025-H1', { NV04: '3' });
  await publish('80', '2025-H2', { NV04: '4' }, { kind: 'statistical' });
  // DM03 (score), TC04 (ratio).
  await publish('80', '2025', { DM03: '38.52', TC04: '0.62' }, { kind: 'statistical' });
  await publish('48', '2025', { DM03: '45.1', TC04: '1.3' }, { kind: 'statistical' });
  await publish('01', '2025', { DM03: '50.25' }, { kind: 'statistical' });
  await publish('79', '2025-H1', { DM03: '40' });
  // TC01 (flow, money): sums a float would round.
  await publish('80', '2025', { TC01: '12345678901234.56789' }, { kind: 'statistical' });
  await publish('48', '2025', { TC01: '0.1' }, { kind: 'statistical' });
  await publish('01', '2025', { TC01: '0.2' }, { kind: 'statistical' });
});
afterAll(() => t?.drop());

describe('rollup of a flow', () => {
  let r: Rollup;
  beforeAll(async () => {
    r = await rollup(t.handle.db, { indicator: 'nv02', period: '2025' });
  });

  it('describes the indicator and the period', () => {
    expect(r.indicator).toEqual({
      id: 'NV02',
      group: 'nhiem_vu',
      nameVi: indicatorById('NV02').nameVi,
      nameEn: indicatorById('NV02').nameEn,
      unit: 'nhiệm vụ',
      measure: 'flow',
    });
    expect(r.period).toMatchObject({ key: '2025', label: 'năm 2025' });
  });

  it('takes the value for exactly the period when there is one', () => {
    expect(province(r, '80')).toMatchObject({ value: '19', periods: ['2025'], complete: true, coverage: 'complete' });
    expect(province(r, '31')).toMatchObject({ value: '4', periods: ['2025'], complete: true });
  });

  it('otherwise sums the fewest sub-periods that tile the period', () => {
    expect(province(r, '48')).toMatchObject({ value: '17', periods: ['2025-9M', '2025-Q4'], complete: true });
    // 9 tháng reaches less far than the two halves when quý IV is missing
    expect(province(r, '01')).toMatchObject({ value: '21', periods: ['2025-H1', '2025-H2'], complete: true });
    // calendar quarters of a statistical report tile the calendar year
    expect(province(r, '46')).toMatchObject({ value: '4.5', periods: ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'], complete: true });
  });

  it('marks sub-periods that leave a gap as partial, and still counts them', () => {
    expect(province(r, '79')).toMatchObject({ value: '8', periods: ['2025-H1'], complete: false, coverage: 'partial' });
    expect(province(r, '24')).toMatchObject({ value: '5', periods: ['2025-Q1', '2025-Q3'], complete: false });
  });

  it('sums provinces nationally, with and without the partial ones', () => {
    expect(r.national).toMatchObject({ value: '78.5', completeValue: '65.5', provinces: 7, complete: 5, expected: 34 });
    expect(codes(r.national.partial)).toEqual(['24', '79']);
  });

  it('names the provinces that did not report', () => {
    const reported = ['80', '31', '48', '01', '46', '79', '24'];
    const missing = provinces().filter((p) => !reported.includes(p.code));
    expect(r.national.missing).toEqual(
      missing.map((p) => ({ code: p.code, name: p.name, shortName: p.shortName })).sort((a, b) => a.code.localeCompare(b.code)),
    );
    expect(r.provinces).toHaveLength(34);
    expect(r.provinces.filter((p) => p.coverage === 'missing').map((p) => p.code)).toEqual(codes(r.national.missing));
    expect(province(r, codes(r.national.missing)[0]!)).toMatchObject({ value: null, periods: [], parts: [] });
  });

  it('keeps values of other periods out: the year before, and the January window that starts in December', () => {
    // 2024 for 80 (100) and 2026-M01 for 48 (1000) would each show in the total
    expect(new Decimal(r.national.value!).lt(100)).toBe(true);
  });

  it('tells where each part came from', () => {
    const [part] = province(r, '80').parts;
    expect(part).toMatchObject({
      periodKey: '2025',
      start: '2024-12-15',
      end: '2025-12-14',
      value: '19',
      qualifier: 'over',
      review: 'auto_accepted',
      document: 'bao-cao-80-2025.pdf',
    });
    expect(part!.documentNumber).toMatch(/\/BC-SKHCN$/);
  });

  it('takes the mixed halves with the most days when no window is tiled', async () => {
    const nv04 = await rollup(t.handle.db, { indicator: 'NV04', period: '2025' });
    expect(province(nv04, '80')).toMatchObject({ value: '7', periods: ['2025-H1', '2025-H2'], complete: false });
  });
});

describe('rollup of a stock', () => {
  let r: Rollup;
  beforeAll(async () => {
    r = await rollup(t.handle.db, { indicator: 'NV01', period: '2025' });
  });

  it('takes the latest sub-period, the longer of two that end together', () => {
    // 9M and Q3 both end 2025-09-14: the 9-month figure
    expect(province(r, '80')).toMatchObject({ value: '90', periods: ['2025-9M'], complete: false });
    expect(province(r, '01')).toMatchObject({ value: '70', periods: ['2025-M12'], complete: true });
    expect(province(r, '79')).toMatchObject({ value: '40', periods: ['2025-Q4'], complete: true });
  });

  it('prefers the value for exactly the period, and never adds sub-periods', () => {
    expect(province(r, '48')).toMatchObject({ value: '55', periods: ['2025'], complete: true });
  });

  it('sums the latest levels over provinces', () => {
    expect(r.national).toMatchObject({ value: '255', completeValue: '165', provinces: 4, complete: 3 });
  });

  it('places a point in time by the calendar', async () => {
    expect(province(r, '46').value).toBeNull();
    const r2024 = await rollup(t.handle.db, { indicator: 'NV01', period: '2024' });
    expect(province(r2024, '46')).toMatchObject({ value: '33', periods: ['2024-12-31'], complete: true });
  });
});

describe('rollup of ratios and scores', () => {
  it('never sums a score; gives the spread of the complete provinces', async () => {
    const r = await rollup(t.handle.db, { indicator: 'DM03', period: '2025' });
    expect(r.national).toMatchObject({
      value: null,
      completeValue: null,
      provinces: 4,
      complete: 3,
      stats: { count: 3, min: '38.52', median: '45.1', max: '50.25' },
    });
    // a 6-month score is shown, but is not the year's
    expect(province(r, '79')).toMatchObject({ value: '40', periods: ['2025-H1'], complete: false });
  });

  it('takes the exact middle of an even count', async () => {
    const r = await rollup(t.handle.db, { indicator: 'TC04', period: '2025' });
    expect(r.national).toMatchObject({ value: null, stats: { count: 2, min: '0.62', median: '0.96', max: '1.3' } });
  });
});

describe('exact decimals', () => {
  it('sums without rounding', async () => {
    const r = await rollup(t.handle.db, { indicator: 'TC01', period: '2025' });
    expect(r.national.value).toBe('12345678901234.86789');
    expect(province(r, '80').value).toBe('12345678901234.56789');
  });
});

describe('a period without data', () => {
  it('has every province missing and no figures', async () => {
    const r = await rollup(t.handle.db, { indicator: 'NV02', period: 'quý II/2023' });
    expect(r.period.key).toBe('2023-Q2');
    expect(r.national).toEqual({
      value: null,
      completeValue: null,
      provinces: 0,
      complete: 0,
      expected: 34,
      missing: expect.any(Array),
      partial: [],
      stats: null,
    });
    expect(r.national.missing).toHaveLength(34);
  });

  it('refuses an unknown indicator or period', async () => {
    await expect(rollup(t.handle.db, { indicator: 'XX99', period: '2025' })).rejects.toThrow(RollupInputError);
    await expect(rollup(t.handle.db, { indicator: 'NV02', period: 'năm ngoái' })).rejects.toThrow(RollupInputError);
  });
});

describe('reviewed values', () => {
  it('shows the reviewer action that published a value', async () => {
    const documentId = await publish('92', '2025', { TT01: '6' });
    const [published] = await t.handle.db.select().from(publishedValues).where(eq(publishedValues.indicatorId, 'TT01'));
    const [decision] = await t.handle.db
      .insert(reviewDecisions)
      .values({ valueId: published!.valueId, reviewer: 'lan', action: 'correct', oldValue: '6', newValue: '7' })
      .returning();
    await t.handle.db.update(publishedValues).set({ value: '7', decisionId: decision!.id }).where(eq(publishedValues.id, published!.id));
    const r = await rollup(t.handle.db, { indicator: 'TT01', period: '2025' });
    expect(province(r, '92')).toMatchObject({ value: '7', parts: [{ value: '7', review: 'correct', documentId }] });
  });
});

describe('rollupOverview', () => {
  it('gives every indicator in catalogue order, the same national figures as rollup', async () => {
    const o = await rollupOverview(t.handle.db, { period: '2025' });
    expect(o.indicators.map((i) => i.indicator.id)).toEqual(indicators().map((i) => i.id));
    const nv02 = o.indicators.find((i) => i.indicator.id === 'NV02')!;
    expect(nv02.national).toEqual((await rollup(t.handle.db, { indicator: 'NV02', period: '2025' })).national);
    expect(o.indicators.find((i) => i.indicator.id === 'NV01')!.national).toMatchObject({ value: '255', provinces: 4 });
    expect(o.indicators.find((i) => i.indicator.id === 'BC02')!.national).toMatchObject({ value: null, provinces: 0, complete: 0 });
  });
});

describe('series', () => {
  it('gives the national figure per year, from the first to the last year with data', async () => {
    const s = await indicatorSeries(t.handle.db, { indicator: 'NV02' });
    expect(s.points.map((p) => [p.period.key, p.national.value, p.national.provinces, p.national.complete])).toEqual([
      ['2024', '100', 1, 1],
      ['2025', '78.5', 7, 5],
      ['2026', '1000', 1, 0],
    ]);
  });

  it('gives one province per quarter, with gaps kept', async () => {
    const s = await provinceSeries(t.handle.db, { province: '24', indicator: 'NV02', kind: 'quarter' });
    expect(s.province).toMatchObject({ code: '24' });
    expect(s.points.map((p) => [p.period.key, p.value, p.coverage])).toEqual([
      ['2025-Q1', '2', 'complete'],
      ['2025-Q2', null, 'missing'],
      ['2025-Q3', '3', 'complete'],
    ]);
  });

  it('gives a province by year, combining sub-periods as rollup does', async () => {
    const s = await provinceSeries(t.handle.db, { province: '48', indicator: 'NV02' });
    expect(s.points.map((p) => [p.period.key, p.value, p.periods, p.complete])).toEqual([
      ['2025', '17', ['2025-9M', '2025-Q4'], true],
      ['2026', '1000', ['2026-M01'], false],
    ]);
  });

  it('is empty for an indicator without data, and refuses an unknown province', async () => {
    expect((await indicatorSeries(t.handle.db, { indicator: 'BC02', kind: 'half' })).points).toEqual([]);
    await expect(provinceSeries(t.handle.db, { province: '99', indicator: 'NV02' })).rejects.toThrow(RollupInputError);
  });
});
