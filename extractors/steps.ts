// The steps that read one document (parse with OCR, classify, the rules, verify), as one
// interface: the pipeline's activities, `baocao extract` and `baocao eval` call them through it,
// so they run either here, in this process, or in a separate process that can be stopped when a
// document runs away with memory or time (activities/isolation). The logic is the same.
import { classifyDocument } from './classify.ts';
import type { OcrEngine } from './ocr/index.ts';
import { parseDocument, type DocumentBudgets, type PageProgress } from './parse/index.ts';
import { extractWithRules, type RulesOptions } from './rules/index.ts';
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
  /** `options`: the classification's period and province (figures of other years and units told apart), a scorer. */
  extractRules(doc: ParsedDocument, options: RulesOptions, run?: StepRun): Promise<CandidateValue[]>;
  verify(candidates: CandidateValue[], doc: ParsedDocument, options: VerifyOptions, run?: StepRun): Promise<VerifiedValue[]>;
  /** Releases what the steps hold (processes, an OCR engine). */
  close(): Promise<void>;
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
    parse: (bytes, limits, run) => timedStep(run, () => parseDocument(bytes, { ...limits, ...(ocr ? { ocr } : {}), ...(run?.onPage ? { onPage: run.onPage } : {}) })),
    classify: (doc, run) => timedStep(run, async () => classifyDocument(doc)),
    extractRules: (doc, options, run) => timedStep(run, async () => extractWithRules(doc, options)),
    verify: (candidates, doc, options, run) => timedStep(run, async () => verifyCandidates(candidates, doc, options)),
    close: async () => {},
  };
}
