// Scripted model answers for the fake server, derived from a fixture's truth file and the
// parsed text of the report: each truth value becomes a reading with the number as
// written, its unit, the real sentence (or table row) it stands in, its page and a
// confidence, the way a good model would answer. A responder built from them answers each
// group's request with the readings whose quote is in that request's text, as a model can
// only quote what it was sent.
import { indicatorById } from '../../../extractors/catalogue.ts';
import { foldForLocating } from '../../../extractors/verify/grounding.ts';
import { GROUP_KEYWORDS } from '../../../extractors/llm/routing.ts';
import { groupSpecs, type GroupAnswer, type Reading } from '../../../extractors/llm/schemas.ts';
import { foldForMatching } from '../../../extractors/rules/match-text.ts';
import { splitSentences } from '../../../extractors/rules/from-text.ts';
import type { ParsedDocument, TableBlock } from '../../../extractors/types.ts';
import type { TruthFile, TruthValue } from '../../../fixtures/truth.ts';
import { answer, type ChatRequest, type Reply } from './fake-openai-server.ts';

export interface ScriptedReading extends Reading {
  indicator: string;
  group: string;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const standalone = (written: string) => new RegExp(`(?<![\\p{N}.,])${escapeRegExp(written)}(?![\\p{N}]|[.,]\\p{N})`, 'u');

function keywordFits(text: string, group: string): boolean {
  return GROUP_KEYWORDS[group]?.test(foldForMatching(text)) ?? false;
}

function moneyUnitAfter(text: string, written: string): string | null {
  const m = new RegExp(`${escapeRegExp(written)}\\s*(nghìn tỷ|tỷ|tỉ|triệu)`, 'iu').exec(text);
  if (!m) return null;
  return `${m[1]!.toLowerCase().replace('tỉ', 'tỷ')} đồng`;
}

/** The column of a table that holds this period's results ("Thực hiện kỳ báo cáo"). */
function resultColumn(table: TableBlock): number {
  const width = Math.max(...table.rows.map((r) => r.length));
  for (let col = 0; col < width; col++) {
    const header = foldForMatching(
      table.rows
        .slice(0, 3)
        .map((r) => r[col] ?? '')
        .join(' '),
    );
    if (/thực hiện|kỳ báo cáo/u.test(header) && !/kế hoạch/u.test(header)) return col;
  }
  return -1;
}

function readingFor(doc: ParsedDocument, t: TruthValue): Omit<ScriptedReading, 'confidence'> | null {
  const indicator = indicatorById(t.indicator);
  const written = t.written ?? t.value;
  const page = doc.pages.find((p) => p.number === t.page);
  if (!page) return null;
  const base = { indicator: t.indicator, group: indicator.group, value: written, qualifier: t.qualifier, page: t.page };
  if (t.where === 'text') {
    const found: string[] = [];
    for (const block of page.blocks) {
      if (block.kind === 'table') continue;
      for (const s of splitSentences(block.text)) if (standalone(written).test(s.text)) found.push(s.text);
    }
    const quote = found.find((s) => keywordFits(s, indicator.group)) ?? found[0];
    if (!quote) return null;
    const unit = indicator.kind === 'money' ? moneyUnitAfter(quote, written) : indicator.kind === 'percent' ? '%' : indicator.unit;
    return { ...base, unit, quote };
  }
  const rows: string[][] = [];
  for (const block of page.blocks) {
    if (block.kind !== 'table') continue;
    const col = resultColumn(block);
    for (const row of block.rows) if (col >= 0 && (row[col] ?? '').trim() === written) rows.push(row);
  }
  const row = rows.find((r) => keywordFits(r.join(' '), indicator.group)) ?? rows[0];
  if (!row) return null;
  const unit = indicator.kind === 'money' ? (row.find((c) => /đồng/iu.test(c)) ?? null) : indicator.kind === 'percent' ? '%' : indicator.unit;
  return { ...base, unit, quote: row.join(' | ') };
}

/** One reading per truth indicator (the first place it is stated), each with a real quote. */
export function scriptedReadings(doc: ParsedDocument, truth: TruthFile): ScriptedReading[] {
  const out: ScriptedReading[] = [];
  const seen = new Set<string>();
  for (const t of truth.values) {
    if (seen.has(t.indicator)) continue;
    const reading = readingFor(doc, t);
    if (!reading) continue;
    seen.add(t.indicator);
    out.push({ ...reading, confidence: 0.9 });
  }
  return out;
}

/** A full answer for a group: every indicator key, null where nothing is read. */
export function groupAnswer(group: string, readings: (Reading & { indicator: string })[]): GroupAnswer {
  const spec = groupSpecs().find((g) => g.id === group)!;
  return Object.fromEntries(
    spec.indicators.map((i) => {
      const r = readings.find((x) => x.indicator === i.id);
      return [i.id, r ? { value: r.value, unit: r.unit, qualifier: r.qualifier, quote: r.quote, page: r.page, confidence: r.confidence } : null];
    }),
  );
}

/** Whether a quote is in the text a request carried (spacing and diacritics aside). */
export function quoteSent(request: ChatRequest, quote: string): boolean {
  return foldForLocating(request.documentText).text.includes(foldForLocating(quote).text);
}

/**
 * The "correct extraction" script: for each group's request, the readings of that group
 * whose quote the request carries. `readings` may mix several documents.
 */
export function correctResponder(readings: ScriptedReading[]): (request: ChatRequest) => Reply {
  return (request) => {
    const group = request.group ?? '';
    return answer(
      groupAnswer(
        group,
        readings.filter((r) => r.group === group && quoteSent(request, r.quote)),
      ),
    );
  };
}
