// One report from bytes to verified values without storing anything: what `baocao extract`
// and `baocao eval` run. The pipeline's activities call the same steps one by one.
import { classifyDocument } from './classify.ts';
import { documentText, parseDocument } from './parse/index.ts';
import { extractWithRules } from './rules/index.ts';
import type { Classification, ParsedDocument, VerifiedValue } from './types.ts';
import { verifyCandidates, DEFAULT_VERIFY_OPTIONS, type VerifyOptions } from './verify/index.ts';

export interface ReportAnalysis {
  parsed: ParsedDocument;
  classification: Classification;
  values: VerifiedValue[];
}

export async function analyseReport(bytes: Uint8Array, options: { verify?: VerifyOptions; maxBytes?: number } = {}): Promise<ReportAnalysis> {
  const parsed = await parseDocument(bytes, { maxBytes: options.maxBytes });
  const classification = classifyDocument(parsed);
  const values = verifyCandidates(extractWithRules(parsed), documentText(parsed), options.verify ?? DEFAULT_VERIFY_OPTIONS);
  return { parsed, classification, values };
}
