// The deterministic extractor: every number of the results part becomes a mention, the lexicon
// names what it could be, the annex tables are read by their row labels and results column, and
// the scorer gives each candidate the probability that it is right. What comes out is, per
// indicator, the most probable value and the other values that stand a real chance (a reviewer
// sees them as a conflict); the rest are left out.
import { Decimal } from 'decimal.js';
import { indicatorById } from '../catalogue.ts';
import type { DocumentReading } from '../reading.ts';
import { readableBlocks } from '../reading.ts';
import { DOUBTFUL_READING_CONFIDENCE, valuesFromTable } from '../rules/from-table.ts';
import { bySureness } from '../verify/checks.ts';
import { LOOSE_TEXT_CONFIDENCE } from '../rules/from-text.ts';
import type { CandidateValue } from '../types.ts';
import { isDecoy, readMentions, type Reading } from './match.ts';
import { findMentions } from './mentions.ts';
import { confidenceOf, entryReliable, shippedScorer, type Features, type ScorerModel } from './scorer.ts';

export interface ScoredCandidate extends CandidateValue {
  features: Features;
  /** The mentions a text candidate was read from (a sum: its own id and its elements'); absent for table rows. */
  mentionIds?: number[];
  /** The coordinated run a text candidate's mention belongs to ("14 đề tài, 3 dự án"), when it does. */
  run?: number[];
  /** For a part ("trong đó 37 …"): the mention it is a part of. */
  partOf?: number;
  /** The block and sentence of a text candidate's mention ("12:3"). */
  sentence?: string;
  /** For an element of a coordinated run: what the run's numbers add up to. */
  runTotal?: string;
}

function fromReading(r: Reading): ScoredCandidate {
  const m = r.mention;
  const indicator = indicatorById(r.entry.indicator);
  return {
    indicator: indicator.id,
    value: m.match.value,
    unit: indicator.unit,
    qualifier: m.match.qualifier,
    rawText: m.match.raw,
    evidence: m.clause,
    page: m.page,
    confidence: 0,
    extractor: 'rules',
    context: {
      origin: 'text',
      ...(m.match.denominator && indicator.kind !== 'rank' ? { denominator: m.match.denominator } : {}),
      ...(m.sumValues ? { sumOf: m.sumValues } : {}),
      // An approximate total ("gần 19,3 tỷ") is not expected to equal its parts.
      ...(m.breakdown && !['approx_below', 'over', 'about', 'estimate'].includes(m.match.qualifier ?? '') ? { breakdown: m.breakdown } : {}),
      // More than all of it is not rounding: "hơn" alone allows it.
      ...(m.amountParts && m.match.qualifier !== 'over' ? { amountParts: m.amountParts } : {}),
    },
    // A reading of the last resort (lexicon.ts) is a reviewer's, however reliably its entry has read.
    features: r.entry.fallback ? { ...r.features, fallback: 1 } : { ...r.features },
    mentionIds: [m.id, ...(m.sumOf ?? [])],
    ...(m.coordinated ? { run: m.coordinated } : {}),
    ...(m.parentId !== undefined ? { partOf: m.parentId } : {}),
    sentence: `${m.block.index}:${m.sentenceIndex}`,
  };
}

/** Annex and results tables, read by row label and the results column. */
function tableCandidates(reading: DocumentReading): ScoredCandidate[] {
  const out: ScoredCandidate[] = [];
  for (const b of readableBlocks(reading)) {
    if (b.block.kind !== 'table') continue;
    const ocr = reading.ocrPages.has(b.block.page);
    for (const c of valuesFromTable(b.block, b.group, b.previous, reading.locale, { ocr, province: reading.province, period: reading.period })) {
      out.push({
        ...c,
        features: {
          bias: 1,
          table: 1,
          tableLoose: c.confidence === DOUBTFUL_READING_CONFIDENCE ? 1 : 0,
          tableUnitUnknown: c.confidence < DOUBTFUL_READING_CONFIDENCE ? 1 : 0,
          ocr: ocr ? 1 : 0,
        },
      });
    }
  }
  return out;
}

/** Candidates by indicator, in order (pushed, not copied: a paragraph can hold thousands of readings). */
function byIndicatorOf(candidates: ScoredCandidate[]): Map<string, ScoredCandidate[]> {
  const byIndicator = new Map<string, ScoredCandidate[]>();
  for (const c of candidates) {
    const group = byIndicator.get(c.indicator);
    if (group) group.push(c);
    else byIndicator.set(c.indicator, [c]);
  }
  return byIndicator;
}

/**
 * An element of a run whose every other element is read as another indicator, and nothing of the
 * run (element or sum) as its own: "hơn 2 triệu thuê bao điện thoại và gần 274 nghìn thuê bao
 * Internet" lists two quantities, not two pieces of one, so neither is held as a list element.
 */
function releaseDistinctElements(candidates: ScoredCandidate[]): void {
  const byMention = new Map<number, ScoredCandidate[]>();
  for (const c of candidates) {
    const id = c.mentionIds?.[0];
    if (id === undefined) continue;
    const list = byMention.get(id);
    if (list) list.push(c);
    else byMention.set(id, [c]);
  }
  for (const c of candidates) {
    if (!c.features.coordElement || !c.run) continue;
    const own = c.mentionIds![0]!;
    const others = c.run.filter((id) => id !== own);
    const readOf = (id: number) => byMention.get(id) ?? [];
    const distinct = others.every((id) => readOf(id).length > 0 && readOf(id).every((o) => o.indicator !== c.indicator));
    const sumOfRun = candidates.some(
      (o) => o.indicator === c.indicator && o.mentionIds && o.mentionIds.length > 1 && o.mentionIds.some((id) => c.run!.includes(id)),
    );
    if (distinct && !sumOfRun) {
      c.features.coordElement = 0;
      c.features.distinctElement = 1;
    }
  }
}

/**
 * Whether the rules settle `rival` as something else than the figure `c` states, so that it
 * does not stand against it: a part of it (a count after its "trong đó", one of its bracketed
 * breakdown, an element of a list that adds up to it), a figure of another year only where `c` is of the report's own, or another
 * province's or the whole country's. A rival that is merely a list element, in brackets or of
 * another year where `c` names none still stands: the corpus holds right values that look so (a
 * ranking "năm 2023 … công bố tháng 3/2024"). Nor does a reading of a last-resort entry yield to
 * a proper one: settled so, a wrong value was accepted in cross-validation.
 */
function settledAgainst(rival: ScoredCandidate, c: ScoredCandidate): boolean {
  const r = rival.features;
  const f = c.features;
  const id = c.mentionIds?.[0];
  if (id !== undefined && rival.partOf === id) return true;
  const inBreakdown =
    c.sentence !== undefined &&
    rival.sentence === c.sentence &&
    (r.parts || r.inBrackets) &&
    c.context?.breakdown?.includes(new Decimal(rival.value).toString());
  if (inBreakdown) return true;
  // An element of a list whose numbers add up to the value ("10 bưu cục, 43 điểm …, 107 đại lý"; "tổng số điểm phục vụ là 160").
  if (r.coordElement && rival.runTotal !== undefined && new Decimal(rival.runTotal).eq(c.value)) return true;
  if (r.otherYear && !r.sameYear && f.sameYear && !f.otherYear) return true;
  return Boolean((r.otherProvince || r.nationwide) && !f.otherProvince && !f.nationwide);
}

/** Whether `rival` stands against `c` as another reading of the indicator (a different value the rules do not settle). */
export function contests(rival: ScoredCandidate, c: ScoredCandidate): boolean {
  return !new Decimal(rival.value).eq(c.value) && !settledAgainst(rival, c);
}

/** Past this many readings of one indicator every different value counts as a rival (settling them pairwise is quadratic). */
const SETTLE_LIMIT = 200;

/** Features that depend on the other candidates: a rival value for the indicator, or a second reading agreeing. */
function relate(candidates: ScoredCandidate[]): void {
  for (const group of byIndicatorOf(candidates).values()) {
    // Readings per value, counted once; rivals are settled pair by pair only for a group of a sensible size.
    const key = (c: ScoredCandidate) => new Decimal(c.value).toString();
    const perValue = new Map<string, number>();
    for (const c of group) perValue.set(key(c), (perValue.get(key(c)) ?? 0) + 1);
    for (const c of group) {
      const same = perValue.get(key(c))!;
      c.features.agree = same > 1 ? 1 : 0;
      const rivals = group.length > SETTLE_LIMIT ? group.length - same > 0 : group.some((o) => contests(o, c));
      c.features.competitor = rivals ? 1 : 0;
    }
  }
}

/**
 * What makes a reading one a reviewer must see, whatever the scorer says: a part read where its
 * total was not, an element of a list ("10 bưu cục, 43 điểm ..."), another year, another unit or
 * the whole country, a rival value, two indicators it could equally be, letters read without
 * their diacritics, or an entry of the last resort ("Ban tổ chức đã chọn ra 87 giải pháp").
 * English is not among them: an English passage states its figures as plainly as a Vietnamese
 * one, and the scorer weighs it (`english` is a feature). Held back by rule, it kept 25 right
 * values of the corpus (docx) from acceptance for 3 wrong ones, which the threshold keeps out in
 * cross-validation as well.
 */
export const RISKS = [
  'parts',
  'coordElement',
  'otherYear',
  'nationwide',
  'otherProvince',
  'competitor',
  'ambiguous',
  'loose',
  'inBrackets',
  'fallback',
  'pool',
  'listGoesOn',
] as const;
/** The confidence a risky reading is held to: below any acceptance threshold. */
export const RISKY_CONFIDENCE = 0.6;

/** A candidate's confidence under a scorer: its calibrated probability, held below acceptance when a risk is present. */
export function confidenceUnder(c: ScoredCandidate, model: ScorerModel): number {
  // An annex row read by its label in the results column keeps the confidence its reading
  // gave it (0.9 read exactly, 0.65 in doubt): the corpus holds too few annex tables to fit
  // a scorer on, and the fixture annexes measure them.
  if (c.context?.origin === 'table') return c.confidence;
  const group = indicatorById(c.indicator).group;
  const calibrated = confidenceOf(c.features, group, model);
  // Named only once the diacritics were set aside (a scan): never accepted without a reviewer.
  if (c.features.loose) return Math.min(calibrated, LOOSE_TEXT_CONFIDENCE);
  // A risky reading, or one from a lexicon entry that has not shown itself reliable: a reviewer's.
  return RISKS.some((r) => c.features[r]) || !entryReliable(c.features, model, group) ? Math.min(calibrated, RISKY_CONFIDENCE) : calibrated;
}

/** Each list element's run total, from the numbers of its run (read or not). */
function addRunTotals(candidates: ScoredCandidate[], mentions: ReturnType<typeof findMentions>): void {
  const numberOf = new Map(mentions.map((m) => [m.id, m.match.value]));
  for (const c of candidates) {
    if (!c.features.coordElement || !c.run) continue;
    const values = c.run.map((id) => numberOf.get(id));
    if (values.every((v) => v !== undefined)) c.runTotal = values.reduce((sum, v) => sum.plus(v!), new Decimal(0)).toString();
  }
}

/** Every candidate with its features and probability, before choosing per indicator (what the scorer is fitted on). */
export function scoredCandidates(reading: DocumentReading, model: ScorerModel = shippedScorer()): ScoredCandidate[] {
  const mentions = findMentions(reading);
  const candidates = [...readMentions(mentions, reading).map(fromReading), ...tableCandidates(reading)];
  releaseDistinctElements(candidates);
  addRunTotals(candidates, mentions);
  relate(candidates);
  for (const c of candidates) c.confidence = confidenceUnder(c, model);
  return candidates;
}

/** A rival value keeps its place beside the chosen one only when it stands a real chance. */
const RIVAL_SHARE = 0.5;

/**
 * Per indicator, the most probable value (its agreeing readings kept) and the rivals worth a
 * reviewer's look; unlikely readings are dropped rather than shown as conflicts.
 */
export function chooseCandidates(candidates: ScoredCandidate[]): ScoredCandidate[] {
  const out: ScoredCandidate[] = [];
  for (const group of byIndicatorOf(candidates).values()) {
    const best = [...group].sort(bySureness)[0]!;
    // An annex row read by its label is always a rival worth showing, however doubtful its figure.
    // A rival the rules settle (a decoy against a plain best) is no conflict for a reviewer.
    out.push(
      ...group.filter(
        (c) =>
          new Decimal(c.value).eq(best.value) || c.context?.origin === 'table' || (c.confidence >= best.confidence * RIVAL_SHARE && !settledAgainst(c, best)),
      ),
    );
  }
  return out;
}

export function extractMentionCandidates(reading: DocumentReading, model: ScorerModel = shippedScorer()): ScoredCandidate[] {
  return chooseCandidates(scoredCandidates(reading, model));
}

/**
 * What the rules could not settle, for the model to be asked about: the sentences (as
 * "blockIndex:sentenceIndex") holding a number the rules read below the acceptance threshold,
 * or could not name although its sentence speaks of an indicator group; and the table rows the
 * rules read with confidence (those need not be sent).
 */
export interface UnsettledFocus {
  sentences: Set<string>;
  settledRows: Set<string>;
}

export function unsettledFocus(
  reading: DocumentReading,
  candidates: ScoredCandidate[],
  threshold: number,
  namesAGroup: (foldedSentence: string) => boolean,
): UnsettledFocus {
  const chosen = chooseCandidates(candidates);
  const settledMentions = new Set(chosen.filter((c) => c.confidence >= threshold).flatMap((c) => c.mentionIds ?? []));
  const read = new Set(candidates.flatMap((c) => c.mentionIds ?? []));
  const sentences = new Set<string>();
  for (const m of findMentions(reading)) {
    const key = `${m.block.index}:${m.sentenceIndex}`;
    if (sentences.has(key) || settledMentions.has(m.id)) continue;
    if (read.has(m.id) || (!isDecoy(m) && namesAGroup(m.sentenceFolded))) sentences.add(key);
  }
  const settledRows = new Set(chosen.filter((c) => c.context?.origin === 'table' && c.confidence >= threshold).map((c) => c.evidence));
  return { sentences, settledRows };
}

/** What the rules say of a value a model gave: the best calibrated confidence of a reading of it, and that reading's parts. */
export interface RuleSupport {
  confidence: number;
  breakdown?: string[];
  amountParts?: string[];
}

const supportKey = (indicator: string, value: string) => `${indicator}=${new Decimal(value).toString()}`;

/**
 * Per indicator and value ("NV01=76"), the rules' surest reading of it among every scored
 * candidate (before choosing one per indicator): what a model answer of that value can lean on.
 */
export function rulesSupport(scored: ScoredCandidate[]): Record<string, RuleSupport> {
  const out: Record<string, RuleSupport> = {};
  for (const c of scored) {
    const key = supportKey(c.indicator, c.value);
    const known = out[key];
    if (known && known.confidence >= c.confidence) continue;
    const { breakdown, amountParts } = c.context ?? {};
    out[key] = { confidence: c.confidence, ...(breakdown ? { breakdown } : {}), ...(amountParts ? { amountParts } : {}) };
  }
  return out;
}

/**
 * Model candidates with the rules' support for their values: the calibrated confidence (0 when
 * the rules read no such value, so a model answer alone is not accepted where the rules left the
 * mention out) and the parts the rules found for it, so that the checks on a total still run when
 * the model's answer is the one kept.
 */
export function withRulesSupport(candidates: CandidateValue[], support: Record<string, RuleSupport>): CandidateValue[] {
  return candidates.map((c) => {
    if (c.extractor !== 'llm') return c;
    const s = support[supportKey(c.indicator, c.value)];
    return {
      ...c,
      context: {
        origin: c.context?.origin ?? 'text',
        ...c.context,
        rulesSupport: s?.confidence ?? 0,
        ...(s?.breakdown && !c.context?.breakdown ? { breakdown: s.breakdown } : {}),
        ...(s?.amountParts && !c.context?.amountParts ? { amountParts: s.amountParts } : {}),
      },
    };
  });
}
