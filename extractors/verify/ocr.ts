// Values read from scans: the words they came from must have been read with confidence, and a
// separator OCR may have confused ("1.204" seen as "1,204") holds the value for a reviewer.
import type { FlagReason, ParsedDocument, VerifiedValue } from '../types.ts';

/** Below this, a word (or a whole page) read by OCR is not trusted for an automatic value. */
export const OCR_MIN_CONFIDENCE = 0.75;

/** A comma before exactly three digits: Vietnamese writes thousands with ".", so OCR may have misread it. */
const CONFUSABLE_SEPARATOR = /\d,\d{3}(?!\d)/;

const digitsOf = (text: string) => text.replace(/\D/g, '');

export function ocrReasons(value: Pick<VerifiedValue, 'page' | 'evidence' | 'rawText'>, doc: ParsedDocument): FlagReason[] {
  const page = doc.pages.find((p) => p.number === value.page);
  if (!page || page.source !== 'ocr') return [];
  const reasons: FlagReason[] = [];
  const block = page.blocks.find((b) => b.text.includes(value.evidence) || value.evidence.includes(b.text));
  const digits = digitsOf(value.rawText);
  // The words that carry the value's digits (a number may be split across words by OCR).
  const carriers = (block?.words ?? []).filter((w) => {
    const d = digitsOf(w.text);
    return d.length > 0 && digits.includes(d);
  });
  const weakest = carriers.length > 0 ? Math.min(...carriers.map((w) => w.confidence)) : (page.ocrConfidence ?? 0);
  if (weakest < OCR_MIN_CONFIDENCE || (page.ocrConfidence ?? 1) < OCR_MIN_CONFIDENCE) reasons.push('ocr_low_confidence');
  if (CONFUSABLE_SEPARATOR.test(value.rawText) && !reasons.includes('ocr_low_confidence')) reasons.push('ocr_low_confidence');
  return reasons;
}
