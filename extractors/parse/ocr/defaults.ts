// OCR defaults that configuration reads without loading the engine (and tesseract.js with it).

/**
 * Vietnamese alone: the reports' English words (KH&CN, X-quang, ISO) are Latin letters the `vie`
 * model reads, and adding `eng` makes tesseract try a second model on every doubtful word, which
 * cost 40% more time for no better reading on the fixture scans (see extractors/parse/ocr/README.md).
 */
export const DEFAULT_LANGUAGES = 'vie';
