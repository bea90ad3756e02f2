// Section e: the roll-up query. A fresh bench_<random> database (migrated, catalogue seeded) is
// loaded with 5 years x 34 provinces x every catalogue indicator of published values, with the
// documents, extraction runs and extracted values their foreign keys need (bulk INSERT ... SELECT,
// generated in Postgres, seeded random values), analysed, and then
// db/rollup.ts's rollup(db, { indicator: 'NV01', period: '2025' }) is timed call by call
// (after a warm-up) through the project's own connection pool. p50 and p95 in milliseconds.
//
// When db/rollup.ts is not there (or has no rollup export), a plain SQL roll-up stands in for it
// (FALLBACK_ROLLUP_SQL below) and the table says so.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { seedCatalogue } from '../../db/seed.ts';
import { percentile, progress, REPO, runStage } from '../lib/common.ts';
import { createBenchDatabase } from '../lib/db.ts';

const INDICATOR = 'NV01';
const PERIOD = '2025';
const YEARS = [2021, 2022, 2023, 2024, 2025];

type RollupFn = (db: Database, options: { indicator: string; period: string }) => Promise<unknown>;

/**
 * Stand-in used only when db/rollup.ts is missing: every province's published value of one
 * indicator for exactly one period key, with the national sum and count.
 */
const FALLBACK_ROLLUP_SQL = (indicator: string, period: string) => sql`
  select p.code, p.name, v.value, sum(v.value) over () as national, count(v.value) over () as provinces
  from provinces p
  left join published_values v on v.province_code = p.code and v.indicator_id = ${indicator} and v.period_key = ${period}
  order by p.code`;

async function rollupImplementation(): Promise<{ name: string; fn: RollupFn }> {
  const file = join(REPO, 'db', 'rollup.ts');
  if (existsSync(file)) {
    const mod = (await import(pathToFileURL(file).href)) as { rollup?: RollupFn };
    if (typeof mod.rollup === 'function') return { name: 'db/rollup.ts rollup()', fn: mod.rollup };
  }
  return {
    name: 'FALLBACK SQL roll-up in bench/stages/rollup.ts (db/rollup.ts not found)',
    fn: async (db, o) => (await db.execute(FALLBACK_ROLLUP_SQL(o.indicator, o.period))).rows,
  };
}

/** Everything published_values needs, generated in Postgres: one document and run per province and year. */
async function load(db: Database): Promise<Record<string, number>> {
  const first = YEARS[0]!;
  const last = YEARS[YEARS.length - 1]!;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select setseed(0.42)`);
    await tx.execute(sql`
      insert into documents (sha256, original_name, media_type, bytes, storage_key, province_code, period_kind,
                             period_start, period_end, period_label, period_key, report_kind, document_number, issued_on, status, page_count)
      select h.sha, 'bench-' || p.code || '-' || y || '.pdf', 'application/pdf', 100000, 'files/' || substr(h.sha, 1, 2) || '/' || h.sha,
             p.code, 'year', make_date(y - 1, 12, 15), make_date(y, 12, 14), 'năm ' || y, y::text, 'periodic',
             (100 + y % 100) || '/BC-SKHCN', make_date(y, 12, 16), 'extracted', 10
      from provinces p
      cross join generate_series(${first}::int, ${last}::int) y
      cross join lateral (select encode(sha256(convert_to('baocao-bench:' || p.code || ':' || y, 'UTF8')), 'hex') as sha) h`);
    await tx.execute(sql`
      insert into extraction_runs (document_id, trigger, status, is_current, rules_version, finished_at, duration_ms)
      select id, 'nightly', 'succeeded', true, 'bench', now(), 1000 from documents`);
    await tx.execute(sql`
      insert into extracted_values (run_id, indicator_id, value, unit, raw_text, evidence, page, confidence, extractor, status)
      select r.id, i.id, v.value, i.unit, v.value::text, i.name_vi || ': ' || v.value::text, 1, 0.9, 'rules', 'auto_accepted'
      from extraction_runs r
      cross join indicators i
      cross join lateral (select round((random() * case i.kind when 'percent' then 100 when 'money' then 100000 else 2000 end)::numeric, 1) as value) v`);
    await tx.execute(sql`
      insert into published_values (province_code, period_key, period_start, period_end, indicator_id, value, unit, run_id, value_id)
      select d.province_code, d.period_key, d.period_start, d.period_end, v.indicator_id, v.value, v.unit, r.id, v.id
      from extracted_values v
      join extraction_runs r on r.id = v.run_id
      join documents d on d.id = r.document_id`);
  });
  await db.execute(sql`analyze`);
  const { rows } = await db.execute<{ documents: string; runs: string; extracted: string; published: string; provinces: string; indicators: string }>(sql`
    select (select count(*) from documents) as documents, (select count(*) from extraction_runs) as runs,
           (select count(*) from extracted_values) as extracted, (select count(*) from published_values) as published,
           (select count(*) from provinces) as provinces, (select count(*) from indicators) as indicators`);
  return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
}

await runStage('rollup', async ({ quick }) => {
  const database = await createBenchDatabase();
  const handle = await openDatabase({ url: database.url });
  try {
    await migrateDatabase(handle);
    await seedCatalogue(handle.db);
    const impl = await rollupImplementation();
    progress('rollup', `database ${database.name}; roll-up: ${impl.name}`);
    const t0 = performance.now();
    const counts = await load(handle.db);
    const loadMs = performance.now() - t0;
    progress(
      'rollup',
      `loaded ${counts.published} published values (${counts.documents} documents, ${counts.runs} runs, ${counts.extracted} extracted values) in ${(loadMs / 1000).toFixed(1)} s`,
    );

    const sample = (await impl.fn(handle.db, { indicator: INDICATOR, period: PERIOD })) as { national?: { provinces?: number; value?: string } };
    if (sample.national) progress('rollup', `${INDICATOR} ${PERIOD}: ${sample.national.provinces} provinces, national ${sample.national.value}`);
    const warmup = quick ? 10 : 50;
    const calls = quick ? 100 : 1000;
    for (let i = 0; i < warmup; i++) await impl.fn(handle.db, { indicator: INDICATOR, period: PERIOD });
    const ms: number[] = [];
    for (let i = 0; i < calls; i++) {
      const s = performance.now();
      await impl.fn(handle.db, { indicator: INDICATOR, period: PERIOD });
      ms.push(performance.now() - s);
    }
    const p50 = percentile(ms, 50);
    const p95 = percentile(ms, 95);
    progress('rollup', `${calls} calls: p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${Math.max(...ms).toFixed(2)} ms`);
    return {
      implementation: impl.name,
      indicator: INDICATOR,
      period: PERIOD,
      years: YEARS.length,
      provinces: counts.provinces,
      indicators: counts.indicators,
      publishedValues: counts.published,
      documents: counts.documents,
      calls,
      loadMs,
      p50ms: p50,
      p95ms: p95,
      maxMs: Math.max(...ms),
      meanMs: ms.reduce((a, b) => a + b, 0) / ms.length,
    };
  } finally {
    await handle.close();
    await database.drop().catch((error: unknown) => progress('rollup', `could not drop ${database.name}: ${String(error)}`));
  }
});
