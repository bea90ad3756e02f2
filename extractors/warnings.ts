// What went wrong short of failing a document, as programs and people read it: a code to branch
// on, the page it is about (the first, when it names several), and the sentence a person reads.
// The codes are public (`baocao extract --json`, `parse --format json`; README "Warning codes").

/** Every warning code, with what it means (the README's table says the same). */
export const WARNING_CODES = {
  // Reading a PDF's text layer
  no_text_layer: 'a PDF page has no text layer',
  page_unreadable: 'a PDF page could not be read (damaged content)',
  page_content_too_large: "a PDF page's content is over limits.maxPageContentBytes: not read",
  page_text_cut: "a page's text is over limits.maxPageChars: the rest of the page is left out",
  document_text_cut: "the document's text is over limits.maxDocumentChars: the following pages are not read",
  text_layer_replaced: 'a text layer not believed (not Vietnamese, or only a signature stamp) was read by OCR instead',
  text_layer_kept: 'a text layer that does not read as Vietnamese was kept: OCR is not enabled',
  text_layer_dropped: 'a text layer not believed could not be read by OCR either: the page is left empty',
  legacy_font_converted: 'text in a legacy Vietnamese font (TCVN3, VNI) was converted to Unicode',
  // Word documents
  docx_conversion: 'the Word conversion reported something it did not understand',
  docx_macros: 'the document holds macros (never run)',
  // OCR
  ocr_no_text: 'OCR found no text on a page',
  ocr_page_turned: 'a page scanned upside down or sideways was read turned',
  ocr_page_failed: 'OCR could not read a page (it failed or timed out)',
  ocr_page_limit: 'pages past ocr.maxPages were not read',
  ocr_pixels_limit: 'the page images are over limits.maxDecodedPixels: the following pages are not read by OCR',
  ocr_page_missing: 'a page asked of OCR is not in the PDF',
  // The header
  number_unread: 'the document number was not read (written by hand?)',
  number_unsure: 'the document number was read unsure and left empty',
  date_unread: 'the date of issue was not read (written by hand?)',
  date_unsure: 'the date of issue was read unsure and left empty',
  province_mismatch: 'the header names another province as issuer: every value is held for a reviewer',
  // Stored before warnings had codes
  uncoded: 'a warning recorded before warnings had codes',
} as const;

export type WarningCode = keyof typeof WARNING_CODES;

export interface DocumentWarning {
  code: WarningCode;
  /** The page it is about (the first of them when the sentence names several); absent for the whole document. */
  page?: number;
  /** The sentence a person reads. */
  message: string;
}

export function warning(code: WarningCode, message: string, page?: number): DocumentWarning {
  return page === undefined ? { code, message } : { code, page, message };
}

/** Warnings as stored or sent: sentences from before warnings had codes are kept, coded `uncoded`. */
export function readWarnings(stored: readonly (DocumentWarning | string)[] | undefined): DocumentWarning[] {
  return (stored ?? []).map((w) => (typeof w === 'string' ? warning('uncoded', w) : w));
}

export const messagesOf = (warnings: readonly DocumentWarning[]): string[] => warnings.map((w) => w.message);
