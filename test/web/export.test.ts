// CSV and XLSX exports of roll-ups and value lists, read back the way their users read them
// (csv-parse, exceljs), and `baocao report` through reportCommand, against real Postgres.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { reportCommand, type ReportOptions } from '../../cli/commands/report.ts';
import { loadConfig, UsageError, type Config } from '../../app/config.ts';
import { rollup, type Rollup } from '../../db/rollup.ts';
import { listCurrentValues, type StoredValue } from '../../db/values.ts';
import { rollupCsv, rollupFileName, rollupXlsx, valuesCsv, valuesXlsx } from '../../web/export.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { valuePublisher, type Publish } from '../helpers/publish-values.ts';

let t: TestDatabase;
let publish: Publish;

let nv02: Rollup;
let tc01: Rollup;
let dm03: Rollup;

beforeAll(async () => {
  t = await createTestDatabase();
  // page 2, not the helper's default 1, so the value lists' page column can't pass on a default
  publish = valuePublisher(t.handle.db, { page: 2 });
  await publish('80', '2025', { NV02: '19' }, { name: 'Báo cáo "năm", 2025.pdf', evidence: '- Phê duyệt 19 nhiệm vụ mới, tổng kinh phí "hơn 14,2 tỷ đồng"' });
  await publish('48', '2025-9M', { NV02: '12' });
  await publish('48', '2025-Q4', { NV02: '5' }, { qualifier: 'estimate' });
  await publish('01', '2025-H1', { NV02: '10' });
  await publish('80', '2025', { TC01: '14200.5', DM03: '38.52' }, { kind: 'statistical' });
  await publish('48', '2025', { TC01: '12345678901234.56789', DM03: '45.1' }, { kind: 'statistical' });
  nv02 = await rollup(t.handle.db, { indicator: 'NV02', period: '2025' });
  tc01 = await rollup(t.handle.db, { indicator: 'TC01', period: '2025' });
  dm03 = await rollup(t.handle.db, { indicator: 'DM03', period: '2025' });
});
afterAll(() => t?.drop());

const ROLLUP_HEADERS = [
  'Mã tỉnh',
  'Tỉnh/thành phố',
  'Mã chỉ tiêu',
  'Chỉ tiêu',
  'Kỳ',
  'Giá trị',
  'Đơn vị',
  'Kỳ số liệu',
  'Tình trạng',
  'Số tỉnh báo cáo',
  'Số tỉnh đủ kỳ',
  'Tỉnh chưa báo cáo',
  'Ghi chú',
  'Văn bản',
];

type CsvRow = Record<string, string>;
const readCsv = (text: string): CsvRow[] => parse(text, { bom: true, columns: true });
const byName = (rows: CsvRow[], name: string) => rows.find((r) => r['Tỉnh/thành phố'] === name);

async function readXlsx(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return workbook;
}

/** A worksheet's rows as records keyed by its header row. */
function sheetRows(ws: ExcelJS.Worksheet): Record<string, ExcelJS.CellValue>[] {
  const headers = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  const rows: Record<string, ExcelJS.CellValue>[] = [];
  ws.eachRow((row, number) => {
    if (number === 1) return;
    rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
  });
  return rows;
}

describe('roll-up as CSV', () => {
  it('starts with a UTF-8 BOM and has the Vietnamese headers', () => {
    const csv = rollupCsv(nv02);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n')[0]).toBe(`\uFEFF${ROLLUP_HEADERS.join(',')}`);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('has every province, then the national total with its completeness', () => {
    const rows = readCsv(rollupCsv(nv02));
    expect(rows).toHaveLength(34 + 2);
    expect(byName(rows, 'Đà Nẵng')).toMatchObject({
      'Mã tỉnh': '48',
      'Giá trị': '17',
      'Đơn vị': 'nhiệm vụ',
      Kỳ: 'năm 2025',
      'Kỳ số liệu': '2025-9M; 2025-Q4',
      'Tình trạng': 'Đủ kỳ',
      'Ghi chú': '2025-Q4: ước 5',
    });
    expect(byName(rows, 'Hà Nội')).toMatchObject({ 'Giá trị': '10', 'Tình trạng': 'Thiếu kỳ' });
    expect(byName(rows, 'Cao Bằng')).toMatchObject({ 'Giá trị': '', 'Tình trạng': 'Chưa báo cáo' });
    const total = byName(rows, 'Cả nước')!;
    expect(total).toMatchObject({ 'Giá trị': '46', 'Số tỉnh báo cáo': '3', 'Số tỉnh đủ kỳ': '2' });
    expect(total['Tỉnh chưa báo cáo']!.split('; ')).toHaveLength(31);
    expect(total['Tỉnh chưa báo cáo']).toContain('Cao Bằng');
    expect(byName(rows, 'Cả nước (chỉ tỉnh đủ kỳ)')).toMatchObject({ 'Giá trị': '36' });
  });

  it('quotes fields with commas and quotes (RFC 4180) so they read back whole', () => {
    const csv = rollupCsv(nv02);
    expect(csv).toContain('"1/BC-SKHCN (Báo cáo ""năm"", 2025.pdf)"');
    expect(byName(readCsv(csv), 'Tây Ninh')!['Văn bản']).toBe('1/BC-SKHCN (Báo cáo "năm", 2025.pdf)');
  });

  it('writes exact decimal strings', () => {
    const rows = readCsv(rollupCsv(tc01));
    expect(byName(rows, 'Cả nước')!['Giá trị']).toBe('12345678915435.06789');
    expect(byName(rows, 'Tây Ninh')!['Giá trị']).toBe('14200.5');
  });

  it('gives no total for a score, but its spread and completeness', () => {
    const total = byName(readCsv(rollupCsv(dm03)), 'Cả nước')!;
    expect(total['Giá trị']).toBe('');
    expect(total['Số tỉnh báo cáo']).toBe('2');
    expect(total['Ghi chú']).toBe('Điểm không cộng giữa các tỉnh; trung vị 41,81 (thấp nhất 38,52, cao nhất 45,1) trên 2 tỉnh đủ kỳ');
  });
});

describe('roll-up as XLSX', () => {
  it('has the headers, province values as numbers and a bold national total', async () => {
    const workbook = await readXlsx(await rollupXlsx(nv02));
    const ws = workbook.getWorksheet('Tổng hợp')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(ROLLUP_HEADERS);
    expect(ws.getRow(1).font?.bold).toBe(true);
    const rows = sheetRows(ws);
    expect(rows).toHaveLength(36);
    expect(rows.find((r) => r['Mã tỉnh'] === '48')!['Giá trị']).toBe(17);
    const totalRow = rows.findIndex((r) => r['Tỉnh/thành phố'] === 'Cả nước');
    expect(rows[totalRow]).toMatchObject({ 'Giá trị': 46, 'Số tỉnh báo cáo': 3, 'Số tỉnh đủ kỳ': 2 });
    expect(ws.getRow(totalRow + 2).font?.bold).toBe(true);
    expect(rows.find((r) => r['Mã tỉnh'] === '04')!['Giá trị']).toBeNull();
  });

  it('keeps decimals exact: numbers with their own decimals, and text where a double would round', async () => {
    const ws = (await readXlsx(await rollupXlsx(tc01))).getWorksheet('Tổng hợp')!;
    const rows = sheetRows(ws);
    const tayNinh = rows.findIndex((r) => r['Mã tỉnh'] === '80');
    expect(rows[tayNinh]!['Giá trị']).toBe(14200.5);
    expect(ws.getRow(tayNinh + 2).getCell(6).numFmt).toBe('#,##0.0');
    // 17 significant digits: a number cell would hold 12345678915435.068
    expect(rows.find((r) => r['Tỉnh/thành phố'] === 'Cả nước')!['Giá trị']).toBe('12345678915435.06789');
  });

  it('says what the table is on a second sheet', async () => {
    const ws = (await readXlsx(await rollupXlsx(nv02))).getWorksheet('Thông tin')!;
    const info = Object.fromEntries(sheetRows(ws).map((r) => [r.Mục, r['Nội dung']]));
    expect(info).toMatchObject({
      'Mã chỉ tiêu': 'NV02',
      'Tổng cả nước': '46 nhiệm vụ',
      'Số tỉnh báo cáo': '3/34',
      'Kỳ báo cáo định kỳ (Nghị định 09/2019)': '2024-12-15 – 2025-12-14',
    });
    expect(info['Tỉnh thiếu kỳ']).toBe('01 Hà Nội');
  });

  it('names the file after the indicator and period', () => {
    expect(rollupFileName(nv02, 'xlsx')).toBe('NV02_2025.xlsx');
  });
});

describe('value list', () => {
  let values: StoredValue[];
  beforeAll(async () => {
    values = await listCurrentValues(t.handle.db, { indicator: 'NV02' });
  });

  it('as CSV: one row per value, qualifiers and statuses in Vietnamese, report text never a formula', () => {
    const rows = readCsv(valuesCsv(values));
    expect(rows).toHaveLength(4);
    expect(rows.find((r) => r['Mã kỳ'] === '2025-Q4')).toMatchObject({
      'Tỉnh/thành phố': 'Đà Nẵng',
      'Giá trị': '5',
      'Ghi nhận': 'ước',
      'Trạng thái': 'Tự động chấp nhận',
      Trang: '2',
      Kỳ: 'quý IV/2025',
    });
    // a bullet starting with "-" would be read by a spreadsheet as a formula
    expect(rows.find((r) => r['Mã tỉnh'] === '80')!['Trích dẫn']).toBe(`'- Phê duyệt 19 nhiệm vụ mới, tổng kinh phí "hơn 14,2 tỷ đồng"`);
  });

  it('as XLSX: numbers as numbers, text as text', async () => {
    const rows = sheetRows((await readXlsx(await valuesXlsx(values))).getWorksheet('Số liệu')!);
    expect(rows).toHaveLength(4);
    const tayNinh = rows.find((r) => r['Mã tỉnh'] === '80')!;
    expect(tayNinh).toMatchObject({ 'Giá trị': 19, Trang: 2, 'Độ tin cậy': 0.9, 'Đơn vị': 'nhiệm vụ' });
    expect(tayNinh['Trích dẫn']).toBe('- Phê duyệt 19 nhiệm vụ mới, tổng kinh phí "hơn 14,2 tỷ đồng"');
  });
});

describe('baocao report (reportCommand)', () => {
  let config: Config;
  let dir: string;
  let printed: string[];
  beforeAll(async () => {
    config = loadConfig({ env: {}, overrides: { databaseUrl: t.url } });
    dir = await mkdtemp(join(tmpdir(), 'baocao-report-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  afterEach(() => vi.restoreAllMocks());

  async function report(options: ReportOptions): Promise<number> {
    printed = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
    return reportCommand(options, config);
  }

  it('prints the provinces, the periods used, the national total and who is missing', async () => {
    expect(await report({ indicator: 'nv02', period: 'năm 2025' })).toBe(0);
    const out = printed.join('\n');
    expect(out).toMatch(/NV02 .*\(nhiệm vụ\), năm 2025 \[flow: summed over provinces and sub-periods\]/);
    expect(out).toMatch(/48 +│ Đà Nẵng +│ 17 +│ 2025-9M \+ 2025-Q4 │ complete/);
    expect(out).toMatch(/01 +│ Hà Nội +│ 10 +│ 2025-H1 +│ PARTIAL/);
    expect(out).toContain('3 of 34 provinces reported, 2 for the whole period');
    expect(out).toContain('national total: 46 nhiệm vụ; without the partial ones (01 Hà Nội): 36 nhiệm vụ');
    expect(out).toMatch(/missing \(31\): 04 Cao Bằng, /);
  });

  it('prints the roll-up as JSON', async () => {
    expect(await report({ indicator: 'TC01', period: '2025', json: true })).toBe(0);
    const r = JSON.parse(printed.join('')) as Rollup;
    expect(r.national.value).toBe('12345678915435.06789');
  });

  it('writes an XLSX file, and CSV to stdout', async () => {
    const file = join(dir, 'nv02.xlsx');
    expect(await report({ indicator: 'NV02', period: '2025', out: file })).toBe(0);
    const rows = sheetRows((await readXlsx(await readFile(file))).getWorksheet('Tổng hợp')!);
    expect(rows.find((r) => r['Tỉnh/thành phố'] === 'Cả nước')!['Giá trị']).toBe(46);
    expect(await report({ indicator: 'NV02', period: '2025', format: 'csv' })).toBe(0);
    expect(byName(readCsv(printed.join('')), 'Cả nước')!['Giá trị']).toBe('46');
  });

  it.each<[string, ReportOptions]>([
    ['an unknown indicator', { indicator: 'XX01', period: '2025' }],
    ['an unknown period', { indicator: 'NV02', period: 'năm ngoái' }],
    ['an unknown format', { indicator: 'NV02', period: '2025', format: 'pdf' }],
    ['an XLSX without a file', { indicator: 'NV02', period: '2025', format: 'xlsx' }],
    ['JSON and a file at once', { indicator: 'NV02', period: '2025', json: true, out: 'x.csv' }],
  ])('refuses %s as a usage error (exit 2)', async (_, options) => {
    await expect(report(options)).rejects.toThrow(UsageError);
  });
});
