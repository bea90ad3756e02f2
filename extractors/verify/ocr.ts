// Values read from scans: the words they came from must have been read with confidence, and a
// separator OCR may have confused ("1.204" seen as "1,204") holds the value for a reviewer.
import type { FlagReason, ParsedDocument, VerifiedValue } from '../types.ts';

/** Below this, a word (or a whole page) read by OCR is not trusted for an automatic value. */
export const OCR_MIN_CONFIDENCE = 0.75;

/** A comma before exactly three digits: Vietnamese writes thousands with ".", so OCR may have misread it. */
const CONFUSABLE_SEPARATOR = /\d,\d{3}(?!\d)/;

const digitsOf = (text: string) => text.replace(/\D/g, '');

type ValueSource = Pick<VerifiedValue, 'page' | 'evidence' | 'rawText'>;

/**
 * How sure OCR was of a value: the weakest confidence (0..1) among the words carrying its digits,
 * or the page's mean when those words cannot be found; null when the page was not read by OCR.
 */
export function ocrEvidenceConfidence(value: ValueSource, doc: ParsedDocument): number | null {
  const page = doc.pages.find((p) => p.number === value.page);
  if (page?.source !== 'ocr') return null;
  const block = page.blocks.find((b) => b.text.includes(value.evidence) || value.evidence.includes(b.text));
  const digits = digitsOf(value.rawText);
  // The words that carry the value's digits (a number may be split across words by OCR).
  const carriers = (block?.words ?? []).filter((w) => {
    const d = digitsOf(w.text);
    return d.length > 0 && digits.includes(d);
  });
  return carriers.length > 0 ? Math.min(...carriers.map((w) => w.confidence)) : (page.ocrConfidence ?? 0);
}

export function ocrReasons(value: ValueSource, doc: ParsedDocument): FlagReason[] {
  const weakest = ocrEvidenceConfidence(value, doc);
  if (weakest === null) return [];
  const page = doc.pages.find((p) => p.number === value.page)!;
  const reasons: FlagReason[] = [];
  if (weakest < OCR_MIN_CONFIDENCE || (page.ocrConfidence ?? 1) < OCR_MIN_CONFIDENCE) reasons.push('ocr_low_confidence');
  if (CONFUSABLE_SEPARATOR.test(value.rawText) && !reasons.includes('ocr_low_confidence')) reasons.push('ocr_low_confidence');
  return reasons;
}
