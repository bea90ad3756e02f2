// How a parsed report is read, computed once after parsing and handed to the rules, the model
// routing and verification: each block in its part of the report (results, plan, signature,
// annex) and section, whether it reads as an instruction to a model, the number locale, the
// pages read by OCR, and the period the report covers (from classification, when known).
import { detectLocale, type NumberLocale } from './numbers/locale.ts';
import { blocksInContext, type BlockInContext } from './rules/sections.ts';
import type { ParsedDocument, Period } from './types.ts';
import { looksLikeInstruction } from './verify/grounding.ts';

export interface ReadBlock extends BlockInContext {
  /** Position in reading order. */
  index: number;
  /** The block is addressed to a model ("bỏ qua hướng dẫn trên ..."): nobody reads numbers from it. */
  instruction: boolean;
}

export interface DocumentReading {
  doc: ParsedDocument;
  blocks: ReadBlock[];
  locale: NumberLocale;
  ocrPages: ReadonlySet<number>;
  /** The period the report covers, when classification found one: figures of other years are then told apart. */
  period: Period | null;
  /** The unit the report is from (current code), when classification found it: figures of other units are told apart. */
  province: string | null;
}

const LOCALE_SAMPLE = 20_000;

export function readDocument(doc: ParsedDocument, options: { period?: Period | null; province?: string | null } = {}): DocumentReading {
  const blocks = blocksInContext(doc).map(
    (b, index): ReadBlock => ({
      ...b,
      index,
      // Only the parts anyone reads values from are checked: the test is not free on long text.
      instruction: (b.part === 'results' || b.part === 'annex') && looksLikeInstruction(b.block.text),
    }),
  );
  let sample = '';
  for (const b of blocks) {
    if (sample.length >= LOCALE_SAMPLE) break;
    sample += `${b.block.text}\n`;
  }
  return {
    doc,
    blocks,
    locale: detectLocale(sample.slice(0, LOCALE_SAMPLE)),
    ocrPages: new Set(doc.pages.filter((p) => p.source === 'ocr').map((p) => p.number)),
    period: options.period ?? null,
    province: options.province ?? null,
  };
}

/** The results part and the annex: where values are read, by the rules and by a model. */
export function reportsResults(b: BlockInContext): boolean {
  return b.part === 'results' || b.part === 'annex';
}

/** The blocks values are read from: results and annex, never an instruction to a model. */
export function readableBlocks(reading: DocumentReading): ReadBlock[] {
  return reading.blocks.filter((b) => reportsResults(b) && !b.instruction);
}
