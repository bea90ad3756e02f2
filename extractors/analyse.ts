// One report from bytes to verified values without storing anything: what `baocao extract`
// and `baocao eval` run. The pipeline's activities call the same steps one by one.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { extractWithLlm, memoryLedger, type LlmClient, type LlmExtraction, type LlmLedger } from './llm/index.ts';
import { classifyDocument } from './classify.ts';
import { parseDocument, type ParseOptions } from './parse/index.ts';
import { scoredCandidates, withRulesSupport, type ScoredCandidate } from './mentions/index.ts';
import type { ScorerModel } from './mentions/scorer.ts';
import { readDocument, type DocumentReading } from './reading.ts';
import type { RulesOptions } from './rules/index.ts';
import { inProcessSteps, timedStep, unsettledOf, type DocumentSteps, type ParseLimits, type StepRun } from './steps.ts';
import type { CandidateValue, Classification, ParsedDocument, VerifiedValue } from './types.ts';
import { DEFAULT_VERIFY_OPTIONS, type VerifyOptions } from './verify/index.ts';

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
  /** OCR for scans (see ParseOptions.ocr), when the steps run here. */
  ocr?: ParseOptions['ocr'];
  /** Where the steps run (default: here, with `ocr`); `baocao extract` and `eval` run them in a process of their own. */
  steps?: DocumentSteps;
  /** The document's limits and budgets (limits.*), besides maxBytes. */
  limits?: Omit<ParseLimits, 'maxBytes'>;
  /** Each step's clock and progress (limits.documentTimeoutMs: activities/deadline.ts clockedRun). */
  run?: StepRun;
  /** Another scorer than the shipped one (cross-validation). */
  rules?: Pick<RulesOptions, 'model'>;
  /** Extract even from a document that is not a report in scope (an analyst's choice). */
  force?: boolean;
}

/** Whether a classified document's values are extracted: reports in scope, or any document when forced. */
export function isExtracted(classification: Classification, force = false): boolean {
  return force || classification.scope === undefined || classification.scope === 'report';
}

/** What the model is asked about: what the rules could not settle (with the scorer's own threshold). */
export function modelFocus(reading: DocumentReading, rules: ScoredCandidate[], model?: ScorerModel) {
  return { reading, unsettled: unsettledOf(reading, rules, model) };
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

/** In this process, for fitting and scoring the extractor on the development corpus (`baocao eval --corpus`). */
export async function readReport(
  bytes: Uint8Array,
  options: Omit<AnalyseOptions, 'verify' | 'steps' | 'run'> & { parsed?: ParsedDocument } = {},
): Promise<ReportCandidates> {
  // A parse made before (the corpus's parse cache) is read as the file's.
  const parsed =
    options.parsed ?? (await parseDocument(bytes, { maxBytes: options.maxBytes, ...options.limits, ...(options.ocr ? { ocr: options.ocr } : {}) }));
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

/** The report through its steps (in `options.steps`, or here): parsed, classified, extracted, verified. */
export async function analyseReport(bytes: Uint8Array, options: AnalyseOptions = {}): Promise<ReportAnalysis> {
  const steps = options.steps ?? inProcessSteps(options.ocr);
  const { run } = options;
  const parsed = await steps.parse(bytes, { ...options.limits, ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}) }, run);
  const classification = { ...(await steps.classify(parsed, run)), ...(options.force ? { forced: true } : {}) };
  // Letters, notices and reports on other subjects are recorded as such, never read for values.
  if (!isExtracted(classification, options.force)) return { parsed, classification, values: [], llm: null };
  const focused = options.llm !== undefined && options.llm.client.settings.ask !== 'all';
  const scope = { period: classification.period, province: classification.provinceCode };
  const rules = await steps.extractRules(parsed, { ...scope, ...(options.rules?.model ? { model: options.rules.model } : {}), focus: focused }, run);
  const candidates: CandidateValue[] = [...rules.candidates];
  let llm: LlmExtraction | null = null;
  if (options.llm) {
    const { client, ledger, logger } = options.llm;
    // The model is asked only what the rules could not settle (unless llm.ask is 'all').
    const focus = focused && rules.unsettled ? { focus: { reading: readDocument(parsed, scope), unsettled: rules.unsettled } } : {};
    llm = await timedStep(run, () =>
      extractWithLlm(parsed, { client, ledger: ledger ?? memoryLedger(), documentSha256: createHash('sha256').update(bytes).digest('hex'), logger, ...focus }),
    );
    candidates.push(...withRulesSupport(llm.candidates, rules.support ?? {}));
  }
  const values = await steps.verify(candidates, parsed, options.verify ?? DEFAULT_VERIFY_OPTIONS, run);
  return { parsed, classification, values, llm };
}
