// One report from bytes to verified values without storing anything: what `baocao extract`
// and `baocao eval` run. The pipeline's activities call the same steps one by one.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { classifyDocument } from './classify.ts';
import { extractWithLlm, memoryLedger, type LlmClient, type LlmExtraction, type LlmLedger } from './llm/index.ts';
import { parseDocument, type ParseOptions } from './parse/index.ts';
import { chooseCandidates, scoredCandidates, unsettledFocus, type ScoredCandidate } from './mentions/index.ts';
import { shippedScorer, type ScorerModel } from './mentions/scorer.ts';
import { GROUP_KEYWORDS } from './llm/routing.ts';
import { foldForMatching } from './rules/match-text.ts';
import { readDocument, type DocumentReading } from './reading.ts';
import type { RulesOptions } from './rules/index.ts';
import type { CandidateValue, Classification, ParsedDocument, VerifiedValue } from './types.ts';
import { verifyCandidates, DEFAULT_VERIFY_OPTIONS, type VerifyOptions } from './verify/index.ts';

export interface ReportAnalysis {
  parsed: ParsedDocument;
  classification: Classification;
  values: VerifiedValue[];
  /** The model side, when a client was given: its usage and how each group went. */
  llm: LlmExtraction | null;
}

export interface AnalyseOptions {
  verify?: VerifyOptions;
  maxBytes?: number;
  /**
   * Extract with the model too (rules and model merged). Without a ledger the answers are
   * cached in memory for this call only: `baocao extract` has no database.
   */
  llm?: { client: LlmClient; ledger?: LlmLedger; logger?: Logger };
  /** OCR for scans (see ParseOptions.ocr). */
  ocr?: ParseOptions['ocr'];
  /** Another scorer than the shipped one (cross-validation). */
  rules?: Pick<RulesOptions, 'model'>;
  /** Extract even from a document that is not a report in scope (an analyst's choice). */
  force?: boolean;
}

/** Whether a classified document's values are extracted: reports in scope, or any document when forced. */
export function isExtracted(classification: Classification, force = false): boolean {
  return force || classification.scope === undefined || classification.scope === 'report';
}

const namesAGroup = (folded: string) => Object.values(GROUP_KEYWORDS).some((re) => re.test(folded));

/** What the model is asked about: what the rules could not settle (with the scorer's own threshold). */
export function modelFocus(reading: DocumentReading, rules: ScoredCandidate[], model: ScorerModel = shippedScorer()) {
  return { reading, unsettled: unsettledFocus(reading, rules, model.threshold, (s) => namesAGroup(foldForMatching(s))) };
}

/** A report read up to its candidates: parsed, classified, every rules candidate scored, the model's asked. */
export interface ReportCandidates {
  parsed: ParsedDocument;
  classification: Classification;
  reading: DocumentReading;
  /** Every scored rules candidate, before choosing one value per indicator. */
  rules: ScoredCandidate[];
  llm: LlmExtraction | null;
}

export async function readReport(bytes: Uint8Array, options: Omit<AnalyseOptions, 'verify'> = {}): Promise<ReportCandidates> {
  const parsed = await parseDocument(bytes, { maxBytes: options.maxBytes, ...(options.ocr ? { ocr: options.ocr } : {}) });
  const classification = { ...classifyDocument(parsed), ...(options.force ? { forced: true } : {}) };
  const reading = readDocument(parsed, { period: classification.period, province: classification.provinceCode });
  // Letters, notices and reports on other subjects are recorded as such, never read for values.
  if (!isExtracted(classification, options.force)) return { parsed, classification, reading, rules: [], llm: null };
  const rules = scoredCandidates(reading, options.rules?.model);
  let llm: LlmExtraction | null = null;
  if (options.llm) {
    llm = await extractWithLlm(parsed, {
      client: options.llm.client,
      ledger: options.llm.ledger ?? memoryLedger(),
      documentSha256: createHash('sha256').update(bytes).digest('hex'),
      logger: options.llm.logger,
      ...(options.llm.client.settings.ask === 'all' ? {} : { focus: modelFocus(reading, rules, options.rules?.model) }),
    });
  }
  return { parsed, classification, reading, rules, llm };
}

export async function analyseReport(bytes: Uint8Array, options: AnalyseOptions = {}): Promise<ReportAnalysis> {
  const { parsed, classification, rules, llm } = await readReport(bytes, options);
  const candidates: CandidateValue[] = [...chooseCandidates(rules), ...(llm?.candidates ?? [])];
  const values = verifyCandidates(candidates, parsed, options.verify ?? DEFAULT_VERIFY_OPTIONS);
  return { parsed, classification, values, llm };
}
