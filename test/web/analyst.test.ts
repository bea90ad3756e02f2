// The analyst pages, exports and re-runs over real HTTP on 127.0.0.1, against real Postgres,
// on fixture reports ingested through the real pipeline: Bắc Giang's report for 2024 (unit
// 24 since the 2025 merger, a whole year), Hồ Chí Minh's 9 months of 2024 (part of the year)
// and Tây Ninh's first half of 2025. So the year 2024 has one complete province and one
// partial one, and NV09 (money, a flow) adds up to 20.497 + 82.859 = 103.356 triệu đồng.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollup } from '../../db/rollup.ts';
import { documents, extractedValues, extractionRuns } from '../../db/schema.ts';
import { createUser } from '../../db/users.ts';
import { listCurrentValues } from '../../db/values.ts';
import { barChart, lineChart, niceTicks } from '../../web/charts.ts';
import { contentDisposition } from '../../web/download.ts';
import { inProcessRerunner } from '../../app/reruns.ts';
import { ingestFolder } from '../../workflows/core/ingest-folder.ts';
import type { Activities } from '../../activities/contract.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { approveLowConfidence, Client, fixtureQueries, ingestFixtures, loggedIn, startServer, type RunningServer } from './helpers.ts';

const PASSWORD = 'mật khẩu đủ dài 2025';
const BG = 'bacgiang-2024.pdf';
const HCM = 'hcm-2024-9m.pdf';
const TN = 'tayninh-2025-h1.pdf';
const reportsDir = new URL('../../fixtures/reports/', import.meta.url);

let t: TestDatabase;
let server: RunningServer;
let bare: RunningServer;
let cleanup: () => Promise<void>;
let activities: Activities;

type Session = { client: Client; csrf: string };
let analyst: Session;
let admin: Session;
let revHcm: Session;

beforeAll(async () => {
  t = await createTestDatabase();
  const ingested = await ingestFixtures(t.handle.db, [BG, HCM, TN]);
  cleanup = ingested.cleanup;
  activities = ingested.activities;
  await createUser(t.handle.db, { username: 'analyst', password: PASSWORD, role: 'analyst' });
  await createUser(t.handle.db, { username: 'admin', password: PASSWORD, role: 'admin' });
  await createUser(t.handle.db, { username: 'rev.hcm', password: PASSWORD, role: 'reviewer', provinces: ['79'] });
  // What the scorer doubted alone is approved, as reviewers would before analysts read roll-ups.
  await approveLowConfidence(
    t.handle.db,
    await createUser(t.handle.db, { username: 'rev.fixtures', password: PASSWORD, role: 'reviewer', provinces: ['24', '79', '80'] }),
  );
  server = await startServer({ db: t.handle.db, store: ingested.store, rerun: inProcessRerunner(ingested.activities), logRequests: false });
  // The same application started without a runner and without a store.
  bare = await startServer({ db: t.handle.db, logRequests: false });
  [analyst, admin, revHcm] = await Promise.all([
    loggedIn(server.url, 'analyst', PASSWORD),
    loggedIn(server.url, 'admin', PASSWORD),
    loggedIn(server.url, 'rev.hcm', PASSWORD),
  ]);
});

afterAll(async () => {
  await server?.close();
  await bare?.close();
  await cleanup?.();
  await t?.drop();
});

const db = () => t.handle.db;
const { documentId } = fixtureQueries(db);

async function runsOf(file: string): Promise<{ id: number; isCurrent: boolean }[]> {
  return db()
    .select({ id: extractionRuns.id, isCurrent: extractionRuns.isCurrent })
    .from(extractionRuns)
    .where(eq(extractionRuns.documentId, await documentId(file)))
    .orderBy(extractionRuns.id);
}

async function page(session: Session, path: string, status = 200): Promise<string> {
  const response = await session.client.request(path);
  const text = await response.text();
  expect(response.status, `GET ${path}: ${text.slice(0, 300)}`).toBe(status);
  if (status === 200) expect(response.headers.get('content-type')).toContain('text/html');
  return text;
}

/** The first data-value of each `<tr … data-province="…">` of the table with this id. */
function provinceRows(html: string, tableId: string): Record<string, string> {
  const table = new RegExp(`<table[^>]*id="${tableId}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
  const rows: Record<string, string> = {};
  for (const m of table.matchAll(/<tr[^>]*data-province="(\d{2})"[^>]*>([\s\S]*?)<\/tr>/g)) {
    const value = /<td[^>]*data-value="([^"]*)"/.exec(m[2]!)?.[1];
    if (value !== undefined) rows[m[1]!] = value;
  }
  return rows;
}

function rowOf(html: string, attribute: string, value: string): string {
  const row = new RegExp(`<tr[^>]*${attribute}="${value}"[^>]*>([\\s\\S]*?)</tr>`).exec(html)?.[1];
  expect(row, `a row with ${attribute}="${value}"`).toBeDefined();
  return row!;
}

function filenameStar(disposition: string | null): string {
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition ?? '')?.[1];
  expect(encoded, `filename* in ${disposition}`).toBeDefined();
  return decodeURIComponent(encoded!);
}

describe('indicator pages', () => {
  it('/indicators lists every indicator of the catalogue for the chosen period, with national sums only where they add up', async () => {
    const html = await page(analyst, '/indicators?period=2024');
    expect(html.match(/<tr data-indicator="[A-Z]{2}\d{2}"/g)).toHaveLength(65);
    const nv09 = rowOf(html, 'data-indicator', 'NV09');
    expect(nv09).toContain('data-value="103356"');
    expect(nv09).toContain('103.356');
    expect(nv09).toMatch(/data-provinces="2">2<\/span>\/34/);
    // A ratio has no national sum: Bắc Giang's 1,17 % is a median, not a total.
    const tc04 = rowOf(html, 'data-indicator', 'TC04');
    expect(tc04).not.toContain('data-value');
    expect(tc04).toContain('trung vị 1,17');
    // The period picker offers the periods values were published for, and the years they add up to.
    const picker = /<select name="period" id="period-picker">([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
    expect([...picker.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1])).toEqual(['2025', '2025-H1', '2024', '2024-9M']);
    expect(picker).toContain('<option value="2024" selected>');
    expect(html).toContain('<button type="submit" id="period-apply"');
  });

  it('without a period the latest is shown; "only with data" leaves out the indicators nobody reported', async () => {
    const html = await page(analyst, '/indicators?with=data');
    expect(html).toContain('<option value="2025" selected>');
    const ids = [...html.matchAll(/<tr data-indicator="([A-Z]{2}\d{2})"/g)].map((m) => m[1]);
    expect(ids).toContain('DM03');
    expect(ids).not.toContain('VT04');
    expect(ids.length).toBeLessThan(65);
  });

  it('/indicators/NV09?period=2024: the national total is the sum of the province rows, as db/rollup.ts computes it', async () => {
    const html = await page(analyst, '/indicators/NV09?period=2024');
    const rows = provinceRows(html, 'rollup-table');
    expect(rows).toEqual({ '24': '20497', '79': '82859' });
    const total = /<tr class="total" id="rollup-total">[\s\S]*?<td class="num" data-value="([^"]+)"/.exec(html)?.[1];
    const sum = Object.values(rows).reduce((s, v) => s.plus(v), new Decimal(0));
    expect(total).toBe(sum.toString());
    const expected = await rollup(db(), { indicator: 'NV09', period: '2024' });
    expect(total).toBe(expected.national.value);
    expect(html).toContain('<span id="national-value" data-value="103356">103.356</span>');
    // Hồ Chí Minh's 9 months cover part of the year; the sum over complete provinces is Bắc Giang's alone.
    expect(rowOf(html, 'data-province', '79')).toContain('Thiếu kỳ');
    expect(html).toContain('<span id="national-complete-value" data-value="20497">20.497</span>');
    // Completeness: 2 of 34, the other 32 listed by name.
    expect(html).toContain('<span id="provinces-reported">2</span>/34');
    const missing = /<ul class="chips" id="missing-provinces">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
    expect(missing.match(/<li>/g)).toHaveLength(32);
    expect(missing).toContain('01 Hà Nội');
    expect(missing).not.toContain('data-province="24"');
  });

  it('draws the provinces as bars and the national value over the years as a line, numbers the Vietnamese way in the tooltips', async () => {
    const html = await page(analyst, '/indicators/NV09?period=2024');
    const bars = /<svg class="chart chart-bars" id="chart-provinces"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(bars.match(/<g class="bar bar-(complete|partial)">/g)).toHaveLength(2);
    expect(bars).toContain('<title>79 TP. Hồ Chí Minh: 82.859 triệu đồng (2024-9M; Thiếu kỳ)</title>');
    expect(bars).toContain('<g class="bar bar-partial">');
    const series = /<svg class="chart chart-line" id="chart-series"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(series).toContain('<title>năm 2024: 103.356 triệu đồng — 2/34 tỉnh, 1 đủ kỳ</title>');
    expect(series).toContain('<title>năm 2025: 18.600 triệu đồng — 1/34 tỉnh, 0 đủ kỳ</title>');
    // Drawn on the server, so nothing here needs a script or an inline style (the CSP allows neither).
    expect(html).not.toMatch(/style="|<script(?! src="\/public\/)/);
  });

  it('a score shows no national sum; a period that names nothing is 400, an unknown indicator 404', async () => {
    const html = await page(analyst, '/indicators/DM03?period=2025-H1');
    expect(provinceRows(html, 'rollup-table')).toEqual({ '80': '35.38' });
    expect(html).not.toContain('id="national-value"');
    expect(rowOf(html, 'class', 'total')).toContain('không cộng');
    await page(analyst, '/indicators/NV09?period=sometime', 400);
    await page(analyst, '/indicators/XX99', 404);
  });
});

describe('exports', () => {
  it('the roll-up as XLSX: Vietnamese headers, every province, the national row equal to the sum of the provinces', async () => {
    const response = await analyst.client.request('/indicators/NV09/export.xlsx?period=2024');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const disposition = response.headers.get('content-disposition');
    expect(disposition).toMatch(/^attachment; filename="NV09_2024\.xlsx"; filename\*=UTF-8''/);
    expect(filenameStar(disposition)).toBe('Tổng hợp NV09 năm 2024.xlsx');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await response.arrayBuffer()) as ArrayBuffer);
    const sheet = workbook.getWorksheet('Tổng hợp')!;
    expect(sheet).toBeDefined();
    const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1);
    expect(header.slice(0, 7)).toEqual(['Mã tỉnh', 'Tỉnh/thành phố', 'Mã chỉ tiêu', 'Chỉ tiêu', 'Kỳ', 'Giá trị', 'Đơn vị']);
    const col = (name: string) => header.indexOf(name) + 1;
    const provinces = new Map<string, number | null>();
    const totals = new Map<string, unknown>();
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const code = row.getCell(col('Mã tỉnh')).value;
      const value = row.getCell(col('Giá trị')).value as number | null;
      if (code) provinces.set(String(code), value ?? null);
      else totals.set(String(row.getCell(col('Tỉnh/thành phố')).value), value);
    });
    expect(provinces.size).toBe(34);
    expect(provinces.get('24')).toBe(20497);
    expect(provinces.get('79')).toBe(82859);
    const sum = [...provinces.values()].reduce<number>((s, v) => s + (v ?? 0), 0);
    expect(totals.get('Cả nước')).toBe(sum);
    expect(sum).toBe(103356);
    expect(totals.get('Cả nước (chỉ tỉnh đủ kỳ)')).toBe(20497);
    expect(workbook.getWorksheet('Thông tin')).toBeDefined();
  });

  it('the roll-up as CSV parses with csv-parse: one row per province and the national rows', async () => {
    const response = await analyst.client.request('/indicators/NV09/export.csv?period=2024');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(filenameStar(response.headers.get('content-disposition'))).toBe('Tổng hợp NV09 năm 2024.csv');
    const records = parse(await response.text(), { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
    const provinces = records.filter((r) => r['Mã tỉnh']);
    expect(provinces).toHaveLength(34);
    expect(provinces.find((r) => r['Mã tỉnh'] === '79')).toMatchObject({
      'Tỉnh/thành phố': 'TP. Hồ Chí Minh',
      'Giá trị': '82859',
      'Kỳ số liệu': '2024-9M',
      'Tình trạng': 'Thiếu kỳ',
    });
    const national = records.find((r) => r['Tỉnh/thành phố'] === 'Cả nước');
    const sum = provinces.reduce((s, r) => (r['Giá trị'] ? s.plus(r['Giá trị']) : s), new Decimal(0));
    expect(national?.['Giá trị']).toBe(sum.toString());
    expect(national?.['Số tỉnh báo cáo']).toBe('2');
  });

  it('the current values as CSV and XLSX, with the filters of `baocao values`', async () => {
    const expected = await listCurrentValues(db(), { province: '79', indicator: 'nhiem_vu' });
    expect(expected.length).toBeGreaterThan(5);
    const csv = await analyst.client.request('/values/export.csv?province=79&indicator=nhiem_vu&period=&status=');
    expect(csv.status).toBe(200);
    expect(filenameStar(csv.headers.get('content-disposition'))).toBe('Số liệu 79 nhiem_vu.csv');
    const records = parse(await csv.text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(records.map((r) => [r['Mã tỉnh'], r['Mã chỉ tiêu'], r['Giá trị']])).toEqual(expected.map((v) => ['79', v.indicator, v.value]));
    expect(records.find((r) => r['Mã chỉ tiêu'] === 'NV09')?.['Giá trị']).toBe('82859');

    const xlsx = await admin.client.request('/values/export.xlsx?status=flagged');
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    const sheet = workbook.getWorksheet('Số liệu')!;
    expect(sheet.getRow(1).getCell(10).value).toBe('Trạng thái');
    expect(sheet.rowCount - 1).toBe((await listCurrentValues(db(), { status: 'flagged' })).length);
    expect(sheet.getRow(2).getCell(10).value).toBe('Chờ duyệt');

    expect((await analyst.client.request('/values/export.csv?status=maybe')).status).toBe(400);
  });

  it('reviewers read the pages but do not export; analysts and admins do', async () => {
    await page(revHcm, '/indicators/NV09?period=2024');
    expect(await page(revHcm, '/indicators/NV09?period=2024')).not.toContain('id="export-xlsx"');
    for (const path of ['/indicators/NV09/export.xlsx?period=2024', '/indicators/NV09/export.csv?period=2024', '/values/export.csv', '/values/export.xlsx']) {
      const response = await revHcm.client.request(path);
      expect(response.status, path).toBe(403);
      expect(await response.json()).toMatchObject({ error: 'forbidden' });
    }
    expect((await admin.client.request('/indicators/NV09/export.csv?period=2024')).status).toBe(200);
    expect((await new Client(server.url).request('/values/export.csv')).status).toBe(401);
  });
});

describe('province pages', () => {
  it('/provinces lists the 34 units with what each has sent', async () => {
    const html = await page(revHcm, '/provinces');
    expect(html.match(/<tr data-province="\d{2}"/g)).toHaveLength(34);
    expect(rowOf(html, 'data-province', '79')).toContain('2024-9M');
    expect(html).toMatch(/<tr data-province="01" class="no-data">/);
  });

  it('/provinces/79: every indicator with a value, its latest figure, a trend per row and one drawn large', async () => {
    const html = await page(analyst, '/provinces/79');
    const nv09 = rowOf(html, 'data-indicator', 'NV09');
    expect(nv09).toContain('data-value="82859"');
    expect(nv09).toContain('82.859');
    // One year only: a dot with its number (open: the year is covered in part), not a lone column.
    expect(nv09).toMatch(
      /<svg class="chart sparkline sparkline-one"[\s\S]*<g class="spark-dot spark-dot-partial"><title>năm 2024: 82\.859 triệu đồng \(2024-9M; Thiếu kỳ\)<\/title>[\s\S]*>82\.859<\/text>/,
    );
    expect(html).toContain('id="chart-province-trend"');
    expect(html).toContain('id="export-values-xlsx" href="/values/export.xlsx?province=79"');
    const trend = await page(analyst, '/provinces/79?indicator=NV09&kind=quarter');
    expect(trend).toContain('<option value="NV09" selected>');
    expect(trend).toContain('Không có số liệu theo quý');
    await page(analyst, '/provinces/99', 404);
  });

  it("a reviewer reads another province's figures but not its documents' ids, names or numbers", async () => {
    const tn = await documentId(TN);
    const html = await page(revHcm, '/provinces/80');
    expect(rowOf(html, 'data-indicator', 'NV09')).toContain('18.600');
    expect(html).not.toContain('href="/documents/');
    expect(html).not.toContain(`#${tn}`);
    expect(html).not.toContain(TN);
    expect(await page(revHcm, '/provinces/79')).toContain(`href="/documents/${await documentId(HCM)}"`);
  });

  it("on a roll-up page a reviewer sees every province's figure, and the documents of their own provinces only", async () => {
    const tn = await documentId(TN);
    const [number] = await db().select({ n: documents.documentNumber }).from(documents).where(eq(documents.id, tn));
    const reviewer = await page(revHcm, '/indicators/NV02?period=2025-H1');
    const row80 = rowOf(reviewer, 'data-province', '80');
    expect(row80).toMatch(/data-value="\d+"/);
    expect(row80).not.toContain(`/documents/${tn}`);
    expect(row80).not.toContain(TN);
    expect(row80).not.toContain(number!.n!);
    expect(row80).toContain('doc-hidden');
    // An analyst sees the same row with its document.
    expect(rowOf(await page(analyst, '/indicators/NV02?period=2025-H1'), 'data-province', '80')).toContain(`href="/documents/${tn}"`);
  });
});

describe('document pages', () => {
  it('/documents lists the documents with status, province, period and runs; a reviewer sees only their provinces', async () => {
    const html = await page(analyst, '/documents');
    expect(html).toContain('<strong id="documents-total">3</strong>');
    const hcm = rowOf(html, 'data-document', String(await documentId(HCM)));
    expect(hcm).toContain('79 TP. Hồ Chí Minh');
    expect(hcm).toContain('9 tháng năm 2024');
    expect(hcm).toContain('Đã trích xuất');
    expect(hcm).toContain('title="chờ duyệt">4</span>');
    const filtered = await page(analyst, '/documents?province=80&period=&group=&status=');
    expect(filtered).toContain('<strong id="documents-total">1</strong>');

    const mine = await page(revHcm, '/documents');
    expect(mine).toContain('<strong id="documents-total">1</strong>');
    expect(mine).not.toContain('id="rerun-selection"');
    expect(mine).not.toContain('id="export-values-csv"');
    await page(revHcm, '/documents?province=80', 403);
    await page(revHcm, `/documents/${await documentId(TN)}`, 403);
  });

  it('a document page has its metadata and the stored file to download, byte for byte', async () => {
    const id = await documentId(BG);
    const html = await page(analyst, `/documents/${id}`);
    expect(html).toContain('498/BC-KHCN');
    expect(html).toContain(`<a class="button" id="document-download" href="/documents/${id}/file" download>`);
    expect(html).toContain('id="single-run"');
    const file = await analyst.client.request(`/documents/${id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(filenameStar(file.headers.get('content-disposition'))).toBe(BG);
    const bytes = Buffer.from(await file.arrayBuffer());
    const original = await readFile(new URL(BG, reportsDir));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(original).digest('hex'));
    expect((await revHcm.client.request(`/documents/${id}/file`)).status).toBe(403);
  });
});

describe('re-runs', () => {
  it('a reviewer cannot start one (403), and neither can a form without the CSRF token (403): no run is added', async () => {
    const id = await documentId(HCM);
    const before = await runsOf(HCM);
    expect(await page(revHcm, `/documents/${id}`)).not.toContain('id="rerun-document"');
    const reviewer = await revHcm.client.request(`/documents/${id}/rerun`, { form: { _csrf: revHcm.csrf } });
    expect(reviewer.status).toBe(403);
    expect(await reviewer.text()).toContain('rev.hcm là người duyệt; vai trò này không được làm việc này.');
    const selection = await revHcm.client.request('/documents/rerun', { form: { _csrf: revHcm.csrf, province: '79' } });
    expect(selection.status).toBe(403);

    const noToken = await analyst.client.request(`/documents/${id}/rerun`, { form: {} });
    expect(noToken.status).toBe(403);
    expect(await noToken.text()).toContain('CSRF');
    const wrongToken = await analyst.client.request(`/documents/${id}/rerun`, { form: { _csrf: revHcm.csrf } });
    expect(wrongToken.status).toBe(403);
    expect(await runsOf(HCM)).toEqual(before);
  });

  it("an analyst's re-run adds a current run; the document page shows the two runs side by side with what changed", async () => {
    const id = await documentId(HCM);
    const [old] = await runsOf(HCM);
    expect(old).toMatchObject({ isCurrent: true });
    // The first run stands in for one made by older rules: one number read differently, one
    // value the new rules no longer find (CS04), and one they now find (NV10, flagged and
    // undecided, so nothing refers to it).
    await db()
      .update(extractedValues)
      .set({ value: '80' })
      .where(and(eq(extractedValues.runId, old!.id), eq(extractedValues.indicatorId, 'NV02')));
    await db()
      .delete(extractedValues)
      .where(and(eq(extractedValues.runId, old!.id), eq(extractedValues.indicatorId, 'NV10')));
    await db().insert(extractedValues).values({
      runId: old!.id,
      indicatorId: 'CS04',
      value: '12.5',
      unit: '%',
      rawText: '12,5%',
      evidence: '12,5%',
      page: 1,
      confidence: 0.5,
      extractor: 'rules',
      status: 'flagged',
    });

    const page1 = await page(analyst, `/documents/${id}`);
    expect(page1).toContain(`<form method="post" action="/documents/${id}/rerun" id="rerun-document-form"`);
    const response = await analyst.client.request(`/documents/${id}/rerun`, { form: { _csrf: analyst.csrf } });
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toBe(`/documents/${id}?rerun=done&selected=1&extracted=1&failed=0&skipped=0`);

    const runs = await runsOf(HCM);
    expect(runs).toHaveLength(2);
    expect(runs[0]).toEqual({ id: old!.id, isCurrent: false });
    expect(runs[1]!.isCurrent).toBe(true);
    expect(await db().select({ trigger: extractionRuns.trigger }).from(extractionRuns).where(eq(extractionRuns.id, runs[1]!.id))).toEqual([
      { trigger: 'rerun' },
    ]);

    const html = await page(analyst, location);
    expect(html).toContain('id="rerun-notice"');
    expect(html).toContain(`<table class="data diff" id="run-diff" data-run-a="${old!.id}" data-run-b="${runs[1]!.id}">`);
    expect(html).toMatch(/<span class="change change-added" data-count="1">/);
    expect(html).toMatch(/<span class="change change-removed" data-count="1">/);
    expect(html).toMatch(/<span class="change change-changed" data-count="1">/);
    const nv02 = rowOf(html, 'data-indicator', 'NV02');
    expect(nv02).toMatch(/data-value="80">80 <span class="unit">nhiệm vụ<\/span>[\s\S]*data-value="81">81 <span class="unit">nhiệm vụ<\/span>[\s\S]*Đổi/);
    expect(html).toMatch(/<tr class="change-added" data-indicator="NV10" data-change="added">/);
    expect(html).toMatch(/<tr class="change-removed" data-indicator="CS04" data-change="removed">/);
    expect(html).toMatch(/<tr class="change-same" data-indicator="NV09" data-change="same">/);
    // The published figures are what the new run published.
    expect(provinceRows(await page(analyst, '/indicators/NV02?period=2024-9M'), 'rollup-table')).toEqual({ '79': '81' });
  });

  it('a re-run of a selection takes what `baocao run rerun --province` takes, and says so', async () => {
    const list = await page(admin, '/documents?province=80');
    expect(list).toContain('<strong id="rerun-count" data-count="1">Số văn bản: 1.</strong>');
    expect(list).toMatch(/<button type="submit" class="button-primary" id="rerun-selection">/);
    expect(await page(admin, '/documents')).toMatch(/id="rerun-selection" disabled>/);
    const before = await runsOf(TN);
    const response = await admin.client.request('/documents/rerun', { form: { _csrf: admin.csrf, province: '80', period: '2025-h1', group: '' } });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/documents?province=80&period=2025-H1&rerun=done&selected=1&extracted=1&failed=0&skipped=0');
    const after = await runsOf(TN);
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)!.isCurrent).toBe(true);
    expect(await page(admin, response.headers.get('location')!)).toContain('Đã chạy lại: 1 văn bản được chọn, 1 trích xuất xong');

    const empty = await admin.client.request('/documents/rerun', { form: { _csrf: admin.csrf, province: '' } });
    expect(empty.status).toBe(400);
    const unknown = await admin.client.request('/documents/rerun', { form: { _csrf: admin.csrf, group: 'no_such_group' } });
    expect(unknown.status).toBe(400);
    expect(await runsOf(TN)).toEqual(after);
  });

  it('a server built without a runner offers no re-run and refuses one (503); without a store, no download', async () => {
    const session = await loggedIn(bare.url, 'analyst', PASSWORD);
    const id = await documentId(BG);
    const html = await page(session, `/documents/${id}`);
    expect(html).not.toContain('id="rerun-document"');
    expect(html).not.toContain('id="document-download"');
    const before = await runsOf(BG);
    expect((await session.client.request(`/documents/${id}/rerun`, { form: { _csrf: session.csrf } })).status).toBe(503);
    expect(await runsOf(BG)).toEqual(before);
    expect((await session.client.request(`/documents/${id}/file`)).status).toBe(404);
  });
});

describe('charts and file names', () => {
  it('charts escape their labels and write numbers the Vietnamese way', () => {
    const bars = barChart({ title: 'a <b> & "c"', bars: [{ label: '<script>', value: '1204.5', title: 'x "y"' }] }).text;
    expect(bars).not.toContain('<script>');
    expect(bars).toContain('&lt;script&gt;');
    expect(bars).toContain('>1.204,5</text>');
    expect(bars).toContain('aria-label="a &lt;b&gt; &amp; &quot;c&quot;"');
    const line = lineChart({
      title: 't',
      points: [
        { label: '2024', value: '42.5', title: 'a' },
        { label: '2025', value: null, title: 'b' },
        { label: '2026', value: '0.25', title: 'c' },
      ],
    }).text;
    expect(line).toContain('>42,5</text>');
    expect(line.match(/<path class="line"/g)).toHaveLength(2); // the gap breaks the line
    expect(niceTicks(0, 103356).ticks).toEqual([0, 25000, 50000, 75000, 100000, 125000]);
    expect(niceTicks(0, 0.9).ticks.map((x) => x.toFixed(1))).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
  });

  it('Content-Disposition carries the Vietnamese name (RFC 5987) and an ASCII stand-in', () => {
    expect(contentDisposition('Tổng hợp NV02 quý III/2025.xlsx')).toBe(
      `attachment; filename="Tong-hop-NV02-quy-III-2025.xlsx"; filename*=UTF-8''T%E1%BB%95ng%20h%E1%BB%A3p%20NV02%20qu%C3%BD%20III-2025.xlsx`,
    );
    expect(contentDisposition('Đà Nẵng "báo cáo"\r\n(1).pdf')).toMatch(
      /^attachment; filename="Da-Nang-bao-cao-1\.pdf"; filename\*=UTF-8''%C4%90%C3%A0%20N%E1%BA%B5ng%20%22b%C3%A1o%20c%C3%A1o%22-%281%29\.pdf$/,
    );
  });
});

describe('a document that could not be read', () => {
  it('shows its error code beside the sentence, in the list and on its page', async () => {
    const inbox = await mkdtemp(join(tmpdir(), 'baocao-failed-'));
    try {
      await writeFile(join(inbox, 'hong.pdf'), '%PDF-1.7\nnot a PDF body at all\n%%EOF\n');
      expect(await ingestFolder(activities, { dir: inbox, trigger: 'ingest', concurrency: 1 })).toMatchObject({ failed: 1 });
    } finally {
      await rm(inbox, { recursive: true, force: true });
    }
    const [failed] = await db()
      .select({ id: documents.id, error: documents.error, code: documents.failureCode })
      .from(documents)
      .where(eq(documents.originalName, 'hong.pdf'));
    expect(failed!.code).toBe('corrupt');
    const code = '<code class="error-code" translate="no">corrupt</code>';
    const row = rowOf(await page(analyst, '/documents'), 'data-document', String(failed!.id));
    expect(row).toContain('data-code="corrupt"');
    expect(row).toContain(code);
    const html = await page(analyst, `/documents/${failed!.id}`);
    expect(/<section class="notice notice-error" id="document-errors">[\s\S]*?<\/section>/.exec(html)?.[0]).toContain(code);
  });
});
