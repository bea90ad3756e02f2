// The parser's defences against hostile files, one at a time and small: a Word archive whose
// sizes are too big or lie, a DTD, encrypted ZIP entries; a PDF over the page limit; pictures
// refused from their header before an OCR engine is started. test/activities/hostile.test.ts runs the full
// corpus through the ingest core.
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DocumentError, parseDocument } from '../../../extractors/parse/index.ts';
import { checkTiffStructure } from '../../../extractors/parse/tiff.ts';
import { storedZip, unpackDocx } from '../../../extractors/parse/zip.ts';
import { deflated, type RawZipEntry } from '../../../fixtures/gen/util.ts';
import { zipArchive } from '../../../fixtures/hostile/generate.ts';
import { makePng, makeReportDocx, makeReportPdf } from '../../helpers/make-documents.ts';

function refusal(run: () => unknown): DocumentError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DocumentError);
    return error as DocumentError;
  }
  throw new Error('expected a DocumentError');
}

async function rejection(promise: Promise<unknown>): Promise<DocumentError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentError);
  return error as DocumentError;
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const documentXml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`;

describe('unpackDocx', () => {
  it('refuses on the declared sizes before inflating anything', () => {
    // The data is not even deflate: had it been inflated first, the error would be "damaged".
    const bomb: RawZipEntry = { name: 'word/document.xml', data: Buffer.from('not deflate at all'), crc: 0, size: 3 * 1024 * 1024 * 1024 };
    const error = refusal(() => unpackDocx(zipArchive([deflated('[Content_Types].xml', '<Types/>'), bomb])));
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(/^Word document is refused: its parts unpack to 3\.0 GiB \(word\/document\.xml alone 3\.0 GiB\), the limit is 128\.0 MiB/);
  });

  it('refuses a part that inflates to more than it declares, and stops inflating there', () => {
    const real = Buffer.alloc(8 * 1024 * 1024, 'A');
    const liar: RawZipEntry = { name: 'word/document.xml', data: deflateRawSync(real), crc: 0, size: 4096 };
    const error = refusal(() => unpackDocx(zipArchive([liar])));
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(/word\/document\.xml inflates to more than the 4\.0 KiB it declares/);
  });

  it('refuses an XML part over its own limit even when the total is within bounds', () => {
    const error = refusal(() => unpackDocx(zipArchive([deflated('word/document.xml', documentXml('x'.repeat(5000)))]), { maxXmlPartBytes: 1000 }));
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(/its part word\/document\.xml unpacks to 5\.\d KiB, the limit is 1000 bytes/);
  });

  it('refuses a DTD in any XML part, in UTF-8 or UTF-16', () => {
    const dtd = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';
    for (const data of [Buffer.from(dtd, 'utf8'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(dtd, 'utf16le')])]) {
      const error = refusal(() => unpackDocx(zipArchive([deflated('word/document.xml', documentXml('')), deflated('word/_rels/document.xml.rels', data)])));
      expect(error.code).toBe('corrupt');
      expect(error.message).toMatch(/its part word\/_rels\/document\.xml\.rels declares a DTD or entities/);
    }
  });

  it('says so when the ZIP entries are encrypted', () => {
    const zip = zipArchive([deflated('word/document.xml', documentXml(''))]);
    // The one central directory record sits just before the 22-byte end record; flag bit 0: encrypted.
    const flags = zip.length - 22 - (46 + 'word/document.xml'.length) + 8;
    zip.writeUInt16LE(zip.readUInt16LE(flags) | 1, flags);
    expect(refusal(() => unpackDocx(zip)).code).toBe('encrypted');
  });

  it('gives back every part of a real report, and the stored copy handed to mammoth holds the same parts', async () => {
    const parts = unpackDocx(await makeReportDocx());
    expect(parts.map((p) => p.name)).toContain('word/document.xml');
    const plain = (ps: typeof parts) => ps.map((p) => ({ name: p.name, data: Buffer.from(p.data).toString('base64') }));
    expect(plain(unpackDocx(storedZip(parts)))).toEqual(plain(parts));
  });
});

describe('parseDocument limits', () => {
  it('refuses a PDF with more pages than maxPages before reading a page', async () => {
    const error = await rejection(parseDocument(await makeReportPdf(), { maxPages: 1 }));
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(/^PDF has 2 pages, the limit is 1: not read/);
  });

  it('says a PDF header followed by noise is not PDF content, rather than cut short', async () => {
    const error = await rejection(parseDocument(new TextEncoder().encode(`%PDF-1.7\n${'x'.repeat(2000)}`)));
    expect(error.message).toMatch(/^PDF is damaged: .*\(nothing after the %PDF header is PDF content/);
  });

  const noEngine = { engine: () => Promise.reject(new Error('the OCR engine must not be started for this file')), maxPages: 1 };

  it('refuses a picture too large to decode from its header, without starting OCR', async () => {
    const png = Buffer.from(makePng(4, 4));
    png.writeUInt32BE(20_000, 16);
    png.writeUInt32BE(20_000, 20);
    const error = await rejection(parseDocument(new Uint8Array(png), { ocr: noEngine }));
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(/^image too large to read: 20000 x 20000 pixels \(400 megapixels\), the limit is 150 megapixels/);
  });

  it('refuses a cut-short picture without starting OCR', async () => {
    const png = makePng(40, 40);
    const error = await rejection(parseDocument(png.subarray(0, png.length - 20), { ocr: noEngine }));
    expect(error.code).toBe('corrupt');
    expect(error.message).toBe('image is damaged or unreadable: the PNG file is cut short (an incomplete PNG file)');
  });
});

describe('checkTiffStructure', () => {
  /** A TIFF of one-entry directories; `next[i]` is the index of the directory after i, or null to end the chain. */
  function tiff(next: Array<number | null>, sub?: { from: number; to: number }): Uint8Array {
    const size = 18;
    const b = Buffer.alloc(8 + next.length * size);
    b.write('II', 0, 'latin1');
    b.writeUInt16LE(42, 2);
    b.writeUInt32LE(8, 4);
    const at = (i: number) => 8 + i * size;
    next.forEach((n, i) => {
      b.writeUInt16LE(1, at(i));
      const isSub = sub?.from === i;
      b.writeUInt16LE(isSub ? 330 : 256, at(i) + 2);
      b.writeUInt16LE(4, at(i) + 4);
      b.writeUInt32LE(1, at(i) + 6);
      b.writeUInt32LE(isSub ? at(sub!.to) : 10, at(i) + 10);
      b.writeUInt32LE(n === null ? 0 : at(n), at(i) + 14);
    });
    return new Uint8Array(b);
  }

  it('lets a well-formed chain through', () => {
    expect(() => checkTiffStructure(tiff([1, 2, null]))).not.toThrow();
  });

  it('refuses a page chain that loops, naming where', () => {
    const error = refusal(() => checkTiffStructure(tiff([1, 2, 1])));
    expect(error.code).toBe('corrupt');
    expect(error.message).toBe('image is damaged or unreadable: TIFF has directories that loop: page 4 is page 2 again');
  });

  it('refuses a sub-directory that points back at its page', () => {
    const error = refusal(() => checkTiffStructure(tiff([null], { from: 0, to: 0 })));
    expect(error.message).toMatch(/page 1, SubIFDs directory 1 is page 1 again/);
  });

  it('refuses more directories than the limit', () => {
    const error = refusal(() => checkTiffStructure(tiff([1, 2, 3, null]), 3));
    expect(error.code).toBe('too_large');
  });

  it('tiffPages (the OCR module, whoever calls it) refuses a looping chain itself, without decoding', async () => {
    const { tiffPages } = await import('../../../extractors/parse/ocr/image.ts');
    expect(() => tiffPages(tiff([1, 2, 1]))).toThrow(/directories that loop/);
  });
});
