// The fields of one value in `baocao extract --json`, sorted: the contract the README documents,
// asserted by every test that reads that JSON.
export const EXTRACT_VALUE_FIELDS = [
  'confidence',
  'evidence',
  'extractor',
  'indicator',
  'ocr_confidence',
  'page',
  'qualifier',
  'reasons',
  'status',
  'unit',
  'value',
];
