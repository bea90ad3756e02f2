// The header of an administrative document (Nghị định 30/2020/NĐ-CP): who issued it, its
// number and symbol, its place and date, its type (the title line, and the symbol's
// abbreviation), and what other hands put on it: digital-signature stamps (whose signing time
// is kept as `signedAt`), an incoming-mail stamp, urgency marks. Pure: reads the first page
// of a ParsedDocument (and the stamps the parser set apart).
//
// Scans are read with care. A number or a day written in by hand comes out of OCR as
// "Số:⁄44", "ngày‡#", or as plausible but wrong digits: a part of the header is only taken when
// its words were read with confidence (or the text layer holds it), or when the document
// repeats it elsewhere; otherwise it is null, never guessed, and a warning keeps what OCR saw.
import { foldVietnamese, TYPE_TITLES, typeOfSymbol, type DocumentType } from './document-types.ts';
import { isoDate } from './periods.ts';
import { findProvinceFolded } from './province-folded.ts';
import { findReportingProvince } from './provinces.ts';
import { provinces } from './catalogue.ts';
import { findUrgency, looksLikeIncomingStamp, looksLikeSignatureStamp, readSignatureStamp, type SignatureStamp, type Urgency } from './stamps.ts';
import type { Block, ParsedDocument } from './types.ts';
import { warning as documentWarning, type DocumentWarning } from './warnings.ts';

const onPage = (w: DocumentWarning, page: number | undefined): DocumentWarning => documentWarning(w.code, w.message, page);

/** Who issued a document, by kind: the provincial People's Committee, the Department of S&T, … */
export type IssuerKind = 'ubnd_tinh' | 'so_khcn' | 'so_tttt' | 'so_khac' | 'bo' | 'hdnd' | 'khac';

export interface Issuer {
  /** "Ủy ban nhân dân tỉnh Quảng Ngãi", "Sở Giáo dục và Đào tạo thành phố Đà Nẵng". */
  name: string;
  kind: IssuerKind;
}

/** How sure each header field is, 0..1; null when the field was not found. */
export interface HeaderConfidence {
  documentType: number | null;
  issuer: number | null;
  number: number | null;
  date: number | null;
  signedAt: number | null;
  province: number | null;
}

export interface DocumentHeader {
  documentType: DocumentType;
  issuer: Issuer | null;
  /** "23/BC-UBND"; null when blank (a draft) or not read with confidence. */
  number: string | null;
  /** ISO date of issue; null when the day is blank or unreadable. */
  date: string | null;
  /** The year of the place-and-date line, even when its day could not be read. */
  year: number | null;
  provinceCode: string | null;
  provinceEvidence: string | null;
  /** The earliest signing time of the digital-signature stamps, ISO with offset. */
  signedAt: string | null;
  signatures: SignatureStamp[];
  /** An incoming-mail stamp ("CV ĐẾN Số: 2352 Ngày: 21/3/18") was found and set apart. */
  incomingStamp: boolean;
  urgency: Urgency | null;
  /** The title and what follows it ("BÁO CÁO Tình hình … tháng 01/2025"), or the "V/v …" line. */
  subject: string;
  confidence: HeaderConfidence;
  /** What OCR saw where a field was left empty ("the number was written by hand: read '⁄44'"). */
  warnings: DocumentWarning[];
}

/** A word read with at least this confidence is taken as read (the OCR flagging threshold, ocr.ts). */
const SURE = 0.8;
/** Header lines looked at: the header, the title and the trích yếu come first on a page. */
const MAX_HEADER_LINES = 28;

interface Line {
  text: string;
  block: Block;
  /** Where the line sits in its block's text (for the block's words). */
  ocr: boolean;
}

function pageLines(doc: ParsedDocument): { lines: Line[]; pageIndex: number } {
  const pageIndex = doc.pages.findIndex((p) => p.blocks.length > 0);
  const page = doc.pages[pageIndex];
  if (!page) return { lines: [], pageIndex: -1 };
  const ocr = page.source === 'ocr';
  const lines: Line[] = [];
  for (const block of page.blocks) {
    const texts = block.kind === 'table' ? block.rows.flat() : [block.text];
    for (const t of texts) {
      const text = t.normalize('NFC').trim();
      if (text) lines.push({ text, block, ocr });
    }
  }
  return { lines, pageIndex };
}

const BODY_START =
  /^\s*(?:k[íi]nh\s+g[ửu]i|c[ăa]n\s+c[ứu]|th[ựu]c\s+hi[ệe]n\s+(?:c[ôo]ng\s+v[ăa]n|v[ăa]n\s+b[ảa]n|k[ếe]\s+ho[ạa]ch|quy[ếe]t\s+[đd][ịi]nh|ch[ỉi]\s+th[ịi]|n[ộo]i\s+dung|ch[ỉi]\s+[đd][ạa]o)|ng[àa]y\s+\d{1,2}\/\d{1,2}\/\d{4},)/iu;

// ---------------------------------------------------------------------------------------------
// Confidence of what OCR read

/**
 * The lowest confidence of the OCR words under line.text[start, end) (1 on a text page). An OCR
 * block's text is its words joined by spaces, so the line is found among them and the span
 * mapped to the words it overlaps; 0.5 when that fails (neither sure nor unsure).
 */
function sureness(line: Line, start: number, end: number): number {
  if (!line.ocr) return 1;
  const words = line.block.words ?? [];
  const joined = words.map((w) => w.text).join(' ');
  const at = joined.indexOf(line.text);
  if (words.length === 0 || at < 0 || end <= start) return 0.5;
  let lowest = 1;
  let pos = 0;
  for (const w of words) {
    const from = pos;
    const to = pos + w.text.length;
    if (to > at + start && from < at + end) lowest = Math.min(lowest, w.confidence);
    pos = to + 1;
  }
  return lowest;
}

/** Start and end of a named group of a match made with the "d" flag. */
function span(m: RegExpExecArray, group: string): [number, number] {
  return m.indices?.groups?.[group] ?? [0, 0];
}

// ---------------------------------------------------------------------------------------------
// Number

/** "Số:", "SỐ", OCR's "Sô", "Só", "S6", and "ố:" when the S was lost. */
const NUMBER =
  /(?:(?<![\p{L}\p{M}])S[ốỐôÔóÓòÒồỒổỔo0O6][\s.]*[:;.]?|(?<![\p{L}\p{M}])ố\s*:)\s*(?<num>[^/\n]{0,16}?)\s*\/\s*(?<sym>[\p{L}&]+(?:\s*-\s*[\p{L}\p{N}&]+)*)/du;

/** How sure a header field is and, when it was left empty, why. */
interface FieldReading {
  confidence: number | null;
  warning: DocumentWarning | null;
}

/**
 * The header lines a field is looked for on: incoming-mail stamps are passed over, but for one
 * that `carries` (a pattern without the g flag) shows to hold the field itself: a stamp glued to
 * the number or the date.
 */
function linesFor(lines: Line[], carries: RegExp): Line[] {
  return lines.filter((line) => !looksLikeIncomingStamp(line.text) || carries.test(line.text));
}

interface NumberReading extends FieldReading {
  number: string | null;
  symbol: string | null;
}

function readNumber(lines: Line[], documentText: string, titleType: DocumentType | null): NumberReading {
  for (const line of linesFor(lines, /\/\s*\p{L}/u)) {
    const m = NUMBER.exec(line.text);
    if (!m) continue;
    const raw = m.groups!.num!;
    const symbol = m.groups!.sym!.replace(/\s+/g, '').replace(/\.+$/, '');
    const digits = raw.replace(/^[\s:;.…]+|[\s.…,]+$/g, '');
    if (digits === '') return { number: null, confidence: null, warning: null, symbol }; // blank: a draft, or filled in by hand and not scanned
    if (!/^\d{1,6}$/.test(digits)) {
      return {
        number: null,
        confidence: null,
        warning: documentWarning('number_unread', `the document number was not read: OCR saw "Số: ${raw.trim()}/${symbol}" (written by hand?)`),
        symbol,
      };
    }
    const number = `${digits}/${symbol}`;
    // Elsewhere in the document, the same number and symbol (an annex "kèm theo Công văn số 5710/UBND-SGDĐT").
    const elsewhere =
      countOf(documentText, new RegExp(`(?<!\\d)${digits}\\s*\\/\\s*${escapeRegExp(symbol).replace(/-/g, '\\s*-\\s*')}(?![\\p{L}\\p{N}])`, 'gu')) >= 2;
    const [numStart, numEnd] = span(m, 'num');
    const [symStart, symEnd] = span(m, 'sym');
    const digitSure = sureness(line, numStart, numEnd);
    let confidence = Math.min(digitSure, sureness(line, symStart, symEnd));
    if (line.ocr && !elsewhere) {
      // Each part of the symbol: read surely, or known (the title's type, the committee's code),
      // or repeated in the document (the drafting unit's code in "Lưu: VT, KGVX").
      const parts = symbol.split('-');
      let offset = symStart;
      const partsSure = parts.every((part, i) => {
        const at = line.text.indexOf(part, offset);
        offset = at < 0 ? offset : at + part.length;
        if (at >= 0 && sureness(line, at, at + part.length) >= SURE) return true;
        if (i === 0 && titleType && typeOfSymbol(part) === titleType && typeOfSymbol(symbol) === titleType) return true;
        if (/^(?:UBND|UB)$/.test(part)) return true;
        return countOf(documentText, new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(part)}(?![\\p{L}\\p{N}])`, 'gu')) >= 2;
      });
      if (digitSure < SURE || !partsSure) {
        return {
          number: null,
          confidence: null,
          warning: documentWarning(
            'number_unsure',
            `the document number was read unsure and left empty: OCR saw "${number}" (confidence ${digitSure.toFixed(2)})`,
          ),
          symbol,
        };
      }
      confidence = Math.max(Math.min(digitSure, 0.9), SURE);
    } else if (elsewhere) {
      confidence = Math.max(confidence, 0.9);
    }
    return { number, confidence: round2(confidence), warning: null, symbol };
  }
  return { number: null, confidence: null, warning: null, symbol: null };
}

function countOf(text: string, re: RegExp): number {
  return [...text.matchAll(re)].length;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

// ---------------------------------------------------------------------------------------------
// Place and date

const NGAY = 'ng[àaáảãạ]y';
const THANG = 'th[áaàảãạ]ng';
const NAM = 'n[ăaằắẳẵặàáâ]m';
/** ", ngày 23 tháng 01 năm 2025" with whatever OCR made of a day written by hand. */
// "ngày" may be lost under a day written over it ("Quảng Ngãi, #ô tháng 3 năm 2018").
const PLACE_DATE = new RegExp(
  String.raw`,\s*(?:${NGAY})?\s*(?<day>[^\s,]{0,6}?)\s*${THANG}\s*(?<month>[^\s,]{1,3})\s*(?:${NAM})?\s*(?<year>\d{4})(?!\d)`,
  'diu',
);
const PLACE_DATE_SLASH = new RegExp(String.raw`,\s*${NGAY}\s*(?<day>\d{1,2})\s*[/.-]\s*(?<month>\d{1,2})\s*[/.-]\s*(?<year>\d{4})(?!\d)`, 'diu');

interface DateReading extends FieldReading {
  date: string | null;
  year: number | null;
  line: Line | null;
}

function readDate(lines: Line[], documentText: string, signedAt: string | null): DateReading {
  for (const line of linesFor(lines, PLACE_DATE)) {
    const m = PLACE_DATE.exec(line.text) ?? PLACE_DATE_SLASH.exec(line.text);
    if (!m) continue;
    const { day: rawDay, month, year } = m.groups as { day: string; month: string; year: string };
    const y = Number(year);
    if (y < 1945 || y > 2100) continue;
    const day = rawDay.replace(/^[\s:;.…]+|[\s.…,]+$/g, '');
    if (day === '') return { date: null, year: y, confidence: null, warning: null, line };
    const date = /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) ? isoDate(y, Number(month), Number(day)) : null;
    if (!date) {
      return {
        date: null,
        year: y,
        confidence: null,
        warning: documentWarning('date_unread', `the date of issue was not read: OCR saw "ngày ${rawDay} tháng ${month} năm ${year}" (a day written by hand?)`),
        line,
      };
    }
    const [, mo, d] = date.split('-');
    const elsewhere = new RegExp(String.raw`(?<!\d)0?${Number(d)}\s*[/.-]\s*0?${Number(mo)}\s*[/.-]\s*${y}(?!\d)`, 'u').test(documentText);
    const sure = Math.min(...['day', 'month', 'year'].map((g) => sureness(line, ...span(m, g))));
    // Signed before it was issued: that day was misread.
    const afterSigning = signedAt !== null && date > signedAt.slice(0, 10);
    if (afterSigning || (line.ocr && sure < SURE && !elsewhere)) {
      const why = afterSigning ? `after its signing day ${signedAt!.slice(0, 10)}` : `confidence ${sure.toFixed(2)}`;
      return {
        date: null,
        year: y,
        confidence: null,
        warning: documentWarning('date_unsure', `the date of issue was read unsure and left empty: OCR saw "${d}/${mo}/${y}" (${why})`),
        line,
      };
    }
    return { date, year: y, confidence: round2(!line.ocr ? 1 : elsewhere ? Math.max(sure, 0.9) : Math.min(sure, 0.9)), warning: null, line };
  }
  return { date: null, year: null, confidence: null, warning: null, line: null };
}

/** A line that is nothing but a place-and-date line ("Hải Phòng, ngày 15 tháng 5 năm 2025"), wherever it stands on the page. */
const PLACE_DATE_LINE = new RegExp(String.raw`^[^,\d]{2,40}` + PLACE_DATE.source + String.raw`\s*\.?$`, 'diu');

// ---------------------------------------------------------------------------------------------
// Type

function isCapitals(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length === 0) return false;
  return letters.filter((c) => c === c.toUpperCase() && c !== c.toLowerCase()).length / letters.length >= 0.8;
}

/** The title line: a line in capitals that starts with a type's name ("THÔNG BÁO", "QUYẾT ĐỊNH CỦA UBND TỈNH"). */
function readTitle(lines: Line[]): { type: DocumentType; index: number } | null {
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.text;
    // The title may share a PDF line with the end of the header ("… năm 2025 BÁO CÁO Tổng kết …").
    const candidates = [text, ...[...text.matchAll(/(?<=\d{4}[.,]?\s+)(?=\p{Lu}{2,}\s+\p{Lu})/gu)].map((m) => text.slice(m.index))];
    for (const candidate of candidates) {
      const folded = foldVietnamese(candidate)
        .replace(/[^A-Z0-9 ]+/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      const type = titleType(folded);
      if (!type) continue;
      const head = candidate.slice(0, type.length + 2);
      if (!isCapitals(head)) continue;
      // "CÔNG VĂN ĐẾN" is an incoming-mail stamp, not a title.
      if (type.type === 'cong_van' && looksLikeIncomingStamp(candidate)) continue;
      return { type: type.type, index: i };
    }
  }
  return null;
}

/**
 * The type whose title opens the folded line: exactly, or one letter off for titles of seven
 * letters or more (OCR's "THOÔNG BÁO"), when no other title is as close.
 */
function titleType(folded: string): { type: DocumentType; length: number } | null {
  for (const [title, type] of TYPE_TITLES) {
    if (folded === title || folded.startsWith(`${title} `)) return { type, length: title.length };
  }
  const words = folded.split(' ');
  let best: { type: DocumentType; length: number; distance: number } | null = null;
  let tie = false;
  for (const [title, type] of TYPE_TITLES) {
    if (title.length < 7) continue;
    const head = words.slice(0, title.split(' ').length).join(' ');
    const d = editDistance(head, title);
    if (d > 1) continue;
    if (best && d === best.distance) tie = true;
    if (!best || d < best.distance) [best, tie] = [{ type, length: head.length, distance: d }, false];
  }
  return best && !tie ? { type: best.type, length: best.length } : null;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

const VV = /(?<![\p{L}\p{M}])V\s*\/\s*v(?![\p{L}])|(?<![\p{L}\p{M}])về\s+việc(?![\p{L}])/u;

// ---------------------------------------------------------------------------------------------
// Issuer

const DEPARTMENTS: ReadonlyArray<readonly [string, string, IssuerKind]> = [
  ['KHOA HOC VA CONG NGHE', 'Khoa học và Công nghệ', 'so_khcn'],
  ['KHOA HOC CONG NGHE', 'Khoa học và Công nghệ', 'so_khcn'],
  ['KH&CN', 'Khoa học và Công nghệ', 'so_khcn'],
  ['KHCN', 'Khoa học và Công nghệ', 'so_khcn'],
  ['THONG TIN VA TRUYEN THONG', 'Thông tin và Truyền thông', 'so_tttt'],
  ['TT&TT', 'Thông tin và Truyền thông', 'so_tttt'],
  ['GIAO DUC VA DAO TAO', 'Giáo dục và Đào tạo', 'so_khac'],
  ['GD&DT', 'Giáo dục và Đào tạo', 'so_khac'],
  ['TAI CHINH', 'Tài chính', 'so_khac'],
  ['KE HOACH VA DAU TU', 'Kế hoạch và Đầu tư', 'so_khac'],
  ['NOI VU', 'Nội vụ', 'so_khac'],
  ['TU PHAP', 'Tư pháp', 'so_khac'],
  ['XAY DUNG', 'Xây dựng', 'so_khac'],
  ['Y TE', 'Y tế', 'so_khac'],
  ['CONG THUONG', 'Công Thương', 'so_khac'],
  ['GIAO THONG VAN TAI', 'Giao thông vận tải', 'so_khac'],
  ['NONG NGHIEP VA PHAT TRIEN NONG THON', 'Nông nghiệp và Phát triển nông thôn', 'so_khac'],
  ['NONG NGHIEP VA MOI TRUONG', 'Nông nghiệp và Môi trường', 'so_khac'],
  ['TAI NGUYEN VA MOI TRUONG', 'Tài nguyên và Môi trường', 'so_khac'],
  ['LAO DONG THUONG BINH VA XA HOI', 'Lao động - Thương binh và Xã hội', 'so_khac'],
  ['VAN HOA THE THAO VA DU LICH', 'Văn hóa, Thể thao và Du lịch', 'so_khac'],
  ['NGOAI VU', 'Ngoại vụ', 'so_khac'],
  ['DAN TOC VA TON GIAO', 'Dân tộc và Tôn giáo', 'so_khac'],
];

/** The motto that shares the header's lines with the issuer (matched on folded text). */
const MOTTO = /C\s*O\s*N\s*G\s*H\s*O\s*A.{0,40}?N\s*A\s*M|D\s*O\s*C\s*L\s*A\s*P.{0,30}?P\s*H\s*U\s*C/gu;

interface IssuerReading {
  issuer: Issuer | null;
  confidence: number | null;
}

function sentenceCase(text: string): string {
  const t = text.toLowerCase().replace(/\s+/g, ' ').trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

function provinceName(code: string, oldCode: string | null): { name: string; unit: 'tỉnh' | 'thành phố' } {
  const unit = provinces().find((p) => p.code === code);
  if (!unit) return { name: code, unit: 'tỉnh' };
  if (oldCode) {
    const old = unit.formedFrom.find((f) => f.code === oldCode);
    const cities = new Set(['01', '31', '46', '48', '79', '92']);
    if (old) return { name: old.name.replace(/^TP\.\s*/, ''), unit: cities.has(oldCode) ? 'thành phố' : 'tỉnh' };
  }
  return { name: unit.shortName.replace(/^TP\.\s*/, ''), unit: unit.unitType === 'thanh_pho' ? 'thành phố' : 'tỉnh' };
}

function readIssuer(headerText: string, ocr: boolean, province: { code: string; oldCode: string | null } | null): IssuerReading {
  // Folding keeps every character's place, so a match in the folded text slices the original.
  let text = headerText.normalize('NFC');
  let folded = foldVietnamese(text).replace(/[^A-Z0-9&,\- ]/g, ' ');
  if (folded.length !== text.length) folded = folded.padEnd(text.length).slice(0, text.length);
  for (const m of folded.matchAll(MOTTO)) {
    const blank = ' '.repeat(m[0].length);
    folded = folded.slice(0, m.index) + blank + folded.slice(m.index + m[0].length);
    text = text.slice(0, m.index) + blank + text.slice(m.index + m[0].length);
  }
  const where = province ? provinceName(province.code, province.oldCode) : null;
  const inProvince = (name: string) => (where ? `${name} ${where.unit} ${where.name}` : name);
  const sure = ocr ? 0.8 : 0.95;
  const words = (s: string) => s.replace(/[,-]/g, ' ').trim().split(/\s+/).join(' ');
  // A department (the lower line of the left column) is the issuer, under its parent committee.
  const so = /(?:^|[\s,])SO\s+(?<name>[A-Z&][A-Z&, -]{1,60})/u.exec(folded);
  if (so) {
    const name = words(so.groups!.name!);
    for (const [key, proper, kind] of DEPARTMENTS) {
      if (name === key || name.startsWith(`${key} `)) return { issuer: { name: inProvince(`Sở ${proper}`), kind }, confidence: sure };
    }
  }
  const bo = /(?:^|\s)BO\s+(?<name>[A-Z][A-Z ,&-]{3,50})/u.exec(folded);
  if (bo) {
    const name = words(bo.groups!.name!);
    const known = DEPARTMENTS.find(([key]) => name === key || name.startsWith(`${key} `));
    if (known) return { issuer: { name: `Bộ ${known[1]}`, kind: 'bo' }, confidence: sure };
  }
  if (/HOI\s+DONG\s+NHAN\s+DAN|(?:^|\s)HDND(?:\s|$)/u.test(folded)) {
    return { issuer: { name: inProvince('Hội đồng nhân dân'), kind: 'hdnd' }, confidence: sure };
  }
  if (/U\s*Y?\s*BAN\s+NHAN\s+DAN|(?:^|\s)UBND(?:\s|$)/u.test(folded)) {
    if (/(?:UBND|NHAN\s+DAN)\s+(?:HUYEN|QUAN|THI\s+XA|XA|PHUONG)\s/u.test(folded))
      return { issuer: { name: sentenceCase(text.replace(/\s+/g, ' ')), kind: 'khac' }, confidence: 0.6 };
    return { issuer: { name: where ? `Ủy ban nhân dân ${where.unit} ${where.name}` : 'Ủy ban nhân dân', kind: 'ubnd_tinh' }, confidence: where ? sure : 0.6 };
  }
  if (so) {
    const start = so.index + so[0].indexOf(so.groups!.name!);
    const original = text.slice(start, start + so.groups!.name!.length).split(/\s{2,}|\s(?=TỈNH|THÀNH PHỐ)/u)[0]!;
    return { issuer: { name: inProvince(`Sở ${original.toLowerCase().replace(/\s+/g, ' ').trim()}`), kind: 'so_khac' }, confidence: ocr ? 0.6 : 0.8 };
  }
  return { issuer: null, confidence: null };
}

// ---------------------------------------------------------------------------------------------

/** Reads the header of a document's first page with text. */
export function readHeader(doc: ParsedDocument): DocumentHeader {
  const { lines: all, pageIndex } = pageLines(doc);
  const page = doc.pages[pageIndex];
  const documentText = doc.pages
    .flatMap((p) => p.blocks.map((b) => b.text))
    .join('\n')
    .normalize('NFC');
  const warnings: DocumentWarning[] = [];

  // Stamps first: what other hands put on the page is set apart from the header.
  const signatures: SignatureStamp[] = [];
  const seen = new Set<string>();
  for (const s of doc.pages.flatMap((p) => p.stamps ?? [])) {
    const read = readSignatureStamp(s, { known: true });
    if (read && !seen.has(read.text)) {
      seen.add(read.text);
      signatures.push(read);
    }
  }
  const head = all.slice(0, MAX_HEADER_LINES);
  const bodyAt = head.findIndex((l, i) => i > 2 && BODY_START.test(l.text));
  const region = bodyAt > 0 ? head.slice(0, bodyAt + 1) : head;
  const kept: Line[] = [];
  const stampLines: string[] = [];
  let incomingStamp = false;
  for (const line of region) {
    if (looksLikeSignatureStamp(line.text)) {
      stampLines.push(line.text);
      const read = readSignatureStamp(line.text);
      // OCR's reading of a stamp the PDF also holds exactly adds nothing.
      if (read && signatures.length === 0) signatures.push(read);
      continue;
    }
    if (looksLikeIncomingStamp(line.text) && !NUMBER.test(line.text) && !PLACE_DATE.test(line.text)) {
      incomingStamp = true;
      continue;
    }
    kept.push(line);
  }
  const earliestSigning =
    signatures
      .map((s) => s.signedAt)
      .filter((t): t is string => t !== null)
      .sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;

  const title = readTitle(kept);
  const numberLineIndex = kept.findIndex((l) => NUMBER.test(l.text));
  // The issuer's lines: what comes before the number (or the title), without the stamps.
  const headerEnd = numberLineIndex >= 0 ? numberLineIndex + 1 : title ? title.index : Math.min(kept.length, 6);
  const headerLines = kept.slice(0, headerEnd).map((l) => (l === kept[numberLineIndex] ? (l.text.split(NUMBER)[0] ?? '') : l.text));
  const headerText = headerLines.join('\n');
  const ocr = page?.source === 'ocr';

  const numberReading = readNumber(kept, documentText, title?.type ?? null);
  if (numberReading.warning) warnings.push(onPage(numberReading.warning, page?.number));
  let dateReading = readDate(kept, documentText, earliestSigning);
  if (!dateReading.line) {
    // A signature page or a short report may put the place and date after the title.
    const placeDate = all.filter((l) => PLACE_DATE_LINE.test(l.text));
    if (placeDate.length > 0) dateReading = readDate(placeDate, documentText, earliestSigning);
  }
  if (dateReading.warning) warnings.push(onPage(dateReading.warning, page?.number));

  // Province: the issuing body, else the place-and-date line; names as OCR wrote them as a last resort.
  const placeLine = dateReading.line?.text ?? '';
  const exact = findReportingProvince([headerText, placeLine].join('\n'));
  const folded = exact ? null : findProvinceFolded([headerText, placeLine].join('\n'));
  const province = exact ?? folded;

  // A page with no header (a second page scanned alone) names no issuer: its first lines are body text.
  const hasHeader = numberLineIndex >= 0 || dateReading.line !== null || /C\s*O\s*N\s*G\s*H\s*O\s*A/.test(foldVietnamese(headerText));
  // OCR may run a stamp and the issuer's line together ("… ttcbth@… 07:10:01 UY BAN NHAN DAN"): the
  // stamps' lines are looked at too, after the header's own (a signer is the issuer or its parent).
  const issuerReading = hasHeader
    ? readIssuer(
        [headerText, ...stampLines.map((l) => l.replace(/TRUNG\s+T[ÂA]M\s+C[ÔO]NG\s+B[ÁẢA]O.{0,16}?H[ỌO]C/giu, ' '))].join('\n'),
        ocr,
        province ? { code: province.code, oldCode: province.oldCode } : null,
      )
    : { issuer: null, confidence: null };

  // Type: the title and the symbol's abbreviation.
  const symbolType = numberReading.symbol ? typeOfSymbol(numberReading.symbol) : null;
  const hasVv = kept.slice(0, Math.max(headerEnd + 4, 8)).some((l) => VV.test(l.text));
  let documentType: DocumentType = 'unknown';
  let typeConfidence: number | null = null;
  if (title && symbolType && title.type === symbolType) [documentType, typeConfidence] = [title.type, 0.97];
  else if (title && symbolType) [documentType, typeConfidence] = [title.type, 0.6];
  else if (title) [documentType, typeConfidence] = [title.type, title.type === 'cong_van' ? 0.85 : 0.85];
  else if (symbolType === 'cong_van') [documentType, typeConfidence] = ['cong_van', hasVv ? 0.95 : 0.75];
  else if (symbolType) [documentType, typeConfidence] = [symbolType, 0.8];
  else if (hasVv) [documentType, typeConfidence] = ['cong_van', 0.6];

  // The title and its trích yếu: up to three more lines, never a body sentence.
  const subjectLines: Line[] = [];
  if (title) {
    subjectLines.push(kept[title.index]!);
    for (const l of kept.slice(title.index + 1, title.index + 4)) {
      if (BODY_START.test(l.text) || /^\s*k[íi]nh\s+g[ửu]i/iu.test(l.text) || /[.;]\s*$/.test(l.text)) break;
      subjectLines.push(l);
    }
  } else subjectLines.push(...kept.filter((l) => VV.test(l.text)).slice(0, 1));
  const subject = subjectLines
    .map((l) => l.text)
    .join(' ')
    .split(/k[íi]nh\s+g[ửu]i/iu)[0]!
    .replace(/\s+/g, ' ')
    .trim();

  return {
    documentType,
    issuer: issuerReading.issuer,
    number: numberReading.number,
    date: dateReading.date,
    year: dateReading.year,
    provinceCode: province?.code ?? null,
    provinceEvidence: province?.evidence ?? null,
    signedAt: earliestSigning,
    signatures,
    incomingStamp,
    urgency: findUrgency(region.map((l) => l.text).join('\n')),
    subject,
    confidence: {
      documentType: typeConfidence,
      issuer: issuerReading.confidence,
      number: numberReading.confidence,
      date: dateReading.confidence,
      signedAt: earliestSigning ? 1 : null,
      province: province ? (exact ? (ocr ? 0.9 : 0.98) : 0.75) : null,
    },
    warnings,
  };
}
