// Time-series tables of statistical yearbooks ("Niên giám thống kê"): one column per year
// ("2015 | 2017 | … | Sơ bộ - Prel. 2020"), or, transposed, one row per year with the
// indicators as column headers ("Năm | Số thuê bao điện thoại - Tổng số | Trong đó: Di động").
// Only the report's year is read (the other years are previous periods); a table of growth
// indices ("Chỉ số phát triển (Năm trước = 100) - %") holds no counts at all.
import type { NumberLocale } from '../numbers/locale.ts';
import { findNumbers } from '../numbers/scanner.ts';
import { indicatorById } from '../catalogue.ts';
import type { Block, CandidateValue, TableBlock } from '../types.ts';
import { foldForMatching } from './match-text.ts';

/** A yearbook's preliminary or estimated figure: "Sơ bộ 2016", "Sơ bộ - Prel. 2020", "Ước tính 2021". */
const PRELIMINARY = /sơ bộ|prel\b|ước(?: tính)?|estimate/u;
/** A cell naming one year, perhaps as preliminary; nothing else. */
const YEAR_CELL = /^(?:(?:sơ bộ|prel\.?|ước tính|ước|estimated?)\s*[-–:/.]?\s*)*((?:19|20)\d{2})\s*(?:\(\*\)|\*)?$/u;
/** A table of growth indices or shares: its figures are percentages of another year. */
const INDEX_TABLE = /năm trước\s*=\s*100|chỉ số phát triển|previous year\s*=\s*100|%|tỷ lệ|cơ cấu/u;

/** Indicators a yearbook table names by its header or row label (tested on the folded label). */
interface SeriesRule {
  indicator: string;
  label: RegExp;
  not?: RegExp;
}

const SERIES_RULES: SeriesRule[] = [
  { indicator: 'VT01', label: /thuê bao điện thoại/u, not: /di động|cố định|trong đó|chia theo/u },
  { indicator: 'VT02', label: /thuê bao internet/u, not: /trong đó|chia theo|di động|cố định/u },
  { indicator: 'NL01', label: /(?:số )?tổ chức (?:khoa học và công nghệ|kh&cn|khcn)$/u, not: /trong đó|chia theo/u },
];

/**
 * A reading of a new shape, not measured on enough yearbooks to be accepted alone: below every
 * acceptance threshold (a group's may be as low as 0.5), so a reviewer confirms it.
 */
export const SERIES_CONFIDENCE = 0.45;

export interface SeriesOptions {
  /** The report's year; when absent, the latest year of the series is taken as the report's. */
  year?: number | null;
}

function yearOf(cell: string): { year: number; preliminary: boolean } | null {
  const folded = foldForMatching(cell);
  const m = YEAR_CELL.exec(folded);
  return m ? { year: Number(m[1]), preliminary: PRELIMINARY.test(folded) } : null;
}

/** The index of the cell of the wanted year among cells naming years; null when the series has not two years or lacks it. */
function yearIndex(cells: string[], wanted: number | null | undefined): { index: number; preliminary: boolean } | null {
  const years = cells.map((c, i) => ({ i, y: yearOf(c) })).filter((x): x is { i: number; y: { year: number; preliminary: boolean } } => x.y !== null);
  if (years.length < 2) return null;
  const target = wanted ?? Math.max(...years.map((x) => x.y.year));
  const hits = years.filter((x) => x.y.year === target);
  // One column per year: a year written twice (a figure and its index) is not this shape.
  if (hits.length !== 1) return null;
  return { index: hits[0]!.i, preliminary: hits[0]!.y.preliminary };
}

/** The total row or column ("TỔNG SỐ - TOTAL") of a table whose unit line says what it counts. */
const TOTAL = /^tổng số(?:\s*[-–/]\s*total)?$/u;

/**
 * What a bare total counts, told by the unit line ("Đơn vị tính: Tổ chức - Organization") and,
 * for subscribers, by its parts beside it: telephone lines split into mobile and fixed.
 */
const TOTAL_RULES: { indicator: string; unit: RegExp; parts?: RegExp; not?: RegExp }[] = [
  { indicator: 'NL01', unit: /^(?:đơn vị tính|đvt)\s*:\s*tổ chức(?:\s*[-–/]\s*organi[sz]ations?)?\.?$/u },
  { indicator: 'VT01', unit: /^(?:đơn vị tính|đvt)\s*:\s*thuê bao\b/u, parts: /di động[^|]*\|.*cố định|cố định[^|]*\|.*di động/u, not: /internet|băng rộng/u },
];

/** The rule naming a row (or column) label; siblings are the other labels, joined by " | ". */
function ruleFor(label: string, unitLine: string, siblings: string): SeriesRule | null {
  const folded = foldForMatching(label);
  const named = SERIES_RULES.find((r) => r.label.test(folded) && !r.not?.test(folded));
  if (named || !TOTAL.test(folded)) return named ?? null;
  const others = foldForMatching(siblings);
  const total = TOTAL_RULES.find((t) => t.unit.test(unitLine) && (!t.parts || t.parts.test(others)) && !t.not?.test(`${unitLine} ${others}`));
  return total ? { indicator: total.indicator, label: TOTAL } : null;
}

function countIn(cell: string, locale: NumberLocale): string | null {
  const n = findNumbers(cell, locale).find((m) => m.kind === 'number');
  return n && /^\d+$/.test(n.value) ? n.value : null;
}

function candidate(indicator: string, value: string, preliminary: boolean, cell: string, row: string[], block: TableBlock): CandidateValue {
  return {
    indicator,
    value,
    unit: indicatorById(indicator).unit,
    qualifier: preliminary ? 'estimate' : null,
    rawText: cell.trim(),
    evidence: row.join(' | '),
    page: block.page,
    confidence: SERIES_CONFIDENCE,
    extractor: 'rules',
    context: { origin: 'table' },
  };
}

/** Rows are years: each header names an indicator, read in the row of the report's year. */
function fromYearRows(block: TableBlock, locale: NumberLocale, year: number | null | undefined, unitLine: string): CandidateValue[] {
  const header = block.rows[0] ?? [];
  const at = yearIndex(
    block.rows.slice(1).map((r) => r[0] ?? ''),
    year,
  );
  if (!at) return [];
  const row = block.rows[at.index + 1]!;
  const out: CandidateValue[] = [];
  for (let col = 1; col < header.length; col++) {
    const rule = ruleFor(header[col] ?? '', unitLine, header.join(' | '));
    const value = rule ? countIn(row[col] ?? '', locale) : null;
    if (rule && value !== null && indicatorById(rule.indicator).kind === 'count')
      out.push(candidate(rule.indicator, value, at.preliminary, row[col] ?? '', row, block));
  }
  return out;
}

/** Columns are years: each row label names an indicator, read in the column of the report's year. */
function fromYearColumns(block: TableBlock, locale: NumberLocale, year: number | null | undefined, unitLine: string): CandidateValue[] {
  const header = block.rows[0] ?? [];
  const at = yearIndex(header, year);
  if (!at || at.index === 0) return [];
  const out: CandidateValue[] = [];
  for (const row of block.rows.slice(1)) {
    const rule = ruleFor(row[0] ?? '', unitLine, block.rows.map((r) => r[0] ?? '').join(' | '));
    const value = rule ? countIn(row[at.index] ?? '', locale) : null;
    if (rule && value !== null && indicatorById(rule.indicator).kind === 'count')
      out.push(candidate(rule.indicator, value, at.preliminary, row[at.index] ?? '', row, block));
  }
  return out;
}

/** The text above the table and its header: where a yearbook says its figures are indices. */
function isIndexTable(block: TableBlock, above: string): boolean {
  return INDEX_TABLE.test(above) || (block.rows[0] ?? []).some((c) => INDEX_TABLE.test(foldForMatching(c)));
}

export function valuesFromYearTable(block: TableBlock, previous: Block | null, locale: NumberLocale, { year }: SeriesOptions = {}): CandidateValue[] {
  const above = previous && previous.kind !== 'table' ? foldForMatching(previous.text) : '';
  if (block.rows.length < 2 || isIndexTable(block, above)) return [];
  return [...fromYearRows(block, locale, year, above), ...fromYearColumns(block, locale, year, above)];
}
