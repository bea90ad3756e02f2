// Images for the OCR tests, made in memory: blank pages, grey multi-page TIFFs, drawings, pages
// scanned turned or tilted.
import { createCanvas, loadImage, type SKRSContext2D } from '@napi-rs/canvas';

/** A PNG of `width` x `height` drawn by `draw` on white. */
export async function drawPng(width: number, height: number, draw: (ctx: SKRSContext2D) => void = () => {}): Promise<Uint8Array> {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#000000';
  ctx.strokeStyle = '#000000';
  draw(ctx);
  return new Uint8Array(await canvas.encode('png'));
}

/**
 * The image rotated `degrees` clockwise about its centre onto a page of `background`, as PNG or,
 * given `jpegQuality`, as JPEG. A quarter turn swaps width and height (a page scanned sideways);
 * any other angle keeps the size and loses the corners (a page fed askew).
 */
export async function rotated(bytes: Uint8Array, degrees: number, options: { background?: string; jpegQuality?: number } = {}): Promise<Uint8Array> {
  const image = await loadImage(Buffer.from(bytes));
  const sideways = Math.abs(degrees % 180) === 90;
  const canvas = createCanvas(sideways ? image.height : image.width, sideways ? image.width : image.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = options.background ?? '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.translate(canvas.width / 2, canvas.height / 2);
  ctx.rotate((degrees * Math.PI) / 180);
  ctx.drawImage(image, -image.width / 2, -image.height / 2);
  return new Uint8Array(await (options.jpegQuality === undefined ? canvas.encode('png') : canvas.encode('jpeg', options.jpegQuality)));
}

/** Grey pixels of an encoded image. */
export async function greyPixels(bytes: Uint8Array): Promise<{ width: number; height: number; gray: Uint8Array }> {
  const image = await loadImage(Buffer.from(bytes));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const rgba = ctx.getImageData(0, 0, image.width, image.height).data;
  const gray = new Uint8Array(image.width * image.height);
  for (let i = 0; i < gray.length; i++) gray[i] = rgba[i * 4]!;
  return { width: image.width, height: image.height, gray };
}

/** A multi-page TIFF of 8-bit grey pages, uncompressed, little-endian: what a basic scanner writes. */
export function greyTiff(pages: Array<{ width: number; height: number; gray: Uint8Array }>): Uint8Array {
  const ENTRIES = 9;
  const ifdSize = 2 + ENTRIES * 12 + 4;
  let size = 8;
  const layout = pages.map((p) => {
    const ifd = size;
    const data = ifd + ifdSize;
    size = data + p.gray.length + (p.gray.length % 2);
    return { ifd, data };
  });
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 0x2a, 0x00]);
  view.setUint32(4, layout[0]!.ifd, true);
  pages.forEach((p, i) => {
    const { ifd, data } = layout[i]!;
    view.setUint16(ifd, ENTRIES, true);
    const tags: Array<[number, number, number]> = [
      [256, 4, p.width], // ImageWidth (LONG)
      [257, 4, p.height], // ImageLength
      [258, 3, 8], // BitsPerSample
      [259, 3, 1], // Compression: none
      [262, 3, 1], // Photometric: BlackIsZero
      [273, 4, data], // StripOffsets
      [277, 3, 1], // SamplesPerPixel
      [278, 4, p.height], // RowsPerStrip
      [279, 4, p.gray.length], // StripByteCounts
    ];
    tags.forEach(([tag, type, value], k) => {
      const at = ifd + 2 + k * 12;
      view.setUint16(at, tag, true);
      view.setUint16(at + 2, type, true);
      view.setUint32(at + 4, 1, true);
      if (type === 3) view.setUint16(at + 8, value, true);
      else view.setUint32(at + 8, value, true);
    });
    view.setUint32(ifd + 2 + ENTRIES * 12, i + 1 < pages.length ? layout[i + 1]!.ifd : 0, true);
    out.set(p.gray, data);
  });
  return out;
}

/** A horizontal strip (rows y0..y1) of a grey page. */
export function strip(page: { width: number; gray: Uint8Array }, y0: number, y1: number): { width: number; height: number; gray: Uint8Array } {
  return { width: page.width, height: y1 - y0, gray: page.gray.slice(y0 * page.width, y1 * page.width) };
}
