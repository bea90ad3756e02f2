// The ZIP container of a Word document, opened before mammoth sees it.
//
// mammoth reads .docx files through JSZip, which inflates a part whole, whatever size the archive
// declares: a 1 MB upload whose word/document.xml inflates to 1 GiB (a zip bomb) takes gigabytes
// of memory and minutes before failing, and can take the process down with it. So the archive is
// read here first, from its central directory:
//
// 1. Declared sizes. Every part's uncompressed size is in the central directory; a document
//    whose parts declare more than the limits is refused before anything is inflated.
// 2. The parts the reader opens, whatever their names. OPC names parts freely: the main document
//    is whatever _rels/.rels points at ("word/main.bin" as well as "word/document.xml"), and its
//    styles, numbering, notes and comments are whatever its own relationships point at. The
//    relationships are followed here exactly as mammoth follows them (docx-reader.js), and only
//    those parts are inflated and handed on: each is XML, held to the per-part limit, counted in
//    the document's XML budget (limits.maxXmlBytes: parsing XML costs about 40 times its size in
//    memory) and refused if it declares a DTD. A part no relationship reaches is never inflated.
// 3. Real sizes. A size can lie, so each part is inflated with its declared size as a hard cap
//    (zlib stops as soon as the output would pass it): what is inflated is never more than what
//    was declared, and the declared sizes are already bounded.
// 4. XML external entities. Word never writes a DTD (OPC forbids them in package parts); a part
//    with <!DOCTYPE or <!ENTITY is refused rather than left to the XML reader's good behaviour.
//
// The parts are then handed to mammoth as a new archive of stored (uncompressed) entries, so what
// mammoth reads is exactly what was checked here: nothing else is in it.
import { inflateRawSync } from 'node:zlib';
import { formatSize } from '../../shared/size.ts';
import { DocumentError } from './errors.ts';
import { readCentralDirectory, type ZipEntry as DirectoryEntry } from './zip-directory.ts';

/** All parts of one Word document together, uncompressed. A report with its photos is well under. */
export const MAX_DOCX_UNPACKED_BYTES = 128 * 1024 * 1024;
/** One XML part (word/document.xml is the largest): about ten thousand pages of text. */
export const MAX_DOCX_XML_PART_BYTES = 32 * 1024 * 1024;

export interface ZipPart {
  name: string;
  data: Uint8Array;
}

function damaged(reason: string): DocumentError {
  return new DocumentError('corrupt', `Word document is damaged or not a .docx: ${reason}`);
}

function readDirectory(b: Uint8Array): DirectoryEntry[] {
  const directory = readCentralDirectory(b);
  if (directory.ok) return directory.entries;
  switch (directory.why) {
    case 'missing':
      throw damaged('the ZIP archive has no central directory (the file seems cut short)');
    case 'zip64':
      // ZIP64 is only written for archives over 4 GiB or 65,535 parts: no report is either.
      throw new DocumentError('too_large', 'Word document is refused: its ZIP64 container declares over 4 GiB or 65,535 parts');
    default:
      throw damaged('the ZIP central directory is broken');
  }
}

/** Where an entry's compressed bytes are: after its local header, whose name and extra field lengths may differ from the central directory's. */
function entryData(b: Uint8Array, e: DirectoryEntry): Uint8Array {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const at = e.localOffset;
  if (at + 30 > b.length || dv.getUint32(at, true) !== 0x04034b50) throw damaged(`part ${e.name} is missing from the archive`);
  const start = at + 30 + dv.getUint16(at + 26, true) + dv.getUint16(at + 28, true);
  if (start + e.compressedSize > b.length) throw damaged(`part ${e.name} is cut short`);
  return b.subarray(start, start + e.compressedSize);
}

function contains(haystack: Uint8Array, needle: string, encoding: 'latin1' | 'utf16le'): boolean {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).includes(Buffer.from(needle, encoding));
}

/** A DTD in an XML part, in UTF-8 or UTF-16 (both are allowed in OOXML). */
function declaresDtd(data: Uint8Array): boolean {
  const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16().toString('latin1');
  return ['<!DOCTYPE', '<!ENTITY'].some(
    (marker) => contains(data, marker, 'latin1') || contains(data, marker, 'utf16le') || contains(data, utf16be(marker), 'latin1'),
  );
}

export interface UnpackLimits {
  maxUnpackedBytes?: number;
  maxXmlPartBytes?: number;
  /**
   * The XML the reader parses, all parts together (limits.maxXmlBytes). Default: the per-part
   * limit, so that a default-sized report is read whole.
   */
  maxXmlBytes?: number;
}

/** The parts the archive lists, once each (a name listed twice is read once), folders left out. */
function partsOf(bytes: Uint8Array): DirectoryEntry[] {
  const seen = new Set<string>();
  return readDirectory(bytes).filter((e) => !e.name.endsWith('/') && !seen.has(e.name) && seen.add(e.name));
}

/** The per-part limit that goes with a total: never above the total, nor the fixed 32 MiB. */
export function xmlPartLimitFor(maxUnpackedBytes: number): number {
  return Math.min(MAX_DOCX_XML_PART_BYTES, maxUnpackedBytes);
}

/** The XML budget of a document when none is configured: the per-part limit. */
export const DEFAULT_MAX_XML_BYTES = MAX_DOCX_XML_PART_BYTES;

function checkDeclaredSizes(entries: DirectoryEntry[], limits: UnpackLimits): void {
  const maxTotal = limits.maxUnpackedBytes ?? MAX_DOCX_UNPACKED_BYTES;
  const declared = entries.reduce((n, e) => n + e.size, 0);
  const largest = entries.reduce<DirectoryEntry | null>((m, e) => (m === null || e.size > m.size ? e : m), null);
  if (declared > maxTotal) {
    // Over the reader's own limit nothing a report holds explains it; under it, the setting was lowered.
    const why =
      declared > MAX_DOCX_UNPACKED_BYTES ? 'a compressed file that expands this much is a zip bomb, not a report' : 'raise limits.maxUnpackedBytes to read it';
    throw new DocumentError(
      'too_large',
      `Word document is refused: its parts unpack to ${formatSize(declared)} (${largest!.name} alone ${formatSize(largest!.size)}), the limit is ${formatSize(maxTotal)} (limits.maxUnpackedBytes); ${why}`,
    );
  }
}

/** The XML parts the reader will open, by their declared sizes: each under the per-part limit, all under the XML budget. */
function checkXmlSizes(opened: DirectoryEntry[], limits: UnpackLimits): void {
  const maxTotal = limits.maxUnpackedBytes ?? MAX_DOCX_UNPACKED_BYTES;
  const maxPart = limits.maxXmlPartBytes ?? xmlPartLimitFor(maxTotal);
  const huge = opened.find((e) => e.size > maxPart);
  if (huge) {
    throw new DocumentError(
      'too_large',
      `Word document is refused: its part ${huge.name} unpacks to ${formatSize(huge.size)}, the limit is ${formatSize(maxPart)} per XML part (limits.maxUnpackedBytes, at most ${formatSize(MAX_DOCX_XML_PART_BYTES)})`,
    );
  }
  const maxXml = limits.maxXmlBytes ?? DEFAULT_MAX_XML_BYTES;
  const xml = opened.reduce((n, e) => n + e.size, 0);
  if (xml > maxXml) {
    const parts = [...opened]
      .sort((a, b) => b.size - a.size)
      .slice(0, 3)
      .map((e) => `${e.name} ${formatSize(e.size)}`);
    throw new DocumentError(
      'too_large',
      `Word document is refused: the XML it holds unpacks to ${formatSize(xml)} (${parts.join(', ')}), the limit is ${formatSize(maxXml)} per document (limits.maxXmlBytes); a report's text is a few MiB of XML`,
    );
  }
}

/**
 * Refuses a Word document from the sizes its central directory declares, inflating nothing:
 * lets a caller hold it to a lower limit than the one unpackDocx applies.
 */
export function checkDocxSizes(bytes: Uint8Array, limits: UnpackLimits): void {
  checkDeclaredSizes(partsOf(bytes), limits);
}

// ---------------------------------------------------------------------------------------------
// The relationships, followed as the reader follows them

const RELATIONSHIP_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
/** Parts of the main document mammoth reads through its relationships (or at word/<name>.xml). */
const RELATED_PARTS = ['comments', 'endnotes', 'footnotes', 'numbering', 'styles'] as const;
/** Of those, the ones mammoth reads with their own relationships (they hold body text). */
const PARTS_WITH_BODIES = new Set(['comments', 'endnotes', 'footnotes']);

interface Relationship {
  type: string;
  target: string;
}

const utf8 = new TextDecoder('utf-8');

function decodeXml(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data);
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data);
  return utf8.decode(data);
}

const unescapeXml = (s: string) =>
  s.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (_, hex: string, dec: string, name: string) =>
    hex
      ? String.fromCodePoint(parseInt(hex, 16))
      : dec
        ? String.fromCodePoint(Number(dec))
        : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[name.toLowerCase()]!,
  );

/** The <Relationship> elements of a .rels part (any namespace prefix), external targets left out. */
function readRelationships(xml: string): Relationship[] {
  const out: Relationship[] = [];
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)) {
    const attrs = new Map<string, string>();
    for (const a of m[1]!.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs.set(a[1]!, unescapeXml(a[2] ?? a[3] ?? ''));
    const type = attrs.get('Type');
    const target = attrs.get('Target');
    if (type && target && attrs.get('TargetMode') !== 'External') out.push({ type, target });
  }
  return out;
}

/** mammoth's zipfile.joinPath: an absolute path replaces what came before; nothing is normalised. */
function joinPath(...paths: string[]): string {
  let relevant: string[] = [];
  for (const p of paths.filter((p) => p)) relevant = p.startsWith('/') ? [p] : [...relevant, p];
  return relevant.join('/');
}

function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function relationshipsOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return joinPath(dirname(path), '_rels', `${path.slice(slash + 1)}.rels`);
}

/**
 * The names of the parts mammoth opens, in the order it opens them (docx-reader.js findPartPaths
 * and readXmlFileWithBody): the content types, the package relationships, the main document
 * they point at and its relationships, the parts related to it and their own relationships.
 * `read` gives a part's text (checked) or null when the archive has no such part.
 */
function partsTheReaderOpens(has: (name: string) => boolean, read: (name: string) => string | null): string[] {
  const opened = new Set<string>(['[Content_Types].xml', '_rels/.rels']);
  const relationships = (name: string): Relationship[] => {
    opened.add(name);
    const xml = read(name);
    return xml === null ? [] : readRelationships(xml);
  };
  const find = (rels: Relationship[], type: string, base: string, fallback: string): string =>
    rels
      .filter((r) => r.type === type)
      .map((r) => joinPath(base, r.target).replace(/^\//, ''))
      .find(has) ?? fallback;
  read('[Content_Types].xml');
  const main = find(relationships('_rels/.rels'), `${RELATIONSHIP_TYPE}officeDocument`, '', 'word/document.xml');
  opened.add(main);
  const mainRelationships = relationships(relationshipsOf(main));
  for (const name of RELATED_PARTS) {
    const part = find(mainRelationships, `${RELATIONSHIP_TYPE}${name}`, dirname(main), `word/${name}.xml`);
    opened.add(part);
    if (PARTS_WITH_BODIES.has(name)) opened.add(relationshipsOf(part));
  }
  return [...opened].filter(has);
}

// ---------------------------------------------------------------------------------------------

function inflatePart(bytes: Uint8Array, e: DirectoryEntry): Uint8Array {
  if (e.flags & 0x1)
    throw new DocumentError('encrypted', 'Word document is password-protected (its ZIP entries are encrypted): remove the password and upload it again');
  const raw = entryData(bytes, e);
  let data: Uint8Array;
  if (e.method === 0) {
    if (raw.length !== e.size) throw damaged(`part ${e.name} does not have the size it declares`);
    data = raw;
  } else if (e.method === 8) {
    try {
      // Never more than declared: the declared sizes are what was checked.
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new DocumentError(
          'too_large',
          `Word document is refused: its part ${e.name} inflates to more than the ${formatSize(e.size)} it declares (a zip bomb?)`,
          { cause: error },
        );
      }
      throw damaged(`part ${e.name} cannot be decompressed (${(error as Error).message})`);
    }
    if (data.length !== e.size) throw damaged(`part ${e.name} does not have the size it declares`);
  } else {
    throw damaged(`part ${e.name} uses ZIP compression method ${e.method}, which Word never writes`);
  }
  if (declaresDtd(data)) {
    throw new DocumentError(
      'corrupt',
      `Word document is refused: its part ${e.name} declares a DTD or entities (<!DOCTYPE>/<!ENTITY>), which Word never writes and which can make an XML reader open files or URLs`,
    );
  }
  return data;
}

/**
 * The parts of a Word document's ZIP archive the reader opens, uncompressed, checked as described
 * above. Throws DocumentError: 'too_large' (declared or real sizes over the limits), 'encrypted'
 * (ZIP entries encrypted), 'corrupt' (a damaged archive, an unknown compression method, a DTD).
 */
export function unpackDocx(bytes: Uint8Array, limits: UnpackLimits = {}): ZipPart[] {
  const entries = partsOf(bytes);
  checkDeclaredSizes(entries, limits);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const inflated = new Map<string, Uint8Array>();
  const inflate = (name: string): Uint8Array | null => {
    const entry = byName.get(name);
    if (!entry) return null;
    let data = inflated.get(name);
    if (!data) {
      checkXmlSizes([entry], limits);
      inflated.set(name, (data = inflatePart(bytes, entry)));
    }
    return data;
  };
  // The relationships first (small parts, each checked as it is read), then the sizes of
  // everything they lead to, before the large parts are inflated.
  const opened = partsTheReaderOpens(
    (name) => byName.has(name),
    (name) => {
      const data = inflate(name);
      return data === null ? null : decodeXml(data);
    },
  );
  checkXmlSizes(
    opened.map((name) => byName.get(name)!),
    limits,
  );
  return opened.map((name) => ({ name, data: inflate(name)! }));
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The fields a local header and its central directory record share, from "version needed" to
 * the name's length, written at `at` (4 into a local header, 6 into a central record). Method,
 * time and date stay 0: stored, no timestamp.
 */
function writeSharedFields(out: Buffer, at: number, crc: number, size: number, nameLength: number): void {
  out.writeUInt16LE(20, at); // version needed
  out.writeUInt16LE(0x0800, at + 2); // flags: UTF-8 names
  out.writeUInt32LE(crc, at + 10);
  out.writeUInt32LE(size, at + 14); // compressed: stored, so the same
  out.writeUInt32LE(size, at + 18);
  out.writeUInt16LE(nameLength, at + 22);
}

/** A ZIP archive of stored (uncompressed) entries. */
export function storedZip(parts: ZipPart[]): Uint8Array {
  const names = parts.map((p) => Buffer.from(p.name, 'utf8'));
  const localSize = parts.reduce((n, p, i) => n + 30 + names[i]!.length + p.data.length, 0);
  const centralSize = parts.reduce((n, _p, i) => n + 46 + names[i]!.length, 0);
  const out = Buffer.alloc(localSize + centralSize + 22);
  let at = 0;
  let central = localSize;
  parts.forEach((part, i) => {
    const name = names[i]!;
    const crc = crc32(part.data);
    out.writeUInt32LE(0x04034b50, at);
    writeSharedFields(out, at + 4, crc, part.data.length, name.length);
    name.copy(out, at + 30);
    out.set(part.data, at + 30 + name.length);
    out.writeUInt32LE(0x02014b50, central);
    out.writeUInt16LE(20, central + 4); // version made by
    writeSharedFields(out, central + 6, crc, part.data.length, name.length);
    out.writeUInt32LE(at, central + 42);
    name.copy(out, central + 46);
    at += 30 + name.length + part.data.length;
    central += 46 + name.length;
  });
  out.writeUInt32LE(0x06054b50, central);
  out.writeUInt16LE(parts.length, central + 8);
  out.writeUInt16LE(parts.length, central + 10);
  out.writeUInt32LE(centralSize, central + 12);
  out.writeUInt32LE(localSize, central + 16);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
