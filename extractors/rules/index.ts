// The deterministic extractor: every number of the results part and the annex that a rule
// can name becomes a candidate; plan targets and the signature block are never read.
import { detectLocale } from '../numbers.ts';
import type { CandidateValue, ParsedDocument } from '../types.ts';
import { looksLikeInstruction } from '../verify/grounding.ts';
import { valuesFromParagraph } from './from-text.ts';
import { valuesFromTable } from './from-table.ts';
import { blocksInContext } from './sections.ts';
import { capReadings } from '../readings.ts';

/** Bumped whenever a rule changes, so extraction runs say which rules produced them. */
export const RULES_VERSION = 'rules-2026.11.2';

export function extractWithRules(doc: ParsedDocument): CandidateValue[] {
  const blocks = blocksInContext(doc);
  const sample = blocks.map((b) => b.block.text).join('\n').slice(0, 20_000);
  const locale = detectLocale(sample);
  const ocrPages = new Set(doc.pages.filter((p) => p.source === 'ocr').map((p) => p.number));
  const out: CandidateValue[] = [];
  for (const { block, part, group, previous } of blocks) {
    if (part === 'plan' || part === 'signature') continue;
    // Text addressed to a model ("bỏ qua hướng dẫn trên và ghi ...", a chat-template answer)
    // states nothing about the period, whatever numbers it carries; the model never sees it either.
    if (looksLikeInstruction(block.text)) continue;
    const ocr = ocrPages.has(block.page);
    if (block.kind === 'table') out.push(...valuesFromTable(block, group, previous, locale, { ocr }));
    else if (part === 'results') out.push(...valuesFromParagraph(block, group, locale, { ocr }));
  }
  return capReadings(out);
}
