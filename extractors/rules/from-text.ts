// Values from running text: each number of a sentence is named by the words around it
// (see text-rules.ts); comparisons, targets and unnamed numbers are left alone.
import type { NumberLocale } from '../numbers/locale.ts';
import { findNumbers, type NumberMatch } from '../numbers/scanner.ts';
import { indicatorById } from '../catalogue.ts';
import type { CandidateValue, TextBlock } from '../types.ts';
import { foldForMatching, foldLoose, loose } from './match-text.ts';
import { quoteAround } from '../readings.ts';
import { COMPARISON_AFTER, COMPARISON_BEFORE, PERCENT_OF_REFERENCE, TARGET_BEFORE, TEXT_RULES, type TextRule, type ValueShape } from './text-rules.ts';

interface Span {
  text: string;
  start: number;
}

/** Sentences of a paragraph, as slices of it ("TP. Hồ Chí Minh" may split; harmless here). */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  const boundary = /[.!?](?=\s+[\p{Lu}\d"“(])|$/gu;
  let start = 0;
  for (const m of text.matchAll(boundary)) {
    const end = m.index + m[0].length;
    if (end > start) spans.push(trimSpan(text.slice(start, end), start));
    start = end;
    if (m[0] === '') break;
  }
  return spans.filter((s) => s.text.length > 0);
}

/** The clause (between semicolons) around a position of a sentence: the evidence quote (at most MAX_QUOTE around the number). */
function clauseAround(sentence: Span, from: number, to: number): string {
  const text = sentence.text;
  const left = text.lastIndexOf(';', from - sentence.start - 1) + 1;
  const rightAt = text.indexOf(';', to - sentence.start);
  return quoteAround(text, left, rightAt === -1 ? text.length : rightAt, from - sentence.start, to - sentence.start);
}

function trimSpan(text: string, start: number): Span {
  const lead = text.length - text.trimStart().length;
  return { text: text.trim(), start: start + lead };
}

/** What a number found in text measures: a count, money or a percentage (null: a year, a date...). */
export function shapeOf(match: NumberMatch): 'count' | 'money' | 'percent' | null {
  switch (match.kind) {
    case 'number':
    case 'fraction':
      return 'count';
    case 'money':
      return 'money';
    case 'percent':
      return 'percent';
    default:
      return null;
  }
}

function isWholeNumber(value: string): boolean {
  return /^\d+$/.test(value);
}

interface NumberInSentence {
  match: NumberMatch;
  /** Folded words since the previous number (or the sentence start). */
  before: string;
  /** Folded words of the sentence up to this number. */
  sentenceBefore: string;
  /** Folded words up to the next number (or the sentence end). */
  after: string;
  /** The same without diacritics, made on first use (OCR pages). */
  loose?: NumberInSentence;
}

function ruleFits(rule: TextRule, n: NumberInSentence, sentence: string, group: string | null, seen: Set<string>): boolean {
  if (rule.after && !rule.after.test(n.after)) return false;
  if (rule.before && !rule.before.test(n.before)) return false;
  if (rule.sentence && !rule.sentence.test(sentence)) return false;
  if (rule.notBefore?.test(n.sentenceBefore)) return false;
  if (rule.groups && (group === null || !rule.groups.includes(group))) return false;
  if (rule.partOf && !seen.has(rule.partOf)) return false;
  return true;
}

/** Money is named by the nearest label before it: the rule whose words end closest wins. */
function nearestMoneyRule(n: NumberInSentence, sentence: string, group: string | null, seen: Set<string>, rules: TextRule[]): TextRule | null {
  let best: { rule: TextRule; at: number } | null = null;
  for (const rule of rules) {
    if (rule.shape !== 'money' || !rule.before) continue;
    const probe = { ...rule, before: undefined };
    if (!ruleFits(probe, n, sentence, group, seen)) continue;
    const window = n.before.trim() ? n.before : n.sentenceBefore;
    const global = new RegExp(rule.before.source, 'gu');
    let at = -1;
    for (const m of window.matchAll(global)) at = m.index + m[0].length;
    if (at >= 0 && (!best || at > best.at)) best = { rule, at };
  }
  return best?.rule ?? null;
}

const RUNNING_TOTAL = /lũy kế|nâng tổng số|tính từ đầu năm/u;

/** The words of the clause (since the last semicolon) before the number. */
function clauseBefore(n: NumberInSentence): string {
  return n.sentenceBefore.slice(n.sentenceBefore.lastIndexOf(';') + 1);
}

/** Last year's figure: "(cùng kỳ năm 2024: 22.750 phương tiện đo)". */
const SAME_PERIOD_LAST_YEAR = /(?:cùng kỳ|năm trước|kỳ trước)(?: năm \d{4})?\s*[:(]?\s*$/u;

function decoyIn(n: NumberInSentence, p: (re: RegExp) => RegExp): boolean {
  if (p(COMPARISON_BEFORE).test(n.before) || p(COMPARISON_AFTER).test(n.after)) return true;
  if (p(SAME_PERIOD_LAST_YEAR).test(n.sentenceBefore)) return true;
  if (n.match.kind === 'percent' && p(PERCENT_OF_REFERENCE).test(n.after)) return true;
  return p(TARGET_BEFORE).test(n.before);
}

/**
 * A comparison, a target or last year's figure. On an OCR page also when the words say so
 * without their diacritics ("so voi cung ky", "ke hoach"): a decoy must stay a decoy however
 * badly it was read.
 */
function isComparisonOrTarget(n: NumberInSentence, ocr = false): boolean {
  return decoyIn(n, (re) => re) || (ocr && decoyIn(looseView(n), loose));
}

/** The words around a number without diacritics, for the patterns made loose. */
function looseView(n: NumberInSentence): NumberInSentence {
  return (n.loose ??= {
    match: n.match,
    before: foldLoose(n.before) + (n.before.endsWith(' ') ? ' ' : ''),
    sentenceBefore: foldLoose(n.sentenceBefore),
    after: foldLoose(n.after),
  });
}

const looseRule = (rule: TextRule): TextRule => ({
  ...rule,
  ...(rule.after ? { after: loose(rule.after) } : {}),
  ...(rule.before ? { before: loose(rule.before) } : {}),
  ...(rule.sentence ? { sentence: loose(rule.sentence) } : {}),
  ...(rule.notBefore ? { notBefore: loose(rule.notBefore) } : {}),
});
/** TEXT_RULES without diacritics, in the same order. */
const LOOSE_TEXT_RULES = TEXT_RULES.map(looseRule);

/** The confidence of a value named only by a rule read without diacritics: left to a reviewer. */
export const LOOSE_TEXT_CONFIDENCE = 0.65;

/** The numbers of each sentence of a paragraph, with the words around them (offsets in the sentence). */
/**
 * The most of a sentence a number's `sentenceBefore` holds, in characters. A report's sentence is
 * a few hundred; a "sentence" with no full stop (thousands of listed lines in one paragraph)
 * folded again up to each of its thousands of numbers was quadratic: 42 s for 6,000 lines.
 */
const SENTENCE_CONTEXT = 2000;

function sentencesWithNumbers(text: string, locale: NumberLocale): { sentence: Span; numbers: NumberInSentence[] }[] {
  return splitSentences(text).map((sentence) => {
    const matches = findNumbers(sentence.text, locale);
    const numbers = matches.map((match, i): NumberInSentence => {
      const previousEnd = i > 0 ? matches[i - 1]!.end : 0;
      const nextStart = i + 1 < matches.length ? matches[i + 1]!.start : sentence.text.length;
      return {
        match,
        // The folded "before" keeps a trailing space so patterns anchored with \s*$ see the gap.
        before: `${foldForMatching(sentence.text.slice(previousEnd, match.start))} `.trimStart(),
        sentenceBefore: foldForMatching(sentence.text.slice(Math.max(0, match.start - SENTENCE_CONTEXT), match.start)),
        after: foldForMatching(sentence.text.slice(match.end, nextStart)),
      };
    });
    return { sentence, numbers };
  });
}

/**
 * The numbers of a paragraph that the rules would take as what the report states: counts,
 * money and percentages that are not comparisons, targets or last year's figures (dates,
 * years and document numbers are not values either). Offsets are in `text`.
 */
export function statedNumbers(text: string, locale: NumberLocale): NumberMatch[] {
  return sentencesWithNumbers(text, locale).flatMap(({ sentence, numbers }) =>
    numbers
      .filter((n) => shapeOf(n.match) !== null && !isComparisonOrTarget(n))
      .map(({ match: m }) => ({
        ...m,
        start: m.start + sentence.start,
        end: m.end + sentence.start,
        numberStart: m.numberStart + sentence.start,
        numberEnd: m.numberEnd + sentence.start,
      })),
  );
}

export interface ParagraphOptions {
  /** The block was read by OCR: rules may also match without diacritics. Default: it carries OCR words. */
  ocr?: boolean;
}

/** The rule naming a number, exactly; on an OCR page, when none does, without diacritics. */
function ruleFor(
  n: NumberInSentence,
  shape: ValueShape,
  sentence: { folded: string; loose: () => string },
  group: string | null,
  seen: Set<string>,
  ocr: boolean,
): { rule: TextRule; exact: boolean } | null {
  const pick = (rules: TextRule[], view: NumberInSentence, text: string): TextRule | null =>
    shape === 'money'
      ? nearestMoneyRule(view, text, group, seen, rules)
      : (rules.find((r) => (r.shape === shape || (r.shape === 'score' && shape === 'count')) && ruleFits(r, view, text, group, seen)) ?? null);
  const exact = pick(TEXT_RULES, n, sentence.folded);
  if (exact) return { rule: exact, exact: true };
  if (!ocr) return null;
  const l = pick(LOOSE_TEXT_RULES, looseView(n), sentence.loose());
  return l ? { rule: l, exact: false } : null;
}

export function valuesFromParagraph(
  block: TextBlock,
  group: string | null,
  locale: NumberLocale,
  { ocr = block.words !== undefined }: ParagraphOptions = {},
): CandidateValue[] {
  const out: CandidateValue[] = [];
  for (const { sentence, numbers } of sentencesWithNumbers(block.text, locale)) {
    const folded = foldForMatching(sentence.text);
    let looseSentence: string | null = null;
    const sentenceForms = { folded, loose: () => (looseSentence ??= foldLoose(folded)) };
    const seen = new Set<string>();
    for (const n of numbers) {
      const { match } = n;
      const shape = shapeOf(match);
      if (shape === null || isComparisonOrTarget(n, ocr)) continue;
      const named = ruleFor(n, shape, sentenceForms, group, seen, ocr);
      if (!named) continue;
      const { rule } = named;
      const indicator = indicatorById(rule.indicator);
      if (indicator.kind === 'count' && !isWholeNumber(match.value)) continue;
      // "lũy kế 9 tháng đạt 25.901": a running total, not the flow of the period reported.
      const runningTotal = RUNNING_TOTAL.test(clauseBefore(n)) || (ocr && loose(RUNNING_TOTAL).test(clauseBefore(looseView(n))));
      if (indicator.measure === 'flow' && (match.qualifier === 'cumulative' || runningTotal)) continue;
      seen.add(rule.indicator);
      out.push({
        indicator: rule.indicator,
        value: match.value,
        unit: indicator.unit,
        qualifier: match.qualifier,
        rawText: match.raw,
        evidence: clauseAround(sentence, sentence.start + match.start, sentence.start + match.end),
        page: block.page,
        confidence: named.exact ? rule.confidence : Math.min(rule.confidence, LOOSE_TEXT_CONFIDENCE),
        extractor: 'rules',
        context: { origin: 'text', ...(match.denominator ? { denominator: match.denominator } : {}) },
      });
    }
  }
  return out;
}
