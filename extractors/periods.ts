// Reporting periods: Vietnamese period phrases -> Period (ISO start/end, canonical label, key).
//
// Windows depend on the report kind:
// - 'periodic' (Nghị định 09/2019/NĐ-CP) uses data cut-off windows:
//   month m = 15th of m-1 .. 14th of m; quarter = 15th of the month before the quarter ..
//   14th of its last month; 6 tháng đầu = 15 Dec (y-1) .. 14 Jun; 6 tháng cuối = 15 Jun ..
//   14 Dec; 9 tháng = 15 Dec (y-1) .. 14 Sep; năm = 15 Dec (y-1) .. 14 Dec.
// - every other kind uses calendar periods (months, quarters, halves, 1 Jan .. 31 Dec).
// - 'range' ("giai đoạn 2021-2025") is calendar for every kind (1 Jan of the first year ..
//   31 Dec of the last): Nghị định 09 defines no cut-off for multi-year reviews.
// - 'as_of' is a point in time: start = end = that date, key = the ISO date, label
//   "đến ngày D/M/YYYY". "tính đến tháng 7/2025" means the end of that month:
//   2025-07-31, the same key and label as "đến ngày 31/7/2025". "tính đến hết năm 2024"
//   is 2024-12-31.
//
// resolvePeriod reads a period as people ask for one (a key or a phrase) and gives both
// windows its key stands for: the roll-ups, the analyst pages and the CLI's --period use it.
import type { Period, PeriodKind, ReportKind } from './types.ts';

const ROMAN = ['I', 'II', 'III', 'IV'] as const;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** The 15th of the month before month m of year y (the start of a cut-off window). */
function cutoffStart(y: number, m: number): string {
  return m === 1 ? iso(y - 1, 12, 15) : iso(y, m - 1, 15);
}

function validYear(y: number): boolean {
  return y >= 1900 && y <= 2100;
}

/** A valid calendar date as ISO, else null. */
export function isoDate(y: number, m: number, d: number): string | null {
  if (!validYear(y) || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return iso(y, m, d);
}

// ---------------------------------------------------------------------------
// Period constructors

/**
 * The months `first`..`last` of year `y`: calendar months, or (periodic reports, Nghị định
 * 09/2019/NĐ-CP) from the 15th of the month before `first` to the 14th of `last`.
 */
function monthsPeriod(kind: PeriodKind, y: number, first: number, last: number, periodic: boolean, label: string, key: string): Period {
  return {
    kind,
    start: periodic ? cutoffStart(y, first) : iso(y, first, 1),
    end: periodic ? iso(y, last, 14) : iso(y, last, daysInMonth(y, last)),
    label,
    key,
  };
}

function monthPeriod(y: number, m: number, periodic: boolean): Period | null {
  if (!validYear(y) || m < 1 || m > 12) return null;
  return monthsPeriod('month', y, m, m, periodic, `tháng ${m}/${y}`, `${y}-M${pad2(m)}`);
}

function quarterPeriod(y: number, q: number, periodic: boolean): Period | null {
  if (!validYear(y) || q < 1 || q > 4) return null;
  return monthsPeriod('quarter', y, 3 * q - 2, 3 * q, periodic, `quý ${ROMAN[q - 1]}/${y}`, `${y}-Q${q}`);
}

function halfPeriod(y: number, h: 1 | 2, periodic: boolean): Period | null {
  if (!validYear(y)) return null;
  return monthsPeriod('half', y, h === 1 ? 1 : 7, h === 1 ? 6 : 12, periodic, `6 tháng ${h === 1 ? 'đầu' : 'cuối'} năm ${y}`, `${y}-H${h}`);
}

function nineMonthsPeriod(y: number, periodic: boolean): Period | null {
  if (!validYear(y)) return null;
  return monthsPeriod('nine_months', y, 1, 9, periodic, `9 tháng năm ${y}`, `${y}-9M`);
}

function yearPeriod(y: number, periodic: boolean): Period | null {
  if (!validYear(y)) return null;
  return monthsPeriod('year', y, 1, 12, periodic, `năm ${y}`, String(y));
}

function rangePeriod(from: number, to: number): Period | null {
  if (!validYear(from) || !validYear(to) || from >= to) return null;
  return {
    kind: 'range',
    start: iso(from, 1, 1),
    end: iso(to, 12, 31),
    label: `giai đoạn ${from}-${to}`,
    key: `${from}-${to}`,
  };
}

function asOfPeriod(y: number, m: number, d: number): Period | null {
  const date = isoDate(y, m, d);
  if (!date) return null;
  return { kind: 'as_of', start: date, end: date, label: `đến ngày ${d}/${m}/${y}`, key: date };
}

// ---------------------------------------------------------------------------
// Scanning text for period phrases

/** A period phrase found in text; `year` is null when the phrase names no year ("quý III", "9 tháng"). */
export interface PeriodMatch {
  index: number;
  length: number;
  /** Builds the period once the year is known (the phrase's own year, or one borrowed from context). */
  build: (year: number, periodic: boolean) => Period | null;
  year: number | null;
}

const SEP = String.raw`\s*(?:[/.-]|năm)\s*`; // "5/2025", "5-2025", "5 năm 2025"
const YEAR = String.raw`(\d{4})(?!\d)`;
const NOT_AFTER_DATE_DAY = String.raw`(?<!ngày\s*\d{0,2}\s*)`; // "ngày 10 tháng 6 năm 2025" is a date
const NOT_AFTER_NUMBER = String.raw`(?<![\d/.,])`;

function romanOrDigit(s: string): number {
  const i = ROMAN.indexOf(s.toUpperCase() as (typeof ROMAN)[number]);
  return i >= 0 ? i + 1 : Number(s);
}

interface Pattern {
  re: RegExp;
  /** From the match groups: the year (null if absent) and the builder. */
  read: (m: RegExpExecArray) => Omit<PeriodMatch, 'index' | 'length'> | null;
}

const PATTERNS: Pattern[] = [
  // "Có đến ngày 31/12 năm 2024", "tính đến ngày 30/6/2025", "đến hết ngày 31 tháng 12 năm 2024"
  {
    re: new RegExp(String.raw`(?:(?:có|tính)\s+)?(?:đến|tới)\s+(?:hết\s+)?ngày\s*(\d{1,2})\s*(?:[/.-]|tháng)\s*(\d{1,2})${SEP}${YEAR}`, 'gu'),
    read: (m) => {
      const d = Number(m[1]);
      const mo = Number(m[2]);
      const y = Number(m[3]);
      return { year: y, build: (yy) => asOfPeriod(yy, mo, d) };
    },
  },
  // "tính đến tháng 7/2025", "đến hết tháng 7 năm 2025"
  {
    re: new RegExp(String.raw`(?:(?:có|tính)\s+)?(?:đến|tới)\s+(?:hết\s+)?tháng\s*(\d{1,2})${SEP}${YEAR}`, 'gu'),
    read: (m) => {
      const mo = Number(m[1]);
      const y = Number(m[2]);
      return {
        year: y,
        build: (yy) => (mo >= 1 && mo <= 12 && validYear(yy) ? asOfPeriod(yy, mo, daysInMonth(yy, mo)) : null),
      };
    },
  },
  // "tính đến hết năm 2024", "đến hết năm 2024"
  {
    re: new RegExp(String.raw`(?:(?:có|tính)\s+(?:đến|tới)\s+(?:hết\s+)?|(?:đến|tới)\s+hết\s+)năm\s*${YEAR}`, 'gu'),
    read: (m) => ({ year: Number(m[1]), build: (yy) => asOfPeriod(yy, 12, 31) }),
  },
  // "giai đoạn 2021-2025", "giai đoạn 2021 - 2025", "giai đoạn từ năm 2021 đến năm 2025"
  {
    re: /(?:giai\s+đoạn|thời\s+kỳ)\s+(?:từ\s+)?(?:năm\s+)?(\d{4})\s*(?:-|đến|tới)\s*(?:năm\s+)?(\d{4})(?!\d)/gu,
    read: (m) => {
      const from = Number(m[1]);
      const to = Number(m[2]);
      return { year: to, build: () => rangePeriod(from, to) };
    },
  },
  // "6 tháng đầu năm 2025", "6 tháng cuối năm 2025", "06 tháng năm 2025", "sáu tháng đầu năm"
  {
    re: new RegExp(String.raw`${NOT_AFTER_NUMBER}${NOT_AFTER_DATE_DAY}(?:0?6|sáu)\s+tháng(?:\s+(đầu|cuối)\s+năm|\s+năm)?(?:\s*${YEAR}|(?!\s*\d))`, 'gu'),
    read: (m) => {
      const h = m[1] === 'cuối' ? 2 : 1;
      return { year: m[2] ? Number(m[2]) : null, build: (yy, p) => halfPeriod(yy, h, p) };
    },
  },
  // "9 tháng năm 2024", "9 tháng đầu năm 2024", "chín tháng"
  {
    re: new RegExp(String.raw`${NOT_AFTER_NUMBER}${NOT_AFTER_DATE_DAY}(?:0?9|chín)\s+tháng(?:\s+đầu)?(?:\s+năm)?(?:\s*${YEAR}|(?!\s*\d))`, 'gu'),
    read: (m) => ({ year: m[1] ? Number(m[1]) : null, build: (yy, p) => nineMonthsPeriod(yy, p) }),
  },
  // "quý III/2025", "quý 3 năm 2025", "Quý III năm 2025", "quý I-2025", "quý III" (no year)
  {
    re: new RegExp(String.raw`quý\s+(iv|iii|ii|i|[1-4])(?![\p{L}\d])(?:${SEP}${YEAR}|(?!\s*[/.-]?\s*\d))`, 'gu'),
    read: (m) => {
      const q = romanOrDigit(m[1]!);
      return { year: m[2] ? Number(m[2]) : null, build: (yy, p) => quarterPeriod(yy, q, p) };
    },
  },
  // "tháng 5/2025", "tháng 05/2025", "tháng 5 năm 2025" (not "ngày 10 tháng 6 năm 2025")
  {
    re: new RegExp(String.raw`${NOT_AFTER_DATE_DAY}(?<!\d\s*)tháng\s*(\d{1,2})${SEP}${YEAR}`, 'gu'),
    read: (m) => {
      const mo = Number(m[1]);
      return { year: Number(m[2]), build: (yy, p) => monthPeriod(yy, mo, p) };
    },
  },
  // "năm 2024" (not the year of a date "... tháng 6 năm 2025", "31/12 năm 2024")
  {
    re: new RegExp(String.raw`(?<!(?:tháng|/)\s*\d{0,2}\s*)năm\s*${YEAR}`, 'gu'),
    read: (m) => ({ year: Number(m[1]), build: (yy, p) => yearPeriod(yy, p) }),
  },
];

/** Lowercase, NFC, "quí" -> "quý", dashes -> "-", odd spaces -> " " (length-preserving after NFC). */
function prepare(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/quí/g, 'quý')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u00a0\u2000-\u200b\u202f]/g, ' ');
}

/** Every period phrase in `text`, in order of position (longest first at the same position). */
export function scanPeriods(text: string): PeriodMatch[] {
  const t = prepare(text);
  const found: PeriodMatch[] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(t); m; m = p.re.exec(t)) {
      const r = p.read(m);
      if (r) found.push({ ...r, index: m.index, length: m[0].length });
      if (m[0].length === 0) p.re.lastIndex++;
    }
  }
  found.sort((a, b) => a.index - b.index || b.length - a.length);
  // Drop matches that lie inside an earlier, longer one ("tháng 7/2025" inside "tính đến tháng 7/2025").
  const out: PeriodMatch[] = [];
  let coveredTo = -1;
  for (const f of found) {
    if (f.index < coveredTo) continue;
    out.push(f);
    coveredTo = f.index + f.length;
  }
  return out;
}

/** Parse a period phrase; the reporting window depends on the report kind: periodic administrative reports (Nghị định 09/2019) use data cut-off windows (monthly: 15th of previous month to 14th; quarterly: 15th of the month before the quarter to the 14th of its last month; 6-month: 15 Dec of the previous year to 14 Jun; 9-month: 15 Dec previous year to 14 Sep; annual: 15 Dec previous year to 14 Dec); statistical reports and everything else use calendar periods (1 Jan - 31 Dec, calendar quarters, months, halves). */
export function parsePeriod(text: string, reportKind: ReportKind): Period | null {
  const periodic = reportKind === 'periodic';
  for (const m of scanPeriods(text)) {
    if (m.year === null) continue;
    const p = m.build(m.year, periodic);
    if (p) return p;
  }
  return null;
}

/** Where the plan part of a title begins: "... và phương hướng, nhiệm vụ ...", "...; kế hoạch năm 2025". */
const PLAN_RE = /(?:\s+và\s+|\s*[,;:]\s*|\s+-\s+)(?:phương\s+hướng|kế\s+hoạch|nhiệm\s+vụ|định\s+hướng|dự\s+kiến|mục\s+tiêu)|phương\s+hướng/u;

/**
 * The period being REPORTED in a title: the first period phrase before the plan part
 * ("và phương hướng/nhiệm vụ/kế hoạch ..."); if the title has only plan periods, its first period.
 * A phrase without a year ("quý III và 9 tháng đầu năm 2025") takes the next year written in the title.
 */
export function findReportPeriod(title: string, reportKind: ReportKind): Period | null {
  const t = prepare(title);
  const periodic = reportKind === 'periodic';
  const planAt = t.search(PLAN_RE);
  const candidates: { index: number; period: Period }[] = [];
  for (const m of scanPeriods(title)) {
    let year = m.year;
    if (year === null) {
      const next = /(?<!\d)((?:19|20)\d{2})(?!\d)/.exec(t.slice(m.index + m.length));
      if (!next) continue;
      year = Number(next[1]);
    }
    const period = m.build(year, periodic);
    if (period) candidates.push({ index: m.index, period });
  }
  if (candidates.length === 0) return null;
  const reported = planAt < 0 ? candidates[0] : (candidates.find((c) => c.index < planAt) ?? candidates[0]);
  return reported!.period;
}

const KEY_PHRASES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^(\d{4})-H1$/, (m) => `6 tháng đầu năm ${m[1]}`],
  [/^(\d{4})-H2$/, (m) => `6 tháng cuối năm ${m[1]}`],
  [/^(\d{4})-9M$/, (m) => `9 tháng năm ${m[1]}`],
  [/^(\d{4})-Q([1-4])$/, (m) => `quý ${ROMAN[Number(m[2]) - 1]}/${m[1]}`],
  [/^(\d{4})-M(0[1-9]|1[0-2])$/, (m) => `tháng ${Number(m[2])}/${m[1]}`],
  [/^(\d{4})$/, (m) => `năm ${m[1]}`],
];

/** The period a key names ("2025-H1", "2025-Q3", "2025-M05", "2024-9M", "2024"), or null. */
export function periodFromKey(key: string, reportKind: ReportKind): Period | null {
  for (const [pattern, phrase] of KEY_PHRASES) {
    const m = pattern.exec(key.trim().toUpperCase());
    if (m) return parsePeriod(phrase(m), reportKind);
  }
  return null;
}

/** A requested period: its key and label, and both windows its key can stand for. */
export interface RollupPeriod {
  key: string;
  kind: PeriodKind;
  /** "năm 2025", "quý III/2025". */
  label: string;
  /** The cut-off window of periodic reports (Nghị định 09/2019), ISO dates, inclusive. */
  start: string;
  end: string;
  /** The calendar window of statistical reports; the same as start/end for ranges and dates. */
  calendar: { start: string; end: string };
}

function rollupPeriod(periodic: Period, calendar: Period): RollupPeriod {
  return {
    key: periodic.key,
    kind: periodic.kind,
    label: periodic.label,
    start: periodic.start,
    end: periodic.end,
    calendar: { start: calendar.start, end: calendar.end },
  };
}

/**
 * A period as people write it: a key (2025, 2025-H1, 2025-Q3, 2025-M05 or 2025-05, 2024-9M,
 * 2021-2025, 2024-12-31) or a phrase ("quý III/2025", "6 tháng đầu năm 2025", "năm 2024",
 * "giai đoạn 2021-2025", "đến ngày 31/12/2024"); null when it names no period.
 */
export function resolvePeriod(input: string): RollupPeriod | null {
  let text = input.trim().normalize('NFC');
  const month = /^(\d{4})-(\d{1,2})$/.exec(text);
  if (month) text = `${month[1]}-M${month[2]!.padStart(2, '0')}`;
  const range = /^(\d{4})\s*-\s*(\d{4})$/.exec(text);
  if (range) text = `giai đoạn ${range[1]}-${range[2]}`;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) text = `đến ngày ${Number(date[3])}/${Number(date[2])}/${date[1]}`;
  const periodic = periodFromKey(text, 'periodic') ?? parsePeriod(text, 'periodic');
  if (!periodic) return null;
  // Ranges and dates have one window; keys name both.
  return rollupPeriod(periodic, periodFromKey(periodic.key, 'statistical') ?? periodic);
}

/**
 * The key of a reporting period and the `count - 1` periods of the same kind before it, oldest
 * first: 2025-Q3, 4 -> 2024-Q4, 2025-Q1, 2025-Q2, 2025-Q3. The "9 tháng" of a year follows the
 * one of the year before, as a year follows a year. Null for a key of no reporting period.
 */
export function periodsEndingWith(key: string, count: number): string[] | null {
  const k = key.trim().toUpperCase();
  const steps: [RegExp, (y: number, n: number) => string, number][] = [
    [/^(\d{4})$/, (y) => String(y), 1],
    [/^(\d{4})-9M$/, (y) => `${y}-9M`, 1],
    [/^(\d{4})-H([12])$/, (y, n) => `${y}-H${n}`, 2],
    [/^(\d{4})-Q([1-4])$/, (y, n) => `${y}-Q${n}`, 4],
    [/^(\d{4})-M(0[1-9]|1[0-2])$/, (y, n) => `${y}-M${pad2(n)}`, 12],
  ];
  for (const [pattern, keyOf, perYear] of steps) {
    const m = pattern.exec(k);
    if (!m) continue;
    // Periods counted from year 0: the one before is one less, across year ends.
    const index = Number(m[1]) * perYear + (m[2] ? Number(m[2]) - 1 : 0);
    return Array.from({ length: count }, (_, i) => {
      const at = index - (count - 1 - i);
      return keyOf(Math.floor(at / perYear), (at % perYear) + 1);
    });
  }
  return null;
}
