// Text helpers shared by the PDF and DOCX parsers: normalisation and the heading tests that both
// formats apply to a line or paragraph.
import type { TableBlock } from '../types.ts';

/** Zero-width characters and the soft hyphen: invisible, and they break string matching. */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: the zero-width joiner is removed alone, on purpose
const INVISIBLE = /[\u00ad\u200b\u200c\u200d\u2060\ufeff]/g;

/** NFC, invisible characters removed, every run of whitespace (NBSP included) one space, trimmed. */
export function cleanText(s: string): string {
  return s.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** A table block from raw cell strings: cells cleaned, empty trailing cells and empty rows dropped. */
export function makeTableBlock(page: number, rawRows: readonly (readonly string[])[]): TableBlock {
  const rows: string[][] = [];
  for (const raw of rawRows) {
    const row = raw.map(cleanText);
    while (row.length > 0 && row[row.length - 1] === '') row.pop();
    if (row.length > 0) rows.push(row);
  }
  return { kind: 'table', page, rows, text: tableText(rows) };
}

/** Rows as "cell | cell" lines joined with "\n": the text grounding searches. */
export function tableText(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.join(' | ')).join('\n');
}

/** "I. KẾT QUẢ ĐẠT ĐƯỢC", "II. PHƯƠNG HƯỚNG, NHIỆM VỤ", "IV) ..." */
export const ROMAN_SECTION = /^[IVXL]{1,6}[.)]\s+\S/;

/** A line that starts a list item or a numbered section: "1.", "1.2.", "a)", "-", "+", "•". */
export const ITEM_START = /^(?:[IVXL]{1,6}[.)]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][.)]|[-+•*–])\s/iu;

/** At least four cased letters and no lower-case letter: "BÁO CÁO", "PHỤ LỤC". */
export function isAllCaps(s: string): boolean {
  const letters = s.match(/\p{L}/gu) ?? [];
  const cased = letters.filter((c) => c.toLowerCase() !== c.toUpperCase());
  return cased.length >= 4 && cased.every((c) => c === c.toUpperCase());
}

/** Longest text (characters) a heading can have; longer bold or capitalised text is a paragraph. */
export const MAX_HEADING_CHARS = 200;

/**
 * The shared part of the heading test: short, and either all capitals, a Roman-numeral section,
 * or emphasised (bold or larger than the body text) without ending like a sentence.
 */
export function looksLikeHeading(text: string, style: { bold: boolean; larger: boolean }): boolean {
  if (text.length === 0 || text.length > MAX_HEADING_CHARS) return false;
  if (isAllCaps(text)) return true;
  if (ROMAN_SECTION.test(text) && text.length <= 150) return true;
  if ((style.bold || style.larger) && !/[.;,]$/.test(text)) return true;
  return false;
}
