// Section d: a synthetic night. The prepared reports (34 provinces x a DOCX, a 10-page text PDF and
// a 3-page scan; 2 provinces with --quick) are ingested through the real in-process core:
// app/runtime.ts's openRuntime (Postgres, migrations and catalogue, the folder store, OCR started
// on first need) and workflows/core/ingest-folder.ts's ingestFolder with the configured
// concurrency, rules only (the configuration is loaded without the environment, so an
// OPENAI_API_KEY there is not used), into a fresh bench_<random> database that is dropped after.
//
// Then, in the same process but after the night's peak RSS was taken, the OCR of the night's scan
// pages alone: every scan PDF through ocrPdfPages with a fresh engine of as many workers, as many
// documents at once as workers: the floor the night's wall time is compared with.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../app/config.ts';
import { createLogger, openRuntime } from '../../app/runtime.ts';
import { createOcrEngine, ocrPdfPages } from '../../extractors/parse/ocr/index.ts';
import { ingestFolder, type FileOutcome } from '../../workflows/core/ingest-folder.ts';
import { cores, peakRssMiB, percentile, progress, REPO, runStage } from '../lib/common.ts';
import { loadNight, nightProvinces, type CorpusFile } from '../lib/corpus.ts';
import { createBenchDatabase } from '../lib/db.ts';

function describe(o: FileOutcome): string {
  if (o.status === 'unreadable') return `FAILED: ${o.reason}`;
  if (o.status !== 'processed') return o.status;
  if (o.report.status === 'set_aside') return `set aside: ${o.report.classification.scopeReason ?? 'not a report'}`;
  return o.report.status === 'failed' ? `FAILED: ${o.report.reason}` : `${o.report.accepted} accepted, ${o.report.flagged} flagged`;
}

await runStage('night', async ({ quick }) => {
  const { dir, files } = loadNight(nightProvinces(quick));
  const byName = new Map(files.map((f) => [f.file, f]));
  const database = await createBenchDatabase();
  const dataDir = await mkdtemp(join(os.tmpdir(), 'baocao-bench-night-'));
  progress('night', `${files.length} reports in ${dir}; database ${database.name}`);
  try {
    const config = loadConfig({ file: join(REPO, 'temporal.yaml'), env: {}, overrides: { databaseUrl: database.url, dataDir } });
    const runtime = await openRuntime(config, createLogger(false));
    const ocrWorkers = config.ocr.workers > 0 ? config.ocr.workers : cores();
    const concurrency = config.limits.ingestConcurrency;

    const startedAt = new Map<string, number>();
    const seconds: Array<{ file: string; format: CorpusFile['format'] | 'unknown'; s: number }> = [];
    const acts = {
      ...runtime.activities,
      registerFile: (input: { path: string }) => {
        startedAt.set(input.path, performance.now());
        return runtime.activities.registerFile(input);
      },
    };
    const t0 = performance.now();
    const summary = await ingestFolder(
      acts,
      { dir, trigger: 'nightly', concurrency },
      {
        onFileDone: (outcome, done, total) => {
          const name = outcome.path.slice(dir.length + 1);
          const s = (performance.now() - (startedAt.get(outcome.path) ?? t0)) / 1000;
          seconds.push({ file: name, format: byName.get(name)?.format ?? 'unknown', s });
          progress('night', `${done}/${total} ${name}: ${describe(outcome)} (${s.toFixed(1)} s)`);
        },
      },
    );
    const nightMs = performance.now() - t0;
    // The peak of the night alone, before the OCR-only pass below adds its own.
    const nightPeak = peakRssMiB();
    const counts = (
      await runtime.handle.db.execute<{
        documents: string;
        extraction_runs: string;
        extracted_values: string;
        published_values: string;
        pages: string | null;
      }>(sql`
        select (select count(*) from documents) as documents,
               (select count(*) from extraction_runs) as extraction_runs,
               (select count(*) from extracted_values) as extracted_values,
               (select count(*) from published_values) as published_values,
               (select sum(page_count) from documents) as pages`)
    ).rows[0]!;
    const classified = (
      await runtime.handle.db.execute<{ original_name: string; province_code: string | null; period_key: string | null }>(
        sql`select original_name, province_code, period_key from documents`,
      )
    ).rows;
    await runtime.close();

    const rows = {
      documents: Number(counts.documents),
      extraction_runs: Number(counts.extraction_runs),
      extracted_values: Number(counts.extracted_values),
      published_values: Number(counts.published_values),
      total: 0,
    };
    rows.total = rows.documents + rows.extraction_runs + rows.extracted_values + rows.published_values;
    const pages = counts.pages === null ? files.reduce((n, f) => n + f.pages, 0) : Number(counts.pages);
    const expected = (name: string) => byName.get(name)?.expected;
    const classifiedProvince = classified.filter((d) => d.province_code === expected(d.original_name)?.provinceCode).length;
    const classifiedPeriod = classified.filter((d) => d.period_key === expected(d.original_name)?.periodKey).length;
    const misread = classified.filter(
      (d) => d.province_code !== expected(d.original_name)?.provinceCode || d.period_key !== expected(d.original_name)?.periodKey,
    );
    for (const d of misread)
      progress(
        'night',
        `classified differently from the generator: ${d.original_name} -> province ${d.province_code}, period ${d.period_key} (expected ${JSON.stringify(expected(d.original_name))})`,
      );
    const s = seconds.map((x) => x.s);
    const byFormat = Object.fromEntries(
      (['docx', 'pdf', 'scan'] as const).map((f) => {
        const xs = seconds.filter((x) => x.format === f).map((x) => x.s);
        return [f, { n: xs.length, p50: percentile(xs, 50), p95: percentile(xs, 95) }];
      }),
    );
    progress('night', `night: ${files.length} reports, ${pages} pages in ${(nightMs / 1000).toFixed(1)} s; peak RSS ${nightPeak.maxRss.toFixed(0)} MiB`);

    // The OCR of the night's scan pages alone.
    const scans = files.filter((f) => f.format === 'scan');
    const scanPages = scans.reduce((n, f) => n + f.pages, 0);
    const engine = await createOcrEngine({ workers: ocrWorkers, languages: config.ocr.languages, pageTimeoutMs: config.ocr.pageTimeoutMs });
    let ocrAloneMs: number;
    let ocrPagesRead = 0;
    try {
      progress('night', `OCR alone: ${scanPages} scan pages of ${scans.length} documents, ${ocrWorkers} workers`);
      const bytes = await Promise.all(scans.map(async (f) => new Uint8Array(await readFile(join(dir, f.file)))));
      let next = 0;
      const t1 = performance.now();
      const lane = async () => {
        while (next < scans.length) {
          const i = next++;
          const read = await ocrPdfPages(
            bytes[i]!,
            Array.from({ length: scans[i]!.pages }, (_, k) => k + 1),
            { engine, maxPages: config.ocr.maxPages },
          );
          ocrPagesRead += read.pages.filter((p) => p.blocks.length > 0).length;
          progress('night', `OCR alone ${scans[i]!.file}: ${read.pages.length} pages`);
        }
      };
      await Promise.all(Array.from({ length: Math.min(ocrWorkers, scans.length) }, lane));
      ocrAloneMs = performance.now() - t1;
    } finally {
      await engine.close();
    }

    return {
      provinces: new Set(files.map((f) => f.provinceCode)).size,
      documents: files.length,
      pages,
      scanPages,
      concurrency,
      ocrWorkers,
      wallMs: nightMs,
      documentsPerMin: (files.length / nightMs) * 60_000,
      pagesPerMin: (pages / nightMs) * 60_000,
      p50s: percentile(s, 50),
      p95s: percentile(s, 95),
      maxS: Math.max(...s),
      byFormat,
      nightPeakRssMiB: nightPeak.maxRss,
      nightVmHwmMiB: nightPeak.vmHwm,
      rows,
      writesPerSec: rows.total / (nightMs / 1000),
      ocrAloneMs,
      ocrPagesRead,
      wallOverOcr: nightMs / ocrAloneMs,
      processed: summary.processed,
      failed: summary.failed,
      accepted: summary.accepted,
      flagged: summary.flagged,
      classifiedProvince,
      classifiedPeriod,
      perDocument: seconds,
    };
  } finally {
    await database.drop().catch((error: unknown) => progress('night', `could not drop ${database.name}: ${String(error)}`));
    await rm(dataDir, { recursive: true, force: true });
  }
});
