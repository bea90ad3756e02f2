// Every number of the running text becomes a mention with what surrounds it: the words it
// counts (its noun phrase), the words before it in its clause (its verb), the clause and the
// sentence it is in, the section heading above it, the years and the plan, comparison or
// previous-period words near it, and its ties to the numbers around it: coordination
// ("14 đề tài, 3 dự án mới") and the parts that follow a total ("Trong đó có 37 ...; 13 ...").
//
// Context strings are folded (foldForMatching: lower case, "khcn", "tỷ"); evidence and offsets
// always come from the text as written.
import { detectLocale } from '../numbers/locale.ts';
import { findNumbers, type NumberMatch } from '../numbers/scanner.ts';
import type { DocumentReading, ReadBlock } from '../reading.ts';
import { readableBlocks } from '../reading.ts';
import { quoteAround } from '../readings.ts';
import { provincesNamedIn } from '../provinces.ts';
import { shapeOf, splitSentences } from '../rules/from-text.ts';
import { foldForMatching } from '../rules/match-text.ts';
import type { TextBlock } from '../types.ts';

export type MentionShape = 'count' | 'money' | 'percent';

export interface Mention {
  /** Position in the document's list of mentions. */
  id: number;
  block: ReadBlock;
  page: number;
  /** The number as the scanner read it (value canonical; money in triệu đồng). */
  match: NumberMatch;
  shape: MentionShape;
  /** The sentence, as written, and its position among the block's sentences. */
  sentence: string;
  sentenceIndex: number;
  /** The clause (between semicolons) around the number, as written: the evidence. */
  clause: string;
  /** Folded words after the number up to the next number or the end of the clause: what it counts. */
  noun: string;
  /**
   * Folded words between the previous number (or the clause start) and this number: the
   * previous number's noun phrase, then this number's verb or label, which end right before it.
   */
  before: string;
  /** Folded words from the start of the clause to the number (at most ~40 words). */
  clauseBefore: string;
  /** Folded words from the start of the sentence to the number (at most ~60 words). */
  sentenceBefore: string;
  /** The whole sentence, folded. */
  sentenceFolded: string;
  /** The whole paragraph, folded (at most ~2,000 characters): what the sentences around say. */
  paragraphFolded: string;
  /** The results part of the whole report, folded (at most ~20,000 characters; one string shared by all mentions). */
  documentFolded: string;
  /** The folded title of the section the block sits under, if any. */
  heading: string | null;
  /** The units named in the clause before the number ("TP HCM xếp thứ 2"), current codes. */
  provincesBefore: string[];
  /** The unit whose name the number follows in brackets, in a list of units ("…, Hải Phòng (0,7857)"). */
  listedFor?: string;
  /** Years written in the sentence before the number ("năm 2020", "2016-2020"), as numbers. */
  yearsBefore: number[];
  /** Years written anywhere in the sentence. */
  yearsInSentence: number[];
  /** Mentions coordinated with this one ("14 đề tài, 3 dự án"), this one included, in order; null when alone. */
  coordinated: number[] | null;
  /** The clause or sentence opens with "trong đó" / "gồm": this number is a part of something stated before it. */
  partsClause: boolean;
  /** For a part: the mention it is a part of (the last number before it, in its sentence or the one before, that is not a part itself). */
  parentId?: number;
  /**
   * For a total: its parts listed after "trong đó" when they break it down (two or more counts
   * of its kind, each with no verb of its own), as canonical decimals: they should add up to it.
   */
  breakdown?: string[];
  /** For an amount: the amounts listed as its parts after "trong đó", as canonical decimals (triệu đồng): seldom all of it, never more. */
  amountParts?: string[];
  /** The text is in English (the post and telecom part of some reports, translated sources). */
  english: boolean;
  /** The page was read by OCR. */
  ocr: boolean;
  /** Set for a sum made from coordinated mentions: the ids it adds up. */
  sumOf?: number[];
  /** The values it adds up, as canonical decimals. */
  sumValues?: string[];
  /** A sum of a whole list whose elements each keep their own modifiers (not one run closed by a shared one). */
  sumAll?: boolean;
}

const WINDOW = 320;

/** Clause boundaries of a sentence: semicolons, and colons that open a list. */
/**
 * The clause bounds (between semicolons) of a sentence, found for any position by a binary search
 * over its semicolons, listed once: scanning from each number to its clause's ends was quadratic
 * in a sentence with thousands of numbers and no semicolon.
 */
function clauseFinder(sentence: string): (at: number) => { start: number; end: number } {
  const semicolons: number[] = [];
  for (let k = sentence.indexOf(';'); k !== -1; k = sentence.indexOf(';', k + 1)) semicolons.push(k);
  return (at) => {
    // The first semicolon at or after `at`.
    let lo = 0;
    let hi = semicolons.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (semicolons[mid]! < at) lo = mid + 1;
      else hi = mid;
    }
    return { start: lo > 0 ? semicolons[lo - 1]! + 1 : 0, end: lo < semicolons.length ? semicolons[lo]! : sentence.length };
  };
}

const fold = (s: string) => foldForMatching(s);

/** A bracket right after an amount, with no bracket inside: an aside such as its conversion to dollars. */
const BRACKETED_ASIDE = /^[^\S\n]*\([^()]*\)/u;
/** Where a number's own noun phrase ends: a list or an aside opens ("…, trong đó: …", "(…)"). */
const NOUN_END = /\s*(?:[:(]|,?\s*(?:trong đó|trong số đó|bao gồm|cụ thể)(?![\p{L}]))/u;
/**
 * Where the next item's own words begin: a full stop the sentence splitter left inside a list
 * ("…: 18. - Số giải pháp không được công nhận: 13"), or a comma or "và" followed by a verb that opens
 * a clause of its own ("quản lý 27 nhiệm vụ cấp tỉnh, nghiệm thu 9 nhiệm vụ"), or a comma before "the
 * others" ("3 dự án mới, các nhiệm vụ khác chuyển tiếp"). What follows
 * is not what the number counts: "không được công nhận", "nghiệm thu" belong to the next number.
 */
const NEXT_ITEM =
  /\.(?:\s|$)|(?:,\s*(?:(?:đã|đang|và|đồng thời)\s+)?|(?<!chuyển tiếp|mới)\s+và\s+(?:(?:đã|đang)\s+)?)(?:nghiệm thu|phê duyệt|triển khai|thực hiện|quản lý|theo dõi|tổ chức|hướng dẫn|kiểm tra|thanh tra|xử phạt|tiếp nhận|chuyển giao|ký hợp đồng|tuyển chọn|dừng|thanh lý|cấp (?:giấy|văn bằng|mới|phép)|thẩm định)(?![\p{L}])|,\s*(?:các|những|số)\s+[^,;]{0,30}?\s(?:khác|còn lại)(?![\p{L}])/u;

function ownNoun(noun: string): string {
  let next = noun.search(NEXT_ITEM);
  // A passive chain goes on after its comma ("2 tổ chức được thẩm định, cấp giấy chứng nhận …"): one item.
  if (next >= 0 && noun[next] !== '.' && /(?<![\p{L}])(?:được|bị)(?![\p{L}])/u.test(noun.slice(0, next))) {
    const stop = noun.slice(next + 1).search(/\.(?:\s|$)/u);
    next = stop < 0 ? -1 : next + 1 + stop;
  }
  const ends = [noun.search(NOUN_END), next].filter((x) => x >= 0);
  return ends.length === 0 ? noun : noun.slice(0, Math.min(...ends));
}
const tail = (s: string, n: number) => (s.length > n ? s.slice(s.length - n) : s);

/** A folded stretch that ends where the words before a number end, keeping the gap ("… đạt "). */
function foldedBefore(text: string): string {
  return (fold(text) + (/\s$/u.test(text) ? ' ' : '')).trimStart();
}

const PARTS_OPENER =
  /^(?:\s*[-–+•]\s*)?(?:trong đó|trong số đó|bao gồm|gồm|cụ thể|of which|including|comprising|(?:phân |chia )?theo (?:lĩnh vực|địa bàn|loại|cấp|ngành|đơn vị)|phân theo|chia theo)(?![\p{L}])/u;
// "comprising" opens every part of an English list, like "gồm" ("including" often names a few of them).
const PARTS_WORDS = /(?:trong đó|trong số đó|bao gồm|gồm|comprising)(?![\p{L}])/giu;

/**
 * Where the parts of a sentence start: the number right before the first opener that follows
 * one ("…, trong đó"), with no full stop or semicolon between them (Infinity: nowhere). The
 * numbers after it are parts. The number before the opener, not the first one of the sentence:
 * in "Năm 2021, tỉnh triển khai 58 đề tài, trong đó 41 …" 58 is the total, not a part.
 */
function partsOpenerAt(sentence: string): number {
  for (const word of sentence.matchAll(PARTS_WORDS)) {
    const from = Math.max(0, word.index - 2000);
    const before = sentence.slice(from, word.index);
    if (!/(?:,\s*|\(\s*|\s)$/u.test(before)) continue;
    const last = /\d[^\d;.]*$/u.exec(before);
    if (!last) continue;
    // The start of that number: its digits and the separators inside it ("1.133.712", "19,3").
    let start = from + last.index;
    while (start > from && /[\d.,]/u.test(sentence[start - 1]!) && /\d/u.test(sentence[start - 2] ?? '')) start--;
    while (start > from && /\d/u.test(sentence[start - 1]!)) start--;
    return start;
  }
  return Infinity;
}
/**
 * Where the parts an opener introduces end: at the bracket that closes them when the opener is
 * inside brackets ("10 bưu cục (trong đó có 1 …, 7 … và 2 …), 43 điểm …": 43 is no part),
 * else at the end of the sentence.
 */
function partsEndAfter(sentence: string, partsFrom: number): number {
  if (!Number.isFinite(partsFrom)) return Infinity;
  // partsFrom is the number before the opener; the opener word is the first one after it.
  const word = new RegExp(PARTS_WORDS.source, 'iu').exec(sentence.slice(partsFrom));
  if (!word) return Infinity;
  const opener = partsFrom + word.index;
  const open = sentence.lastIndexOf('(', opener);
  if (open < partsFrom || sentence.lastIndexOf(')', opener) > open) return Infinity;
  const close = sentence.indexOf(')', opener);
  return close === -1 ? Infinity : close;
}
/** "…, trong đó có 245 trạm 5G": the number right after the opener is a part of what came before. */
const PARTS_BEFORE = /(?:^|[,;:(]\s*)(?:trong đó|trong số đó|bao gồm|gồm|of which|including|comprising)(?:\s+(?:có|là))?\s*:?\s*$/u;
const CONNECTOR_END = /(?:,|(?<![\p{L}])và|\/|\band)\s*$/u;
/** A year written as where something comes from ("chuyển tiếp từ năm 2021", "since 2016"), not the period of a figure. */
const ORIGIN_BEFORE = /(?:từ|since|sang|from)\s*(?:năm\s*)?$/iu;
const ENGLISH_WORDS = /\b(?:the|of|and|with|subscribers|stations|tasks|projects|provinces?|reached|were|was|has|have|new)\b/u;

function yearsIn(matches: NumberMatch[]): number[] {
  const out: number[] = [];
  for (const m of matches) {
    if (m.kind === 'year') out.push(Number(m.value));
    else if (m.kind === 'date') {
      const y = /(\d{4})/.exec(m.value);
      if (y) out.push(Number(y[1]));
    }
  }
  return out;
}

/** The mentions of one block of running text. */
function blockMentions(block: ReadBlock, text: TextBlock, reading: DocumentReading, documentFolded: string, out: Mention[]): void {
  const ocr = reading.ocrPages.has(text.page);
  const paragraphFolded = fold(text.text.slice(0, 2000));
  // An English paragraph in a Vietnamese report writes "4,977" for four thousand nine hundred and seventy-seven.
  const locale = reading.locale === 'vi' && detectLocale(text.text.slice(0, 2000)) === 'en' ? 'en' : reading.locale;
  splitSentences(text.text).forEach((span, sentenceIndex) => {
    const sentence = span.text;
    const matches = findNumbers(sentence, locale);
    if (!matches.some((m) => shapeOf(m) !== null)) return;
    const sentenceFolded = fold(sentence);
    const allYears = yearsIn(matches);
    const english = ENGLISH_WORDS.test(sentenceFolded) && !/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/u.test(sentenceFolded);
    const values = matches.filter((m) => shapeOf(m) !== null);
    // The numbers after "…, trong đó" are parts, whatever clause of the sentence they are in.
    const partsFrom = partsOpenerAt(sentence);
    const partsTo = partsEndAfter(sentence, partsFrom);
    const clauseBounds = clauseFinder(sentence);
    let previousEnd = 0;
    const first = out.length;
    // Years before each number, gathered as the numbers go (they come in order).
    const yearsSoFar: NumberMatch[] = [];
    let nextYear = 0;
    values.forEach((m, i) => {
      const clause = clauseBounds(m.start);
      for (; nextYear < matches.length && matches[nextYear]!.end <= m.start; nextYear++) {
        const y = matches[nextYear]!;
        // Only years and dates count (yearsIn reads nothing else), so the list stays short.
        if ((y.kind === 'year' || y.kind === 'date') && !ORIGIN_BEFORE.test(sentence.slice(Math.max(0, y.start - 12), y.start))) yearsSoFar.push(y);
      }
      // An amount's conversion in brackets ("2.5 trillion VND (100.5 million USD) on science …"): its own words go on after the bracket.
      const aside = m.kind === 'money' ? BRACKETED_ASIDE.exec(sentence.slice(m.end, clause.end)) : null;
      const nounFrom = m.end + (aside?.[0].length ?? 0);
      const nextValue = aside ? values.slice(i + 1).find((v) => v.start >= nounFrom) : values[i + 1];
      const nextStart = nextValue ? Math.min(nextValue.start, clause.end) : clause.end;
      const from = Math.max(previousEnd, clause.start);
      // Up to the digits: a qualifier written before them ("hiện có", "hơn") is part of the words that name the number.
      const at = m.numberStart;
      const clauseBefore = sentence.slice(clause.start, at);
      out.push({
        id: out.length,
        block,
        page: text.page,
        match: m,
        shape: shapeOf(m)!,
        sentence,
        sentenceIndex,
        clause: quoteAround(sentence, clause.start, clause.end, m.start, m.end),
        noun: ownNoun(fold(sentence.slice(nounFrom, Math.max(nounFrom, nextStart)).slice(0, WINDOW))),
        before: foldedBefore(tail(sentence.slice(from, at), WINDOW)),
        clauseBefore: foldedBefore(tail(clauseBefore, WINDOW)),
        provincesBefore: provincesNamedIn(tail(sentence.slice(clause.start, at), WINDOW)),
        listedFor:
          unitListedBefore(tail(sentence.slice(clause.start, at), 120)) ??
          unitRankedAfter(tail(sentence.slice(clause.start, at), 20), sentence.slice(m.end, clause.end)),
        sentenceBefore: foldedBefore(tail(sentence.slice(0, at), WINDOW)),
        sentenceFolded,
        paragraphFolded,
        documentFolded,
        heading: block.heading,
        yearsBefore: yearsIn(yearsSoFar),
        yearsInSentence: allYears,
        coordinated: null,
        // PARTS_OPENER looks at the start only: folding the first words is enough (folding the whole prefix for each number was quadratic).
        partsClause:
          PARTS_OPENER.test(fold(clauseBefore.slice(0, 200))) ||
          PARTS_OPENER.test(fold(sentence.slice(0, Math.min(at, 200)))) ||
          PARTS_BEFORE.test(fold(tail(sentence.slice(from, at), 2000))) ||
          (at > partsFrom && at < partsTo),
        english,
        ocr,
      });
      previousEnd = m.end;
    });
    linkCoordination(out.slice(first));
  });
}

/** The list item a bracket opens on ("tiếp theo là Thừa Thiên Huế (", "), Hải Phòng ("): its words after the list's marks. */
const LIST_ITEM = /[,;:()]|\s(?:và|là|gồm|and)\s/u;

/**
 * "Tây Ninh (5,78%); … Quảng Ngãi (4,21%)", "Hải Phòng (0,7857)": a value in brackets right after
 * a unit's name, the name alone as the list's item, is that unit's.
 */
function unitListedBefore(before: string): string | undefined {
  const open = /\(\s*$/u.exec(before);
  if (!open) return undefined;
  const item = (before.slice(0, open.index).split(LIST_ITEM).at(-1) ?? '').trim();
  if (item === '' || item.split(/\s+/u).length > 5) return undefined;
  return provincesNamedIn(item).at(-1);
}

/** "… xếp thứ 2, thứ 3 là Quảng Ninh, …": the unit a rank written before its name belongs to. */
function unitRankedAfter(before: string, after: string): string | undefined {
  if (!/(?<![\p{L}])(?:thứ|hạng)\s*$/iu.test(before)) return undefined;
  const named = /^\s*(?:là|thuộc về)\s+([^,;:()]+)/u.exec(after)?.[1]?.trim() ?? '';
  if (named === '' || named.split(/\s+/u).length > 5) return undefined;
  return provincesNamedIn(named).at(0);
}

/** For each position of a sentence, the index of the bracket it is inside of (-1: none). */
function asideOf(sentence: string): (at: number) => number {
  const opens: [number, number][] = []; // [from, open index] changes, in order
  const stack: number[] = [];
  for (let k = 0; k < sentence.length; k++) {
    const c = sentence[k];
    if (c === '(') {
      stack.push(k);
      opens.push([k, k]);
    } else if (c === ')' && stack.length > 0) {
      stack.pop();
      opens.push([k, stack.at(-1) ?? -1]);
    }
  }
  return (at) => {
    let current = -1;
    for (const [from, open] of opens) {
      if (from >= at) break;
      current = open;
    }
    return current;
  };
}

/**
 * Numbers in a row that share one construction: each one's noun phrase ends with a list
 * connector ("đề tài, ", "dự án mới và ") and holds no clause of its own. They are one
 * coordination; whether it makes one quantity is for the lexicon to say (the same kind of
 * noun) and for the scorer (a sum, or the parts of it). The numbers of a bracketed aside
 * ("10 bưu cục (trong đó có 1 …, 7 … và 2 …), 43 điểm …") are a coordination of their own, and
 * the list around the aside goes on across it.
 */
function linkCoordination(mentions: Mention[]): void {
  if (mentions.length < 2) return;
  const aside = asideOf(mentions[0]!.sentence);
  const byAside = new Map<number, Mention[]>();
  for (const m of mentions) {
    const key = aside(m.match.start);
    byAside.set(key, [...(byAside.get(key) ?? []), m]);
  }
  for (const run of byAside.values()) linkRun(run);
}

/** A count of one level ("… 03 đề tài, dự án cấp quốc gia"), the noun phrase ending on the level. */
const LEVEL_AT_END = /cấp (?:quốc gia|bộ|nhà nước|trung ương|tỉnh|thành phố|cơ sở)\s*\.?\s*$/u;
/**
 * A list of levels split by semicolons, each item with its own noun ("triển khai 03 đề tài, dự án
 * cấp quốc gia; 56 đề tài, dự án cấp tỉnh; 27 đề tài, dự án cấp cơ sở"): the next item's clause
 * opens on its number, and both name a level. One quantity under the first item's verb.
 */
function continuesLevelList(prev: Mention, m: Mention): boolean {
  return (
    prev.sentenceIndex === m.sentenceIndex &&
    m.clauseBefore.replace(/^\s*(?:và|and)?\s*/u, '') === '' &&
    LEVEL_AT_END.test(prev.noun) &&
    // The next item names a level, or a programme of tasks ("; 1 nhiệm vụ KH&CN thuộc Chương trình mục tiêu quốc gia …").
    /cấp (?:quốc gia|bộ|nhà nước|trung ương|tỉnh|thành phố|cơ sở)|^(?:nhiệm vụ|đề tài|dự án)[^,;]{0,20} thuộc (?:các )?chương trình/u.test(m.noun)
  );
}

/**
 * "5 chủ nhiệm của 5 đề tài": the people who hold as many of what the next number counts, one
 * element of the list with it (the list goes on: "… và 2 chủ nhiệm của 2 nhiệm vụ").
 */
export function holderOf(prev: Mention, m: Mention): boolean {
  return (
    prev.id === m.id - 1 &&
    prev.match.value === m.match.value &&
    /^(?:chủ nhiệm|người|tác giả|cá nhân|tổ chức chủ trì)(?: đề tài| nhiệm vụ)? của\s*$/u.test(prev.noun)
  );
}

/** The first two words of a noun phrase: the head a list's elements share. */
const headOf = (noun: string) =>
  noun
    .split(/[\s,;:()]+/u)
    .filter(Boolean)
    .slice(0, 2)
    .join(' ');

function linkRun(mentions: Mention[]): void {
  let run: Mention[] = [];
  const close = () => {
    if (run.length > 1) {
      const ids = run.map((m) => m.id);
      for (const m of run) m.coordinated = ids;
    }
    run = [];
  };
  for (let i = 0; i < mentions.length; i++) {
    const m = mentions[i]!;
    const prev = mentions[i - 1];
    // Across an aside, the words between the two numbers with the aside left out.
    // Across an aside with no number in it too, when the next element counts the same head ("bốn
    // sản phẩm … (cam sành, …) và 92 sản phẩm …"; not "2.160 trạm … (BTS) và 17.189 km cáp").
    const asideOnly =
      prev !== undefined &&
      prev.id === m.id - 1 &&
      /\([^()]*\)/u.test(m.sentence.slice(prev.match.end, m.match.start)) &&
      headOf(prev.noun) !== '' &&
      headOf(prev.noun) === headOf(m.noun);
    const between =
      prev !== undefined && (prev.id !== m.id - 1 || asideOnly)
        ? fold(m.sentence.slice(prev.match.end, m.match.start).replace(/\([^()]*\)/g, ' '))
            .replace(/\s+/g, ' ')
            .trim()
        : null;
    const noun = between ?? prev?.noun ?? '';
    const joined =
      prev !== undefined &&
      (prev.clause === m.clause || continuesLevelList(prev, m)) &&
      prev.shape === m.shape &&
      (CONNECTOR_END.test(noun) || prev.clause !== m.clause || holderOf(prev, m)) &&
      noun.split(' ').length <= 14 &&
      // A qualifier phrase of its own ("…, nâng tổng số sản phẩm được bảo hộ lên 215") opens a new construction.
      m.match.numberStart - m.match.start <= 9;
    if (!joined) close();
    run.push(m);
  }
  close();
}

const DOCUMENT_WINDOW = 20_000;

/** The head noun kinds a breakdown's parts share with their total. */
const KIND_HEADS = [
  /^(?:nhiệm vụ|đề tài|dự án|đề án|đt\/da)/u,
  /^(?:đơn|hồ sơ)/u,
  /^(?:văn bằng|giấy chứng nhận)/u,
  /^(?:cơ sở|tổ chức|doanh nghiệp|đơn vị)/u,
  /^(?:thuê bao)/u,
  /^(?:trạm)/u,
  /^(?:mẫu|phương tiện đo|ptđ)/u,
];
/** English puts the head last ("89 provincial projects", "three national initiatives"): a task head within the first words. */
const ENGLISH_TASK_HEAD = /^(?:[a-z&-]+,? ){0,5}?(?:tasks?|projects?|initiatives?|topics?)(?![\p{L}])/u;
const NOT_ENGLISH_TASK = /(?:investment|start-?up|enterprise|business)/u;
/** An English noun phrase counting tasks ("616 science and technology research projects"), not investment or start-up projects. */
export function englishTaskHead(noun: string): boolean {
  const head = ENGLISH_TASK_HEAD.exec(noun)?.[0];
  return head !== undefined && !NOT_ENGLISH_TASK.test(head);
}
const kindOf = (noun: string) => {
  const kind = KIND_HEADS.findIndex((re) => re.test(noun));
  return kind < 0 && englishTaskHead(noun) ? 0 : kind;
};
/** The kind a total names before itself ("tổng số mẫu thử nghiệm là 130"). */
function kindBefore(before: string): number {
  const words = before.slice(-60);
  return KIND_HEADS.findIndex((re) => new RegExp(`(?<![\\p{L}])${re.source.replace(/^\^/u, '')}`, 'u').test(words));
}
/** The words right before a part that leave it without a verb of its own ("trong đó có 37", "; 13"). */
const BARE_PART_BEFORE = /(?:^|[,;:(]|(?<![\p{L}])(?:có|là|gồm|đó|và|including|of which|comprising|and))\s*$/u;

/** A sentence that lists the parts of the one before ("Cụ thể, …", "Bao gồm: …"). */
const NEXT_SENTENCE_PARTS = /^(?:\s*[-–+•]\s*)?(?:cụ thể|bao gồm|gồm có|gồm)(?![\p{L}])/u;

/** Parts and their totals: each part's parent, and each total's breakdown. */
function linkParts(mentions: Mention[]): void {
  for (let i = 0; i < mentions.length; i++) {
    const m = mentions[i]!;
    if (!m.partsClause) continue;
    // A sentence of parts ("Cụ thể, Sở Y tế: 3 đề tài, dự án; …") after its total's sentence
    // names the total's kind: the nearest earlier count of that kind is its whole.
    const nextSentence = NEXT_SENTENCE_PARTS.test(m.sentenceFolded);
    const kind = kindOf(m.noun);
    let fallback: Mention | undefined;
    // A paragraph that opens on its parts ("Cụ thể, Sở Y tế: 3 đề tài, dự án; …") lists those of
    // the last sentence of the paragraph before it.
    const opensParagraph = nextSentence && m.sentenceIndex === 0;
    let previous: { block: Mention['block']; sentenceIndex: number } | null = null;
    for (let j = i - 1; j >= 0; j--) {
      const p = mentions[j]!;
      if (p.block !== m.block) {
        if (!opensParagraph) break;
        previous ??= { block: p.block, sentenceIndex: p.sentenceIndex };
        if (p.block !== previous.block || p.sentenceIndex !== previous.sentenceIndex) break;
      } else if (p.sentenceIndex < m.sentenceIndex - 1) break;
      if (p.partsClause) continue;
      if ((p.block === m.block && p.sentenceIndex === m.sentenceIndex) || /^trong (?:đó|số đó)/u.test(m.sentenceFolded)) {
        m.parentId = p.id;
        break;
      }
      if (nextSentence && kind >= 0 && kindOf(p.noun) === kind) {
        m.parentId = p.id;
        break;
      }
      if (nextSentence) fallback ??= p;
    }
    if (m.parentId === undefined && fallback && kind < 0) m.parentId = fallback.id;
  }
  // Each total's parts, gathered once (a filter over every mention for each was quadratic).
  const partsOf = new Map<Mention['id'], Mention[]>();
  for (const m of mentions) {
    if (m.parentId === undefined || m.parentId === null) continue;
    const parts = partsOf.get(m.parentId);
    if (parts) parts.push(m);
    else partsOf.set(m.parentId, [m]);
  }
  for (const total of mentions) {
    const parts = partsOf.get(total.id) ?? [];
    if (parts.length < 2 || total.shape !== 'count') continue;
    const kind = kindOf(total.noun) >= 0 ? kindOf(total.noun) : kindBefore(total.before);
    const breakdown = parts.filter((m) => m.shape === 'count' && kind >= 0 && kindOf(m.noun) === kind && BARE_PART_BEFORE.test(m.before.slice(-40)));
    if (breakdown.length >= 2) total.breakdown = breakdown.map((m) => m.match.value);
  }
}

/**
 * Stocks split by a partition the report states in other sentences or paragraphs: mobile
 * subscribers are prepaid or postpaid ("nâng tổng số thuê bao di động … là 2.584.060"; "nâng tổng
 * số thuê bao trả sau toàn tỉnh lên 144.817"; "tổng số thuê bao trả trước … là 2.367.660"). When
 * each side is stated once as a stock, the sides are the total's breakdown: they must add up.
 */
const PARTITIONS: { total: RegExp; sides: RegExp[] }[] = [
  {
    total: /(?:tổng số|nâng tổng số) thuê bao (?:điện thoại )?di động[^;]{0,50}(?:lên|là|đạt)\s*$/u,
    sides: [
      /(?:tổng số|nâng tổng số) thuê bao (?:di động )?trả trước[^;]{0,50}(?:lên|là|đạt)\s*$/u,
      /(?:tổng số|nâng tổng số) thuê bao (?:di động )?trả sau[^;]{0,50}(?:lên|là|đạt)\s*$/u,
    ],
  },
];

function linkPartitions(mentions: Mention[]): void {
  for (const { total: totalPattern, sides } of PARTITIONS) {
    const totals = mentions.filter((m) => m.shape === 'count' && !m.breakdown && totalPattern.test(m.before));
    if (totals.length !== 1) continue;
    const parts = sides.map((side) => mentions.filter((m) => m.shape === 'count' && side.test(m.before)));
    if (parts.some((found) => found.length !== 1)) continue;
    totals[0]!.breakdown = parts.map((found) => found[0]!.match.value);
  }
}

/**
 * A total and a list after a colon giving each item's count in brackets, of the total's noun
 * ("121 giải pháp tham gia dự thi với 7/7 lĩnh vực: Công nghệ thông tin (7 giải pháp); Cơ khí …
 * (30 giải pháp); …"): the bracketed counts are its breakdown.
 */
function linkBracketedLists(mentions: Mention[]): void {
  for (let i = 0; i < mentions.length; i++) {
    const total = mentions[i]!;
    if (total.shape !== 'count' || total.breakdown || total.partsClause) continue;
    const head = total.noun.split(' ').slice(0, 2).join(' ');
    if (head.split(' ').length < 2) continue;
    const colon = total.sentence.indexOf(':', total.match.end);
    if (colon < 0) continue;
    const after = mentions.slice(i + 1).filter((m) => m.block === total.block && m.sentenceIndex === total.sentenceIndex && m.match.start > colon);
    const same = after.filter((m) => m.noun.startsWith(head));
    if (same.length < 2 || !same.every((m) => m.shape === 'count' && /\(\s*$/u.test(m.before) && /^[^()]*\)/u.test(m.noun))) continue;
    total.breakdown = same.map((m) => m.match.value);
  }
}

/** Words that make an amount after "trong đó" something else than a share of the total: a change, a running total, a plan. */
const NOT_A_SHARE = /(?:so với|cùng kỳ|lũy kế|kế hoạch|dự toán|năm trước|tăng thêm|giảm)/u;

/**
 * An amount and the amounts a text lists as its parts ("Doanh thu … ước đạt 95,4 tỷ đồng, tăng
 * 7,2% …. Trong đó, doanh thu … 12.300 triệu đồng …"): the nearest amount before them that is no
 * part itself, in their sentence or, when theirs opens on the parts, the one before. A
 * percentage between them is the total's change, not the total.
 */
function linkAmountParts(mentions: Mention[]): void {
  const partsOf = new Map<Mention, string[]>();
  for (let i = 0; i < mentions.length; i++) {
    const m = mentions[i]!;
    if (m.shape !== 'money' || !m.partsClause || m.match.qualifier === 'cumulative') continue;
    if (NOT_A_SHARE.test(m.before.slice(-40)) || NOT_A_SHARE.test(m.noun.slice(0, 30))) continue;
    const opensOnParts = PARTS_OPENER.test(m.sentenceFolded);
    for (let j = i - 1; j >= 0; j--) {
      const p = mentions[j]!;
      if (p.block !== m.block || p.sentenceIndex < m.sentenceIndex - (opensOnParts ? 1 : 0)) break;
      if (p.shape !== 'money' || p.partsClause) continue;
      partsOf.set(p, [...(partsOf.get(p) ?? []), m.match.value]);
      break;
    }
  }
  for (const [total, parts] of partsOf) total.amountParts = parts;
}

export function findMentions(reading: DocumentReading): Mention[] {
  const out: Mention[] = [];
  const blocks = readableBlocks(reading).filter((b) => b.part === 'results' && b.block.kind !== 'table');
  let text = '';
  for (const b of blocks) {
    if (text.length >= DOCUMENT_WINDOW) break;
    text += `${b.block.text}\n`;
  }
  const documentFolded = fold(text.slice(0, DOCUMENT_WINDOW));
  for (const block of blocks) blockMentions(block, block.block as TextBlock, reading, documentFolded, out);
  linkParts(out);
  linkPartitions(out);
  linkBracketedLists(out);
  linkAmountParts(out);
  return out;
}
