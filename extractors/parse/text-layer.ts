// Whether a PDF page's text layer can be believed. A text layer is not always the document's
// text: an old scanner's OCR writes one without Vietnamese ("CONG Hcok xA HQI CHiJ NGHiA VIVT
// NAM"), and a signing system may leave nothing on a scanned page but its stamp. Such pages are
// read by OCR instead, whole: the two readings are never mixed.
//
// The judge is the syllable check the legacy-font converter relies on: Vietnamese prose is
// mostly syllables carrying a Vietnamese letter or tone mark (ă â đ ê ô ơ ư and the five tones),
// so a page where few words do is not Vietnamese as written, unless it becomes Vietnamese once
// converted from a legacy font (TCVN3, VNI), which the converter then does.
import { hasStampMarks, looksLikeSignatureStamp } from '../stamps.ts';
import type { ParsedPage } from '../types.ts';
import { convertLegacy, isSyllable } from './legacy-encoding.ts';
import { warning, type DocumentWarning } from '../warnings.ts';

/** Pages with fewer words than this are not judged (a table of numbers, a signature page). */
export const MIN_JUDGED_WORDS = 40;
/**
 * Below this share of Vietnamese syllables (among words of two letters or more) a text layer is
 * not Vietnamese. The pages of the fixture reports (text PDF, DOCX, a TCVN3 PDF once converted)
 * and of the real text PDFs read 0.67-0.88 (abbreviations such as UBND, KH&CN make up the
 * rest); the two garbage layers of scanner OCR among the real documents read 0.01-0.25.
 */
export const MIN_VIETNAMESE_SHARE = 0.45;

/** A page with a signature stamp and no more words than this holds nothing else (stamps run to 35 words). */
const MAX_STAMP_WORDS = 60;

export type TextLayerVerdict =
  | { verdict: 'ok' }
  | { verdict: 'blank' }
  | { verdict: 'stamp_only' }
  | { verdict: 'not_vietnamese'; share: number; words: number };

const WORD = /[\p{L}\p{M}]{2,}/gu;
/** A letter or mark only Vietnamese (among Latin scripts here) writes. */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: the combining marks are matched alone, on purpose (decomposed text)
const VIETNAMESE_LETTER = /[ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323]/u;

/** How many words (two letters or more) the text has, and how many are Vietnamese syllables with a Vietnamese letter or tone. */
export function vietnameseWords(text: string): { words: number; vietnamese: number } {
  const words = text.normalize('NFC').match(WORD) ?? [];
  let vietnamese = 0;
  for (const w of words) if (VIETNAMESE_LETTER.test(w.normalize('NFD')) && isSyllable(w)) vietnamese++;
  return { words: words.length, vietnamese };
}

/** The share of Vietnamese syllables, as written or once converted from a legacy font, whichever is higher. */
export function vietnameseShare(text: string): { share: number; words: number } {
  const readings = [text, convertLegacy(text, 'tcvn3'), convertLegacy(text, 'vni')].map(vietnameseWords);
  const words = readings[0]!.words;
  if (words === 0) return { share: 0, words: 0 };
  return { share: Math.max(...readings.map((r) => r.vietnamese / Math.max(1, r.words))), words };
}

function pageText(page: ParsedPage): string {
  return page.blocks.map((b) => b.text).join('\n');
}

/** The verdict on one text page (OCR pages are not judged here). */
export function judgeTextLayer(page: ParsedPage): TextLayerVerdict {
  if (page.blocks.length === 0) return { verdict: 'blank' };
  const text = pageText(page);
  const { share, words } = vietnameseShare(text);
  // Nothing but a signature stamp (its lines split over blocks and cells): a few dozen words
  // with a signing time or a signature label among them.
  if (words <= MAX_STAMP_WORDS && hasStampMarks(text)) return { verdict: 'stamp_only' };
  if (words < MIN_JUDGED_WORDS) return { verdict: 'ok' };
  return share < MIN_VIETNAMESE_SHARE ? { verdict: 'not_vietnamese', share, words } : { verdict: 'ok' };
}

/** Why a text page is not believed ("page 2: the text layer …"), or null when it is. */
export function textLayerDoubt(page: number, verdict: TextLayerVerdict): string | null {
  switch (verdict.verdict) {
    case 'stamp_only':
      return `page ${page}: the text layer is only a signature stamp over a scanned image`;
    case 'not_vietnamese':
      return `page ${page}: the text layer does not read as Vietnamese (${Math.round(verdict.share * 100)}% of ${verdict.words} words are Vietnamese syllables)`;
    default:
      return null;
  }
}

/** Why a text page is read by OCR instead, for the document's warnings. */
export function textLayerWarning(page: number, verdict: TextLayerVerdict): DocumentWarning | null {
  const doubt = textLayerDoubt(page, verdict);
  if (doubt === null) return null;
  return warning('text_layer_replaced', `${doubt}: read by OCR${verdict.verdict === 'not_vietnamese' ? ' instead' : ''}`, page);
}

/**
 * The signature stamps a text layer holds as text (not in a signature field): the whole text of
 * a page that is only a stamp, else the lines that read as one. Kept when OCR replaces the page.
 */
export function stampLines(page: ParsedPage): string[] {
  const lines = page.blocks.flatMap((b) => (b.kind === 'table' ? b.rows.map((r) => r.join(' ')) : [b.text])).filter((l) => l.trim() !== '');
  const found = judgeTextLayer(page).verdict === 'stamp_only' ? [lines.join(' ')] : lines.filter(looksLikeSignatureStamp);
  return found.map((l) => l.replace(/\s+/g, ' ').trim()).filter((l) => !(page.stamps ?? []).includes(l));
}
