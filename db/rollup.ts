// Roll-ups of published values: per province and nationally, for one indicator and period,
// every indicator of a period, or a time series, honouring how the catalogue says an
// indicator combines (`measure`). The arithmetic runs in Postgres, in one statement per
// call, so numbers stay exact numerics and nothing is summed in JavaScript.
//
// Which published values belong to a requested period
//   A period key names two windows: the cut-off window of periodic reports (năm 2025 =
//   2024-12-15 .. 2025-12-14) and the calendar window of statistical reports (2025-01-01 ..
//   2025-12-31); published_values holds both kinds under the same keys. A value belongs to
//   the requested period when it carries the period's key, or its window lies inside either
//   window of the period (quý II is inside năm 2025 whichever way each is counted, and the
//   nesting of keys makes that test exact: a window inside either window of a period is
//   always one of its sub-periods), or it is a point in time (as_of, "đến ngày 30/6/2025")
//   inside the calendar window: a date is a calendar fact.
//
// How one province's value is chosen
//   - every measure: the value of exactly the requested period when there is one.
//   - stock: otherwise the latest value inside the period (latest period_end, then the
//     longest window). Complete when it describes the level at the end of the period
//     (it ends no earlier than the earlier of the two window ends).
//   - flow: otherwise the sum of non-overlapping sub-periods that cover the most days of
//     the period, and of those the fewest (9 tháng + quý IV rather than four quarters;
//     6 tháng đầu + 6 tháng cuối when quý IV is missing). Point-in-time values are
//     never flows. Complete when the chosen sub-periods tile one window without a gap; a
//     tiling wins over any other set, and without one the set covering the most days is
//     taken (a lower bound, partial), even if it mixes cut-off and calendar windows.
//   - ratio, score: otherwise the latest value inside the period, never combined, and
//     never complete: a ratio of 6 months is not the ratio of the year.
//
// National figures
//   - flow, stock: `value` sums every province that has a value, `completeValue` only the
//     provinces whose value covers the whole period.
//   - ratio, score: no sum (a national ratio needs its own source or weights); `stats`
//     (count, min, exact median, max over the complete provinces) is given for every measure.
//   - completeness: how many of the provinces contributed, how many are complete, and which
//     are missing or partial, by code and name.
//
// Index: every statement reads published_values by a range of period_end, with one indicator
// (rollup, the series: a btree on (indicator_id, period_end)) or all of them (rollupOverview:
// a btree on (period_end)).
import { sql, type SQL } from 'drizzle-orm';
import { indicators as catalogueIndicators } from '../extractors/catalogue.ts';
import { resolvePeriod, type RollupPeriod } from '../extractors/periods.ts';
import type { Indicator, PeriodKind } from '../extractors/types.ts';
import type { Database } from './client.ts';

export type Measure = Indicator['measure'];

export interface RollupIndicator {
  id: string;
  group: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  measure: Measure;
}

export interface ProvinceRef {
  code: string;
  /** Official name ("Thành phố Hà Nội"). */
  name: string;
  /** Name as tables write it ("Hà Nội"). */
  shortName: string;
}

/** One published value a province's figure is made of, with where it came from. */
export interface RollupPart {
  publishedId: number;
  periodKey: string;
  start: string;
  end: string;
  value: string;
  /** What the report said about the number ("over", "estimate", ...), never applied. */
  qualifier: string | null;
  /** auto_accepted, or the reviewer's action (approve, correct) that published it. */
  review: 'auto_accepted' | 'approve' | 'correct';
  documentId: number;
  document: string;
  documentNumber: string | null;
}

export type Coverage = 'complete' | 'partial' | 'missing';

export interface ProvinceRollup extends ProvinceRef {
  /** Exact decimal string; null when the province has no value for the period. */
  value: string | null;
  /** Keys of the periods the value is made of ("2025", or "2025-9M" and "2025-Q4"). */
  periods: string[];
  complete: boolean;
  coverage: Coverage;
  parts: RollupPart[];
}

export interface NationalRollup {
  /** Sum over the provinces with a value (flow, stock); null for ratio and score, or with no value. */
  value: string | null;
  /** Sum over the provinces whose value covers the whole period (flow, stock). */
  completeValue: string | null;
  /** Provinces with a value. */
  provinces: number;
  /** Provinces whose value covers the whole period. */
  complete: number;
  /** Provinces asked for (34 unless a roll-up is restricted to one province). */
  expected: number;
  /** Provinces with no value at all, by code. */
  missing: ProvinceRef[];
  /** Provinces with a value that does not cover the whole period, by code. */
  partial: ProvinceRef[];
  /** Spread of the complete provinces' values; null when none is complete. */
  stats: { count: number; min: string; median: string; max: string } | null;
}

export interface Rollup {
  indicator: RollupIndicator;
  period: RollupPeriod;
  national: NationalRollup;
  /** All provinces by code, those without a value included (coverage 'missing'). */
  provinces: ProvinceRollup[];
}

export interface RollupOverview {
  period: RollupPeriod;
  /** Every indicator of the catalogue, in catalogue order. */
  indicators: { indicator: RollupIndicator; national: NationalRollup }[];
}

/** Period kinds a series can be drawn in. */
export type SeriesKind = Extract<PeriodKind, 'year' | 'nine_months' | 'half' | 'quarter' | 'month'>;

export interface ProvinceSeries {
  indicator: RollupIndicator;
  province: ProvinceRef;
  kind: SeriesKind;
  /** From the first to the last period with a value, in time order; gaps have value null. */
  points: { period: RollupPeriod; value: string | null; periods: string[]; complete: boolean; coverage: Coverage }[];
}

export interface IndicatorSeries {
  indicator: RollupIndicator;
  kind: SeriesKind;
  /** From the first to the last period any province has a value for, in time order. */
  points: { period: RollupPeriod; national: NationalRollup }[];
}

/** An indicator or period that names nothing: the caller's mistake (a usage error, an HTTP 400). */
export class RollupInputError extends Error {}

// ---------------------------------------------------------------------------------------
// Periods

function requirePeriod(input: string | RollupPeriod): RollupPeriod {
  if (typeof input !== 'string') return input;
  const period = resolvePeriod(input);
  if (!period) throw new RollupInputError(`"${input}" names no period (try 2025, 2025-H1, 2025-Q3, 2025-M05, 2024-9M or "quý III/2025")`);
  return period;
}

const SERIES_KEYS: Record<SeriesKind, (year: number) => string[]> = {
  year: (y) => [String(y)],
  nine_months: (y) => [`${y}-9M`],
  half: (y) => [`${y}-H1`, `${y}-H2`],
  quarter: (y) => [1, 2, 3, 4].map((q) => `${y}-Q${q}`),
  month: (y) => Array.from({ length: 12 }, (_, i) => `${y}-M${String(i + 1).padStart(2, '0')}`),
};

// ---------------------------------------------------------------------------------------
// The statement

interface Scope {
  periods: RollupPeriod[];
  /** One indicator id, or every indicator. */
  indicator?: string;
  /** One province code, or every province. */
  province?: string;
}

/**
 * The CTEs every roll-up shares, ending in `grid` (one row per requested period, indicator and
 * province, value null when the province has none) and `national` (one row per requested
 * period and indicator, its figures as one object). See the header for the rules. Objects
 * handed out are json, not jsonb, which would sort their keys out of the documented order.
 */
function rollupCtes(scope: Scope): SQL {
  const requested = sql.join(
    scope.periods.map((p) => sql`(${p.key}::text, ${p.start}::date, ${p.end}::date, ${p.calendar.start}::date, ${p.calendar.end}::date)`),
    sql`, `,
  );
  const indicatorFilter = scope.indicator === undefined ? sql`true` : sql`i.id = ${scope.indicator}`;
  const provinceFilter = scope.province === undefined ? sql`true` : sql`p.code = ${scope.province}`;
  return sql`
with recursive
req (key, ps, pe, cs, ce) as (values ${requested}),
ind as (select i.id, i.measure from indicators i where ${indicatorFilter}),
prov as (select p.code, p.name, p.short_name from provinces p where ${provinceFilter}),
inside as (
  select r.key as req_key, v.id, v.indicator_id, v.province_code, v.period_key,
         v.period_start as s, v.period_end as e, v.value, i.measure, v.period_key = r.key as exact,
         bool_or(v.period_key = r.key) over (partition by r.key, v.indicator_id, v.province_code) as has_exact
  from req r
  -- every value inside either window ends within [earlier start, later end]: the indexed range
  join published_values v on v.period_end between least(r.ps, r.cs) and greatest(r.pe, r.ce)
  join ind i on i.id = v.indicator_id
  join prov p on p.code = v.province_code
  where v.period_key = r.key
     or (v.period_start < v.period_end
         and ((v.period_start >= r.ps and v.period_end <= r.pe) or (v.period_start >= r.cs and v.period_end <= r.ce)))
     or (v.period_start = v.period_end and v.period_start >= r.cs and v.period_end <= r.ce)
),
level as (
  select distinct on (x.req_key, x.indicator_id, x.province_code)
         x.req_key, x.indicator_id, x.province_code, x.value,
         x.exact or (x.measure = 'stock' and x.e >= least(r.pe, r.ce)) as complete,
         array[x.id] as ids
  from inside x join req r on r.key = x.req_key
  where x.measure <> 'flow'
  order by x.req_key, x.indicator_id, x.province_code, x.exact desc, x.e desc, x.s, x.period_key
),
flow_exact as (
  select x.req_key, x.indicator_id, x.province_code, x.value, true as complete, array[x.id] as ids
  from inside x where x.measure = 'flow' and x.exact
),
-- Sub-period candidates in three sets: inside the cut-off window (p), inside the calendar
-- window (c), and all of them (a). Only p and c can tile the period (the most days inside a
-- window is its length only when it is tiled), while a may cover more days with a mixed,
-- gapped set, which is the better lower bound when nothing tiles. n orders each set by end
-- for the interval DP below.
flow_cand as (
  select x.req_key, x.indicator_id, x.province_code, f.flavor, x.id, x.value, x.s, x.e, x.e - x.s + 1 as days,
         dense_rank() over (order by x.req_key, x.indicator_id, x.province_code, f.flavor)::int as part,
         row_number() over (partition by x.req_key, x.indicator_id, x.province_code, f.flavor order by x.e, x.s desc, x.period_key)::int as n
  from inside x
  join req r on r.key = x.req_key
  cross join (values ('p'), ('c'), ('a')) f (flavor)
  where x.measure = 'flow' and x.s < x.e
    and (case f.flavor when 'p' then x.s >= r.ps and x.e <= r.pe when 'c' then x.s >= r.cs and x.e <= r.ce else true end)
    and not x.has_exact
),
-- prev: how many candidates (in end order) end before this one starts, i.e. may precede it.
flow_prev as (
  select c.part, c.n, c.id, c.value, c.s, c.e, c.days, count(o.n)::int as prev
  from flow_cand c left join flow_cand o on o.part = c.part and o.e < c.s
  group by c.part, c.n, c.id, c.value, c.s, c.e, c.days
),
-- Weighted interval scheduling, one candidate per step: cov[k+1] and cnt[k+1] are the days and
-- pieces of the best choice (most days, then fewest pieces) among the first k candidates, and
-- took[k] whether that choice includes candidate k. Arrays carry the table because a
-- recursive term sees only the previous step; walk reads the chosen set back.
dp (part, req_key, indicator_id, province_code, flavor, i, cov, cnt, took) as (
  select distinct part, req_key, indicator_id, province_code, flavor, 0, array[0], array[0], array[]::boolean[] from flow_cand
  union all
  select d.part, d.req_key, d.indicator_id, d.province_code, d.flavor, d.i + 1,
         d.cov || (case when k.take then t.cov else d.cov[d.i + 1] end),
         d.cnt || (case when k.take then t.cnt else d.cnt[d.i + 1] end),
         d.took || k.take
  from dp d
  join flow_prev c on c.part = d.part and c.n = d.i + 1
  cross join lateral (select d.cov[c.prev + 1] + c.days as cov, d.cnt[c.prev + 1] + 1 as cnt) t
  cross join lateral (select (t.cov, -t.cnt) > (d.cov[d.i + 1], -d.cnt[d.i + 1]) as take) k
),
-- Back from the last candidate: a taken one joins the set and leads on to the candidates
-- that end before it starts; one not taken leads on to the one before it. Everything the
-- result needs rides along: joins on recursive results get poor row estimates.
walk (part, req_key, indicator_id, province_code, flavor, covered, pieces, took, k, value, s, e, ids) as (
  (select distinct on (part) part, req_key, indicator_id, province_code, flavor, cov[i + 1], cnt[i + 1], took, i,
          0::numeric, null::date, null::date, array[]::int[]
   from dp order by part, i desc)
  union all
  select w.part, w.req_key, w.indicator_id, w.province_code, w.flavor, w.covered, w.pieces, w.took,
         case when w.took[w.k] then c.prev else w.k - 1 end,
         case when w.took[w.k] then w.value + c.value else w.value end,
         case when w.took[w.k] then c.s else w.s end,
         case when w.took[w.k] then coalesce(w.e, c.e) else w.e end,
         case when w.took[w.k] then c.id || w.ids else w.ids end
  from walk w
  join flow_prev c on c.part = w.part and c.n = w.k
  where w.k > 0
),
flow_combined as (
  select distinct on (f.req_key, f.indicator_id, f.province_code)
         f.req_key, f.indicator_id, f.province_code, f.value,
         (f.s = r.ps and f.e = r.pe and f.covered = r.pe - r.ps + 1)
           or (f.s = r.cs and f.e = r.ce and f.covered = r.ce - r.cs + 1) as complete,
         f.ids
  from walk f join req r on r.key = f.req_key
  where f.k = 0
  order by f.req_key, f.indicator_id, f.province_code, complete desc, f.covered desc, f.pieces, f.flavor desc
),
chosen as (
  select * from level union all select * from flow_exact union all select * from flow_combined
),
grid as (
  select r.key as req_key, i.id as indicator_id, i.measure, p.code, p.name, p.short_name,
         c.value, coalesce(c.complete, false) as complete, c.ids
  from req r cross join ind i cross join prov p
  left join chosen c on c.req_key = r.key and c.indicator_id = i.id and c.province_code = p.code
),
ranked as (
  select c.req_key, c.indicator_id, c.value,
         row_number() over (partition by c.req_key, c.indicator_id order by c.value) as rn,
         count(*) over (partition by c.req_key, c.indicator_id) as n
  from chosen c where c.complete
),
medians as (
  -- the mean of the one or two middle values: exact in numeric, unlike percentile_cont
  select req_key, indicator_id, avg(value) as median from ranked
  where rn in ((n + 1) / 2, (n + 2) / 2) group by req_key, indicator_id
),
national as (
  select g.req_key, g.indicator_id, json_build_object(
    'value', case when g.measure in ('flow', 'stock') then trim_scale(sum(g.value))::text end,
    'completeValue', case when g.measure in ('flow', 'stock') then trim_scale(sum(g.value) filter (where g.complete))::text end,
    'provinces', count(g.value),
    'complete', count(*) filter (where g.complete),
    'expected', count(*),
    'missing', coalesce(json_agg(json_build_object('code', g.code, 'name', g.name, 'shortName', g.short_name) order by g.code) filter (where g.value is null), '[]'::json),
    'partial', coalesce(json_agg(json_build_object('code', g.code, 'name', g.name, 'shortName', g.short_name) order by g.code) filter (where g.value is not null and not g.complete), '[]'::json),
    'stats', case when count(*) filter (where g.complete) > 0 then json_build_object(
      'count', count(*) filter (where g.complete),
      'min', trim_scale(min(g.value) filter (where g.complete))::text,
      'median', trim_scale(min(m.median))::text,
      'max', trim_scale(max(g.value) filter (where g.complete))::text) end
  ) as national
  from grid g
  left join medians m on m.req_key = g.req_key and m.indicator_id = g.indicator_id
  group by g.req_key, g.indicator_id, g.measure
)`;
}

const INDICATOR_COLUMNS = sql`i.id as indicator_id, i.group_id, i.name_vi, i.name_en, i.unit, i.measure`;

// A type, not an interface: execute() wants rows assignable to Record<string, unknown>.
type IndicatorColumns = {
  indicator_id: string;
  group_id: string;
  name_vi: string;
  name_en: string;
  unit: string;
  measure: Measure;
};

function indicatorOf(row: IndicatorColumns): RollupIndicator {
  return { id: row.indicator_id, group: row.group_id, nameVi: row.name_vi, nameEn: row.name_en, unit: row.unit, measure: row.measure };
}

function coverageOf(value: string | null, complete: boolean): Coverage {
  return value === null ? 'missing' : complete ? 'complete' : 'partial';
}

/** Indicator ids are written NV01 but typed nv01 too. */
function indicatorId(id: string): string {
  return id.trim().toUpperCase();
}

// ---------------------------------------------------------------------------------------
// The API

/** Every province's value of one indicator for one period, and the national figures. */
export async function rollup(db: Database, options: { indicator: string; period: string | RollupPeriod }): Promise<Rollup> {
  const period = requirePeriod(options.period);
  const id = indicatorId(options.indicator);
  const { rows } = await db.execute<
    IndicatorColumns & {
      code: string;
      name: string;
      short_name: string;
      value: string | null;
      complete: boolean;
      parts: RollupPart[] | null;
      national: NationalRollup;
    }
  >(sql`${rollupCtes({ periods: [period], indicator: id })}
select ${INDICATOR_COLUMNS}, g.code, g.name, g.short_name, trim_scale(g.value)::text as value, g.complete, parts.parts, n.national
from grid g
join indicators i on i.id = g.indicator_id
join national n on n.req_key = g.req_key and n.indicator_id = g.indicator_id
left join lateral (
  select json_agg(json_build_object(
    'publishedId', v.id, 'periodKey', v.period_key, 'start', v.period_start::text, 'end', v.period_end::text,
    'value', trim_scale(v.value)::text, 'qualifier', ev.qualifier, 'review', coalesce(rd.action::text, 'auto_accepted'),
    'documentId', d.id, 'document', d.original_name, 'documentNumber', d.document_number) order by v.period_start) as parts
  from published_values v
  join extracted_values ev on ev.id = v.value_id
  join extraction_runs er on er.id = v.run_id
  join documents d on d.id = er.document_id
  left join review_decisions rd on rd.id = v.decision_id
  where v.id = any(g.ids)
) parts on true
order by g.code`);
  const first = rows[0];
  if (!first) throw new RollupInputError(`${options.indicator} is not an indicator of the catalogue`);
  return {
    indicator: indicatorOf(first),
    period,
    national: first.national,
    provinces: rows.map((r) => {
      const parts = r.parts ?? [];
      return {
        code: r.code,
        name: r.name,
        shortName: r.short_name,
        value: r.value,
        periods: parts.map((p) => p.periodKey),
        complete: r.complete,
        coverage: coverageOf(r.value, r.complete),
        parts,
      };
    }),
  };
}

/** The national figures and completeness of every indicator for one period. */
export async function rollupOverview(db: Database, options: { period: string | RollupPeriod }): Promise<RollupOverview> {
  const period = requirePeriod(options.period);
  const { rows } = await db.execute<IndicatorColumns & { national: NationalRollup }>(sql`${rollupCtes({ periods: [period] })}
select ${INDICATOR_COLUMNS}, n.national
from national n join indicators i on i.id = n.indicator_id`);
  const order = new Map(catalogueIndicators().map((i, index) => [i.id, index]));
  const rank = (id: string) => order.get(id) ?? Number.MAX_SAFE_INTEGER;
  return {
    period,
    indicators: rows
      .map((r) => ({ indicator: indicatorOf(r), national: r.national }))
      .sort((a, b) => rank(a.indicator.id) - rank(b.indicator.id) || a.indicator.id.localeCompare(b.indicator.id)),
  };
}

/** The periods of a kind over the years a query's published values touch, oldest first. */
async function seriesPeriods(db: Database, kind: SeriesKind, indicator: string, province?: string): Promise<RollupPeriod[]> {
  const { rows } = await db.execute<{ year: number }>(sql`
select distinct extract(year from period_end)::int as year from published_values
where indicator_id = ${indicator} ${province === undefined ? sql`` : sql`and province_code = ${province}`}
order by year`);
  return rows.flatMap((r) => SERIES_KEYS[kind](r.year).map((key) => requirePeriod(key)));
}

/** Drops the periods before the first and after the last that has data; gaps in between stay. */
function trimEmpty<T>(points: T[], hasData: (point: T) => boolean): T[] {
  const first = points.findIndex(hasData);
  if (first < 0) return [];
  let last = points.length - 1;
  while (!hasData(points[last]!)) last--;
  return points.slice(first, last + 1);
}

async function indicatorRow(db: Database, id: string): Promise<RollupIndicator> {
  const { rows } = await db.execute<IndicatorColumns>(sql`select ${INDICATOR_COLUMNS} from indicators i where i.id = ${id}`);
  if (!rows[0]) throw new RollupInputError(`${id} is not an indicator of the catalogue`);
  return indicatorOf(rows[0]);
}

/** One province's values of one indicator over time, one point per period of `kind` (default year). */
export async function provinceSeries(db: Database, options: { province: string; indicator: string; kind?: SeriesKind }): Promise<ProvinceSeries> {
  const id = indicatorId(options.indicator);
  const kind = options.kind ?? 'year';
  const indicator = await indicatorRow(db, id);
  const { rows: provinceRows } = await db.execute<{ code: string; name: string; shortName: string }>(
    sql`select code, name, short_name as "shortName" from provinces where code = ${options.province}`,
  );
  const province = provinceRows[0];
  if (!province) throw new RollupInputError(`${options.province} is not a province code`);
  const periods = await seriesPeriods(db, kind, id, province.code);
  if (periods.length === 0) return { indicator, province, kind, points: [] };
  const { rows } = await db.execute<{
    req_key: string;
    value: string | null;
    complete: boolean;
    periods: string[] | null;
  }>(sql`${rollupCtes({ periods, indicator: id, province: province.code })}
select g.req_key, trim_scale(g.value)::text as value, g.complete,
       (select array_agg(v.period_key order by v.period_start) from published_values v where v.id = any(g.ids)) as periods
from grid g`);
  const byKey = new Map(rows.map((r) => [r.req_key, r]));
  const points = periods.map((period) => {
    const r = byKey.get(period.key);
    const value = r?.value ?? null;
    const complete = r?.complete ?? false;
    return { period, value, periods: r?.periods ?? [], complete, coverage: coverageOf(value, complete) };
  });
  return { indicator, province, kind, points: trimEmpty(points, (p) => p.value !== null) };
}

/** The national figures of one indicator over time, one point per period of `kind` (default year). */
export async function indicatorSeries(db: Database, options: { indicator: string; kind?: SeriesKind }): Promise<IndicatorSeries> {
  const id = indicatorId(options.indicator);
  const kind = options.kind ?? 'year';
  const indicator = await indicatorRow(db, id);
  const periods = await seriesPeriods(db, kind, id);
  if (periods.length === 0) return { indicator, kind, points: [] };
  const { rows } = await db.execute<{ req_key: string; national: NationalRollup }>(sql`${rollupCtes({ periods, indicator: id })}
select n.req_key, n.national from national n`);
  const byKey = new Map(rows.map((r) => [r.req_key, r.national]));
  const points = periods.map((period) => ({ period, national: byKey.get(period.key)! }));
  return { indicator, kind, points: trimEmpty(points, (p) => p.national.provinces > 0) };
}
