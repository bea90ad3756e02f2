// Downloads for analysts: a roll-up (db/rollup.ts) or a list of stored values (db/values.ts)
// as CSV or XLSX, with Vietnamese headers. Pure: the caller sends or writes the result.
//
// CSV: RFC 4180 (CRLF, fields quoted when needed), UTF-8 with a BOM, without which Excel reads
// the file as ANSI and breaks every Vietnamese letter. Numbers are the exact decimal strings
// ("14200.5"), for programs; people who want Excel formatting take the XLSX.
// XLSX: numbers are numbers, shown with their own decimals. A value a double cannot hold
// exactly (more than about 15 significant digits) is written as its decimal text instead of
// being rounded silently.
import { Decimal } from 'decimal.js';
import ExcelJS from 'exceljs';
import { formatVi } from '../shared/format-vi.ts';
import type { Measure, ProvinceRollup, Rollup, RollupPart } from '../db/rollup.ts';
import type { AuditEntry } from '../db/audit.ts';
import type { Kpi, KpiReport } from '../extractors/kpi.ts';
import type { StoredValue } from '../db/values.ts';
import type { Messages } from './i18n/index.ts';
import { vi } from './i18n/vi.ts';
import { localTime } from '../shared/local-time.ts';
import { actorName, auditDetails } from './views/admin.ts';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type ExportFormat = 'csv' | 'xlsx';

// ---------------------------------------------------------------------------------------
// One table model, written out as CSV or as a worksheet

type CellKind = 'text' | 'decimal' | 'integer';

interface Column {
  header: string;
  kind: CellKind;
  /** Worksheet column width, in characters. */
  width: number;
}

/** Cells are strings (numbers as exact decimal strings) or null for empty. */
type Cell = string | null;

interface Sheet {
  name: string;
  columns: Column[];
  rows: Cell[][];
  /** Rows from this index on are totals, printed bold. */
  totalsFrom?: number;
}

const BOM = '\uFEFF';

/** Text a spreadsheet would run as a formula: untrusted report text must stay text. */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(cell: Cell, kind: CellKind): string {
  if (cell === null) return '';
  const text = kind === 'text' && FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function toCsv(sheet: Sheet): string {
  const lines = [
    sheet.columns.map((c) => csvField(c.header, 'text')),
    ...sheet.rows.map((row) => row.map((cell, i) => csvField(cell, sheet.columns[i]!.kind))),
  ];
  return BOM + lines.map((fields) => `${fields.join(',')}\r\n`).join('');
}

/** "#,##0.00" for a value written with two decimals: what the report wrote, no more, no less. */
function numberFormat(decimal: string): string {
  const scale = decimal.split('.')[1]?.length ?? 0;
  return scale === 0 ? '#,##0' : `#,##0.${'0'.repeat(scale)}`;
}

/** The number a cell can hold without changing the value, or null. */
function exactNumber(decimal: string): number | null {
  const n = Number(decimal);
  return Number.isFinite(n) && new Decimal(n).eq(new Decimal(decimal)) ? n : null;
}

function addWorksheet(workbook: ExcelJS.Workbook, sheet: Sheet): void {
  const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = sheet.columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  sheet.rows.forEach((cells, index) => {
    const row = ws.addRow([]);
    cells.forEach((cell, i) => {
      if (cell === null) return;
      const target = row.getCell(i + 1);
      const kind = sheet.columns[i]!.kind;
      if (kind === 'text') {
        target.value = cell;
        return;
      }
      const n = exactNumber(cell);
      target.value = n ?? cell;
      target.numFmt = kind === 'integer' ? '#,##0' : numberFormat(cell);
      if (n === null) target.alignment = { horizontal: 'right' };
    });
    if (sheet.totalsFrom !== undefined && index >= sheet.totalsFrom) row.font = { bold: true };
  });
}

async function toXlsx(sheets: Sheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'baocao';
  for (const sheet of sheets) addWorksheet(workbook, sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------
// Vietnamese wording: the files are Vietnamese, in the words of the application's catalogue

const MEASURE_VI = (measure: Measure): string => vi.measure[measure].long;
const QUALIFIER_VI: Record<string, string> = vi.qualifier;
const STATUS_VI: Record<StoredValue['status'], string> = vi.valueStatus;
const COVERAGE_VI = (coverage: ProvinceRollup['coverage']): string => vi.coverage[coverage].label;

const summable = (measure: Measure) => measure === 'flow' || measure === 'stock';

/** What a reader should know about where a province's number came from. */
function partNotes(parts: RollupPart[]): string {
  return parts
    .flatMap((p) => {
      const notes = [];
      if (p.qualifier) notes.push(`${p.periodKey}: ${QUALIFIER_VI[p.qualifier] ?? p.qualifier} ${formatVi(p.value)}`);
      if (p.review === 'correct') notes.push(`${p.periodKey}: đã sửa khi duyệt`);
      return notes;
    })
    .join('; ');
}

function documentsOf(parts: RollupPart[]): string {
  return parts.map((p) => (p.documentNumber ? `${p.documentNumber} (${p.document})` : p.document)).join('; ');
}

// ---------------------------------------------------------------------------------------
// Roll-ups

/** The columns a roll-up and a value list share, defined once so that both downloads head and size them alike. */
const SHARED_COLUMN = {
  provinceCode: { header: 'Mã tỉnh', kind: 'text', width: 8 },
  province: { header: 'Tỉnh/thành phố', kind: 'text', width: 22 },
  indicatorId: { header: 'Mã chỉ tiêu', kind: 'text', width: 11 },
  indicator: { header: 'Chỉ tiêu', kind: 'text', width: 40 },
  value: { header: 'Giá trị', kind: 'decimal', width: 16 },
  unit: { header: 'Đơn vị', kind: 'text', width: 14 },
} satisfies Record<string, Column>;

const ROLLUP_COLUMNS: Column[] = [
  SHARED_COLUMN.provinceCode,
  SHARED_COLUMN.province,
  SHARED_COLUMN.indicatorId,
  SHARED_COLUMN.indicator,
  { header: 'Kỳ', kind: 'text', width: 16 },
  SHARED_COLUMN.value,
  SHARED_COLUMN.unit,
  { header: 'Kỳ số liệu', kind: 'text', width: 22 },
  { header: 'Tình trạng', kind: 'text', width: 14 },
  { header: 'Số tỉnh báo cáo', kind: 'integer', width: 10 },
  { header: 'Số tỉnh đủ kỳ', kind: 'integer', width: 10 },
  { header: 'Tỉnh chưa báo cáo', kind: 'text', width: 40 },
  { header: 'Ghi chú', kind: 'text', width: 40 },
  { header: 'Văn bản', kind: 'text', width: 40 },
];

function rollupSheet(r: Rollup): Sheet {
  const { indicator, period, national } = r;
  const head = (code: string | null, name: string): Cell[] => [code, name, indicator.id, indicator.nameVi, period.label];
  const rows: Cell[][] = r.provinces.map((p) => [
    ...head(p.code, p.shortName),
    p.value,
    indicator.unit,
    p.periods.join('; ') || null,
    COVERAGE_VI(p.coverage),
    null,
    null,
    null,
    partNotes(p.parts) || null,
    documentsOf(p.parts) || null,
  ]);
  const missing = national.missing.map((m) => m.shortName).join('; ') || null;
  const stats = national.stats;
  const spread = stats
    ? `trung vị ${formatVi(stats.median)} (thấp nhất ${formatVi(stats.min)}, cao nhất ${formatVi(stats.max)}) trên ${stats.count} tỉnh đủ kỳ`
    : 'chưa tỉnh nào đủ kỳ';
  const totals: Cell[][] = [
    [
      ...head(null, 'Cả nước'),
      summable(indicator.measure) ? national.value : null,
      indicator.unit,
      null,
      national.complete === national.expected ? 'Đủ kỳ' : 'Chưa đủ',
      String(national.provinces),
      String(national.complete),
      missing,
      summable(indicator.measure)
        ? national.partial.length > 0
          ? `gồm ${national.partial.length} tỉnh thiếu kỳ: ${national.partial.map((p) => p.shortName).join('; ')}`
          : null
        : `${indicator.measure === 'ratio' ? 'Tỷ lệ' : 'Điểm'} không cộng giữa các tỉnh; ${spread}`,
      null,
    ],
  ];
  // The sum over complete provinces only matters when a partial one is in the first.
  if (summable(indicator.measure) && national.partial.length > 0) {
    totals.push([
      ...head(null, 'Cả nước (chỉ tỉnh đủ kỳ)'),
      national.completeValue,
      indicator.unit,
      null,
      null,
      null,
      String(national.complete),
      null,
      null,
      null,
    ]);
  }
  return { name: 'Tổng hợp', columns: ROLLUP_COLUMNS, rows: [...rows, ...totals], totalsFrom: rows.length };
}

/** What the table is, for people: numbers written the Vietnamese way, as text. */
function infoSheet(r: Rollup): Sheet {
  const { indicator, period, national } = r;
  const vi = (value: string | null | undefined) => (value == null ? null : `${formatVi(value)} ${indicator.unit}`);
  const places = (refs: { code: string; shortName: string }[]) => refs.map((p) => `${p.code} ${p.shortName}`).join('; ') || null;
  const rows: [string, string | null][] = [
    ['Mã chỉ tiêu', indicator.id],
    ['Chỉ tiêu', indicator.nameVi],
    ['Đơn vị', indicator.unit],
    ['Cách tổng hợp', MEASURE_VI(indicator.measure)],
    ['Kỳ', period.label],
    ['Kỳ báo cáo định kỳ (Nghị định 09/2019)', `${period.start} – ${period.end}`],
    ['Kỳ thống kê (dương lịch)', `${period.calendar.start} – ${period.calendar.end}`],
    ['Tổng cả nước', summable(indicator.measure) ? vi(national.value) : 'không cộng'],
    ['Tổng các tỉnh đủ kỳ', summable(indicator.measure) ? vi(national.completeValue) : 'không cộng'],
    ['Số tỉnh báo cáo', `${national.provinces}/${national.expected}`],
    ['Số tỉnh đủ kỳ', `${national.complete}/${national.expected}`],
    ['Tỉnh thiếu kỳ', places(national.partial)],
    ['Tỉnh chưa báo cáo', places(national.missing)],
    ['Trung vị (tỉnh đủ kỳ)', vi(national.stats?.median)],
    ['Thấp nhất (tỉnh đủ kỳ)', vi(national.stats?.min)],
    ['Cao nhất (tỉnh đủ kỳ)', vi(national.stats?.max)],
  ];
  return {
    name: 'Thông tin',
    columns: [
      { header: 'Mục', kind: 'text', width: 36 },
      { header: 'Nội dung', kind: 'text', width: 60 },
    ],
    rows,
  };
}

/** The roll-up as CSV: one row per province (all of them), then the national row(s). */
export function rollupCsv(r: Rollup): string {
  return toCsv(rollupSheet(r));
}

/** The roll-up as a workbook: the table ("Tổng hợp") and what it is ("Thông tin"). */
export function rollupXlsx(r: Rollup): Promise<Buffer> {
  return toXlsx([rollupSheet(r), infoSheet(r)]);
}

/** "NV02_2025-H1.xlsx": ASCII, so no Content-Disposition encoding is needed. */
export function rollupFileName(r: Rollup, format: ExportFormat): string {
  return `${r.indicator.id}_${r.period.key}.${format}`;
}

// ---------------------------------------------------------------------------------------
// Value lists

/** The value list: each column beside the cell it shows of a value, so that the two cannot drift apart. */
const VALUE_FIELDS: { column: Column; cell: (v: StoredValue) => Cell }[] = [
  { column: SHARED_COLUMN.provinceCode, cell: (v) => v.provinceCode },
  { column: SHARED_COLUMN.province, cell: (v) => v.province },
  { column: { header: 'Kỳ', kind: 'text', width: 22 }, cell: (v) => v.periodLabel },
  { column: { header: 'Mã kỳ', kind: 'text', width: 10 }, cell: (v) => v.periodKey },
  { column: SHARED_COLUMN.indicatorId, cell: (v) => v.indicator },
  { column: SHARED_COLUMN.indicator, cell: (v) => v.indicatorName },
  { column: SHARED_COLUMN.value, cell: (v) => v.value },
  { column: SHARED_COLUMN.unit, cell: (v) => v.unit },
  { column: { header: 'Ghi nhận', kind: 'text', width: 10 }, cell: (v) => (v.qualifier ? (QUALIFIER_VI[v.qualifier] ?? v.qualifier) : null) },
  { column: { header: 'Trạng thái', kind: 'text', width: 18 }, cell: (v) => STATUS_VI[v.status] },
  { column: { header: 'Lý do', kind: 'text', width: 30 }, cell: (v) => v.reasons.join('; ') || null },
  { column: { header: 'Trang', kind: 'integer', width: 7 }, cell: (v) => String(v.page) },
  { column: { header: 'Trích dẫn', kind: 'text', width: 60 }, cell: (v) => v.evidence },
  { column: { header: 'Văn bản', kind: 'text', width: 30 }, cell: (v) => v.document },
  { column: { header: 'Độ tin cậy', kind: 'decimal', width: 10 }, cell: (v) => v.confidence.toFixed(2) },
];

function valuesSheet(rows: StoredValue[]): Sheet {
  return { name: 'Số liệu', columns: VALUE_FIELDS.map((f) => f.column), rows: rows.map((v) => VALUE_FIELDS.map((f) => f.cell(v))) };
}

/** Stored values as CSV, one row per value; no total, since a list mixes periods and indicators. */
export function valuesCsv(rows: StoredValue[]): string {
  return toCsv(valuesSheet(rows));
}

export function valuesXlsx(rows: StoredValue[]): Promise<Buffer> {
  return toXlsx([valuesSheet(rows)]);
}

// ---------------------------------------------------------------------------------------
// Any table (the audit)

export type { Sheet };

export function tableCsv(sheet: Sheet): string {
  return toCsv(sheet);
}

export function tableXlsx(sheets: Sheet[]): Promise<Buffer> {
  return toXlsx(sheets);
}

/** The audit as a table, in the reader's language, newest first as on the page. */
export function auditSheet(t: Messages, entries: AuditEntry[]): Sheet {
  const a = t.admin.audit;
  return {
    name: a.title,
    columns: [
      { header: a.when, kind: 'text', width: 17 },
      { header: a.who, kind: 'text', width: 16 },
      { header: a.action, kind: 'text', width: 22 },
      { header: a.target, kind: 'text', width: 36 },
      { header: a.province, kind: 'text', width: 8 },
      { header: a.period, kind: 'text', width: 10 },
      { header: a.details, kind: 'text', width: 60 },
    ],
    rows: entries.map((e) => [
      localTime(e.at),
      actorName(t, e.actor),
      a.actions[e.action] ?? e.action,
      e.targetName,
      e.provinceCode ?? (Array.isArray(e.details.provinces) ? (e.details.provinces as string[]).join(', ') : null),
      e.periodKey,
      auditDetails(t, e) || null,
    ]),
  };
}

// ---------------------------------------------------------------------------------------
// The reporting KPIs: a sheet of provinces with the national line, and a sheet of periods

/** A share as a percentage with one decimal ("66.7"), or null. */
const percentCell = (x: number | null): Cell => (x === null ? null : (x * 100).toFixed(1));
const oneDecimal = (x: number | null): Cell => (x === null ? null : x.toFixed(1));

function kpiColumns(t: Messages, first: Column[]): Column[] {
  const c = t.kpi.columns;
  const n = (header: string, kind: CellKind = 'decimal', width = 12): Column => ({ header, kind, width });
  return [
    ...first,
    n(c.due, 'integer'),
    n(c.onTime, 'integer'),
    n(c.late, 'integer'),
    n(c.missing, 'integer'),
    n(c.onTimeRate),
    n(c.daysLate),
    n(c.reported, 'integer'),
    n(c.expected, 'integer'),
    n(c.completeness),
    n(c.values, 'integer'),
    n(c.flagged),
    n(c.corrected),
    n(c.decision, 'decimal', 18),
  ];
}

function kpiCells(k: Kpi): Cell[] {
  return [
    String(k.due),
    String(k.onTime),
    String(k.late),
    String(k.missing),
    percentCell(k.onTimeRate),
    oneDecimal(k.averageDaysLate),
    String(k.reported),
    String(k.expected),
    percentCell(k.completeness),
    String(k.values),
    percentCell(k.flaggedShare),
    percentCell(k.correctedShare),
    oneDecimal(k.medianHoursToDecision === null ? null : k.medianHoursToDecision / 24),
  ];
}

/** The KPIs as a workbook, in the reader's language (Vietnamese for the command line). */
export function kpiXlsx(r: KpiReport, t: Messages = vi): Promise<Buffer> {
  const x = t.kpi;
  const provinces: Sheet = {
    name: x.sheetProvinces,
    columns: kpiColumns(t, [
      { header: x.code, kind: 'text', width: 6 },
      { header: x.province, kind: 'text', width: 18 },
    ]),
    rows: [...r.provinces.map((p) => [p.code, p.shortName, ...kpiCells(p.kpi)]), [null, x.national, ...kpiCells(r.national)]],
    totalsFrom: r.provinces.length,
  };
  const periods: Sheet = {
    name: x.sheetPeriods,
    columns: kpiColumns(t, [
      { header: x.code, kind: 'text', width: 10 },
      { header: x.columns.period, kind: 'text', width: 18 },
      { header: x.columns.deadline, kind: 'text', width: 11 },
    ]),
    rows: r.byPeriod.map((p, i) => [p.key, r.periods[i]!.label, r.periods[i]!.deadline, ...kpiCells(p.kpi)]),
  };
  return toXlsx([provinces, periods]);
}

export function kpiFileName(r: KpiReport): string {
  const first = r.periods[0]!.key;
  const last = r.periods[r.periods.length - 1]!.key;
  return first === last ? `KPI ${last}.xlsx` : `KPI ${first}_${last}.xlsx`;
}
