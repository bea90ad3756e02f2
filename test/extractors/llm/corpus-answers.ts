// Scripted model answers shaped like the corpus: for each group's request, every labelled value
// of that group whose passage the request carries, read as a careful model would (the number as
// written, its unit, the sentence it stands in). An oracle for the pipeline around the model:
// what grounding, the checks and the merge make of right answers to what the rules could not
// settle. Nothing here is a model's judgement.
import { indicatorById } from '../../../extractors/catalogue.ts';
import { findNumbers } from '../../../extractors/numbers/scanner.ts';
import { splitSentences } from '../../../extractors/rules/from-text.ts';
import { foldForLocating } from '../../../extractors/verify/grounding.ts';
import type { Qualifier } from '../../../extractors/types.ts';
import { blockStrings, type CorpusReport } from '../../../fixtures/corpus/schema.ts';
import { answer, type ChatRequest, type Reply } from './fake-openai-server.ts';
import { groupAnswer } from './scripted-answers.ts';

interface CorpusReading {
  /** The corpus report the label belongs to: a short passage ("là 45 nhiệm vụ") can stand in another report's text too. */
  report: string;
  indicator: string;
  group: string;
  at: string;
  value: string;
  unit: string | null;
  qualifier: Qualifier | null;
}

const MONEY_WORDS = /^\s*(nghìn tỷ|tỷ|tỉ|triệu)\s*(?:đồng|vnđ|vnd)?/iu;

/** The number of a label's passage as written (with its unit word), or its value when no number writes it (a sum). */
function asWritten(indicator: string, at: string, value: string): { value: string; unit: string | null } {
  const kind = indicatorById(indicator).kind;
  for (const m of findNumbers(at)) {
    if (m.value !== value) continue;
    const digits = at.slice(m.numberStart, m.numberEnd);
    if (kind === 'money') {
      const scale = MONEY_WORDS.exec(at.slice(m.numberEnd));
      return { value: digits, unit: scale ? `${scale[1]!.toLowerCase().replace('tỉ', 'tỷ')} đồng` : 'triệu đồng' };
    }
    return { value: digits, unit: kind === 'percent' ? '%' : indicatorById(indicator).unit };
  }
  return { value, unit: indicatorById(indicator).unit };
}

export function corpusReadings(reports: CorpusReport[]): CorpusReading[] {
  return reports.flatMap((r) =>
    r.values.map((v) => ({
      report: r.id,
      indicator: v.indicator,
      group: indicatorById(v.indicator).group,
      at: v.at,
      qualifier: v.qualifier,
      ...asWritten(v.indicator, v.at, v.value),
    })),
  );
}

const folded = (s: string) => foldForLocating(s).text;

/** The text of each report's body, folded, to tell which report a request comes from. */
export function corpusBodies(reports: CorpusReport[]): Map<string, string> {
  return new Map(reports.map((r) => [r.id, folded([...r.body, ...r.plan].flatMap(blockStrings).join('\n'))]));
}

/** The report whose body holds the most of the request's sentences (null when none holds any). */
function reportOf(sentences: string[], bodies: Map<string, string>): string | null {
  const own = sentences.map(folded).filter((s) => s.length >= 20);
  let best: string | null = null;
  let most = 0;
  for (const [id, body] of bodies) {
    const held = own.filter((s) => body.includes(s)).length;
    if (held > most) [best, most] = [id, held];
  }
  return best;
}

/**
 * Answers each group's request with the labelled readings whose passage it carries, quoting the
 * sentence: only those of the report the request's sentences come from.
 */
export function corpusResponder(readings: CorpusReading[], bodies: Map<string, string>): (request: ChatRequest) => Reply {
  return (request) => {
    const group = request.group ?? '';
    const text = folded(request.documentText);
    // Line by line: a heading and the paragraph under it are separate blocks, never one quote.
    const sentences = request.documentText.split('\n').flatMap((line) => splitSentences(line).map((s) => s.text));
    const report = reportOf(sentences, bodies);
    const own = readings
      .filter((r) => r.report === report && r.group === group && text.includes(folded(r.at)))
      .map((r) => ({
        indicator: r.indicator,
        value: r.value,
        unit: r.unit,
        qualifier: r.qualifier,
        quote: sentences.find((s) => folded(s).includes(folded(r.at))) ?? r.at,
        page: 1,
        confidence: 0.9,
      }));
    return answer(groupAnswer(group, own));
  };
}
