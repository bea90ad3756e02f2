// Qualifiers: the words before a number that say what kind of figure it is ("gần", "trên",
// "hơn", "ước đạt", "lũy kế", "hiện có", and their English translations).
import type { Qualifier } from '../types.ts';
import { clauseStart, phraseAt, wordMatches, wordsIn } from './words.ts';

interface QualifierRule {
  phrase: string[];
  qualifier: Qualifier;
  /** How many words may stand between the phrase and the number ("ước đạt cả năm 120": 2). */
  maxGap: number;
  /** A word that must come earlier in the clause ("nâng tổng số nhiệm vụ lên 86": "nâng" before "lên"). */
  opener?: string;
}

const DIRECT = 0;
const NEAR = 3;

const QUALIFIER_RULES: QualifierRule[] = [
  // Precision words must touch the number: "trên địa bàn tỉnh có 86" is not "over 86".
  { phrase: ['gần'], qualifier: 'approx_below', maxGap: DIRECT },
  { phrase: ['hơn'], qualifier: 'over', maxGap: DIRECT },
  { phrase: ['trên'], qualifier: 'over', maxGap: DIRECT },
  { phrase: ['khoảng'], qualifier: 'about', maxGap: DIRECT },
  { phrase: ['xấp', 'xỉ'], qualifier: 'about', maxGap: DIRECT },
  // Words about the kind of figure may be followed by a few words ("lũy kế đến nay 120").
  { phrase: ['ước'], qualifier: 'estimate', maxGap: NEAR },
  { phrase: ['ước', 'đạt'], qualifier: 'estimate', maxGap: NEAR },
  { phrase: ['ước', 'thực', 'hiện'], qualifier: 'estimate', maxGap: NEAR },
  { phrase: ['ước', 'tính'], qualifier: 'estimate', maxGap: NEAR },
  { phrase: ['lũy', 'kế'], qualifier: 'cumulative', maxGap: NEAR },
  { phrase: ['lên'], qualifier: 'cumulative', maxGap: DIRECT, opener: 'nâng' },
  { phrase: ['hiện', 'có'], qualifier: 'stock', maxGap: NEAR },
  { phrase: ['hiện', 'đang', 'có'], qualifier: 'stock', maxGap: NEAR },
  // English translations of the reports.
  { phrase: ['nearly'], qualifier: 'approx_below', maxGap: DIRECT },
  { phrase: ['almost'], qualifier: 'approx_below', maxGap: DIRECT },
  { phrase: ['over'], qualifier: 'over', maxGap: DIRECT },
  { phrase: ['more', 'than'], qualifier: 'over', maxGap: DIRECT },
  { phrase: ['about'], qualifier: 'about', maxGap: DIRECT },
  { phrase: ['approximately'], qualifier: 'about', maxGap: DIRECT },
  { phrase: ['around'], qualifier: 'about', maxGap: DIRECT },
  { phrase: ['estimated'], qualifier: 'estimate', maxGap: NEAR },
  { phrase: ['cumulative'], qualifier: 'cumulative', maxGap: NEAR },
  { phrase: ['cumulatively'], qualifier: 'cumulative', maxGap: NEAR },
];

/**
 * When several qualifiers precede one number ("lũy kế đạt hơn 120", "hiện có trên 50"), the
 * one that changes what the figure *is* wins over the one about its precision: a cumulative
 * or stock figure read as a period flow is the costlier mistake.
 */
const QUALIFIER_PRIORITY: Record<Qualifier, number> = {
  cumulative: 6,
  stock: 5,
  estimate: 4,
  approx_below: 3,
  over: 2,
  about: 1,
};

/** How far back an opener ("nâng") may be from its closing word ("lên"). */
const OPENER_REACH = 12;

export interface FoundQualifier {
  qualifier: Qualifier;
  /** Offset of the first word of the qualifier phrase. */
  start: number;
}

/** The qualifier of the number that starts at `end`, looking no further back than `floor`. */
export function findQualifier(s: string, end: number, floor: number): FoundQualifier | null {
  // Longest reach a rule needs: an opener OPENER_REACH words before a one-word closing phrase.
  const words = wordsIn(s, clauseStart(s, end, floor), end).slice(-(OPENER_REACH + 4));
  let best: (FoundQualifier & { gap: number }) | null = null;
  for (const rule of QUALIFIER_RULES) {
    for (let at = 0; at + rule.phrase.length <= words.length; at++) {
      if (!phraseAt(words, at, rule.phrase)) continue;
      const gap = words.length - at - rule.phrase.length;
      if (gap > rule.maxGap) continue;
      let start = words[at]!.start;
      if (rule.opener !== undefined) {
        const opener = words.slice(Math.max(0, at - OPENER_REACH), at).find((w) => wordMatches(w.text, rule.opener!));
        if (!opener) continue;
        start = opener.start;
      }
      // "xếp thứ 19 trên 34": a word between two numbers relates them, it does not qualify the second.
      if (rule.maxGap === DIRECT && /\d[^\S\n]*$/u.test(s.slice(Math.max(0, start - 8), start))) continue;
      const better =
        !best ||
        QUALIFIER_PRIORITY[rule.qualifier] > QUALIFIER_PRIORITY[best.qualifier] ||
        (QUALIFIER_PRIORITY[rule.qualifier] === QUALIFIER_PRIORITY[best.qualifier] && gap < best.gap);
      if (better) best = { qualifier: rule.qualifier, start, gap };
    }
  }
  return best && { qualifier: best.qualifier, start: best.start };
}

/** The qualifier expressed by the words just before a number (the text that precedes it, e.g. "...với tổng kinh phí hơn "). */
export function qualifierBefore(precedingText: string): Qualifier | null {
  const s = precedingText.normalize('NFC');
  return findQualifier(s, s.length, 0)?.qualifier ?? null;
}
