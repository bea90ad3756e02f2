// Page images before OCR: checked, decoded, made grey, cleaned of ruling lines.
//
// 1. Check. The bytes must be a PNG or JPEG that is not cut short (a PNG ends with its IEND chunk, a
//    JPEG with the EOI marker), with a sane size read from the header before anything is decoded.
// 2. Decode (@napi-rs/canvas) and convert to grey. Strongly red pixels (the red seal stamped over
//    the signature of a scanned report) become white: they carry no text and confuse OCR.
//    Pages over `maxPixels` are scaled down to it (about 200 dpi for A4, see PrepareSteps).
// 3. Ruling lines. Long, thin runs of dark pixels with light on both sides are table rules (or
//    underlines). They are recorded (layout uses them to cut table rows and columns) and erased
//    from the image handed to tesseract, which otherwise reads them as "|" or glues cells.
// 4. The grey image is handed to tesseract as a binary PGM (no compression cost).
//
// Everything here runs on the calling thread; it costs ~0.3-0.5 CPU-s for a 300-dpi A4 page.
import { createRequire } from 'node:module';
import { crc32 as zlibCrc32, deflateSync } from 'node:zlib';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { MAX_DECODE_PIXELS } from '../budgets.ts';
import { checkTiffStructure } from '../tiff.ts';
import { OcrError, reasonOf } from './errors.ts';
import type { OcrRule, OcrRules } from './layout.ts';

const require = createRequire(import.meta.url);

export { MAX_DECODE_PIXELS } from '../budgets.ts';

export interface PreparedImage {
  width: number;
  height: number;
  /** Binary PGM (P5) of the cleaned grey page: what tesseract reads. */
  pgm: Uint8Array;
  /** The grey pixels inside `pgm` (a view, row by row). */
  gray: Uint8Array;
  rules: OcrRules;
}

export type ImageKind = 'png' | 'jpeg' | 'tiff';

export function imageKind(b: Uint8Array): ImageKind | null {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a))) {
    return 'tiff';
  }
  return null;
}

/** Width and height from a PNG IHDR or a JPEG SOF marker, without decoding; null when not found. */
export function encodedImageSize(b: Uint8Array): { width: number; height: number } | null {
  const kind = imageKind(b);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (kind === 'png') {
    if (b.length < 24) return null;
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (kind === 'jpeg') {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) {
        i++;
        continue;
      }
      const marker = b[i + 1]!;
      if (marker === 0xff) {
        i++;
        continue;
      }
      // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
      }
      if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
        i += 2;
        continue;
      }
      i += 2 + view.getUint16(i + 2);
    }
  }
  return null;
}

function contains(b: Uint8Array, needle: number[], from: number): boolean {
  outer: for (let i = Math.max(0, from); i + needle.length <= b.length; i++) {
    for (let j = 0; j < needle.length; j++) if (b[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Throws OcrError('bad_image') unless the bytes look like a whole PNG or JPEG of a sane size. */
export function checkEncodedImage(b: Uint8Array, what = 'image'): { width: number; height: number } {
  if (b.length === 0) throw new OcrError('bad_image', `${what} is empty (0 bytes)`);
  const kind = imageKind(b);
  if (kind !== 'png' && kind !== 'jpeg') throw new OcrError('bad_image', `${what} is not a PNG or JPEG image`);
  // IEND: the 12-byte closing chunk; EOI: FF D9. Both are allowed to be followed by some junk.
  const complete = kind === 'png' ? contains(b, [0x49, 0x45, 0x4e, 0x44], b.length - 1024) : contains(b, [0xff, 0xd9], b.length - 1024);
  if (!complete) throw new OcrError('bad_image', `${what} is cut short (an incomplete ${kind.toUpperCase()} file)`);
  const size = encodedImageSize(b);
  if (!size || size.width === 0 || size.height === 0) throw new OcrError('bad_image', `${what} is damaged: no image size in its header`);
  if (size.width * size.height > MAX_DECODE_PIXELS) {
    throw new OcrError('bad_image', `${what} is too large to read: ${size.width}x${size.height} pixels`);
  }
  return size;
}

/**
 * The image preparation steps, each switchable so the benchmark can measure what it is worth
 * (`node cli/run-ts.js test/extractors/parse/ocr/prep-bench.ts`; the numbers are in the OCR issue's note). Greying
 * always happens: tesseract reads grey or binary pages.
 */
export interface PrepareSteps {
  /** Level a page scanned at a slight angle (projection-profile skew estimate, then rotate). */
  deskew: boolean;
  /** Find table ruling lines (kept for the layout's cells) and erase them from what tesseract reads. */
  eraseRules: boolean;
  /** Turn strongly red pixels (seals, red stamps over the signature) into paper. */
  dropRed: boolean;
  /** Stretch the grey levels so ink is black and paper white (for faded or grey-paper scans). */
  contrast: boolean;
  /**
   * Larger pages are scaled down to this many pixels before reading (A3 at 300 dpi is 17.4 Mpx).
   * Reading A4 at ~200 dpi (4.5 Mpx) instead of 300 would be a quarter faster with the same mean
   * character error rate on the fixture scans, but it misread a digit with confidence 0.84
   * ("257" as "287", auto-accepted), so pages are read at the resolution they come in.
   */
  maxPixels: number;
}

export const DEFAULT_PREPARE_STEPS: PrepareSteps = { deskew: true, eraseRules: true, dropRed: true, contrast: false, maxPixels: 20_000_000 };

/** Page orientations tried when a page reads badly: the page turned by this many degrees clockwise. */
export type QuarterTurn = 0 | 90 | 180 | 270;

/**
 * PNG/JPEG bytes -> the grey, cleaned page tesseract reads, plus the ruling lines found.
 * `turn` rotates the page first (a page scanned upside down or sideways).
 */
export async function prepareImage(
  bytes: Uint8Array,
  what = 'image',
  turn: QuarterTurn = 0,
  steps: PrepareSteps = DEFAULT_PREPARE_STEPS,
): Promise<PreparedImage> {
  const size = checkEncodedImage(bytes, what);
  let image: Awaited<ReturnType<typeof loadImage>>;
  try {
    image = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new OcrError('bad_image', `${what} could not be decoded: ${reasonOf(error)}`, { cause: error });
  }
  if (!image.width || !image.height) throw new OcrError('bad_image', `${what} could not be decoded (no pixels)`);
  const scale = Math.min(1, Math.sqrt(steps.maxPixels / (size.width * size.height)));
  const sideways = turn === 90 || turn === 270;
  const width = Math.max(1, Math.round((sideways ? image.height : image.width) * scale));
  const height = Math.max(1, Math.round((sideways ? image.width : image.height) * scale));
  let gray = drawGrey(image, width, height, turn, steps.dropRed);
  // A scan fed in at a slight angle: levelled before rules are looked for and text is read.
  if (steps.deskew) {
    const skew = estimateSkew(gray, width, height);
    if (Math.abs(skew) >= MIN_DESKEW_DEGREES) gray = drawGrey(image, width, height, turn - skew, steps.dropRed);
  }
  if (steps.contrast) stretchContrast(gray);
  const rules = findRules(gray, width, height);
  if (steps.eraseRules) eraseRules(gray, width, height, rules);
  const pgm = encodePgm(gray, width, height);
  return { width, height, pgm, gray: pgm.subarray(pgm.length - gray.length), rules };
}

/** Pages tilted by less than this are left alone (a tenth of a line height over a page width). */
const MIN_DESKEW_DEGREES = 0.12;
/** The largest tilt looked for, either way. */
const MAX_SKEW_DEGREES = 5;

/**
 * The image drawn on white paper of `width` x `height` (rotated by `degrees` about its centre;
 * for a quarter turn the canvas is the image's size with the sides swapped), as grey pixels.
 */
function drawGrey(image: Awaited<ReturnType<typeof loadImage>>, width: number, height: number, degrees: number, dropRed = true): Uint8Array {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff'; // transparent PNGs and the corners of a rotated page: paper is white
  ctx.fillRect(0, 0, width, height);
  const sideways = Math.abs(Math.round(degrees / 90)) % 2 === 1;
  const [w, h] = sideways ? [height, width] : [width, height];
  if (degrees !== 0) {
    ctx.translate(width / 2, height / 2);
    ctx.rotate((degrees * Math.PI) / 180);
    ctx.translate(-w / 2, -h / 2);
  }
  ctx.drawImage(image, 0, 0, w, h);
  // Read back a band of rows at a time: the whole page's RGBA at once would be 35 MB more per
  // 300-dpi A4 page in flight, for pixels that are greyed and dropped straight away.
  const gray = new Uint8Array(width * height);
  const band = Math.max(1, Math.floor(GREY_BAND_PIXELS / width));
  for (let y = 0; y < height; y += band) {
    const rows = Math.min(band, height - y);
    gray.set(greyFromRgba(ctx.getImageData(0, y, width, rows).data, width, rows, dropRed), y * width);
  }
  // The canvas's own pixels are native memory the garbage collector does not see: shrink the
  // canvas now rather than when a collection happens to free it.
  canvas.width = 1;
  canvas.height = 1;
  return gray;
}

/** Pixels read back from the canvas at a time when greying (about 4 MB of RGBA). */
const GREY_BAND_PIXELS = 1 << 20;

/**
 * The tilt of the text lines in degrees (positive: lines run downhill to the right), by projection
 * profiles: the dark pixels of a reduced page are projected onto rows along each candidate angle,
 * and the angle whose row histogram is most peaked (sum of squares) wins. Coarse then fine.
 */
export function estimateSkew(gray: Uint8Array, width: number, height: number): number {
  const { ink, paper } = thresholds(gray);
  if (paper - ink < 40) return 0;
  const f = Math.max(1, Math.round(width / 1000));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < height; y += f) {
    const row = y * width;
    for (let x = 0; x < width; x += f)
      if (gray[row + x]! < ink) {
        xs.push(x / f);
        ys.push(y / f);
      }
  }
  if (xs.length < 200 || xs.length > 2_000_000) return 0;
  const rows = Math.ceil(height / f) + Math.ceil(width / f) + 2;
  const hist = new Float64Array(rows);
  const offset = Math.ceil(width / f) * Math.tan((MAX_SKEW_DEGREES * Math.PI) / 180) + 1;
  const score = (degrees: number): number => {
    hist.fill(0);
    const t = Math.tan((degrees * Math.PI) / 180);
    for (let i = 0; i < xs.length; i++) {
      const r = Math.round(ys[i]! - xs[i]! * t + offset);
      if (r >= 0 && r < rows) hist[r]!++;
    }
    let s = 0;
    for (let r = 0; r < rows; r++) s += hist[r]! * hist[r]!;
    return s;
  };
  let best = 0;
  let bestScore = score(0);
  for (let a = -MAX_SKEW_DEGREES; a <= MAX_SKEW_DEGREES + 1e-9; a += 0.5) {
    const s = score(a);
    if (s > bestScore * 1.0001) [best, bestScore] = [a, s];
  }
  const center = best;
  for (let a = center - 0.45; a <= center + 0.45 + 1e-9; a += 0.05) {
    const s = score(a);
    if (s > bestScore * 1.0001) [best, bestScore] = [a, s];
  }
  return Math.round(best * 100) / 100;
}

/** Luma, with strongly red pixels (seals, red stamps) turned to paper. */
export function greyFromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, dropRed = true): Uint8Array {
  const n = width * height;
  const gray = new Uint8Array(n);
  for (let i = 0, p = 0; i < n; i++, p += 4) {
    const r = rgba[p]!;
    const g = rgba[p + 1]!;
    const b = rgba[p + 2]!;
    gray[i] = dropRed && r > 120 && r - g > 60 && r - b > 60 ? 255 : (r * 77 + g * 150 + b * 29) >> 8;
  }
  return gray;
}

/** Ink (Otsu's threshold and below) to black, paper level and above to white, linear between. */
export function stretchContrast(gray: Uint8Array): void {
  const { ink, paper } = thresholds(gray);
  // Dark ink sits well below the threshold; anchoring black at half of it keeps strokes' edges.
  const black = Math.floor(ink / 2);
  if (paper - black < 16) return;
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = v <= black ? 0 : v >= paper ? 255 : Math.round(((v - black) * 255) / (paper - black));
  for (let i = 0; i < gray.length; i++) gray[i] = lut[gray[i]!]!;
}

export function encodePgm(gray: Uint8Array, width: number, height: number): Uint8Array {
  const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1');
  const out = new Uint8Array(header.length + gray.length);
  out.set(header, 0);
  out.set(gray, header.length);
  return out;
}

/** Otsu's threshold of a grey image, and the paper level (median of the pixels above it). */
export function thresholds(gray: Uint8Array): { ink: number; paper: number } {
  const hist = new Float64Array(256);
  for (let i = 0; i < gray.length; i++) hist[gray[i]!]!++;
  const total = gray.length;
  let sum = 0;
  for (let t = 0; t < 256; t++) sum += t * hist[t]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let ink = 127;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      ink = t;
    }
  }
  let above = 0;
  for (let t = ink + 1; t < 256; t++) above += hist[t]!;
  let paper = 255;
  let seen = 0;
  for (let t = ink + 1; t < 256; t++) {
    seen += hist[t]!;
    if (seen >= above / 2) {
      paper = t;
      break;
    }
  }
  return { ink, paper };
}

interface Run {
  /** Position along the scan (x for rows, y for columns). */
  a0: number;
  a1: number;
}

interface Growing {
  a0: number;
  a1: number;
  /** First and last row (or column) the rule covers. */
  b0: number;
  b1: number;
}

/**
 * Horizontal and vertical ruling lines: runs of dark pixels at least a 25th of the page width
 * (35th of its height) long, at most a few pixels thick, with light pixels on both sides.
 */
export function findRules(gray: Uint8Array, width: number, height: number): OcrRules {
  const { ink, paper } = thresholds(gray);
  // Anti-aliased thin rules are lighter than text: halfway between Otsu's threshold and paper.
  const dark = Math.max(ink, Math.round((ink + paper) / 2));
  if (paper - ink < 40) return { horizontal: [], vertical: [] }; // a blank or flat page
  const isDark = (x: number, y: number) => gray[y * width + x]! < dark;
  const maxThickness = Math.max(4, Math.round(Math.min(width, height) / 300));
  // Pixel (a, b) of a scan is gray[a * strideA + b * strideB]: rows for horizontal rules, columns for vertical ones.
  const horizontal = scan({ gray, dark, strideA: 1, strideB: width }, width, height, Math.max(40, Math.round(width / 25)), maxThickness).map(
    (g): OcrRule => ({ x0: g.a0, x1: g.a1, y0: g.b0, y1: g.b1 }),
  );
  const vertical = scan({ gray, dark, strideA: width, strideB: 1 }, height, width, Math.max(40, Math.round(height / 35)), maxThickness).map(
    (g): OcrRule => ({ x0: g.b0, x1: g.b1, y0: g.a0, y1: g.a1 }),
  );
  return {
    horizontal: horizontal.filter((r) => sidesAreLight(r, 'h', width, height, isDark)),
    vertical: vertical.filter((r) => sidesAreLight(r, 'v', width, height, isDark)),
  };
}

/** The page as a scan sees it: pixel (a, b) is `gray[a * strideA + b * strideB]`, dark below `dark`. */
interface ScanView {
  gray: Uint8Array;
  dark: number;
  strideA: number;
  strideB: number;
}

/**
 * Runs along `along` for each of `across` lines; runs overlapping in consecutive lines grow into
 * rules. Indexes the pixels directly (no callback per pixel): this loop sees every pixel of the
 * page twice and was most of the preparation time.
 */
function scan(view: ScanView, along: number, across: number, minLength: number, maxThickness: number): Growing[] {
  const { gray, dark, strideA, strideB } = view;
  const done: Growing[] = [];
  let open: Growing[] = [];
  const gapTolerance = 2;
  for (let b = 0; b < across; b++) {
    const runs: Run[] = [];
    let start = -1;
    let lastDark = -1;
    const base = b * strideB;
    for (let a = 0; a < along; a++) {
      if (gray[base + a * strideA]! < dark) {
        if (start < 0) start = a;
        lastDark = a;
      } else if (start >= 0 && a - lastDark > gapTolerance) {
        if (lastDark - start + 1 >= minLength) runs.push({ a0: start, a1: lastDark });
        start = -1;
      }
    }
    if (start >= 0 && lastDark - start + 1 >= minLength) runs.push({ a0: start, a1: lastDark });
    const next: Growing[] = [];
    for (const run of runs) {
      const i = open.findIndex((g) => Math.min(g.a1, run.a1) - Math.max(g.a0, run.a0) >= 0.5 * Math.min(g.a1 - g.a0, run.a1 - run.a0));
      if (i >= 0) {
        const g = open[i]!;
        open.splice(i, 1);
        g.a0 = Math.min(g.a0, run.a0);
        g.a1 = Math.max(g.a1, run.a1);
        g.b1 = b;
        next.push(g);
      } else {
        next.push({ a0: run.a0, a1: run.a1, b0: b, b1: b });
      }
    }
    done.push(...open);
    open = next;
  }
  done.push(...open);
  return done.filter((g) => g.b1 - g.b0 + 1 <= maxThickness);
}

/** A rule has light pixels just beyond both sides along most of its length (text does not). */
function sidesAreLight(r: OcrRule, dir: 'h' | 'v', width: number, height: number, isDark: (x: number, y: number) => boolean): boolean {
  const d = 2;
  const h = dir === 'h';
  // Walk along the rule (t) and look d pixels off each side of it (s): the same loop for both directions.
  const dark = h ? isDark : (t: number, s: number) => isDark(s, t);
  const [from, to] = h ? [r.x0, r.x1] : [r.y0, r.y1];
  const before = (h ? r.y0 : r.x0) - d;
  const after = (h ? r.y1 : r.x1) + d;
  const across = h ? height : width;
  let darkBefore = 0;
  let darkAfter = 0;
  let n = 0;
  for (let t = from; t <= to; t++) {
    n++;
    if (before >= 0 && dark(t, before)) darkBefore++;
    if (after < across && dark(t, after)) darkAfter++;
  }
  return n > 0 && Math.max(darkBefore, darkAfter) / n <= 0.3;
}

/** Paints the rules (and a pixel of fringe on each side) white. */
export function eraseRules(gray: Uint8Array, width: number, height: number, rules: OcrRules): void {
  for (const r of rules.horizontal) {
    for (let y = Math.max(0, r.y0 - 1); y <= Math.min(height - 1, r.y1 + 1); y++) gray.fill(255, y * width + r.x0, y * width + r.x1 + 1);
  }
  for (const r of rules.vertical) {
    for (let y = r.y0; y <= r.y1; y++) {
      const row = y * width;
      gray.fill(255, row + Math.max(0, r.x0 - 1), row + Math.min(width - 1, r.x1 + 1) + 1);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// TIFF

interface Utif {
  decode(buffer: ArrayBuffer): Array<{ width: number; height: number; [tag: string]: unknown }>;
  decodeImage(buffer: ArrayBuffer, ifd: object): void;
  toRGBA8(ifd: object): Uint8Array;
}

function utif(): Utif {
  return require('utif2') as Utif;
}

export interface TiffPages {
  count: number;
  /** The 0-based page as PNG bytes; decoded on demand, so only one page is held at a time. */
  page(index: number): Promise<Uint8Array>;
  /** The pixels of the 0-based page as stored (what decoding it costs). */
  pixels(index: number): number;
}

type TiffDirectory = ReturnType<Utif['decode']>[number];

const tagValue = (ifd: TiffDirectory, tag: number, fallback: number): number => {
  const v = ifd[`t${tag}`] as number[] | undefined;
  return v && v.length > 0 ? Number(v[0]) : fallback;
};

/**
 * The grey pixels of a decoded TIFF page, scaled down by `scale` (area average) while they are
 * read from the decoded samples: a 12000 x 12000 bilevel page (18 MB as stored) never becomes the
 * 576 MB of RGBA that UTIF.toRGBA8 and a full-size PNG would take. Bilevel, 8-bit grey and 8-bit
 * RGB(A) pages are read directly; anything else goes through UTIF.toRGBA8 first.
 */
function greyPage(ifd: TiffDirectory, w: number, h: number, scale: number): { grey: Uint8Array; width: number; height: number } {
  let data = (ifd as { data?: Uint8Array }).data!;
  const photometric = tagValue(ifd, 262, 1);
  const bps = tagValue(ifd, 258, 1);
  const spp = tagValue(ifd, 277, 1);
  let sample: (x: number, row: number) => number;
  let stride: number;
  if (spp === 1 && bps === 1 && (photometric === 0 || photometric === 1)) {
    stride = Math.ceil(w / 8);
    const white = photometric === 1 ? 1 : 0;
    sample = (x, row) => (((data[row + (x >> 3)]! >> (7 - (x & 7))) & 1) === white ? 255 : 0);
  } else if (spp === 1 && bps === 8 && (photometric === 0 || photometric === 1)) {
    stride = w;
    sample = photometric === 1 ? (x, row) => data[row + x]! : (x, row) => 255 - data[row + x]!;
  } else if ((spp === 3 || spp === 4) && bps === 8 && photometric === 2) {
    stride = w * spp;
    sample = (x, row) => {
      const at = row + x * spp;
      return (data[at]! * 77 + data[at + 1]! * 150 + data[at + 2]! * 29) >> 8;
    };
  } else {
    const rgba = utif().toRGBA8(ifd);
    data = rgba;
    stride = w * 4;
    sample = (x, row) => {
      const at = row + x * 4;
      return (rgba[at]! * 77 + rgba[at + 1]! * 150 + rgba[at + 2]! * 29) >> 8;
    };
  }
  if (data.length < stride * h) throw new Error('cut short');
  const width = Math.max(1, Math.round(w * scale));
  const height = Math.max(1, Math.round(h * scale));
  const column = new Int32Array(w);
  for (let x = 0; x < w; x++) column[x] = Math.min(width - 1, Math.floor((x * width) / w));
  const grey = new Uint8Array(width * height);
  const sums = new Float64Array(width);
  const counts = new Float64Array(width);
  let outRow = 0;
  const flush = () => {
    for (let X = 0; X < width; X++) grey[outRow * width + X] = counts[X]! > 0 ? Math.round(sums[X]! / counts[X]!) : 255;
    sums.fill(0);
    counts.fill(0);
  };
  for (let y = 0; y < h; y++) {
    const Y = Math.min(height - 1, Math.floor((y * height) / h));
    if (Y !== outRow) {
      flush();
      outRow = Y;
    }
    const row = y * stride;
    for (let x = 0; x < w; x++) {
      const X = column[x]!;
      sums[X]! += sample(x, row);
      counts[X]!++;
    }
  }
  flush();
  return { grey, width, height };
}

/** A grey image as an 8-bit greyscale PNG (what the OCR engine and a browser read). */
export function greyPng(grey: Uint8Array, width: number, height: number): Uint8Array {
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) rows.set(grey.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlibCrc32(Buffer.concat([head.subarray(4), body])) >>> 0);
    return Buffer.concat([head, body, crc]);
  };
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

export interface TiffOptions {
  /** Pages larger than this are scaled down to it as they are decoded (OCR reads at most DEFAULT_PREPARE_STEPS.maxPixels). */
  maxPixels?: number;
}

/** The image pages of a (multi-page) TIFF. Throws OcrError('bad_image') when it cannot be read. */
export function tiffPages(bytes: Uint8Array, options: TiffOptions = {}): TiffPages {
  const maxPixels = options.maxPixels ?? DEFAULT_PREPARE_STEPS.maxPixels;
  if (imageKind(bytes) !== 'tiff') throw new OcrError('bad_image', bytes.length === 0 ? 'TIFF is empty (0 bytes)' : 'not a TIFF image');
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let ifds: ReturnType<Utif['decode']>;
  try {
    // UTIF.decode follows the page chain with no memory of where it has been: a looping chain
    // would fill memory until the process dies, so the structure is walked first, whoever calls.
    checkTiffStructure(bytes);
    // MakerNote parsing off: camera-specific blocks are not pages and have their own offsets to follow.
    const decode = utif().decode as (b: ArrayBuffer, prm: { parseMN: boolean; debug: boolean }) => ReturnType<Utif['decode']>;
    ifds = decode(buffer, { parseMN: false, debug: false });
  } catch (error) {
    throw new OcrError('bad_image', `TIFF is damaged: ${reasonOf(error)}`, { cause: error });
  }
  // Image directories only (width and height tags present).
  const pages = ifds.filter((ifd) => ifd.t256 !== undefined && ifd.t257 !== undefined);
  if (pages.length === 0) throw new OcrError('bad_image', 'TIFF has no image in it');
  const size = (index: number) => ({ w: tagValue(pages[index]!, 256, 0), h: tagValue(pages[index]!, 257, 0) });
  return {
    count: pages.length,
    pixels(index: number): number {
      const { w, h } = size(index);
      return w * h;
    },
    async page(index: number): Promise<Uint8Array> {
      const ifd = pages[index];
      if (!ifd) throw new OcrError('failed', `TIFF has no page ${index + 1}`);
      const { w, h } = size(index);
      if (!(w > 0 && h > 0) || w * h > MAX_DECODE_PIXELS) throw new OcrError('bad_image', `TIFF page ${index + 1} has an unreadable size (${w}x${h})`);
      try {
        utif().decodeImage(buffer, ifd);
        const { grey, width, height } = greyPage(ifd, w, h, Math.min(1, Math.sqrt(maxPixels / (w * h))));
        // Let the decoded samples go with the IFD (the caller keeps only the PNG).
        (ifd as { data?: unknown }).data = undefined;
        return greyPng(grey, width, height);
      } catch (error) {
        if (error instanceof OcrError) throw error;
        throw new OcrError('bad_image', `TIFF page ${index + 1} could not be decoded: ${reasonOf(error)}`, { cause: error });
      }
    },
  };
}
