// The directory structure of a TIFF, walked before the OCR module decodes it.
//
// A TIFF is a chain of image file directories (IFDs), one per page, each ending with the offset of
// the next; an IFD may also point to sub-directories (SubIFDs, EXIF, GPS). The decoder used for
// OCR (utif2's UTIF.decode) follows the chain until an offset of 0, with no memory of where it has
// been: a chain that points back to an earlier page makes it collect pages for ever, until the
// process runs out of memory and dies, which takes every other document of the run with it.
// So the chain and the sub-directories UTIF follows are walked here first, each directory at most
// once, and a file whose directories loop or are shared, or that has absurdly many, is refused.
import { DocumentError } from './errors.ts';

/** Directories (pages and their sub-directories) a TIFF may have: a scanned report has tens. */
export const MAX_TIFF_DIRECTORIES = 10_000;

/** Tags whose values are offsets of sub-directories that UTIF.decode reads. */
const SUB_DIRECTORY_TAGS = new Set([330, 34665, 34853, 61440]);
const TAG_NAMES: Record<number, string> = { 330: 'SubIFDs', 34665: 'EXIF', 34853: 'GPS', 61440: 'Fuji' };

function damaged(reason: string): DocumentError {
  return new DocumentError('corrupt', `image is damaged or unreadable: TIFF ${reason}`);
}

/** Throws DocumentError ('corrupt' for loops and shared directories, 'too_large' for too many). */
export function checkTiffStructure(b: Uint8Array, maxDirectories = MAX_TIFF_DIRECTORIES): void {
  if (b.length < 8) throw damaged('is cut short (no header)');
  const le = b[0] === 0x49;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u16 = (at: number) => dv.getUint16(at, le);
  const u32 = (at: number) => dv.getUint32(at, le);
  const seen = new Map<number, string>();

  /** Reads one directory's entries; returns where its next-directory offset is, or null past the end. */
  const visit = (offset: number, what: string): number | null => {
    const earlier = seen.get(offset);
    if (earlier !== undefined) throw damaged(`has directories that loop: ${what} is ${earlier} again`);
    // Past the end UTIF reads zeros and stops; a directory cut short is the decoder's to report.
    if (offset + 2 > b.length) return null;
    seen.set(offset, what);
    if (seen.size > maxDirectories) {
      throw new DocumentError('too_large', `image too large to read: the TIFF has over ${maxDirectories} pages and sub-images`);
    }
    const entries = u16(offset);
    const end = offset + 2 + entries * 12;
    if (end + 4 > b.length) return null;
    for (let i = 0; i < entries; i++) {
      const at = offset + 2 + i * 12;
      const tag = u16(at);
      if (!SUB_DIRECTORY_TAGS.has(tag)) continue;
      const type = u16(at + 2);
      const count = u32(at + 4);
      const size = type === 3 ? 2 : type === 4 || type === 13 ? 4 : 0;
      if (size === 0) throw damaged(`${what} has a ${TAG_NAMES[tag]} entry of an unexpected type (${type})`);
      if (count > maxDirectories) throw new DocumentError('too_large', `image too large to read: a TIFF ${TAG_NAMES[tag]} entry lists ${count} sub-images`);
      const values = count * size <= 4 ? at + 8 : u32(at + 8);
      if (values + count * size > b.length) continue;
      for (let k = 0; k < count; k++) {
        const sub = size === 2 ? u16(values + k * 2) : u32(values + k * 4);
        visit(sub, `${what}, ${TAG_NAMES[tag]} directory ${k + 1}`);
      }
    }
    return end;
  };

  let offset = u32(4);
  for (let page = 1; offset !== 0; page++) {
    const next = visit(offset, `page ${page}`);
    if (next === null) return;
    offset = u32(next);
  }
}
