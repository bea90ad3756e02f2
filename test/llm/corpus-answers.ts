// Scripted model answers shaped like the corpus: for each group's request, every labelled value
// of that group whose passage the request carries, read as a careful model would (the number as
// written, its unit, the sentence it stands in). An oracle for the pipeline around the model:
// what grounding, the checks and the merge make of right answers to what the rules could not
// settle. Nothing here is a model's judgement.
import { indicatorById } from '../../extractors/catalogue.ts';
import { findNumbers } from '../../extractors/numbers/scanner.ts';
import { splitSentences } from '../../extractors/rules/from-text.ts';
import { foldForLocating } from '../../extractors/verify/grounding.ts';
import type { Qualifier } from '../../extractors/types.ts';
import type { CorpusReport } from '../../fixtures/corpus/schema.ts';
import { answer, type ChatRequest, type Reply } from './fake-openai-server.ts';
import { groupAnswer } from './scripted-answers.ts';

interface CorpusReading {
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
      indicator: v.indicator,
      group: indicatorById(v.indicator).group,
      at: v.at,
      qualifier: v.qualifier,
      ...asWritten(v.indicator, v.at, v.value),
    })),
  );
}

const folded = (s: string) => foldForLocating(s).text;

/** Answers each group's request with the labelled readings whose passage it carries, quoting the sentence. */
export function corpusResponder(readings: CorpusReading[]): (request: ChatRequest) => Reply {
  return (request) => {
    const group = request.group ?? '';
    const text = folded(request.documentText);
    // Line by line: a heading and the paragraph under it are separate blocks, never one quote.
    const sentences = request.documentText.split('\n').flatMap((line) => splitSentences(line).map((s) => s.text));
    const own = readings
      .filter((r) => r.group === group && text.includes(folded(r.at)))
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
