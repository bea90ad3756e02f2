// Section a, native half: Debian's `tesseract` (tesseract-ocr + tesseract-ocr-vie) on the same page
// images as the pipeline: one process per page, OMP_THREAD_LIMIT=1, as many processes at once as
// cores, `-l` with the pipeline's own default languages (DEFAULT_LANGUAGES) and `--oem 1` (LSTM only,
// as the pipeline's engine), default page segmentation.
// When `tesseract` is missing it is installed with apt-get; when that fails the stage is skipped
// with the reason.
//
// Memory: each process's peak (VmHWM) and the peak of their sum (VmRSS of the running processes,
// sampled every 25 ms), since the processes run side by side as the pipeline's worker threads do.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pageCer, pooledCer, type PageCer } from '../lib/cer.ts';
import { cores, procKiB, progress, runStage, SkipStage } from '../lib/common.ts';
import { loadOcrPages } from '../lib/ocr-pages.ts';
import { DEFAULT_LANGUAGES } from '../../extractors/parse/ocr/engine.ts';

const PACKAGES = ['tesseract-ocr', 'tesseract-ocr-vie'];

function have(cmd: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** apt-get install (through sudo -n when not root); the reason when it cannot. */
function aptInstall(packages: string[]): string | null {
  const root = process.getuid?.() === 0;
  const prefix = root ? [] : ['sudo', '-n'];
  const run = (args: string[]) => {
    const [cmd, ...rest] = [...prefix, 'apt-get', ...args];
    progress('ocr-native', `running: ${[cmd, ...rest].join(' ')}`);
    const r = spawnSync(cmd!, rest, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.error) return r.error.message;
    return r.status === 0 ? null : (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(-2).join(' ');
  };
  let failure = run(['install', '-y', ...packages]);
  if (failure) {
    // A fresh container often has no package lists yet.
    progress('ocr-native', `apt-get install failed (${failure}); trying apt-get update first`);
    failure = run(['update']) ?? run(['install', '-y', ...packages]);
  }
  return failure;
}

/** The tesseract version line, and whether this run had to install it. */
function ensureTesseract(): { version: string; installed: boolean } {
  let installed = false;
  let version = have('tesseract', ['--version']);
  if (!version.ok) {
    progress('ocr-native', `tesseract not found: installing ${PACKAGES.join(' ')} with apt-get install -y`);
    const failure = aptInstall(PACKAGES);
    if (failure) throw new SkipStage(`tesseract is not installed and apt-get install -y ${PACKAGES.join(' ')} failed: ${failure}`);
    version = have('tesseract', ['--version']);
    if (!version.ok) throw new SkipStage('tesseract still not found after apt-get install');
    installed = true;
  }
  const langs = have('tesseract', ['--list-langs'])
    .out.split('\n')
    .map((l) => l.trim());
  const missing = ['vie', 'eng'].filter((l) => !langs.includes(l));
  if (missing.length > 0) {
    progress('ocr-native', `tesseract has no ${missing.join(', ')} data: installing ${PACKAGES.join(' ')}`);
    const failure = aptInstall(PACKAGES);
    if (failure) throw new SkipStage(`tesseract language data ${missing.join(', ')} missing and apt-get install failed: ${failure}`);
    installed = true;
  }
  return { version: version.out.split('\n')[0]!.trim(), installed };
}

interface Run {
  name: string;
  ms: number;
  text: string;
  peakMiB: number | null;
}

function runTesseract(file: string, live: Set<number>): Promise<Run & { pid: number }> {
  return new Promise((resolve, reject) => {
    const s = performance.now();
    const child = spawn('tesseract', [file, 'stdout', '-l', DEFAULT_LANGUAGES, '--oem', '1'], {
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pid = child.pid!;
    live.add(pid);
    let peak: number | null = null;
    const sample = setInterval(() => {
      peak = procKiB(pid, 'VmHWM') ?? peak;
    }, 25);
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sample);
      live.delete(pid);
      if (code !== 0) reject(new Error(`tesseract ${file} exited ${code}: ${err.trim()}`));
      else resolve({ pid, name: file, ms: performance.now() - s, text: Buffer.concat(out).toString('utf8'), peakMiB: peak });
    });
  });
}

await runStage('ocr-native', async ({ quick }) => {
  const { version, installed } = ensureTesseract();
  const { dir, items } = loadOcrPages(quick);
  const parallel = cores();
  progress('ocr-native', `${version}; ${items.length} pages, ${parallel} processes at once (OMP_THREAD_LIMIT=1)`);
  const live = new Set<number>();
  let sumPeak = 0;
  const sampler = setInterval(() => {
    let sum = 0;
    for (const pid of live) sum += procKiB(pid, 'VmRSS') ?? 0;
    sumPeak = Math.max(sumPeak, sum);
  }, 25);
  const pages: Array<{ name: string; ms: number; kind: 'scan' | 'render'; cer: PageCer | null; peakMiB: number | null }> = [];
  let next = 0;
  const t0 = performance.now();
  try {
    const lane = async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const run = await runTesseract(join(dir, item.name), live);
        const cer = item.reference === null ? null : pageCer(item.reference, run.text);
        pages.push({ name: item.name, kind: item.kind, ms: run.ms, cer, peakMiB: run.peakMiB });
        progress(
          'ocr-native',
          `${pages.length}/${items.length} ${item.name}: ${(run.ms / 1000).toFixed(1)} s, CER ${cer ? `${(cer.cer * 100).toFixed(2)}%` : 'n/a'}`,
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, lane));
  } finally {
    clearInterval(sampler);
  }
  const wallMs = performance.now() - t0;
  const scored = pages.flatMap((p) => (p.cer ? [p.cer] : []));
  return {
    version,
    installed,
    processes: parallel,
    pages: items.length,
    pagesScored: scored.length,
    wallMs,
    pagesPerMin: (items.length / wallMs) * 60_000,
    cer: pooledCer(scored),
    cerScans: pooledCer(pages.flatMap((p) => (p.cer && p.kind === 'scan' ? [p.cer] : []))),
    cerRenders: pooledCer(pages.flatMap((p) => (p.cer && p.kind === 'render' ? [p.cer] : []))),
    peakProcessMiB: Math.max(0, ...pages.map((p) => p.peakMiB ?? 0)),
    peakSumMiB: sumPeak,
    perPage: pages.sort((a, b) => a.name.localeCompare(b.name)),
  };
});
