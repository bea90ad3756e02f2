// What a PDF's pages will cost to read, from the file's objects, before pdf.js reads them.
//
// pdf.js decodes a page's content stream whole and walks every operator in it, both for its text
// and for its operator list: a 200 KB file whose one page's content inflates to 100 MiB took
// minutes and 6.5 GB. Nothing in pdf.js's API bounds that, so the objects are indexed here from
// the raw bytes (the numbered objects, and those inside object streams), and a page's content
// streams are inflated with the budget as a hard cap, counting bytes: a page over
// limits.maxPageContentBytes is never handed to pdf.js. Pictures are measured the same way,
// from their dictionaries (/Width, /Height), without decoding them.
//
// This is an index, not a parser: a damaged or unusual file may not be measurable (an encrypted
// one never is: its streams cannot be inflated without the key), and then the answer is
// "unknown" and the document's process limits (memory, time) are what holds.
import { constants as zlibConstants, inflateSync } from 'node:zlib';

interface IndexedObject {
  /** The object's dictionary (or whole body, for objects that are not dictionaries), as latin1 text. */
  body: string;
  /** Where a stream's data starts and how long it is, in the file. */
  stream?: { start: number; length: number };
}

export interface PdfObjectIndex {
  /**
   * Decoded bytes of the page's content streams (the page object `ref`), counted up to `cap`:
   * a result over `cap` means "more than cap". null when they cannot be measured.
   */
  pageContentBytes(ref: number, cap: number): number | null;
  /** The largest picture the file holds (by its declared size), or null when it holds none. */
  largestImage(): { width: number; height: number } | null;
}

const OBJECT = /(\d+)\s+\d+\s+obj\b/g;

/** Index of the end of the dictionary opening at `at` ("<<"), or -1. Strings and comments are skipped. */
function dictionaryEnd(text: string, at: number, limit: number): number {
  let depth = 0;
  for (let i = at; i < limit; i++) {
    const c = text[i];
    if (c === '<' && text[i + 1] === '<') {
      depth++;
      i++;
    } else if (c === '>' && text[i + 1] === '>') {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    } else if (c === '<') {
      const close = text.indexOf('>', i);
      if (close < 0) return -1;
      i = close;
    } else if (c === '(') {
      let nesting = 1;
      for (i++; i < limit && nesting > 0; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '(') nesting++;
        else if (text[i] === ')') nesting--;
      }
      i--;
    } else if (c === '%') {
      const eol = text.slice(i, i + 256).search(/[\r\n]/);
      i = eol < 0 ? i + 256 : i + eol;
    }
  }
  return -1;
}

function intValue(dict: string, key: string): number | null {
  const m = new RegExp(`/${key}\\s+(\\d+)(?!\\s+\\d+\\s+R)`).exec(dict);
  return m ? Number(m[1]) : null;
}

function refValue(dict: string, key: string): number | null {
  const m = new RegExp(`/${key}\\s+(\\d+)\\s+\\d+\\s+R`).exec(dict);
  return m ? Number(m[1]) : null;
}

/** The first dictionary at or after `from` in `text`, or null. */
function firstDictionary(text: string, from: number, limit: number): { dict: string; end: number } | null {
  const open = text.indexOf('<<', from);
  if (open < 0 || open >= limit || text.slice(from, open).trim() !== '') return null;
  const end = dictionaryEnd(text, open, limit);
  return end < 0 ? null : { dict: text.slice(open, end), end };
}

export function indexPdfObjects(bytes: Uint8Array): PdfObjectIndex {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const objects = new Map<number, IndexedObject>();
  const starts: Array<{ num: number; at: number }> = [];
  for (const m of text.matchAll(OBJECT)) starts.push({ num: Number(m[1]), at: m.index + m[0].length });

  for (let k = 0; k < starts.length; k++) {
    const { num, at } = starts[k]!;
    const limit = starts[k + 1]?.at ?? text.length;
    const found = firstDictionary(text, at, limit);
    if (!found) {
      const endobj = text.indexOf('endobj', at);
      objects.set(num, { body: text.slice(at, endobj < 0 || endobj > limit ? Math.min(limit, at + 64) : endobj).trim() });
      continue;
    }
    const object: IndexedObject = { body: found.dict };
    const keyword = /^\s*stream(\r\n|\n|\r)/.exec(text.slice(found.end, found.end + 16));
    if (keyword) {
      const start = found.end + keyword[0].length;
      object.stream = { start, length: -1 };
      const direct = intValue(found.dict, 'Length');
      if (direct !== null) object.stream.length = direct;
    }
    objects.set(num, object);
  }

  // Lengths given as references ("/Length 12 0 R"), and those that do not fit, from "endstream".
  for (const object of objects.values()) {
    if (!object.stream) continue;
    if (object.stream.length < 0) {
      const ref = refValue(object.body, 'Length');
      const target = ref !== null ? objects.get(ref) : undefined;
      if (target && /^\d+$/.test(target.body)) object.stream.length = Number(target.body);
    }
    const { start, length } = object.stream;
    if (length < 0 || start + length > bytes.length || !/^\s*endstream/.test(text.slice(start + length, start + length + 16))) {
      const end = text.indexOf('endstream', start);
      object.stream.length = end < 0 ? bytes.length - start : end - start;
    }
  }

  // Objects packed into object streams (page dictionaries often are; streams never are).
  for (const object of [...objects.values()]) {
    if (!object.stream || !/\/Type\s*\/ObjStm\b/.test(object.body)) continue;
    const data = decoded(bytes, object, 64 * 1024 * 1024);
    if (data === null) continue;
    const packed = data.toString('latin1');
    const first = intValue(object.body, 'First');
    const n = intValue(object.body, 'N');
    if (first === null || n === null) continue;
    const header = packed.slice(0, first).trim().split(/\s+/).map(Number);
    for (let i = 0; i + 1 < header.length && i / 2 < n; i += 2) {
      const num = header[i]!;
      const from = first + header[i + 1]!;
      const to = i + 3 < header.length ? first + header[i + 3]! : packed.length;
      if (!objects.has(num)) objects.set(num, { body: packed.slice(from, to).trim() });
    }
  }

  const contentRefs = (pageRef: number): number[] | null => {
    const page = objects.get(pageRef);
    if (!page) return null;
    const m = /\/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)/.exec(page.body);
    if (!m) return [];
    let value = m[1]!;
    // A reference to an array of references.
    const single = /^(\d+)\s+\d+\s+R$/.exec(value);
    if (single && !objects.get(Number(single[1]))?.stream) value = objects.get(Number(single[1]))?.body ?? '';
    return [...value.matchAll(/(\d+)\s+\d+\s+R/g)].map((r) => Number(r[1]));
  };

  return {
    pageContentBytes(ref, cap) {
      const refs = contentRefs(ref);
      if (refs === null) return null;
      let total = 0;
      for (const r of refs) {
        const object = objects.get(r);
        if (!object?.stream) continue;
        const size = decodedSize(bytes, object, cap - total + 1);
        if (size === null) return null;
        total += size;
        if (total > cap) return total;
      }
      return total;
    },
    largestImage() {
      let best: { width: number; height: number } | null = null;
      for (const object of objects.values()) {
        if (!object.stream || !/\/Subtype\s*\/Image\b/.test(object.body)) continue;
        const width = intValue(object.body, 'Width') ?? intValue(object.body, 'W');
        const height = intValue(object.body, 'Height') ?? intValue(object.body, 'H');
        if (width === null || height === null) continue;
        if (!best || width * height > best.width * best.height) best = { width, height };
      }
      return best;
    },
  };
}

/** The filters of a stream, in order. */
function filtersOf(dict: string): string[] {
  const m = /\/Filter\s*(\[[^\]]*\]|\/\w+)/.exec(dict);
  return m ? [...m[1]!.matchAll(/\/(\w+)/g)].map((f) => f[1]!) : [];
}

/** The stream's data, inflated (Flate only) up to `cap` bytes: null when it cannot be. */
function decoded(bytes: Uint8Array, object: IndexedObject, cap: number): Buffer | null {
  const { start, length } = object.stream!;
  const raw = bytes.subarray(start, start + length);
  const filters = filtersOf(object.body);
  if (filters.length === 0) return Buffer.from(raw.subarray(0, cap));
  if (filters.length !== 1 || (filters[0] !== 'FlateDecode' && filters[0] !== 'Fl')) return null;
  try {
    // Sync flush: a stream cut short or missing its checksum still gives what it holds, as pdf.js reads it.
    return inflateSync(raw, { maxOutputLength: cap, finishFlush: zlibConstants.Z_SYNC_FLUSH });
  } catch {
    return null;
  }
}

/** Decoded size of a stream, counted up to `cap` (a result of `cap` or more means "at least"); null when unknown. */
function decodedSize(bytes: Uint8Array, object: IndexedObject, cap: number): number | null {
  const { start, length } = object.stream!;
  const filters = filtersOf(object.body);
  if (filters.length === 0) return length;
  if (filters.length !== 1 || (filters[0] !== 'FlateDecode' && filters[0] !== 'Fl')) return null;
  try {
    return inflateSync(bytes.subarray(start, start + length), { maxOutputLength: Math.max(1, cap), finishFlush: zlibConstants.Z_SYNC_FLUSH }).length;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return cap;
    return null;
  }
}
