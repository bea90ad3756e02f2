// Classification of a parsed report: which province sent it, for which period, what kind
// of report, its number and date of issue. Pure: reads only the first page of the document
// (and the province catalogue).
//
// The first page is flattened into "lines": a text block is one line, a table block gives
// one line per cell (a DOCX header is often a 2-column table). A PDF parser may have merged
// the left and right header columns onto one line ("ỦY BAN NHÂN DÂN TỈNH TÂY NINH CỘNG HÒA
// XÃ HỘI CHỦ NGHĨA VIỆT NAM"); the province finder works on tokens, so that does not matter.
//   header = the lines before the title ("BÁO CÁO ...")
//   title  = the lines from "BÁO CÁO" up to "Kính gửi" (or the first body line)
import { readHeader } from './header.ts';
import { findIssuingProvinces, findPlaceDateProvince, findReportingProvince, type ProvinceMatch } from './provinces.ts';
import { decideScope } from './scope.ts';
import { findReportPeriod, isoDate, parsePeriod } from './periods.ts';
import type { Block, Classification, ParsedDocument, Period, ReportKind } from './types.ts';

/** How many lines the title may span when no "Kính gửi" closes it. */
const MAX_TITLE_LINES = 6;
/** How many lines count as header when no "BÁO CÁO" title is found. */
const MAX_HEADER_LINES = 10;

function blockLines(block: Block): string[] {
  if (block.kind === 'table')
    return block.rows
      .flat()
      .map((c) => c.normalize('NFC').trim())
      .filter((c) => c !== '');
  const t = block.text.normalize('NFC').trim();
  return t === '' ? [] : [t];
}

function firstPageLines(doc: ParsedDocument): string[] {
  const page = doc.pages.find((p) => p.blocks.length > 0);
  return page ? page.blocks.flatMap(blockLines) : [];
}

const TITLE_AT_START = /^\s*báo\s+cáo(?![\p{L}\p{M}])/iu;
/** "BÁO CÁO" in capitals inside a line (a PDF line that also carries header text). */
const TITLE_INSIDE = /(?<![\p{L}\p{M}])BÁO\s+CÁO(?![\p{L}\p{M}])/u;
const KINH_GUI = /kính\s+gửi/iu;
/** A line that starts the body: the title cannot extend past it. */
const BODY_START =
  /^\s*(?:căn\s+cứ|thực\s+hiện\s+(?:công\s+văn|văn\s+bản|kế\s+hoạch|quyết\s+định|chỉ\s+thị)|phần\s+[IVX\d]|[IVX]+\s*[.:]\s|[A-Z]\s*[.:]\s|\d+\s*[.:]\s)/iu;

interface Parts {
  header: string[];
  title: string[];
  /** Lines after the title (the first page's body). */
  body: string[];
}

function splitFirstPage(lines: string[]): Parts {
  let titleLine = -1;
  let titleOffset = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (TITLE_AT_START.test(line)) {
      titleLine = i;
      break;
    }
    const m = TITLE_INSIDE.exec(line);
    if (m) {
      titleLine = i;
      titleOffset = m.index;
      break;
    }
    if (KINH_GUI.test(line)) break;
  }
  if (titleLine < 0) {
    let end = lines.findIndex((l) => KINH_GUI.test(l));
    if (end < 0) end = Math.min(lines.length, MAX_HEADER_LINES);
    return { header: lines.slice(0, end), title: [], body: lines.slice(end) };
  }
  const header = lines.slice(0, titleLine);
  const before = lines[titleLine]!.slice(0, titleOffset).trim();
  if (before) header.push(before);
  const title: string[] = [];
  let i = titleLine;
  const first = lines[titleLine]!.slice(titleOffset);
  for (; i < lines.length && title.length < MAX_TITLE_LINES; i++) {
    const line = i === titleLine ? first : lines[i]!;
    const kg = KINH_GUI.exec(line);
    if (kg) {
      const head = line.slice(0, kg.index).trim();
      if (head) title.push(head);
      break;
    }
    if (i > titleLine && BODY_START.test(line)) break;
    title.push(line);
  }
  return { header, title, body: lines.slice(i) };
}

// ---------------------------------------------------------------------------
// Number and date of issue

/**
 * "Số: 215/BC-SKHCN", "Số 215/BC-SKHCN", "Số: 15 /BC-SKHCN", "SỐ:215/BC-KHCN" -> "215/BC-SKHCN".
 * The label is "Số"/"SỐ" (capital S) or "số:" with a colon, so "Công văn số 12/BKHCN" is not taken.
 */
const NUMBER_RE = /(?<![\p{L}\p{M}])(?:S[ốỐ]\s*:?|s[ốỐ]\s*:)\s*(\d+\p{L}?)\s*\/\s*([\p{L}\p{N}&.]+(?:\s*-\s*[\p{L}\p{N}&.]+)*)/u;

export function findDocumentNumber(text: string): string | null {
  const m = NUMBER_RE.exec(text.normalize('NFC'));
  if (!m) return null;
  const symbol = m[2]!.replace(/\s+/g, '').replace(/\.+$/, '');
  if (!symbol) return null;
  return `${m[1]}/${symbol}`;
}

const DATE_WORDS = /ngày\s*(\d{1,2})\s+tháng\s*(\d{1,2})\s+năm\s*(\d{4})(?!\d)/iu;
const DATE_SLASH = /ngày\s*(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)/iu;

function dateIn(text: string, placeOnly: boolean): string | null {
  const prefix = placeOnly ? String.raw`,\s*` : '';
  for (const re of [DATE_WORDS, DATE_SLASH]) {
    const r = new RegExp(prefix + re.source, re.flags);
    const m = r.exec(text);
    if (!m) continue;
    const [d, mo, y] = re === DATE_WORDS ? [m[1], m[2], m[3]] : [m[1], m[3], m[4]];
    const date = isoDate(Number(y), Number(mo), Number(d));
    if (date) return date;
  }
  return null;
}

/** Date of issue: the place-and-date line ("Tây Ninh, ngày 10 tháng 6 năm 2025", "..., ngày 10/6/2025"). */
export function findIssueDate(headerText: string): string | null {
  return dateIn(headerText, true) ?? dateIn(headerText, false);
}

// ---------------------------------------------------------------------------
// Report kind

/** Statistical form codes: 01/KHCN-TC ... 10/KHCN-NLAT (Thông tư 15/2018, 45/2025). */
const FORM_CODE = /(?<!\d)\d{1,2}\s*\/\s*KHCN\s*-\s*[A-ZĐ]+/u;
const FORM_LINE = /^\s*biểu(?:\s+số)?\s*:?\s*\d/iu;
const PERIODIC_WORDS = /kết\s+quả|tình\s+hình|tổng\s+kết|sơ\s+kết|công\s+tác|hoạt\s+động|thực\s+hiện/iu;
const PERIODIC_KINDS = new Set<Period['kind']>(['month', 'quarter', 'half', 'nine_months', 'year']);

function reportKindOf(parts: Parts): ReportKind {
  const title = parts.title.join(' ');
  const top = [...parts.header, title].join('\n');
  if (/thống\s+kê/iu.test(title) || FORM_CODE.test(top)) return 'statistical';
  if ([...parts.header, ...parts.title, ...parts.body].some((l) => FORM_LINE.test(l) || FORM_CODE.test(l.slice(0, 40)))) {
    return 'statistical';
  }
  if (/chuyên\s+đề/iu.test(top)) return 'thematic';
  if (/đột\s+xuất/iu.test(top)) return 'adhoc';
  if (PERIODIC_WORDS.test(title)) {
    const p = findReportPeriod(title, 'periodic');
    if (p && PERIODIC_KINDS.has(p.kind)) return 'periodic';
  }
  return 'unknown';
}

/** What may follow the place in a line that is only a place-and-date line (day and month may be blank in drafts). */
const DATE_REST = /^\s*,\s*ngày\s*(?:\d{1,2}\s*)?(?:tháng\s*(?:\d{1,2}\s*)?năm\s*\d{4}|[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4})\s*\.?\s*$/iu;

/**
 * The province of a line that is exactly "<Nơi>, ngày ... tháng ... năm ..." — not a sentence
 * that merely starts with a place and a date ("Đà Nẵng, ngày 5/3/2025 đoàn công tác ...").
 */
function placeDateLine(line: string): ProvinceMatch | null {
  const m = findPlaceDateProvince(line, { atStart: true });
  if (!m) return null;
  const rest = line.trimStart().slice(m.evidence.length);
  return DATE_REST.test(rest) ? m : null;
}

// ---------------------------------------------------------------------------

export function classifyDocument(doc: ParsedDocument): Classification {
  const lines = firstPageLines(doc);
  const parts = splitFirstPage(lines);
  const headerText = parts.header.join('\n');
  const title = parts.title.join(' ');

  let province: ProvinceMatch | null = findReportingProvince(headerText);
  if (!province) {
    // A line of the first page that is nothing but a place-and-date line.
    for (const line of lines) {
      province = placeDateLine(line);
      if (province) break;
    }
  }

  const reportKind = reportKindOf(parts);

  let period = title ? findReportPeriod(title, reportKind) : null;
  if (!period) {
    const rest = [...parts.title, ...parts.body].join('\n');
    period = parsePeriod(rest, reportKind) ?? parsePeriod(lines.join('\n'), reportKind);
  }

  // The header as the document states it: type, issuer, number and date read with care on scans.
  const header = readHeader(doc);
  if (!province && header.provinceCode) province = { code: header.provinceCode, evidence: header.provinceEvidence ?? header.provinceCode, oldCode: null };
  const scope = decideScope(header);

  const otherProvinces = findIssuingProvinces(headerText).filter((m) => m.code !== province?.code);
  return {
    provinceCode: province?.code ?? null,
    provinceEvidence: province?.evidence ?? null,
    period,
    reportKind,
    number: header.number,
    issuedOn: header.date,
    documentType: header.documentType,
    issuer: header.issuer,
    issueYear: header.year,
    signedAt: header.signedAt,
    headerConfidence: { ...header.confidence, province: province ? (province.code === header.provinceCode ? header.confidence.province : 0.9) : null },
    marks: [...(header.incomingStamp ? ['incoming_stamp'] : []), ...(header.urgency ? [header.urgency] : [])],
    scope: scope.scope,
    scopeReason: scope.reason,
    warnings: header.warnings,
    ...(otherProvinces.length > 0 ? { otherProvinces: otherProvinces.map((m) => ({ code: m.code, evidence: m.evidence })) } : {}),
  };
}
