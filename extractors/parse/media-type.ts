// What a file is, decided from its bytes only (never from its name or a client's Content-Type).
//
// `detectMediaType` answers with the closed MediaType set of the pipeline; `sniffFile` says a little
// more (a ZIP that is not a Word document, a legacy OLE2 .doc, a password-protected Office file) so
// that the error shown to the analyst can name what they actually sent.
import type { MediaType } from '../types.ts';
import { decodeZipName, readCentralDirectory } from './zip-directory.ts';

export const DOCX_MEDIA_TYPE: MediaType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export type SniffedKind =
  | 'pdf'
  | 'docx'
  | 'png'
  | 'jpeg'
  | 'tiff'
  | 'text'
  /** ZIP archive holding an Excel workbook (xl/workbook.xml). */
  | 'xlsx'
  /** ZIP archive holding a PowerPoint deck (ppt/presentation.xml). */
  | 'pptx'
  /** OpenDocument (LibreOffice) file: a ZIP whose first entry is "mimetype". */
  | 'odf'
  /** Any other ZIP archive. */
  | 'zip'
  /** Legacy Word 97-2003 .doc (OLE2 compound file with a WordDocument stream). */
  | 'doc'
  /** Legacy Excel 97-2003 .xls. */
  | 'xls'
  /** A password-protected Office 2007+ file: OLE2 container with an EncryptedPackage stream. */
  | 'office-encrypted'
  /** Some other OLE2 compound file. */
  | 'ole2'
  | 'unknown';

export interface Sniffed {
  kind: SniffedKind;
  mediaType: MediaType;
}

const MEDIA_TYPE_OF: Record<SniffedKind, MediaType> = {
  pdf: 'application/pdf',
  docx: DOCX_MEDIA_TYPE,
  png: 'image/png',
  jpeg: 'image/jpeg',
  tiff: 'image/tiff',
  text: 'text/plain',
  xlsx: 'application/octet-stream',
  pptx: 'application/octet-stream',
  odf: 'application/octet-stream',
  zip: 'application/octet-stream',
  doc: 'application/octet-stream',
  xls: 'application/octet-stream',
  'office-encrypted': 'application/octet-stream',
  ole2: 'application/octet-stream',
  unknown: 'application/octet-stream',
};

/** The media type of a file from its magic bytes. */
export function detectMediaType(bytes: Uint8Array): MediaType {
  return sniffFile(bytes).mediaType;
}

/** The media type plus a finer kind, for error messages. */
export function sniffFile(bytes: Uint8Array): Sniffed {
  const kind = sniffKind(bytes);
  return { kind, mediaType: MEDIA_TYPE_OF[kind] };
}

function sniffKind(b: Uint8Array): SniffedKind {
  if (b.length === 0) return 'unknown';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return sniffOle2(b);
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) {
    return sniffZip(b);
  }
  // PDF readers accept the header anywhere in the first 1024 bytes (junk before it happens).
  if (indexOfAscii(b, '%PDF-', 0, Math.min(b.length, 1024)) >= 0) return 'pdf';
  if (isUtf8Text(b)) return 'text';
  return 'unknown';
}

function startsWith(b: Uint8Array, magic: readonly number[]): boolean {
  if (b.length < magic.length) return false;
  return magic.every((v, i) => b[i] === v);
}

function indexOfAscii(b: Uint8Array, needle: string, from = 0, to = b.length): number {
  const n = Array.from(needle, (c) => c.charCodeAt(0));
  outer: for (let i = from; i + n.length <= to; i++) {
    for (let j = 0; j < n.length; j++) if (b[i + j] !== n[j]) continue outer;
    return i;
  }
  return -1;
}

function utf16le(s: string): number[] {
  return Array.from(s).flatMap((c) => [c.charCodeAt(0), 0]);
}

function containsBytes(b: Uint8Array, needle: readonly number[]): boolean {
  outer: for (let i = 0; i + needle.length <= b.length; i++) {
    for (let j = 0; j < needle.length; j++) if (b[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * OLE2 compound files keep their stream names (UTF-16LE) in directory sectors. Rather than walk the
 * FAT, look for the names: "EncryptedPackage" (a password-protected .docx/.xlsx), "WordDocument"
 * (.doc), "Workbook"/"Book" (.xls).
 */
function sniffOle2(b: Uint8Array): SniffedKind {
  if (containsBytes(b, utf16le('EncryptedPackage'))) return 'office-encrypted';
  if (containsBytes(b, utf16le('WordDocument'))) return 'doc';
  if (containsBytes(b, utf16le('Workbook'))) return 'xls';
  return 'ole2';
}

function sniffZip(b: Uint8Array): SniffedKind {
  const names = zipEntryNames(b);
  if (names.includes('word/document.xml')) return 'docx';
  if (names.includes('xl/workbook.xml')) return 'xlsx';
  if (names.includes('ppt/presentation.xml')) return 'pptx';
  if (names[0] === 'mimetype') return 'odf';
  return 'zip';
}

/**
 * Entry names of a ZIP archive, read from the central directory (found through the end-of-central-
 * directory record); when that is missing or damaged (a truncated upload), from the local file
 * headers instead, which precede every entry's data.
 */
export function zipEntryNames(b: Uint8Array): string[] {
  return centralDirectoryNames(b) ?? localHeaderNames(b);
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function centralDirectoryNames(b: Uint8Array): string[] | null {
  const directory = readCentralDirectory(b);
  // ZIP64 or damaged: let the local headers answer.
  return directory.ok ? directory.entries.map((e) => e.name) : null;
}

function localHeaderNames(b: Uint8Array): string[] {
  const dv = view(b);
  const names: string[] = [];
  for (let p = 0; p + 30 <= b.length; p++) {
    // Scan for every "PK\3\4": sizes may be deferred to a data descriptor, so hopping is unreliable.
    if (b[p] !== 0x50 || b[p + 1] !== 0x4b || b[p + 2] !== 0x03 || b[p + 3] !== 0x04) continue;
    const flags = dv.getUint16(p + 6, true);
    const nameLen = dv.getUint16(p + 26, true);
    if (nameLen === 0 || p + 30 + nameLen > b.length) continue;
    names.push(decodeZipName(b.subarray(p + 30, p + 30 + nameLen), flags));
    p += 29 + nameLen;
  }
  return names;
}

/** Valid UTF-8 with no NUL bytes (binary formats are full of NULs; text files never have them). */
function isUtf8Text(b: Uint8Array): boolean {
  if (b.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}
