// baocao kpi as a user runs it: a real process over a real database seeded with the known
// set-up of test/helpers/kpi-setup.ts.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiReport } from '../../extractors/kpi.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { CATALOGUE_SIZE, KPI_AS_OF, KPI_PERIOD, seedKpiSetup } from '../helpers/kpi-setup.ts';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);

let t: TestDatabase;
let work: string;

async function baocao(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'cli/baocao.js'), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: t.url, BAOCAO_DATA_DIR: work },
      maxBuffer: 20 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  work = await mkdtemp(join(tmpdir(), 'baocao-kpi-'));
  await seedKpiSetup(t.handle.db);
});

afterAll(async () => {
  await t?.drop();
  await rm(work, { recursive: true, force: true });
});

const WINDOW = ['kpi', '--period', KPI_PERIOD, '--periods', '3', '--as-of', KPI_AS_OF];

describe('baocao kpi', () => {
  it('--json gives the periods with their deadlines, every province and the national totals', async () => {
    const result = await baocao([...WINDOW, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as KpiReport;
    expect(report.asOf).toBe(KPI_AS_OF);
    expect(report.periods.map((p) => [p.key, p.deadline])).toEqual([
      ['2025-Q1', '2025-03-20'],
      ['2025-Q2', '2025-06-20'],
      ['2025-Q3', '2025-09-20'],
    ]);
    expect(report.provinces).toHaveLength(34);
    const tn = report.provinces.find((p) => p.code === '80')!;
    expect(tn.shortName).toBe('Tây Ninh');
    expect(tn.kpi).toMatchObject({ due: 3, onTime: 2, late: 1, missing: 0, reported: 6, expected: 3 * CATALOGUE_SIZE, values: 7, flagged: 3, corrected: 1 });
    expect(tn.kpi.medianHoursToDecision).toBe(48);
    expect(report.national).toMatchObject({ due: 102, onTime: 3, late: 1, missing: 98, averageDaysLate: 1.25, values: 9 });
    expect(report.byPeriod.map((p) => p.kpi.onTime)).toEqual([1, 1, 1]);
  });

  it('prints a table in Vietnamese, the national line last, and four quarters by default', async () => {
    const result = await baocao(['kpi', '--period', KPI_PERIOD, '--as-of', KPI_AS_OF]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('quý IV/2024 – quý III/2025 (4 kỳ), tính đến 2025-10-01');
    const tn = result.stdout.split('\n').find((line) => line.includes('Tây Ninh'))!;
    // Q4 2024 was due too and nothing came: 2 of 4 on time.
    expect(tn).toMatch(/50,0%\s+\(2\/4\)/);
    const lines = result.stdout.split('\n');
    expect(lines.findIndex((l) => l.includes('Cả nước'))).toBeGreaterThan(lines.findIndex((l) => l.includes('Cà Mau')));
  });

  it('--out writes the workbook', async () => {
    const out = join(work, 'kpi.xlsx');
    const result = await baocao([...WINDOW, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`đã ghi ${out}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.getWorksheet('Theo tỉnh')!;
    const tn = sheet.getRows(2, 34)!.find((r) => r.getCell(1).value === '80')!;
    expect([tn.getCell(3).value, tn.getCell(4).value, tn.getCell(5).value, tn.getCell(7).value]).toEqual([3, 2, 1, 66.7]);
    expect(sheet.getRow(36).getCell(2).value).toBe('Cả nước');
  });

  it('refuses what it cannot use, with exit code 2 and a sentence', async () => {
    // Each start of the command costs seconds on a busy machine: three refusals, one of each kind.
    const range = await baocao(['kpi', '--period', '2021-2025']);
    expect(range.code).toBe(2);
    const many = await baocao(['kpi', '--period', KPI_PERIOD, '--periods', '13']);
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('từ 1 đến 12');
    const csv = await baocao(['kpi', '--period', KPI_PERIOD, '--out', join(work, 'kpi.csv')]);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain('chỉ ghi được tệp .xlsx');
  }, 120_000);
});
