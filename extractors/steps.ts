// The steps that read one document (parse with OCR, classify, the rules, verify), as one
// interface: the pipeline's activities, `baocao extract` and `baocao eval` call them through it,
// so they run either here, in this process, or in a separate process that can be stopped when a
// document runs away with memory or time (activities/isolation). The logic is the same.
import { classifyDocument } from './classify.ts';
import { GROUP_KEYWORDS } from './llm/routing.ts';
import {
  chooseCandidates,
  rulesSupport,
  scoredCandidates,
  unsettledFocus,
  type RuleSupport,
  type ScoredCandidate,
  type UnsettledFocus,
} from './mentions/index.ts';
import { shippedScorer, type ScorerModel } from './mentions/scorer.ts';
import type { OcrEngine } from './parse/ocr/index.ts';
import { parseDocument, type DocumentBudgets, type PageProgress } from './parse/index.ts';
import { readDocument, type DocumentReading } from './reading.ts';
import { capReadings } from './readings.ts';
import type { RulesOptions } from './rules/index.ts';
import { foldForMatching } from './rules/match-text.ts';
import type { CandidateValue, Classification, ParsedDocument, VerifiedValue } from './types.ts';
import { verifyCandidates, type VerifyOptions } from './verify/index.ts';

/** What parsing may cost: the parse options that can travel to another process (no functions). */
export interface ParseLimits {
  maxBytes?: number;
  maxPages?: number;
  maxUnpackedBytes?: number;
  budgets?: Partial<DocumentBudgets>;
}

/** How one step is run: its clock and its progress. */
export interface StepRun {
  /** Called when the step starts running (not while it waits for a free process); returns what marks its end. */
  onStart?: () => () => void;
  /** The time (ms) the document has left, asked when the step starts; absent or null: no limit. */
  timeoutMs?: () => number | null;
  /** After each page parsed or read by OCR; may throw to stop (a cancelled activity, a passed deadline). */
  onPage?: PageProgress;
}

/** `f` timed as a step of `run`. */
export async function timedStep<T>(run: StepRun | undefined, f: () => Promise<T>): Promise<T> {
  const stop = run?.onStart?.();
  try {
    return await f();
  } finally {
    stop?.();
  }
}

export interface DocumentSteps {
  parse(bytes: Uint8Array, limits: ParseLimits, run?: StepRun): Promise<ParsedDocument>;
  classify(doc: ParsedDocument, run?: StepRun): Promise<Classification>;
  /** `options`: the classification's period and province (figures of other years and units told apart), a scorer, and whether to say what the rules left unsettled (for the model). */
  extractRules(doc: ParsedDocument, options: RulesStepOptions, run?: StepRun): Promise<RulesStepResult>;
  verify(candidates: CandidateValue[], doc: ParsedDocument, options: VerifyOptions, run?: StepRun): Promise<VerifiedValue[]>;
  /** Releases what the steps hold (processes, an OCR engine). */
  close(): Promise<void>;
}

export interface RulesStepOptions extends RulesOptions {
  /** Also say which sentences and rows the rules could not settle (what the model is asked about). */
  focus?: boolean;
}

export interface RulesStepResult {
  /** Per indicator, the most probable value and its rivals, at most MAX_READINGS_PER_INDICATOR of them (the rest counted). */
  candidates: CandidateValue[];
  unsettled?: UnsettledFocus;
  /** Per indicator and value, the rules' surest reading of it (what a model answer leans on: withRulesSupport). */
  support?: Record<string, RuleSupport>;
}

const namesAGroup = (folded: string) => Object.values(GROUP_KEYWORDS).some((re) => re.test(folded));

/** What the rules could not settle, with the scorer's own threshold: the sentences and rows the model is asked about. */
export function unsettledOf(reading: DocumentReading, scored: ScoredCandidate[], model: ScorerModel = shippedScorer()): UnsettledFocus {
  return unsettledFocus(reading, scored, model.threshold, (s) => namesAGroup(foldForMatching(s)));
}

/** The rules over a parsed report (the mention reader and the annex tables), where the rules step runs. */
export function readRules(doc: ParsedDocument, options: RulesStepOptions): RulesStepResult {
  const reading = readDocument(doc, { period: options.period ?? null, province: options.province ?? null });
  const scored = scoredCandidates(reading, options.model);
  const candidates = capReadings(chooseCandidates(scored));
  const support = rulesSupport(scored);
  return options.focus ? { candidates, unsettled: unsettledOf(reading, scored, options.model), support } : { candidates, support };
}

export interface InProcessOcr {
  engine: () => Promise<OcrEngine>;
  maxPages: number;
}

/**
 * The steps in this process. Nothing stops a step that runs away but the page callback
 * (checked between pages); `close` leaves the OCR engine to whoever made it.
 */
export function inProcessSteps(ocr?: InProcessOcr): DocumentSteps {
  return {
    parse: (bytes, limits, run) =>
      timedStep(run, () => parseDocument(bytes, { ...limits, ...(ocr ? { ocr } : {}), ...(run?.onPage ? { onPage: run.onPage } : {}) })),
    classify: (doc, run) => timedStep(run, async () => classifyDocument(doc)),
    extractRules: (doc, options, run) => timedStep(run, async () => readRules(doc, options)),
    verify: (candidates, doc, options, run) => timedStep(run, async () => verifyCandidates(candidates, doc, options)),
    close: async () => {},
  };
}
