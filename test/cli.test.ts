// The baocao command as a user runs it: a real process, real files, a real database.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTruthFiles, type TruthFile } from '../fixtures/truth.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

const root = new URL('..', import.meta.url).pathname;
const reportsDir = join(root, 'fixtures/reports');
const run = promisify(execFile);

async function baocao(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'cli/baocao.js'), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', ...env },
      maxBuffer: 20 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let truths: { path: string; truth: TruthFile }[];
beforeAll(async () => {
  truths = await loadTruthFiles(reportsDir);
});

describe('baocao extract --json', () => {
  it.each(['docx', 'pdf'])('returns the truth values of a fixture %s, each with evidence and page', async (format) => {
    const { truth } = truths.find((t) => t.truth.format === format)!;
    const result = await baocao(['extract', join(reportsDir, truth.file), '--json']);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    const { province_code, period_start, period_end, period_label, report_kind, number } = truth.document;
    expect(out.document).toEqual({ province_code, period_start, period_end, period_label, report_kind, number });
    for (const expected of truth.values) {
      const got = out.values.find((v: { indicator: string }) => v.indicator === expected.indicator);
      expect(got, `${truth.file} ${expected.indicator}`).toBeDefined();
      expect(new Decimal(got.value).eq(expected.value), `${expected.indicator}: ${got.value} vs ${expected.value}`).toBe(true);
      expect(got.evidence.length).toBeGreaterThan(5);
      expect(got.page).toBeGreaterThanOrEqual(1);
      expect(Object.keys(got).sort()).toEqual(['confidence', 'evidence', 'extractor', 'indicator', 'page', 'qualifier', 'reasons', 'status', 'unit', 'value']);
    }
  });

  it('fails with a clear message and exit code 1 on a file that is not a report', async () => {
    const result = await baocao(['extract', join(root, 'fixtures/broken/notes.pdf')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^baocao: .*plain text/m);
  });

  it('fails with exit code 1 on a missing file', async () => {
    const result = await baocao(['extract', join(root, 'no-such-report.pdf')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no-such-report\.pdf/);
  });
});

describe('baocao eval', () => {
  it('meets the targets on the fixture set: recall >= 0.9 per format, auto-accepted precision >= 0.99', async () => {
    const result = await baocao(['eval', reportsDir, '--json']);
    expect(result.code).toBe(0);
    const scores = JSON.parse(result.stdout);
    expect(scores.byFormat.map((s: { key: string }) => s.key)).toEqual(['docx', 'pdf']);
    for (const s of scores.byFormat) {
      expect(s.recall, s.key).toBeGreaterThanOrEqual(0.9);
      expect(s.autoPrecision, s.key).toBeGreaterThanOrEqual(0.99);
      // Flagging everything would make auto-accepted precision trivially perfect.
      expect(s.autoAccepted / s.predicted, s.key).toBeGreaterThanOrEqual(0.9);
    }
    expect(scores.classification.wrong).toEqual([]);
  });
});

describe('the embedded default (no DATABASE_URL)', () => {
  it('ingests into PGlite under the data folder and lists the values', async () => {
    const data = await mkdtemp(join(tmpdir(), 'baocao-pglite-'));
    try {
      const env = { BAOCAO_DATA_DIR: data };
      const summary = JSON.parse((await baocao(['ingest', reportsDir, '--json'], env)).stdout);
      expect(summary).toMatchObject({ new_documents: truths.length, failed: 0 });
      const flagged = JSON.parse((await baocao(['values', '--status', 'flagged', '--json'], env)).stdout);
      expect(flagged).toHaveLength(summary.awaiting_review);
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });
});

describe('usage', () => {
  it.each(['--help', 'extract --help', 'ingest --help', 'values --help', 'eval --help', 'db migrate --help'])('baocao %s prints help and exits 0', async (command) => {
    const result = await baocao(command.split(' '));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: baocao/);
  });

  it('an unknown command or option exits 2', async () => {
    expect((await baocao(['frobnicate'])).code).toBe(2);
    expect((await baocao(['values', '--status', 'maybe'])).code).toBe(2);
  });

  it.each([
    ['the environment', ['values'], { DATABASE_URL: 'mysql://nope' }],
    ['the command line', ['--database-url', 'mysql://nope', 'values'], {}],
  ])('a bad setting from %s names the setting', async (_, args, env) => {
    const result = await baocao(args as string[], env as Record<string, string>);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/databaseUrl: must be a postgres:\/\/ URL/);
  });
});

describe('baocao ingest and values on Postgres', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  it('ingests the fixtures, then adds nothing the second time', async () => {
    const data = await mkdtemp(join(tmpdir(), 'baocao-cli-'));
    try {
      const env = { DATABASE_URL: t.url, BAOCAO_DATA_DIR: data };
      const first = await baocao(['ingest', reportsDir, '--json'], env);
      expect(first.code).toBe(0);
      const summary = JSON.parse(first.stdout);
      expect(summary).toMatchObject({ new_documents: truths.length, unchanged: 0, failed: 0 });
      const second = JSON.parse((await baocao(['ingest', reportsDir, '--json'], env)).stdout);
      expect(second).toMatchObject({ new_documents: 0, unchanged: truths.length, failed: 0, awaiting_review: summary.awaiting_review });

      const table = await baocao(['ingest', reportsDir], env);
      expect(table.stdout).toMatch(/values await review/);
      expect(table.stdout).toMatch(/NV01/);

      const values = JSON.parse((await baocao(['values', '--indicator', 'nv01', '--json'], env)).stdout);
      expect(values.length).toBeGreaterThan(0);
      expect(values.every((v: { indicator: string }) => v.indicator === 'NV01')).toBe(true);
      expect((await baocao(['values', '--indicator', 'XX99'], env)).code).toBe(2);
      expect((await baocao(['values', '--province', '99'], env)).code).toBe(2);

      const broken = await baocao(['ingest', join(root, 'fixtures/broken'), '--json'], env);
      expect(broken.code).toBe(1);
      expect(JSON.parse(broken.stdout).failed).toBe(4);
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });
});
