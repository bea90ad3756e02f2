// Content-Disposition for downloads whose names are Vietnamese. RFC 6266 with RFC 5987:
// `filename*=UTF-8''…` carries the real name, percent-encoded, for every current browser;
// `filename="…"` is an ASCII stand-in (diacritics dropped, đ as d) for anything older. Names
// are built from data (an uploaded file's name, an indicator's name), so both forms are
// reduced to characters that cannot end the header or the quoted string.
import { stripDiacritics } from '../shared/diacritics.ts';

/** "Tổng hợp NV02 quý III/2025.xlsx" -> "Tong-hop-NV02-quy-III-2025.xlsx". */
export function asciiFileName(name: string): string {
  const plain = stripDiacritics(name);
  const dot = plain.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [plain.slice(0, dot), plain.slice(dot + 1)] : [plain, ''];
  const safe = (s: string) =>
    s
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[-.]+|-+$/g, '');
  const base = safe(stem).slice(0, 120) || 'download';
  const extension = safe(ext).slice(0, 10);
  return extension ? `${base}.${extension}` : base;
}

/** RFC 5987 value-chars: encodeURIComponent leaves ' ( ) * ! which attr-char does not allow (except !). */
function encode5987(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The readable name, with path separators and control characters taken out. */
export function displayFileName(name: string): string {
  return name
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f/\\]+/g, '-')
    .trim()
    .slice(0, 180);
}

/** `fallback`: an ASCII name to use instead of the one derived from `name` (say "NV02_2025-H1.csv"). */
export function contentDisposition(name: string, fallback?: string): string {
  const display = displayFileName(name) || 'download';
  return `attachment; filename="${asciiFileName(fallback ?? display)}"; filename*=UTF-8''${encode5987(display)}`;
}
