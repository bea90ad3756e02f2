// The reporting KPIs against real Postgres: the read model over a known set-up
// (test/helpers/kpi-setup.ts), then /kpi and /kpi.xlsx over real HTTP, with who may see them.
import ExcelJS from 'exceljs';
import { parse, type HTMLElement } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpiOf } from '../../db/kpi-queries.ts';
import { createUser } from '../../db/users.ts';
import type { KpiReport } from '../../extractors/kpi.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { CATALOGUE_SIZE, KPI_AS_OF, KPI_PASSWORD, KPI_PERIOD, seedKpiSetup } from '../helpers/kpi-setup.ts';
import { Client, loggedIn, startServer, type RunningServer } from './helpers.ts';

let t: TestDatabase;
let server: RunningServer;
let report: KpiReport;
type Session = { client: Client; csrf: string };
let analyst: Session;
let admin: Session;
let reviewer: Session;
let submitter: Session;

const QUERY = `period=${KPI_PERIOD}&periods=3&asOf=${KPI_AS_OF}`;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedKpiSetup(t.handle.db);
  report = await kpiOf(t.handle.db, { periodKeys: ['2025-Q1', '2025-Q2', '2025-Q3'], asOf: KPI_AS_OF, daysAfterCutoff: 6 });
  await createUser(t.handle.db, { username: 'analyst', password: KPI_PASSWORD, role: 'analyst' });
  await createUser(t.handle.db, { username: 'admin', password: KPI_PASSWORD, role: 'admin' });
  await createUser(t.handle.db, { username: 'nop.tayninh', password: KPI_PASSWORD, role: 'submitter', provinces: ['80'] });
  server = await startServer({ db: t.handle.db, logRequests: false });
  [analyst, admin, reviewer, submitter] = await Promise.all([
    loggedIn(server.url, 'analyst', KPI_PASSWORD),
    loggedIn(server.url, 'admin', KPI_PASSWORD),
    loggedIn(server.url, 'rev.tayninh', KPI_PASSWORD),
    loggedIn(server.url, 'nop.tayninh', KPI_PASSWORD),
  ]);
});

afterAll(async () => {
  await server?.close();
  await t?.drop();
});

const row = (code: string) => report.provinces.find((p) => p.code === code)!.kpi;

describe('the KPI read model', () => {
  it('gives each period its deadline as baocao status does', () => {
    expect(report.periods).toEqual([
      { key: '2025-Q1', label: 'quý I/2025', deadline: '2025-03-20' },
      { key: '2025-Q2', label: 'quý II/2025', deadline: '2025-06-20' },
      { key: '2025-Q3', label: 'quý III/2025', deadline: '2025-09-20' },
    ]);
    expect(report.provinces).toHaveLength(34);
  });

  it('measures Tây Ninh: two of three on time, 5 days late once, its copy counted once, one value corrected of seven', () => {
    const k = row('80');
    expect([k.due, k.onTime, k.late, k.missing]).toEqual([3, 2, 1, 0]);
    expect(k.onTimeRate).toBeCloseTo(2 / 3, 10);
    expect(k.averageDaysLate).toBeCloseTo(5 / 3, 10);
    // Q1 NV01, Q2 NV01 (NV05 rejected), Q3 NV01-NV04, out of the whole catalogue each quarter.
    expect([k.reported, k.expected]).toEqual([6, 3 * CATALOGUE_SIZE]);
    expect([k.values, k.flagged, k.corrected]).toEqual([7, 3, 1]);
    expect(k.flaggedShare).toBeCloseTo(3 / 7, 10);
    expect(k.correctedShare).toBeCloseTo(1 / 7, 10);
    // 24 hours (Q2) and 72 hours (Q3, its last decision): the median is 48.
    expect(k.decidedReports).toBe(2);
    expect(k.medianHoursToDecision).toBe(48);
  });

  it('measures Hà Nội (one of three, on the deadline day) and a province that sent nothing', () => {
    const hn = row('01');
    expect([hn.due, hn.onTime, hn.late, hn.missing]).toEqual([3, 1, 0, 2]);
    expect(hn.averageDaysLate).toBe(0);
    expect(hn.completeness).toBeCloseTo(2 / CATALOGUE_SIZE, 10);
    expect([hn.flaggedShare, hn.correctedShare, hn.medianHoursToDecision]).toEqual([0, 0, null]);
    const none = row('48');
    expect([none.due, none.onTime, none.missing]).toEqual([3, 0, 3]);
    expect([none.onTimeRate, none.averageDaysLate, none.completeness, none.flaggedShare, none.medianHoursToDecision]).toEqual([0, null, null, null, null]);
  });

  it('pools every province for the national totals and each period', () => {
    const n = report.national;
    expect([n.due, n.onTime, n.late, n.missing]).toEqual([102, 3, 1, 98]);
    expect(n.onTimeRate).toBeCloseTo(3 / 102, 10);
    expect(n.averageDaysLate).toBe(1.25);
    expect([n.reported, n.expected]).toEqual([8, 4 * CATALOGUE_SIZE]);
    expect([n.values, n.flagged, n.corrected]).toEqual([9, 3, 1]);
    expect(n.medianHoursToDecision).toBe(48);
    expect(report.byPeriod.map((p) => [p.key, p.kpi.onTime, p.kpi.late])).toEqual([
      ['2025-Q1', 1, 0],
      ['2025-Q2', 1, 1],
      ['2025-Q3', 1, 0],
    ]);
  });
});

async function page(session: Session, query = QUERY): Promise<HTMLElement> {
  const response = await session.client.request(`/kpi?${query}`);
  expect(response.status).toBe(200);
  return parse(await response.text());
}

/** The figure a cell shows, and the counts under it. */
const shown = (cell: HTMLElement | null) => [cell?.childNodes[0]?.text, cell?.querySelector('.kpi-sub')?.text ?? null];
const cellValues = (tr: HTMLElement) => tr.querySelectorAll('td').map((td) => td.getAttribute('data-value') ?? '');
const order = (doc: HTMLElement) => doc.querySelectorAll('#kpi-table tbody tr').map((tr) => tr.getAttribute('data-province'));

describe('/kpi', () => {
  it('shows every province with its figures, in Vietnamese, and the national totals', async () => {
    const doc = await page(analyst);
    expect(doc.querySelector('h1')?.text).toBe('Chỉ số đánh giá việc báo cáo (KPI)');
    expect(doc.querySelector('#kpi-window')?.text).toContain('quý I/2025 – quý III/2025 (3 kỳ)');
    expect(doc.querySelector('#kpi-window')?.text).toContain('tính đến ngày 01/10/2025');
    expect(order(doc)).toHaveLength(34);
    const tn = doc.querySelector('#kpi-table tr[data-province="80"]')!;
    // Code, name, then on time, days late, completeness, flagged, corrected, days to decision.
    const [, , onTime, daysLate, completeness, flagged, corrected, decision] = cellValues(tn);
    expect(Number(onTime)).toBeCloseTo(2 / 3, 10);
    expect(Number(daysLate)).toBeCloseTo(5 / 3, 10);
    expect(Number(completeness)).toBeCloseTo(6 / (3 * CATALOGUE_SIZE), 10);
    expect(Number(flagged)).toBeCloseTo(3 / 7, 10);
    expect(Number(corrected)).toBeCloseTo(1 / 7, 10);
    expect(Number(decision)).toBe(2);
    expect(shown(tn.querySelector('.kpi-onTime'))).toEqual(['66,7%', '2/3 kỳ']);
    expect(shown(tn.querySelector('.kpi-daysLate'))).toEqual(['1,7', null]);
    expect(shown(tn.querySelector('.kpi-completeness'))).toEqual([
      `${((600 / (3 * CATALOGUE_SIZE)).toFixed(1)).replace('.', ',')}%`,
      `6/${3 * CATALOGUE_SIZE} chỉ tiêu`,
    ]);
    expect(shown(tn.querySelector('.kpi-flagged'))).toEqual(['42,9%', '3/7 giá trị']);
    expect(shown(tn.querySelector('.kpi-decision'))).toEqual(['2,0', '2 báo cáo đã duyệt']);
    expect(shown(doc.querySelector('#kpi-table tr[data-province="48"] .kpi-completeness'))).toEqual(['—', null]);
    const national = doc.querySelector('#kpi-national-row')!;
    expect(national.querySelector('th')?.text).toBe('Cả nước');
    expect(shown(national.querySelector('.kpi-onTime'))).toEqual(['2,9%', '3/102 kỳ']);
    expect(shown(national.querySelector('.kpi-daysLate'))).toEqual(['1,3', null]);
    expect(shown(doc.querySelector('#kpi-national [data-kpi="corrected"] dd'))).toEqual(['11,1%', '1/9 giá trị']);
    // The two small charts: one point per period.
    expect(doc.querySelectorAll('#kpi-chart-on-time .point')).toHaveLength(3);
    expect(doc.querySelector('#kpi-chart-completeness')).not.toBeNull();
    // Each column says what it measures.
    expect(doc.querySelector('#kpi-table th[title^="Tỷ lệ kỳ đã đến hạn"]')).not.toBeNull();
  });

  it('sorts by a column through links that work without script, provinces without a figure last', async () => {
    const byCode = await page(analyst);
    expect(order(byCode).slice(0, 3)).toEqual(['01', '04', '08']);
    const onTime = await page(analyst, `${QUERY}&sort=onTime&dir=desc`);
    expect(order(onTime).slice(0, 2)).toEqual(['80', '01']);
    expect(onTime.querySelector('th[aria-sort="descending"] a')?.getAttribute('data-sort')).toBe('onTime');
    // The head of the column sorted links to the other direction.
    expect(onTime.querySelector('th[aria-sort] a')?.getAttribute('href')).toContain('sort=onTime&dir=asc');
    const late = await page(analyst, `${QUERY}&sort=daysLate&dir=desc`);
    expect(order(late).slice(0, 2)).toEqual(['80', '01']);
    const lateAsc = await page(analyst, `${QUERY}&sort=daysLate&dir=asc`);
    // Hà Nội (0 days) first; the 32 provinces that sent nothing have no delay to sort and stay last.
    expect(order(lateAsc).slice(0, 3)).toEqual(['01', '80', '04']);
    expect(order(lateAsc).at(-1)).toBe('96');
    const corrected = await page(analyst, `${QUERY}&sort=corrected&dir=desc`);
    expect(order(corrected).slice(0, 2)).toEqual(['80', '01']);
  });

  it('defaults to the latest reporting period and four periods; refuses what is no reporting period', async () => {
    const doc = await page(admin, `asOf=${KPI_AS_OF}`);
    expect(doc.querySelector('#kpi-window')?.text).toContain('quý IV/2024 – quý III/2025 (4 kỳ)');
    expect((await analyst.client.request('/kpi?period=2021-2025')).status).toBe(400);
    expect((await analyst.client.request('/kpi?period=sang%20năm')).status).toBe(400);
    expect((await analyst.client.request(`/kpi?${QUERY}&periods=40`)).status).toBe(400);
    const bad = await analyst.client.request(`/kpi?period=${KPI_PERIOD}&asOf=2025-13-45`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('không phải ngày');
  });

  it('is for analysts and admins: a reviewer is refused, a visitor sent to log in, and the menu shows it only to those who may', async () => {
    const refused = await reviewer.client.request(`/kpi?${QUERY}`);
    expect(refused.status).toBe(403);
    expect((await reviewer.client.request(`/kpi.xlsx?${QUERY}`)).status).toBe(403);
    // A province's submitter sees their own uploads, not how every province (their own included) is ranked.
    expect((await submitter.client.request(`/kpi?${QUERY}`)).status).toBe(403);
    expect((await submitter.client.request(`/kpi.xlsx?${QUERY}`)).status).toBe(403);
    const review = parse(await (await reviewer.client.request('/provinces')).text());
    expect(review.querySelector('nav a[href="/kpi"]')).toBeNull();
    const visitor = await new Client(server.url).request(`/kpi?${QUERY}`);
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('location')).toMatch(/^\/login/);
    expect((await new Client(server.url).request(`/kpi.xlsx?${QUERY}`)).status).toBe(401);
    const doc = await page(analyst);
    expect(doc.querySelector('nav a[href="/kpi"]')?.text).toBe('KPI báo cáo');
  });
});

describe('/kpi.xlsx', () => {
  it('writes the table and the national line as numbers, in the order of the page', async () => {
    const response = await analyst.client.request(`/kpi.xlsx?${QUERY}&sort=onTime&dir=desc`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    expect(response.headers.get('content-disposition')).toContain('KPI_2025-Q1_2025-Q3.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Theo tỉnh')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 7)).toEqual(['Mã', 'Tỉnh, thành phố', 'Số kỳ đến hạn', 'Nộp đúng hạn', 'Nộp trễ', 'Quá hạn chưa nộp', 'Tỷ lệ đúng hạn (%)']);
    const cells = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    // Tây Ninh first (sorted by on-time rate), then Hà Nội.
    expect(cells(2)).toEqual(['80', 'Tây Ninh', 3, 2, 1, 0, 66.7, 1.7, 6, 3 * CATALOGUE_SIZE, 3.1, 7, 42.9, 14.3, 2]);
    expect(cells(3).slice(0, 2)).toEqual(['01', 'Hà Nội']);
    expect(sheet.rowCount).toBe(36);
    const national = cells(36);
    expect(national.slice(1, 9)).toEqual(['Cả nước', 102, 3, 1, 98, 2.9, 1.3, 8]);
    expect(sheet.getRow(36).font?.bold).toBe(true);
    const periods = workbook.getWorksheet('Theo kỳ')!;
    expect((periods.getRow(3).values as unknown[]).slice(1, 9)).toEqual(['2025-Q2', 'quý II/2025', '2025-06-20', 34, 1, 1, 32, 2.9]);
  });
});

describe('/kpi before any report', () => {
  let empty: TestDatabase;
  let bare: RunningServer;
  beforeAll(async () => {
    empty = await createTestDatabase();
    await createUser(empty.handle.db, { username: 'analyst', password: KPI_PASSWORD, role: 'analyst' });
    bare = await startServer({ db: empty.handle.db, logRequests: false });
  });
  afterAll(async () => {
    await bare?.close();
    await empty?.drop();
  });

  it('says there is nothing to measure yet, as a page rather than an error', async () => {
    const session = await loggedIn(bare.url, 'analyst', KPI_PASSWORD);
    const response = await session.client.request('/kpi');
    expect(response.status).toBe(200);
    const doc = parse(await response.text());
    expect(doc.querySelector('#kpi-empty')?.text).toContain('Chưa có văn bản nào được phân loại vào một kỳ báo cáo');
    expect(doc.querySelector('#kpi-table')).toBeNull();
    expect((await session.client.request('/kpi.xlsx')).status).toBe(404);
  });
});
