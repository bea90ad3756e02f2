// Shared by the orchestrator (bench/index.ts) and the stage scripts (bench/stages/*.ts): paths,
// arguments, progress lines, memory and percentiles, and the protocol between them: a stage runs
// in its own child process and writes one JSON result file, so its peak RSS is its own.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE_DIR = join(REPO, '.bench-cache');
export const RESULTS_DIR = join(REPO, 'bench', 'results');

export const SECTIONS = ['ocr', 'pdf', 'docx', 'scaling', 'night', 'rollup'] as const;
export type Section = (typeof SECTIONS)[number];

/** How many pages/documents run at once where the bench says "cores". */
export function cores(): number {
  return os.availableParallelism();
}

/** Arguments every stage script takes: --out FILE (where the result goes), --quick. */
export interface StageArgs {
  out: string;
  quick: boolean;
}

export function stageArgs(argv = process.argv.slice(2)): StageArgs {
  const i = argv.indexOf('--out');
  const out = i >= 0 ? argv[i + 1] : undefined;
  if (!out) throw new Error('a stage needs --out FILE (run it through `npm run bench`)');
  return { out: resolve(out), quick: argv.includes('--quick') };
}

// One clock for the orchestrator and its children (BENCH_T0), so progress lines read in order.
const started = Number(process.env.BENCH_T0) || Date.now();
process.env.BENCH_T0 ??= String(started);

/** A progress line on stderr: "[  12.3s] [ocr] message". stdout is kept for the table. */
export function progress(stage: string, message: string): void {
  const t = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[${t}s] [${stage}] ${message}\n`);
}

/** Peak resident memory of this process so far, in MiB: getrusage's maxRSS and /proc's VmHWM. */
export function peakRssMiB(): { maxRss: number; vmHwm: number | null } {
  const maxRss = process.resourceUsage().maxRSS / 1024; // KiB on Linux
  return { maxRss, vmHwm: procKiB('self', 'VmHWM') };
}

/** A "VmXxx:   1234 kB" line of /proc/<pid>/status in MiB, or null (gone, or not Linux). */
export function procKiB(pid: number | 'self', field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Nearest-rank percentile (p in 0..100) of a list of numbers; NaN for an empty list. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export type Metrics = Record<string, unknown>;

/** What a stage's result file holds. */
export type StageResult =
  | { ok: true; metrics: Metrics; peakRssMiB: number; vmHwmMiB: number | null; wallMs: number }
  | { ok: false; error: string; skipped?: boolean; peakRssMiB: number; wallMs: number };

/** Thrown by a stage that cannot run here (a missing tool): its rows are printed as skipped. */
export class SkipStage extends Error {}

/**
 * The body of a stage script: runs `fn`, writes its metrics (and this process's peak RSS) to the
 * --out file, and exits (OCR worker threads or pools left open must not keep the process alive).
 */
export async function runStage(name: string, fn: (args: StageArgs) => Promise<Metrics>): Promise<never> {
  const args = stageArgs();
  const t0 = Date.now();
  let result: StageResult;
  try {
    const metrics = await fn(args);
    const rss = peakRssMiB();
    result = { ok: true, metrics, peakRssMiB: rss.maxRss, vmHwmMiB: rss.vmHwm, wallMs: Date.now() - t0 };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof SkipStage)) progress(name, `FAILED: ${error instanceof Error ? (error.stack ?? message) : message}`);
    result = { ok: false, error: message, skipped: error instanceof SkipStage, peakRssMiB: peakRssMiB().maxRss, wallMs: Date.now() - t0 };
  }
  writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  process.exit(result.ok ? 0 : result.skipped ? 0 : 1);
}

export function fmt(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return 'n/a';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
