// The marks that other hands put on an official document, told apart from the document's own
// text: the digital-signature stamp a signing system prints over the page ("Ký bởi: Ủy ban nhân
// dân tỉnh Quảng Ngãi Cơ quan: Tỉnh Quảng Ngãi Thời gian ký: 24/01/2025 14:23:43", "TRUNG TÂM
// CÔNG BÁO VÀ TIN HỌC ttcbth@quangngai.gov.vn 24.01.2025 20:06:24 +07:00"), the incoming-mail
// stamp of the office that received it ("CV ĐẾN Số: 2352 Ngày: 21/3/18"), and the urgency marks
// ("HỎA TỐC", "KHẨN"). Pure text functions: the PDF parser uses them on the text of signature
// fields, the header reader on text from any source, OCR included (so the patterns tolerate a
// few OCR slips: "Thời gian kỷ", "Ky boi").

/** A digital-signature stamp, as read. */
export interface SignatureStamp {
  /** Who signed, as the stamp says ("Ủy ban nhân dân tỉnh Quảng Ngãi"), or null. */
  signer: string | null;
  /** When, ISO 8601 with offset ("2025-01-24T20:06:24+07:00"); Vietnam time when none is written. */
  signedAt: string | null;
  /** The stamp's text. */
  text: string;
}

const LETTER = String.raw`[\p{L}\p{M}]`;

/** "24.01.2025 20:06:24 +07:00", "24/01/2025 14:23:43", "27/12/2021 17:22:11". */
const STAMP_TIME =
  /(?<!\d)(\d{1,2})\s?[./-]\s?(\d{1,2})\s?[./-]\s?(\d{4})\s+(\d{1,2})\s?[:.]\s?(\d{2})(?:\s?[:.]\s?(\d{2}))?(?:\s*(?:GMT|UTC)?\s*([+-])\s?(\d{2}):?(\d{2}))?(?!\d)/u;

/** Words only a signature stamp carries (tolerant of OCR dropping or swapping tone marks). */
const STAMP_LABEL = new RegExp(
  [
    String.raw`k[ýyỳỷỹỵí]\s*b[ởoờớỡợơ]i\s*:?`, // Ký bởi
    String.raw`ng[ưu][ờơòóớ]i\s+k[ýyỳỷỹỵí]\s*:`, // Người ký:
    String.raw`th[ờơoòó]i\s+gian\s+k[ýyỳỷỹỵí]`, // Thời gian ký
    String.raw`c[ơo]\s+quan\s*:`, // Cơ quan:
    String.raw`e-?mail\s*:`,
    String.raw`[\w.-]+@[\w-]+(?:\.[\w-]+)+`, // an e-mail address
    String.raw`trung\s+t[âa]m\s+c[ôo]ng\s+b[áa]o`, // the provincial gazette centre that countersigns
    String.raw`(?<!${LETTER})sao\s+y(?!${LETTER})`, // a certified copy's stamp
  ].join('|'),
  'iu',
);

/** A signing time or a signature label anywhere in the text (enough for what a signature field draws). */
export function hasStampMarks(text: string): boolean {
  const t = text.normalize('NFC');
  return STAMP_LABEL.test(t) || STAMP_TIME.test(t);
}

/**
 * Whether a piece of text is (only, or mostly) a digital-signature stamp: a signing time or a
 * signature label, and no sentence around them. Used on the text of a PDF's signature fields
 * and on short header lines; a paragraph that mentions "ký" is not a stamp.
 */
export function looksLikeSignatureStamp(text: string): boolean {
  const t = text.normalize('NFC');
  if (!STAMP_LABEL.test(t)) return false;
  if (STAMP_TIME.test(t)) return true;
  // A label without a time: only when little else is said (a stamp split over lines). A time
  // without a label is no stamp here: a watermark ("nhanh-19/10/2023 14:41:22-nhanh") has one.
  const words = t.replace(new RegExp(STAMP_LABEL.source, 'giu'), ' ').match(/[\p{L}\p{M}]{2,}/gu) ?? [];
  return words.length <= 12 && /[:@]/.test(t);
}

/** The ISO time of a stamp's "dd.mm.yyyy hh:mm:ss [+07:00]" (Vietnam time when no offset is written), or null. */
export function stampTime(text: string): string | null {
  const m = STAMP_TIME.exec(text.normalize('NFC'));
  if (!m) return null;
  const [, d, mo, y, h, mi, s, sign, oh, om] = m;
  const day = Number(d);
  const month = Number(mo);
  const year = Number(y);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  const offset = sign ? `${sign}${oh}:${om}` : '+07:00';
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${offset}`;
}

/**
 * Reads a signature stamp: its signer and time. Null when the text is not a stamp; with `known`
 * (the text of a signature field) any text with a signing time or label is one.
 */
export function readSignatureStamp(text: string, options: { known?: boolean } = {}): SignatureStamp | null {
  const t = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!(options.known ? hasStampMarks(t) : looksLikeSignatureStamp(t))) return null;
  return { signer: stampSigner(t), signedAt: stampTime(t), text: t };
}

function stampSigner(t: string): string | null {
  const cut = (s: string) =>
    s
      .split(
        /\s*(?:c[ơo]\s+quan\s*:|th[ờơoòó]i\s+gian\s+k[ýyỳỷỹỵí]|e-?mail\s*:|[\w.-]+@[\w-]+(?:\.[\w-]+)+|(?<!\d)\d{1,2}\s?[./-]\s?\d{1,2}\s?[./-]\s?\d{4})/iu,
      )[0]!
      .replace(/[\s:,;-]+$/u, '')
      .trim();
  const by = /(?:k[ýyỳỷỹỵí]\s*b[ởoờớỡợơ]i|ng[ưu][ờơòóớ]i\s+k[ýyỳỷỹỵí])\s*:?\s*(.+)$/iu.exec(t);
  if (by) return cut(by[1]!) || null;
  const copy = /(?<![\p{L}\p{M}])sao\s+y\s+(.+)$/iu.exec(t);
  if (copy) return cut(copy[1]!) || null;
  const lead = cut(t);
  return lead && /[\p{L}]{2,}/u.test(lead) ? lead : null;
}

/** "Số: …. Ngày: …/…" of an incoming-mail stamp (OCR: "Sô", "Ngay"). */
const INCOMING_FIELDS = /s[ốoóồ]\s*[:.]?\s*[.…·\s]*(\d{1,6})\b[\s\S]{0,40}?ng[àa]y\s*[:.]?\s*[.…·\s]*\d{1,2}\s*[/.,-]\s*\d{1,2}/iu;

/**
 * Whether a line belongs to an incoming-mail stamp: "CV ĐẾN", "TRUNG TÂM CÔNG BÁO & TIN HỌC Q.NGÃI"
 * heading the box, or "Số: …. Ngày: …/…/…" with no document symbol after the number (a
 * document's own number is "Số: 07/CT-UBND").
 */
export function looksLikeIncomingStamp(line: string): boolean {
  const t = line.normalize('NFC');
  if (/(?<![\p{L}\p{M}])(?:cv|c[ôo]ng\s+v[ăa]n)\s+[ĐD][ẾỀEÉÈÊ]N(?![\p{L}\p{M}])/iu.test(t)) return true;
  if (/^\s*[ĐD][ẾỀEÉÈÊ]N(?![\p{L}\p{M}])/u.test(t)) return true;
  if (/^\s*CV\s+s[ốôóo]\b/iu.test(t)) return true;
  if (/^\s*chuy[ểeê]n\s*[:.]/iu.test(t)) return true;
  if (/^\s*ng[àa]y\s*[:.]\s*[.…·\s]*\d{1,2}\s*[/.,-]\s*\d{1,2}\s*[/.,-]\s*\d{2,4}/iu.test(t)) return true;
  const fields = INCOMING_FIELDS.exec(t);
  return fields !== null && !/^\s*\d{1,6}\s*\/\s*\p{L}/u.test(t.slice(fields.index + fields[0].indexOf(fields[1]!)));
}

/** Urgency marks stamped or printed on the page: "HỎA TỐC", "THƯỢNG KHẨN", "KHẨN" (OCR: "HOA TOC"). */
export type Urgency = 'hoa_toc' | 'thuong_khan' | 'khan';

export function findUrgency(text: string): Urgency | null {
  const t = text.normalize('NFC');
  if (/(?<![\p{L}\p{M}])H[ỎOÓÒ][AÀÁẢ]\s*T[ỐOÓÔ]C(?![\p{L}\p{M}])/u.test(t)) return 'hoa_toc';
  if (/(?<![\p{L}\p{M}])TH[ƯU][ỢOƠ]NG\s+KH[ẨAÂ]N(?![\p{L}\p{M}])/u.test(t)) return 'thuong_khan';
  if (/(?<![\p{L}\p{M}])KH[ẨÂ]N(?![\p{L}\p{M}])/u.test(t)) return 'khan';
  return null;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
