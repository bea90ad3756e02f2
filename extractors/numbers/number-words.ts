// Numbers written as words: "three national initiatives", "sáu cơ sở vi phạm", "ranked first",
// "xếp thứ hai". Only where a word can only be a count or a rank: a cardinal before a noun, an
// ordinal after a ranking verb. Vietnamese "một" (also the article "a", and "một số" = "some")
// and "năm" (also "year") are never read; neither are compounds ("twenty-one", "mười hai").

/** How a value was written when it was not in digits: the evidence then shows the word. */
export type SpelledAs = 'cardinal' | 'ordinal';

export interface NumberWord {
  value: string;
  spelled: SpelledAs;
  start: number;
  end: number;
}

const EN_CARDINALS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

// Lower case only: "Ba Vì", "Hai Bà Trưng" are names. Written with their diacritics only:
// "sau" (after) and "bon" are not "sáu" and "bốn".
const VI_CARDINALS: Record<string, number> = {
  hai: 2,
  ba: 3,
  bốn: 4,
  sáu: 6,
  bảy: 7,
  bẩy: 7,
  tám: 8,
  chín: 9,
  mười: 10,
};

const EN_ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
};

// After "thứ": "thứ nhất", "thứ hai", "thứ tư", "thứ năm" are ordinals.
const VI_ORDINALS: Record<string, number> = { nhất: 1, ...VI_CARDINALS, tư: 4, năm: 5 };

const SP = '[^\\S\\n]';
const WORDS = [...Object.keys(EN_CARDINALS), ...Object.keys(EN_ORDINALS), ...Object.keys(VI_ORDINALS)].sort((a, b) => b.length - a.length);

/** A number word, or a run of digits: what findNumbers stops at. */
export const DIGITS_OR_NUMBER_WORD = new RegExp(`\\d+|(?<![\\p{L}\\p{M}\\p{N}-])(?:${WORDS.join('|')})(?![\\p{L}\\p{M}\\p{N}]|-\\p{L})`, 'giu');

// The word after a cardinal must be what it counts: not "one of", "two or three", "four hundred".
const NOT_A_NOUN_AFTER_EN = new RegExp(
  `^${SP}+(?:of|or|and|to|by|another|hundred|thousand|million|billion|trillion|more|less|per|percent|times?|out|in|on|at|from|with|for|is|was|were|are|has|have|the|a|an)(?![\\p{L}])`,
  'iu',
);
// "two or three projects", "5 to 7 tasks": a range, not a count.
const RANGE_BEFORE_EN = new RegExp(`(?:\\d|(?<![\\p{L}])(?:${Object.keys(EN_CARDINALS).join('|')}))${SP}+(?:or|to)${SP}+$`, 'iu');
const WORD_AFTER = new RegExp(`^${SP}+\\p{L}`, 'u');
// "thứ hai" (second, Monday), "tháng hai" (February), "lần thứ ba": not counts.
const NOT_A_COUNT_BEFORE_VI = new RegExp(`(?<![\\p{L}])(?:thứ|tháng|lần|mùng|mồng|số)${SP}*$`, 'iu');
// A number word after a digit ("2 ba"…) or a number word before another ("mười hai", "hai ba"): a compound or a range.
const VI_NUMBER_WORD_AFTER = new RegExp(`^${SP}+(?:${Object.keys(VI_ORDINALS).join('|')}|mươi|lăm|một|nghìn|ngàn|trăm|triệu|tỷ|phần)(?![\\p{L}])`, 'iu');
const VI_NUMBER_WORD_BEFORE = new RegExp(`(?<![\\p{L}])(?:${Object.keys(VI_ORDINALS).join('|')}|mươi|một|trăm|nghìn|ngàn)${SP}+$`, 'iu');
// An ordinal is a rank only after a ranking verb.
const RANK_BEFORE_EN = new RegExp(`(?<![\\p{L}])(?:ranked|ranks|rank|ranking|placed|stood|stands|came)${SP}+(?:the${SP}+)?$`, 'iu');
const RANK_BEFORE_VI = new RegExp(`(?<![\\p{L}])(?:xếp|đứng)(?:${SP}+(?:hạng|vị${SP}+trí))?${SP}+thứ${SP}+$`, 'iu');

/** The number written by the word `word` at `start` of `s` (found by DIGITS_OR_NUMBER_WORD), or null where the word is not a count or a rank. */
export function readNumberWord(s: string, start: number, word: string): NumberWord | null {
  const end = start + word.length;
  const lower = word.toLowerCase();
  const before = s.slice(Math.max(0, start - 30), start);
  const after = s.slice(end, end + 30);

  const enOrdinal = EN_ORDINALS[lower];
  if (enOrdinal !== undefined) return RANK_BEFORE_EN.test(before) ? { value: String(enOrdinal), spelled: 'ordinal', start, end } : null;

  const viOrdinal = VI_ORDINALS[word];
  if (viOrdinal !== undefined && RANK_BEFORE_VI.test(before)) return { value: String(viOrdinal), spelled: 'ordinal', start, end };

  const en = EN_CARDINALS[lower];
  if (en !== undefined) {
    if (!WORD_AFTER.test(after) || NOT_A_NOUN_AFTER_EN.test(after) || RANGE_BEFORE_EN.test(before)) return null;
    return { value: String(en), spelled: 'cardinal', start, end };
  }

  const vi = VI_CARDINALS[word];
  if (vi === undefined || !WORD_AFTER.test(after)) return null;
  if (NOT_A_COUNT_BEFORE_VI.test(before) || VI_NUMBER_WORD_AFTER.test(after) || VI_NUMBER_WORD_BEFORE.test(before) || /\d[^\S\n]*$/u.test(before)) return null;
  return { value: String(vi), spelled: 'cardinal', start, end };
}
