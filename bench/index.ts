// npm run bench [-- --quick] [-- --only ocr,pdf,docx,night,rollup]
//
// Runs each measurement in its own child process (bench/stages/*.ts), so that the peak RSS of a
// row is that stage's alone, then prints one table on stdout (progress goes to stderr) and writes
// it to bench/results/<date-time>.md with the raw numbers in the .json beside it. See
// bench/README.md for what each row means.
import { DEFAULT_LANGUAGES } from '../extractors/parse/ocr/engine.ts';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { cores, fmt, progress, REPO, RESULTS_DIR, SECTIONS, type Metrics, type Section, type StageResult } from './lib/common.ts';

const USAGE = `usage: npm run bench [-- --quick] [-- --only ${SECTIONS.join(',')}]
  --quick   small sizes (a few pages, a few reports); a couple of minutes
  --only    a comma-separated subset of the sections (default: all)`;

function parseArgs(argv: string[]): { quick: boolean; only: Section[] } {
  let quick = false;
  let only: Section[] = [...SECTIONS];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') quick = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const value = a === '--only' ? argv[++i] : a.slice('--only='.length);
      const names = (value ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
      if (names.length === 0 || bad.length > 0) {
        console.error(`unknown section ${bad.join(', ') || '(none given)'}\n${USAGE}`);
        process.exit(2);
      }
      only = SECTIONS.filter((s) => names.includes(s));
    } else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`unknown option ${a}\n${USAGE}`);
      process.exit(2);
    }
  }
  return { quick, only };
}

// ---------------------------------------------------------------------------------------
// Children

const scratch = mkdtempSync(join(os.tmpdir(), 'baocao-bench-'));

function runChild(stage: string, quick: boolean, extra: string[] = []): Promise<StageResult> {
  const out = join(scratch, `${stage}.json`);
  const args = [join(REPO, 'cli', 'run-ts.js'), join(REPO, 'bench', 'stages', `${stage}.ts`), '--out', out, ...(quick ? ['--quick'] : []), ...extra];
  progress('bench', `stage ${stage}: starting its own process`);
  return new Promise((resolve) => {
    // The child's stdout goes to our stderr: libraries may print there, and stdout is the table's.
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 2, 2] });
    child.on('error', (error) => resolve({ ok: false, error: error.message, peakRssMiB: 0, wallMs: 0 }));
    child.on('close', (code, signal) => {
      try {
        const result = JSON.parse(readFileSync(out, 'utf8')) as StageResult;
        progress(
          'bench',
          `stage ${stage}: ${result.ok ? 'done' : result.error} (${(result.wallMs / 1000).toFixed(1)} s, peak RSS ${result.peakRssMiB.toFixed(0)} MiB)`,
        );
        resolve(result);
      } catch {
        resolve({ ok: false, error: `the stage process ended (${signal ?? `exit ${code}`}) without a result`, peakRssMiB: 0, wallMs: 0 });
      }
    });
  });
}

// ---------------------------------------------------------------------------------------
// Rows

interface Target {
  op: '>=' | '<=' | '<';
  value: number;
  text: string;
}

interface Row {
  section: Section;
  measure: string;
  /** The number compared with the target (and kept in the JSON). */
  value: number | null;
  shown: string;
  target?: Target;
  pass?: boolean;
  note?: string;
}

function row(section: Section, measure: string, value: number | null, shown: string, note?: string, target?: Target): Row {
  const r: Row = { section, measure, value, shown, ...(note ? { note } : {}) };
  if (target) {
    r.target = target;
    if (value !== null && Number.isFinite(value)) {
      r.pass = target.op === '>=' ? value >= target.value : target.op === '<=' ? value <= target.value : value < target.value;
    }
  }
  return r;
}

function failedRows(section: Section, what: string, result: StageResult | undefined): Row[] {
  const reason = !result ? 'not run' : result.ok ? '' : result.error;
  const skipped = result && !result.ok && result.skipped;
  return [{ section, measure: what, value: null, shown: skipped ? 'skipped' : 'error', note: reason }];
}

const num = (m: Metrics, path: string): number => {
  let v: unknown = m;
  for (const k of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[k];
  return typeof v === 'number' ? v : Number.NaN;
};
const mib = (n: number) => `${fmt(n, 0)} MiB`;
const pct = (n: number) => `${fmt(n * 100, 2)} %`;

function ocrRows(pipe: StageResult | undefined, native: StageResult | undefined): Row[] {
  const rows: Row[] = [];
  if (pipe?.ok) {
    const m = pipe.metrics;
    rows.push(
      row(
        'ocr',
        `pipeline (tesseract.js, ${num(m, 'workers')} workers): pages/min`,
        num(m, 'pagesPerMin'),
        fmt(num(m, 'pagesPerMin')),
        `${num(m, 'pages')} page images; engine start ${fmt(num(m, 'engineStartMs') / 1000)} s not counted`,
      ),
      row(
        'ocr',
        'pipeline CER',
        num(m, 'cer'),
        pct(num(m, 'cer')),
        `pooled over ${num(m, 'pagesScored')} pages with a reference; scans ${pct(num(m, 'cerScans'))}, clean renders ${pct(num(m, 'cerRenders'))}`,
      ),
      row('ocr', 'pipeline peak RSS', pipe.peakRssMiB, mib(pipe.peakRssMiB), 'one process, worker threads included'),
    );
  } else rows.push(...failedRows('ocr', 'pipeline', pipe));
  if (native?.ok) {
    const m = native.metrics;
    rows.push(
      row(
        'ocr',
        `native tesseract (${num(m, 'processes')} processes): pages/min`,
        num(m, 'pagesPerMin'),
        fmt(num(m, 'pagesPerMin')),
        `${String(m.version)}${m.installed ? ' (installed by this run: apt-get install -y tesseract-ocr tesseract-ocr-vie)' : ''}, OMP_THREAD_LIMIT=1, -l ${DEFAULT_LANGUAGES} --oem 1, default page segmentation`,
      ),
      row(
        'ocr',
        'native CER',
        num(m, 'cer'),
        pct(num(m, 'cer')),
        `pooled over ${num(m, 'pagesScored')} pages; scans ${pct(num(m, 'cerScans'))}, clean renders ${pct(num(m, 'cerRenders'))}`,
      ),
      row(
        'ocr',
        'native peak RSS',
        num(m, 'peakSumMiB'),
        mib(num(m, 'peakSumMiB')),
        `sum of the processes running at once; largest one ${mib(num(m, 'peakProcessMiB'))}`,
      ),
    );
  } else rows.push(...failedRows('ocr', 'native tesseract', native));
  if (pipe?.ok && native?.ok) {
    const ratio = num(pipe.metrics, 'pagesPerMin') / num(native.metrics, 'pagesPerMin');
    const diff = (num(pipe.metrics, 'cer') - num(native.metrics, 'cer')) * 100;
    rows.push(
      row('ocr', 'pipeline / native pages per minute', ratio, fmt(ratio, 2), 'same page images, same cores', { op: '>=', value: 0.8, text: '>= 0.8' }),
      row('ocr', 'CER pipeline − native', diff, `${diff >= 0 ? '+' : ''}${fmt(diff, 2)} points`, 'negative: the pipeline reads better', {
        op: '<=',
        value: 0.5,
        text: '<= 0.5 points',
      }),
    );
  }
  return rows;
}

function pdfRows(r: StageResult | undefined): Row[] {
  if (!r?.ok) return failedRows('pdf', 'text PDF parse', r);
  const m = r.metrics;
  const rows = [
    row(
      'pdf',
      'parseDocument text PDF: pages/s',
      num(m, 'parse.pagesPerSec'),
      fmt(num(m, 'parse.pagesPerSec'), 0),
      `${num(m, 'files')} fixture PDFs (${num(m, 'pagesPerSet')} pages) x ${num(m, 'parse.rounds')}, one core`,
      { op: '>=', value: 150, text: '>= 150' },
    ),
  ];
  const t = m.pdftotext as { pagesPerSec?: number; version?: string; skipped?: string };
  if (t.skipped) rows.push({ section: 'pdf', measure: 'pdftotext: pages/s', value: null, shown: 'skipped', note: t.skipped });
  else {
    rows.push(row('pdf', 'pdftotext: pages/s', t.pagesPerSec!, fmt(t.pagesPerSec!, 0), `${t.version}; one process per file, one at a time`));
    rows.push(row('pdf', 'parseDocument / pdftotext', num(m, 'parse.pagesPerSec') / t.pagesPerSec!, fmt(num(m, 'parse.pagesPerSec') / t.pagesPerSec!, 2)));
  }
  rows.push(row('pdf', 'peak RSS', r.peakRssMiB, mib(r.peakRssMiB)));
  return rows;
}

function docxRows(r: StageResult | undefined): Row[] {
  if (!r?.ok) return failedRows('docx', 'DOCX parse', r);
  const m = r.metrics;
  return [
    row(
      'docx',
      'parseDocument DOCX: documents/s',
      num(m, 'docsPerSec'),
      fmt(num(m, 'docsPerSec')),
      `${num(m, 'files')} fixture DOCX x ${num(m, 'rounds')}, one core`,
      { op: '>=', value: 20, text: '>= 20' },
    ),
    row('docx', 'peak RSS', r.peakRssMiB, mib(r.peakRssMiB)),
  ];
}

function scalingRows(r: StageResult | undefined): Row[] {
  if (!r?.ok) return failedRows('scaling', 'time against the text', r);
  const m = r.metrics;
  const base = m.base as { paragraphChars: number; listed: number; lines: number };
  const shapes: [string, string, string][] = [
    ['paragraph', 'one-paragraph DOCX', `${fmt(base.paragraphChars, 0)} characters at 1x`],
    ['listed', 'one paragraph of listed lines (DOCX)', `${fmt(base.listed, 0)} lines ("- Cấp N giấy phép …", no full stop) at 1x`],
    ['lines', 'one-page PDF of short lines', `${fmt(base.lines, 0)} lines at 1x`],
  ];
  return shapes.map(([key, what, size]) => {
    const s = (m[key] as { seconds: number[] }).seconds;
    return row(
      'scaling',
      `${what}: time at 16x the text / at 1x`,
      num(m, `${key}.ratio16`),
      `${fmt(num(m, `${key}.ratio16`), 1)}x`,
      `${size}; 1x ${fmt(s[0]!, 3)} s, 4x ${fmt(s[1]!, 3)} s, 16x ${fmt(s[2]!, 3)} s (parse, classify, rules, verify)`,
      { op: '<=', value: 20, text: '<= 20x' },
    );
  });
}

const GB = 1e9 / 2 ** 20; // 1 GB in MiB

function nightRows(r: StageResult | undefined): Row[] {
  if (!r?.ok) return failedRows('night', 'synthetic night', r);
  const m = r.metrics;
  const docs = num(m, 'documents');
  const corpus = `${docs} reports of ${num(m, 'provinces')} provinces (${num(m, 'pages')} pages, ${num(m, 'scanPages')} of them scanned)`;
  return [
    row(
      'night',
      'documents/min',
      num(m, 'documentsPerMin'),
      fmt(num(m, 'documentsPerMin')),
      `${corpus}; ingest concurrency ${num(m, 'concurrency')}, ${num(m, 'ocrWorkers')} OCR workers, rules only`,
    ),
    row('night', 'pages/min', num(m, 'pagesPerMin'), fmt(num(m, 'pagesPerMin')), `night wall time ${fmt(num(m, 'wallMs') / 1000)} s`),
    row('night', 'seconds per document p50', num(m, 'p50s'), fmt(num(m, 'p50s'), 2), 'from registering the file to its values stored'),
    row('night', 'seconds per document p95', num(m, 'p95s'), fmt(num(m, 'p95s'), 2), `max ${fmt(num(m, 'maxS'), 2)} s`),
    row('night', 'peak RSS', num(m, 'nightPeakRssMiB'), mib(num(m, 'nightPeakRssMiB')), 'the night alone (before the OCR-only pass)', {
      op: '<',
      value: 1.5 * GB,
      text: '< 1.5 GB',
    }),
    row(
      'night',
      'database writes/s',
      num(m, 'writesPerSec'),
      fmt(num(m, 'writesPerSec')),
      `${num(m, 'rows.total')} rows: ${num(m, 'rows.documents')} documents, ${num(m, 'rows.extraction_runs')} runs, ${num(m, 'rows.extracted_values')} values, ${num(m, 'rows.published_values')} published`,
    ),
    row(
      'night',
      'night wall / OCR of its scan pages alone',
      num(m, 'wallOverOcr'),
      `${fmt(num(m, 'wallOverOcr'), 2)}x`,
      `OCR alone: ${num(m, 'scanPages')} pages in ${fmt(num(m, 'ocrAloneMs') / 1000)} s`,
      { op: '<=', value: 1.5, text: '<= 1.5x' },
    ),
    row(
      'night',
      'documents failed',
      num(m, 'failed'),
      String(num(m, 'failed')),
      `classified as generated: province ${num(m, 'classifiedProvince')}/${docs}, period ${num(m, 'classifiedPeriod')}/${docs}; ${num(m, 'accepted')} values accepted, ${num(m, 'flagged')} flagged`,
      { op: '<=', value: 0, text: '0' },
    ),
  ];
}

function rollupRows(r: StageResult | undefined): Row[] {
  if (!r?.ok) return failedRows('rollup', 'roll-up', r);
  const m = r.metrics;
  const what = `${String(m.implementation)}; ${num(m, 'publishedValues')} published values (${num(m, 'years')} years x ${num(m, 'provinces')} provinces x ${num(m, 'indicators')} indicators), ${num(m, 'calls')} calls after a warm-up`;
  return [
    row('rollup', `roll-up ${String(m.indicator)} ${String(m.period)}: p50 ms`, num(m, 'p50ms'), fmt(num(m, 'p50ms'), 2), what),
    row(
      'rollup',
      `roll-up ${String(m.indicator)} ${String(m.period)}: p95 ms`,
      num(m, 'p95ms'),
      fmt(num(m, 'p95ms'), 2),
      `load ${fmt(num(m, 'loadMs') / 1000, 2)} s`,
      { op: '<', value: 20, text: '< 20 ms' },
    ),
    row('rollup', 'peak RSS', r.peakRssMiB, mib(r.peakRssMiB)),
  ];
}

function markdownTable(rows: Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = ['| section | measure | value | target | result | notes |', '| --- | --- | ---: | --- | --- | --- |'];
  for (const r of rows) {
    const result = r.pass === undefined ? (r.target && r.value === null ? '—' : '') : r.pass ? '✓ pass' : '✗ FAIL';
    lines.push(`| ${r.section} | ${esc(r.measure)} | ${esc(r.shown)} | ${esc(r.target?.text ?? '')} | ${result} | ${esc(r.note ?? '')} |`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO, encoding: 'utf8' }).trim();
    if (dirty) commit += ' (with uncommitted changes)';
  } catch {
    // not a git checkout
  }
  return {
    cores: cores(),
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    commit,
    loadAtStart: os.loadavg(),
  };
}

const { quick, only } = parseArgs(process.argv.slice(2));
const startedAt = new Date();
const info = machine();
const machineLine = `machine: ${info.cores} cores, ${String(info.cpu)}, ${fmt(info.memoryGiB as number)} GiB RAM, ${String(info.os)}, node ${String(info.node)}`;
progress('bench', `${machineLine}; ${quick ? 'quick' : 'full'} run of ${only.join(', ')}`);

const results: Record<string, StageResult> = {};
try {
  const needs = only.filter((s) => s === 'ocr' || s === 'night');
  if (needs.length > 0) {
    results.prepare = await runChild('prepare', quick, ['--sections', needs.join(',')]);
    if (!results.prepare.ok) progress('bench', `preparing the page images and reports failed: ${results.prepare.error}`);
  }
  for (const section of only) {
    const stages = section === 'ocr' ? ['ocr-pipeline', 'ocr-native'] : [section];
    for (const stage of stages) {
      if ((section === 'ocr' || section === 'night') && results.prepare && !results.prepare.ok) {
        results[stage] = { ok: false, error: `not run: preparation failed (${results.prepare.error})`, peakRssMiB: 0, wallMs: 0 };
        continue;
      }
      results[stage] = await runChild(stage, quick);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const rows: Row[] = [];
for (const section of only) {
  if (section === 'ocr') rows.push(...ocrRows(results['ocr-pipeline'], results['ocr-native']));
  if (section === 'pdf') rows.push(...pdfRows(results.pdf));
  if (section === 'docx') rows.push(...docxRows(results.docx));
  if (section === 'scaling') rows.push(...scalingRows(results.scaling));
  if (section === 'night') rows.push(...nightRows(results.night));
  if (section === 'rollup') rows.push(...rollupRows(results.rollup));
}

const load = (l: unknown) => (l as number[]).map((x) => x.toFixed(2)).join(' ');
const loadAtEnd = os.loadavg();
const header = [
  `baocao bench, ${startedAt.toISOString()} (${quick ? 'quick' : 'full'}: ${only.join(', ')}), commit ${String(info.commit)}`,
  machineLine,
  `load average (1/5/15 min) at start ${load(info.loadAtStart)}, at end ${load(loadAtEnd)}: timings are only comparable between runs on a quiet machine`,
];
const table = markdownTable(rows);
const failures = rows.filter((r) => r.pass === false).length;
const errors = rows.filter((r) => r.shown === 'error').length;
const footer = `${rows.filter((r) => r.pass === true).length} targets met, ${failures} missed${errors ? `, ${errors} stage(s) failed` : ''}; took ${fmt((Date.now() - startedAt.getTime()) / 1000, 0)} s`;
process.stdout.write(`${header.join('\n')}\n\n${table}\n\n${footer}\n`);

mkdirSync(RESULTS_DIR, { recursive: true });
const stamp = `${startedAt
  .toISOString()
  .replace(/\.\d+Z$/, 'Z')
  .replace(/:/g, '-')}${quick ? '-quick' : ''}`;
const md = join(RESULTS_DIR, `${stamp}.md`);
writeFileSync(md, `# ${header[0]}\n\n${header.slice(1).join('\n\n')}\n\n${table}\n\n${footer}\n`);
writeFileSync(
  join(RESULTS_DIR, `${stamp}.json`),
  `${JSON.stringify({ startedAt: startedAt.toISOString(), quick, sections: only, machine: { ...info, loadAtEnd }, rows, stages: results }, null, 2)}\n`,
);
progress('bench', `written to ${md.replace(`${REPO}/`, '')} and .json`);
process.exitCode = errors > 0 ? 1 : 0;
