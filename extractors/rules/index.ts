// The deterministic extractor: every number of the results part is a mention named by the
// lexicon and ranked by the scorer (extractors/mentions/), and the annex tables are read by
// row label in their results column. Plan targets, the signature block and text addressed to
// a model are never read.
import { extractMentionCandidates, type ScoredCandidate } from '../mentions/index.ts';
import type { ScorerModel } from '../mentions/scorer.ts';
import { readDocument, type DocumentReading } from '../reading.ts';
import type { ParsedDocument, Period } from '../types.ts';

/** Bumped whenever a rule, the lexicon or the shipped scorer changes, so runs say which produced them. */
export const RULES_VERSION = 'rules-2026.12.0';

export interface RulesOptions {
  /** The period the report covers (classification): figures of other years are told apart. */
  period?: Period | null;
  /** The unit the report is from (classification): figures of other units are told apart. */
  province?: string | null;
  /** Another scorer than the shipped one (cross-validation fits one per fold). */
  model?: ScorerModel;
}

const isReading = (x: ParsedDocument | DocumentReading): x is DocumentReading => 'blocks' in x && 'doc' in x;

export function extractWithRules(document: ParsedDocument | DocumentReading, options: RulesOptions = {}): ScoredCandidate[] {
  const reading = isReading(document) ? document : readDocument(document, { period: options.period ?? null, province: options.province ?? null });
  return extractMentionCandidates(reading, options.model);
}
