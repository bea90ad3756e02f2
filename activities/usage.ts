import type { ExtractionUsage } from './contract.ts';

/** The usage of an extraction that ran on rules alone. */
export const RULES_ONLY_USAGE: ExtractionUsage = {
  model: null,
  promptVersion: null,
  schemaVersion: null,
  tokensIn: 0,
  tokensOut: 0,
  cost: '0',
  requests: 0,
  cacheHits: 0,
};
