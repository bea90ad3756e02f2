// A ZIP archive's central directory: the list of its entries with their sizes and where their
// data is, found through the end-of-central-directory record at the end of the file. Read in one
// place for the file sniffer (media-type.ts: which kind of archive) and the Word reader (zip.ts:
// which parts, how large), which differ only in what a damaged directory means to them.

export interface ZipEntry {
  name: string;
  flags: number;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  /** Uncompressed, as declared. */
  size: number;
  /** Where the entry's local header is. */
  localOffset: number;
}

export type CentralDirectory =
  | { ok: true; entries: ZipEntry[] }
  /** missing: no end record (a file cut short); zip64: over 4 GiB or 65,535 entries; broken: a record out of place. */
  | { ok: false; why: 'missing' | 'zip64' | 'broken' };

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/** An entry name: UTF-8 when flag bit 11 says so, else CP437, of which the ASCII part is all that matters here. */
export function decodeZipName(bytes: Uint8Array, flags: number): string {
  return (flags & 0x800 ? utf8 : latin1).decode(bytes).replace(/\\/g, '/');
}

export function readCentralDirectory(b: Uint8Array): CentralDirectory {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  // End of central directory: 22 bytes plus a comment of up to 65535 bytes, at the end of the file.
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (dv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, why: 'missing' };
  const count = dv.getUint16(eocd + 10, true);
  const offset = dv.getUint32(eocd + 16, true);
  if (count === 0xffff || offset === 0xffffffff) return { ok: false, why: 'zip64' };
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > b.length || dv.getUint32(p, true) !== 0x02014b50) return { ok: false, why: 'broken' };
    const nameLen = dv.getUint16(p + 28, true);
    if (p + 46 + nameLen > b.length) return { ok: false, why: 'broken' };
    const flags = dv.getUint16(p + 8, true);
    entries.push({
      name: decodeZipName(b.subarray(p + 46, p + 46 + nameLen), flags),
      flags,
      method: dv.getUint16(p + 10, true),
      compressedSize: dv.getUint32(p + 20, true),
      size: dv.getUint32(p + 24, true),
      localOffset: dv.getUint32(p + 42, true),
    });
    p += 46 + nameLen + dv.getUint16(p + 30, true) + dv.getUint16(p + 32, true);
  }
  return { ok: true, entries };
}
