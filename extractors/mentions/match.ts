// Mentions named by the lexicon: for each mention, the catalogue indicators whose noun or
// label, distinguishing words and exclusions fit it, with the evidence of the fit as features
// for the scorer. Coordinated counts of one kind ("14 đề tài, 3 dự án mới") become one summed
// mention; their elements are then never read alone as that quantity.
import { addDecimals } from '../numbers/decimal.ts';
import { indicatorById } from '../catalogue.ts';
import { quoteAround } from '../readings.ts';
import type { DocumentReading } from '../reading.ts';
import { COMPARISON_AFTER, COMPARISON_BEFORE, PERCENT_OF_REFERENCE, TARGET_BEFORE } from '../rules/text-rules.ts';
import { foldLoose, loose } from '../rules/match-text.ts';
import { LEXICON, type LexiconEntry, type Region, type Test } from './lexicon.ts';
import { englishTaskHead, holderOf, type Mention } from './mentions.ts';

/** One way a mention may be read: as a value of `entry.indicator`, with why. */
export interface Reading {
  mention: Mention;
  entry: LexiconEntry;
  /** Where in the label region the label ended (money, percent, score: the nearest wins). */
  labelAt: number;
  features: Record<string, number>;
}

const tail = (s: string, n: number) => (s.length > n ? s.slice(s.length - n) : s);

function regionText(m: Mention, region: Region, head: Mention): string {
  switch (region) {
    case 'noun':
      return m.noun;
    case 'verb':
      // The clause up to the number: verb patterns are anchored at its end; exclusions may look further back.
      return tail(head.clauseBefore, 90);
    case 'before':
      return tail(m.clauseBefore, 120);
    case 'clause':
      return `${head.clauseBefore} ${m.noun}`;
    case 'sentence':
      return m.sentenceFolded;
    case 'paragraph':
      return m.paragraphFolded;
    case 'document':
      return m.documentFolded;
    case 'heading':
      return m.heading ?? '';
  }
}

function holds(test: Test, m: Mention, head: Mention): boolean {
  return (Object.entries(test) as [Region, RegExp][]).every(([region, re]) => re.test(regionText(m, region, head)));
}

function anyHolds(test: Test, m: Mention, head: Mention): boolean {
  return (Object.entries(test) as [Region, RegExp][]).some(([region, re]) => re.test(regionText(m, region, head)));
}

// --- decoys ----------------------------------------------------------------------------------
const SAME_PERIOD_LAST_YEAR = /(?:cùng kỳ|(?<!từ )năm trước|(?<!từ )kỳ trước)(?: năm \d{4})?\s*[:(]?\s*$/u;
const RUNNING_TOTAL = /lũy kế|nâng tổng số|tính từ đầu năm|từ đầu năm đến nay|tính đến nay|từ năm \d{4} đến nay|đến nay đã/u;
/** "Từ đầu năm đến nay": for a report of the year, its first half or nine months, that is the period itself. */
const YEAR_TO_DATE = /(?:tính )?từ đầu năm(?: đến nay)?/u;
const PLAN_WORDS = /kế hoạch|dự kiến|phấn đấu|mục tiêu|chỉ tiêu|định hướng|sẽ\b/u;
const PART_WORDS = /trong đó|bao gồm|gồm có/u;
/**
 * A clause opening on "Trong số 31 nhiệm vụ đã hoàn thành …, có 08 …": the pool a share is taken
 * from, stated again (often a total over years), not the figure the clause reports; "thực hiện
 * cả 2 nhiệm vụ" refers back to tasks counted before.
 */
const POOL = /(?:^|[-–:]\s*)trong (?:tổng )?số\s*$|(?<![\p{L}])cả\s*$/u;
/** Counted within a programme ("14 dự án thuộc chương trình nông thôn miền núi"): its projects, not always the province's tasks. */
const PROGRAMME = /thuộc (?:các )?chương trình|under the (?:\S+ )?programme/u;
/** The Department working with others on someone else's tasks ("Sở đã phối hợp quản lý 2 nhiệm vụ …"). */
const COOPERATE = /phối hợp[^;,]{0,40}$/u;

/** Averages and rates per unit ("bình quân mỗi năm có hơn 1.000", "131 thuê bao/100 dân"). */
const PER_UNIT_BEFORE = /(?<![\p{L}])(?:bình quân|trung bình|mỗi năm|hằng năm|(?<!đặt )hàng năm|on average|per year)(?![\p{L}])[^;]{0,30}$/u;
const PER_UNIT_AFTER = /^[^;,]{0,25}\/\s*(?:100|1\.?000|10\.?000) (?:dân|người|hộ)|^[^;,]{0,20}(?:\/năm|mỗi năm|per year|a year)/u;
/** Figures of the whole country or of another scope than the province. */
const NATIONWIDE = /(?:cả nước|toàn quốc|trên phạm vi cả nước|nationwide|across the country|the whole country)[^;]{0,40}$/u;
/** Work done by another body than the province ("do Bộ Khoa học và Công nghệ tổ chức"). */
const OTHER_BODY = /do (?:bộ|cục|tổng cục|trung ương)[^;]{0,50}(?:tổ chức|thực hiện|chủ trì|triển khai)/u;
/** The economic regions ("Đông Nam Bộ với 44,81 điểm"): averages and ranks of a region, not of the province. */
const REGION =
  /đồng bằng sông (?:hồng|cửu long)|đông nam bộ|tây nguyên|bắc trung bộ|duyên hải (?:nam )?trung bộ|trung du và miền núi|(?<![\p{L}])vùng (?:kinh tế|đông|tây|bắc|nam|trung)|mekong delta|red river delta|central highlands/u;
/** Figures of many units together ("Sở KH&CN 43 tỉnh, thành phố đã thanh tra ..."). */
const MANY_UNITS = /(?<![\p{L}\d/])(?:\d+|các|nhiều) tỉnh,? thành(?: phố)?(?![\p{L}])|\d+ (?:provinces|localities|địa phương)/u;
/** Spans longer than a report period: "trong 5 năm gần đây", "từ năm 2011 đến nay", "những năm qua". */
const LONG_SPAN =
  /(?:trong|qua|sau) (?!0?1 năm)\d+ năm|tính chung(?: cả)? \d+ (?:năm|lần|kỳ)|những năm qua|nhiều năm|từ (?:năm )?\d{4} đến nay|từ khi|kể từ|since \d{4}|over the past|in the past \d+ years|giai đoạn/u;

/**
 * A contest's own run ("Sau 2 năm phát động, Hội thi nhận được 86 giải pháp"): the entries of
 * one edition, however long it ran, are the contest's figure, not a total over years.
 */
const CONTEST_RUN = /(?:sau|qua) \d+ năm (?:phát động|triển khai|tổ chức)/u;
const CONTEST = /hội thi|cuộc thi/u;
/** A span longer than the report's period in the words before a number, a contest's own run aside. */
function spansYears(text: string, m: Mention, p: (re: RegExp) => RegExp): boolean {
  const contest = p(CONTEST).test(m.paragraphFolded) || p(CONTEST).test(m.heading ?? '');
  return p(LONG_SPAN).test(contest ? text.replace(p(CONTEST_RUN), ' ') : text);
}

/**
 * A count of one field ("Lĩnh vực công nghệ thông tin, điện tử, viễn thông có 11 giải pháp dự
 * thi", "…, lĩnh vực nông nghiệp 36 đề tài"): a part of the whole, by field. "Trong lĩnh vực
 * SHTT, Sở đã …" names a section, not a part: the field must open the clause or follow a list
 * mark, with no actor or "đã" between it and the number.
 */
const BY_FIELD =
  /(?:^|[,;(]\s*|(?<![\p{L}])(?:trong đó|gồm|riêng|và)\s*,?\s*)lĩnh vực(?:(?!(?<![\p{L}])(?:đã|sở|trung tâm|chi cục|ban tổ chức)(?![\p{L}]))[^;:\d]){0,110}$/u;
/** A sentence that lists counts by field ("Lĩnh vực Y dược có nhiều giải pháp nhất (15 giải pháp); CNTT có 12 giải pháp; …"), not one naming a section ("Lĩnh vực SHTT: …"). */
const FIELD_LIST_SENTENCE = /^(?:[-–+•]\s*)?(?:trong đó,?\s*)?lĩnh vực(?![^:;]{0,60}:)[^;]{0,120};/u;
/** A count written as a share of the next ("70 giải pháp được sơ tuyển trong số 117", "85 proposals … out of a total number of 230"). */
const SHARE_OF_NEXT = /(?<![\p{L}])(?:trong số|trong tổng số|out of(?: a total(?: number)? of)?)\s*$/u;

/** A count of one district ("Phân theo địa bàn: huyện Tuy An 02 cơ sở: 11 PTĐ"): a part of the province's, by place. */
const BY_DISTRICT = /^(?:[-–+•]\s*)?(?:(?:phân|chia) theo địa bàn\s*:?\s*)?(?:tại\s+)?(?:huyện|thị xã|quận)\s/u;

/** A sentence about the whole country ("Trên phạm vi cả nước, …", "Cả nước có …"): none of its figures is the province's. */
const COUNTRY_SENTENCE = /^(?:[-–+•]\s*)?(?:(?:trên|trong) phạm vi )?(?:cả nước|toàn quốc)(?![\p{L}])|^nationwide(?![\p{L}])/u;

/** The ends of a range ("từ khoảng 0,5 đến gần 0,6"): neither is a figure of its own. */
const RANGE_FROM = /(?<![\p{L}])từ(?:\s+(?:khoảng|gần|hơn|trên))?\s*$/u;
const RANGE_TO_AFTER = /^\s*(?:đến|tới)(?![\p{L}])/u;
const RANGE_TO_BEFORE = /^\s*(?:đến|tới)(?:\s+(?:khoảng|gần|hơn|trên))?\s*$/u;

/**
 * The words a field label would be in: what comes before the number, but not the previous
 * number's own noun ("34 đề tài thuộc 04 lĩnh vực (…), gồm 16 …": the fields are counted, not named).
 */
function fieldWords(m: Mention): string {
  return m.before !== m.clauseBefore ? m.before.replace(/^\s*lĩnh vực/u, ' ') : m.before;
}

/** A comparison, a target, a share of a plan, last year's figure or an average: never a value. */
export function isDecoy(m: Mention, p: (re: RegExp) => RegExp = (re) => re): boolean {
  if (p(COMPARISON_BEFORE).test(m.before) || p(COMPARISON_AFTER).test(m.noun)) return true;
  if (
    m.shape === 'count' &&
    (p(BY_FIELD).test(tail(fieldWords(m), 160)) ||
      p(SHARE_OF_NEXT).test(m.noun) ||
      p(BY_DISTRICT).test(m.clauseBefore) ||
      p(FIELD_LIST_SENTENCE).test(m.sentenceBefore))
  )
    return true;
  if (p(COUNTRY_SENTENCE).test(m.sentenceBefore)) return true;
  if ((p(RANGE_FROM).test(m.before) && p(RANGE_TO_AFTER).test(m.noun)) || (m.before !== m.clauseBefore && p(RANGE_TO_BEFORE).test(m.before))) return true;
  if (p(PER_UNIT_BEFORE).test(tail(m.before, 60)) || p(PER_UNIT_AFTER).test(m.noun)) return true;
  if (p(SAME_PERIOD_LAST_YEAR).test(m.sentenceBefore)) return true;
  if (m.shape === 'percent' && p(PERCENT_OF_REFERENCE).test(m.noun)) return true;
  return p(TARGET_BEFORE).test(m.before);
}

// --- coordination ---------------------------------------------------------------------------
const TASK_HEAD = /^(?:nhiệm vụ|đề tài|dự án|đề án)(?:\s*(?:,|và|\/)\s*(?:nhiệm vụ|đề tài|dự án|đề án))*/u;
/** Heads that make one quantity when coordinated: tasks with tasks, applications with applications. */
const SUMMABLE: RegExp[] = [
  TASK_HEAD,
  /^(?:đơn|hồ sơ)/u,
  /^(?:văn bằng|giấy chứng nhận)/u,
  /^(?:cuộc|đợt) (?:thanh tra|kiểm tra)/u,
  /^(?:tổ chức|cá nhân|cơ sở|doanh nghiệp|hộ kinh doanh)/u,
  /^(?:nhãn hiệu|sáng chế|kiểu dáng(?: công nghiệp)?|giải pháp hữu ích|chỉ dẫn địa lý)/u,
  // Products protected under different titles ("bốn sản phẩm được cấp chứng nhận chỉ dẫn địa lý và 92 sản phẩm được bảo hộ nhãn hiệu tập thể").
  /^sản phẩm/u,
];
const CONNECTOR = /\s*(?:,|\bvà|\/|\bcùng)\s*$/u;

function classOf(noun: string): number {
  const cls = SUMMABLE.findIndex((re) => re.test(noun));
  if (cls >= 0) return cls;
  // English puts the head last ("616 science and technology research projects and 56 pilot production projects"): tasks.
  return englishTaskHead(noun) ? 0 : -1;
}

/** The noun with its head only (the element adds nothing after it but a connector). */
function isBare(noun: string, cls: number): boolean {
  const head = SUMMABLE[cls]!.exec(noun)?.[0] ?? '';
  return (
    noun
      .slice(head.length)
      .replace(CONNECTOR, '')
      .replace(/^\s*(?:khcn|khoa học(?: và công nghệ)?)\s*/u, '')
      .trim() === ''
  );
}

/** The evidence of a sum: its clause, or the clauses from its first element's to its last's (a list split by semicolons). */
function clauseSpanning(head: Mention, last: Mention): string {
  if (head.clause === last.clause) return last.clause;
  const sentence = head.sentence;
  const start = sentence.lastIndexOf(';', head.match.start) + 1;
  const semicolon = sentence.indexOf(';', last.match.end);
  return quoteAround(sentence, start, semicolon < 0 ? sentence.length : semicolon, head.match.start, last.match.end);
}

/** The counted noun of a sum of one class: tasks are "nhiệm vụ", the others the head's own noun. */
function nounOf(cls: number, head: Mention): string {
  return cls === 0 ? 'nhiệm vụ' : (SUMMABLE[cls]!.exec(head.noun)?.[0] ?? '');
}

/**
 * The counted noun of a whole list of one head, each element with its own modifier ("22 hồ sơ
 * công bố hợp chuẩn, 10 hồ sơ công bố hợp quy"): the head with every modifier, which is what the
 * list counts ("hồ sơ công bố hợp chuẩn, công bố hợp quy").
 */
function nounWithModifiers(cls: number, list: Mention[]): string {
  const head = SUMMABLE[cls]!.exec(list[0]!.noun)?.[0] ?? '';
  const modifiers = list
    .map((x) =>
      x.noun
        .slice((SUMMABLE[cls]!.exec(x.noun)?.[0] ?? '').length)
        .replace(CONNECTOR, '')
        .trim(),
    )
    .filter((x) => x !== '');
  return modifiers.length > 0 ? `${head} ${modifiers.join(', ')}` : head;
}

/** One mention standing for the sum of `members` (in order): read where the first starts, to where the last ends. */
function sumMention(members: Mention[], id: number, noun: string): Mention {
  const head = members[0]!;
  const last = members[members.length - 1]!;
  return {
    ...last,
    id,
    match: {
      ...last.match,
      value: addDecimals(members.map((x) => x.match.value)),
      raw: head.sentence.slice(head.match.start, last.match.end),
      start: head.match.start,
    },
    noun,
    clause: clauseSpanning(head, last),
    before: head.before,
    clauseBefore: head.clauseBefore,
    sentenceBefore: head.sentenceBefore,
    yearsBefore: head.yearsBefore,
    coordinated: null,
    sumOf: members.map((x) => x.id),
    sumValues: members.map((x) => x.match.value),
  };
}

/** A task of the national or a ministry's level, or of a national programme carried out in the province. */
const NATIONAL_LEVEL =
  /cấp (?:quốc gia|bộ|nhà nước|trung ương)|(?<![\p{L}])(?:national|ministerial)(?![\p{L}])|chương trình[^,;]{0,40}(?:nông thôn miền núi|quỹ gen|quốc gia)/u;
const LOWER_LEVEL = /cấp (?:tỉnh|thành phố|cơ sở|huyện)|provincial|grassroots/u;

/**
 * A list of tasks split by level ("89 provincial projects, three national initiatives and 11
 * ministerial projects"; "4 dự án Chương trình Nông thôn miền núi, 1 nhiệm vụ … cấp Quốc gia và
 * 63 nhiệm vụ KH&CN cấp tỉnh"), the parts of a total: its national and ministerial elements
 * together are the national-level tasks. Only when every element names its level and two or more are national.
 */
function nationalPart(list: Mention[]): Mention[] | null {
  // The parts of a stated total: a list under a verb of its own (accepted, new) has levels that are not the managed tasks'.
  if (!list[0]!.partsClause) return null;
  if (!list.every((x) => classOf(x.noun) === 0 && x.shape === 'count' && /^\d+$/.test(x.match.value))) return null;
  const isNational = (x: Mention) => NATIONAL_LEVEL.test(x.noun) && !LOWER_LEVEL.test(x.noun);
  if (!list.every((x) => isNational(x) || LOWER_LEVEL.test(x.noun))) return null;
  const national = list.filter(isNational);
  return national.length >= 2 && national.length < list.length ? national : null;
}

/**
 * Summed mentions of coordinated counts of one kind: elements with a bare head ("14 đề tài,")
 * take the modifiers of the element that closes their run ("3 dự án mới"), and the run is one
 * quantity. Returns the sums; the ids of summed elements are added to `summed`.
 */
export function coordinatedSums(mentions: Mention[], summed: Set<number>): Mention[] {
  const sums: Mention[] = [];
  const seen = new Set<string>();
  let nextId = mentions.length;
  for (const m of mentions) {
    if (!m.coordinated) continue;
    const key = m.coordinated.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    // The holders of an element ("5 chủ nhiệm của 5 đề tài") are that element, not one more.
    const list = m.coordinated.map((id) => mentions[id]!).filter((x) => !(mentions[x.id + 1] && holderOf(x, mentions[x.id + 1]!)));
    if (list.length < 2) continue;
    let run: Mention[] = [];
    const flush = (closing: Mention | null) => {
      const members = closing ? [...run, closing] : run;
      run = [];
      if (members.length < 2) return;
      const cls = classOf(members[0]!.noun);
      if (cls < 0 || members.some((x) => classOf(x.noun) !== cls || x.shape !== 'count' || !/^\d+$/.test(x.match.value))) return;
      const last = members[members.length - 1]!;
      const head = members[0]!;
      const modifier = last.noun.slice((SUMMABLE[cls]!.exec(last.noun)?.[0] ?? '').length);
      for (const x of members) summed.add(x.id);
      sums.push(sumMention(members, nextId++, `${nounOf(cls, head)}${modifier}`));
    };
    const before = sums.length;
    for (const x of list) {
      const cls = classOf(x.noun);
      if (cls >= 0 && isBare(x.noun, cls)) run.push(x);
      else flush(x);
    }
    flush(null);
    // The whole list under one verb, each element with its own modifiers ("nghiệm thu 1 dự án
    // thuộc Chương trình ..., 7 nhiệm vụ cấp tỉnh, 2 nhiệm vụ cấp cơ sở"): the verb's quantity
    // is their sum. Not for the parts after "trong đó", which add up to a total stated before.
    const cls = classOf(list[0]!.noun);
    const coveredByRun = sums.slice(before).some((x) => x.sumOf!.length === list.length);
    if (
      !coveredByRun &&
      !list[0]!.partsClause &&
      cls >= 0 &&
      list.every((x) => classOf(x.noun) === cls && x.shape === 'count' && /^\d+$/.test(x.match.value))
    ) {
      sums.push({ ...sumMention(list, nextId++, cls === 0 ? nounOf(cls, list[0]!) : nounWithModifiers(cls, list)), sumAll: true });
    }
    const national = nationalPart(list);
    if (national) {
      for (const x of national) summed.add(x.id);
      sums.push(sumMention(national, nextId++, 'nhiệm vụ cấp quốc gia, cấp bộ'));
    }
  }
  return sums;
}

// --- lenses ---------------------------------------------------------------------------------
/** How a mention is matched: its folded text and the patterns as written, or both without diacritics (OCR). */
interface Lens {
  lexicon: LexiconEntry[];
  pattern: (re: RegExp) => RegExp;
  view: (m: Mention) => Mention;
}

const EXACT: Lens = { lexicon: LEXICON, pattern: (re) => re, view: (m) => m };

const looseTest = (t: Test): Test => Object.fromEntries(Object.entries(t).map(([k, re]) => [k, loose(re as RegExp)]));
const LOOSE_LEXICON: LexiconEntry[] = LEXICON.map((e) => ({
  ...e,
  ...(e.noun ? { noun: loose(e.noun) } : {}),
  ...(e.subject ? { subject: loose(e.subject) } : {}),
  ...(e.label ? { label: loose(e.label) } : {}),
  ...(e.after ? { after: loose(e.after) } : {}),
  ...(e.need ? { need: e.need.map(looseTest) } : {}),
  ...(e.not ? { not: looseTest(e.not) } : {}),
}));
const looseViews = new WeakMap<Mention, Mention>();
const looseTexts = new Map<string, string>();
/** Paragraphs and the document are shared by many mentions: folded once each. */
function looseOnce(text: string): string {
  let l = looseTexts.get(text);
  if (l === undefined) {
    if (looseTexts.size > 500) looseTexts.clear();
    looseTexts.set(text, (l = foldLoose(text)));
  }
  return l;
}
const LOOSE: Lens = {
  lexicon: LOOSE_LEXICON,
  pattern: loose,
  view: (m) => {
    let v = looseViews.get(m);
    if (!v) {
      const f = (s: string) => (foldLoose(s) + (/\s$/u.test(s) ? ' ' : '')).trimStart();
      v = {
        ...m,
        noun: foldLoose(m.noun),
        before: f(m.before),
        clauseBefore: f(m.clauseBefore),
        sentenceBefore: f(m.sentenceBefore),
        sentenceFolded: foldLoose(m.sentenceFolded),
        paragraphFolded: looseOnce(m.paragraphFolded),
        documentFolded: looseOnce(m.documentFolded),
        heading: m.heading === null ? null : foldLoose(m.heading),
      };
      looseViews.set(m, v);
    }
    return v;
  },
};

// --- readings -------------------------------------------------------------------------------
const SCORE_UNIT_AFTER = /^\s*(?:điểm|points?)(?![\p{L}])/u;
/** A bare year ("PII 2024", "DTI 2021") is not a score, a rank or a count. */
const isYearLike = (m: Mention) => /^\d{4}$/.test(m.match.value) && Number(m.match.value) >= 1990 && Number(m.match.value) <= 2100;

const subjectCache = new WeakMap<RegExp, RegExp>();
/**
 * The subject, an aside in brackets it may carry ("The number of telephone subscribers (fixed
 * wireless, …, prepaid mobile) totaled"), then a few words that are not a comma, a clause mark or
 * a number, then the number.
 */
function subjectPattern(subject: RegExp): RegExp {
  let re = subjectCache.get(subject);
  if (!re)
    subjectCache.set(
      subject,
      (re = new RegExp(
        `(?:${subject.source})(?:\\s*\\([^()\\d]{0,120}\\))?(?:(?!\\s(?:tại|ở|cho|với|trong đó|thuộc|của các)\\s)[^,;.:()\\d]){0,45}:?\\s*$`,
        'u',
      )),
    );
  return re;
}

/** The denominator of a score out of a round scale ("/1.000 điểm", "/100"), not a share of a count ("12/63"). */
const OUT_OF_A_SCALE = /^10{0,3}$/u;

function shapeFits(entry: LexiconEntry, m: Mention): boolean {
  switch (entry.shape) {
    case 'count':
      return m.shape === 'count' && /^\d+$/.test(m.match.value);
    case 'money':
      return m.shape === 'money';
    case 'percent':
      return m.shape === 'percent';
    case 'score':
      // An index written with a percent sign, or out of a scale of its own ("745,32/1.000 điểm"),
      // is still the index: verification flags the unit.
      return (m.shape === 'count' && m.match.kind === 'number') || m.shape === 'percent' || OUT_OF_A_SCALE.test(m.match.denominator ?? '');
    case 'rank':
      return m.shape === 'count' && /^\d+$/.test(m.match.value);
  }
}

const unanchored = new WeakMap<RegExp, RegExp>();
/**
 * "- Kiểm định, hiệu chuẩn phương tiện đo lường: 13.000": an item whose label, before a colon,
 * holds the noun of the entry (the noun is then written before the number).
 */
function colonLabelNames(noun: RegExp, m: Mention): boolean {
  const label = /(?:^|[.;])([^.;]{3,120}):\s*$/u.exec(m.before)?.[1];
  if (!label || /\d/u.test(label)) return false;
  let re = unanchored.get(noun);
  if (!re) unanchored.set(noun, (re = new RegExp(noun.source.replace(/^\^/u, '(?<![\\p{L}])'), 'u')));
  return re.test(label) && m.noun.trim().length < 40;
}

/** Where the nearest label ends in the clause before the number, or -1. */
function labelEnd(label: RegExp, before: string): number {
  let at = -1;
  for (const x of before.matchAll(new RegExp(label.source, 'gu'))) at = x.index + x[0].length;
  return at;
}

/** A ranking written out ("TP HCM xếp thứ 2, tiếp theo là Hải Phòng (3), …"): the bracketed numbers after the names are ranks. */
const RANKING = /xếp (?:thứ|hạng)|đứng (?:thứ|đầu)|dẫn đầu|bảng xếp hạng|ranked|ranking/u;

/**
 * A listed value read with the words that name its list: the sentence, and the paragraph before
 * it ("… tỷ trọng kinh tế số trên 10%: … . Nhóm 5 địa phương thấp nhất gồm Tây Ninh (5,78%); …").
 */
function listView(m: Mention): Mention {
  const at = m.paragraphFolded.indexOf(m.sentenceFolded);
  const earlier = at > 0 ? tail(m.paragraphFolded.slice(0, at), 600) : '';
  return { ...m, clauseBefore: `${earlier}${m.sentenceBefore}` };
}

function reportYears(reading: DocumentReading): Set<number> {
  const p = reading.period;
  const years = new Set<number>();
  if (!p) return years;
  const startYear = Number(p.start.slice(0, 4));
  const endYear = Number(p.end.slice(0, 4));
  // A periodic window opens on 15 December of the year before: "năm 2024" starts 2023-12-15.
  const from = p.start.slice(5) === '12-15' && startYear < endYear ? startYear + 1 : startYear;
  for (let y = from; y <= endYear; y++) years.add(y);
  return years;
}

/**
 * A sum whose list goes on past a semicolon with a count of its own kind and no verb of its own
 * ("nghiệm thu 1 dự án …, 7 nhiệm vụ cấp tỉnh, 2 nhiệm vụ cấp cơ sở; 1 nhiệm vụ …"): the sum may
 * have left the last elements out.
 */
function listGoesOn(sum: Mention, byId: Map<number, Mention>): boolean {
  if (!sum.sumOf) return false;
  const last = byId.get(sum.sumOf[sum.sumOf.length - 1]!)!;
  const next = byId.get(last.id + 1);
  if (!next || next.sumOf || next.block !== last.block || next.sentenceIndex !== last.sentenceIndex) return false;
  const cls = classOf(byId.get(sum.sumOf[0]!)!.noun);
  return next.before.trim() === '' && /;\s*$/u.test(next.sentenceBefore) && classOf(next.noun) === cls;
}

/** Every reading of every mention (sums included), decoys and numbers no entry names left out. */
export function readMentions(mentions: Mention[], reading: DocumentReading): Reading[] {
  const summed = new Set<number>();
  const sums = coordinatedSums(mentions, summed);
  const years = reportYears(reading);
  const out: Reading[] = [];
  const byId = new Map<number, Mention>([...mentions, ...sums].map((m) => [m.id, m]));
  /** The nouns a mention counts: a sum's are its elements'. */
  const nounsOf = (m: Mention) => (m.sumOf ? m.sumOf.map((id) => byId.get(id)!.noun) : [m.noun]);
  for (const original of [...mentions, ...sums]) {
    const originalHead = original.coordinated && !original.sumOf ? byId.get(original.coordinated[0]!)! : original;
    // Exactly first; on a page read by OCR, when nothing names the number exactly, without
    // diacritics ("Nghiệm thu 19dé tai"), at a confidence that leaves it to a reviewer.
    let candidates = readingsThrough(EXACT, original, originalHead);
    if (candidates.length === 0 && original.ocr) candidates = readingsThrough(LOOSE, original, originalHead);
    // Amounts and percentages: the nearest label names the number; farther ones do not.
    const nearest = Math.max(-1, ...candidates.filter((c) => c.labelAt >= 0).map((c) => c.labelAt));
    const kept = candidates.filter((c) => c.labelAt < 0 || c.labelAt === nearest);
    const best = Math.max(0, ...kept.map((c) => c.entry.specificity));
    const rivals = kept.filter((c) => c.entry.specificity === best).length;
    for (const c of kept) {
      c.features.ambiguous = rivals > 1 || (kept.length > 1 && c.entry.specificity < best) ? 1 : 0;
      c.features.outranked = c.entry.specificity < best ? 1 : 0;
      out.push(c);
    }
  }

  /** The readings of a mention through a lens: exact text and patterns, or both without diacritics. */
  function readingsThrough(lens: Lens, original: Mention, originalHead: Mention): Reading[] {
    const m = lens.view(original);
    const head = lens.view(originalHead);
    const p = lens.pattern;
    if (isDecoy(m, p)) return [];
    const candidates: Reading[] = [];
    // A value listed after the province's own name ("Hải Phòng (0,7857)") is named by what names the list.
    const listedOwn = reading.province !== null && m.listedFor === reading.province;
    const wide = listedOwn ? listView(m) : m;
    for (const entry of lens.lexicon) {
      if (!shapeFits(entry, m)) continue;
      // A number written as a word is read only where the word can be nothing else: an ordinal
      // after a ranking verb is a rank, a cardinal counts the lexicon's noun right after it.
      const spelled = m.match.spelled;
      if (spelled !== undefined && (spelled === 'ordinal') !== (entry.shape === 'rank')) continue;
      let labelAt = -1;
      if (entry.shape === 'count') {
        const byNoun = entry.noun?.test(m.noun);
        if (spelled !== undefined && !byNoun) continue;
        const bySubject = entry.subject !== undefined && subjectPattern(entry.subject).test(tail(m.before, 260));
        const byColon = entry.noun !== undefined && colonLabelNames(entry.noun, m);
        if (!byNoun && !bySubject && !byColon) continue;
      } else if (entry.shape === 'rank') {
        if (!entry.label || isYearLike(m)) continue;
        if (labelEnd(entry.label, m.before) < 0 && !(listedOwn && p(RANKING).test(m.sentenceBefore))) continue;
      } else {
        labelAt = entry.label ? labelEnd(entry.label, m.clauseBefore) : -1;
        if (labelAt < 0 && listedOwn && entry.label && labelEnd(entry.label, wide.clauseBefore) >= 0) labelAt = 0;
        const after = entry.after?.test(m.noun);
        if (after) labelAt = Math.max(labelAt, m.clauseBefore.length + 1);
        if (labelAt < 0) continue;
        if (entry.shape === 'score' && isYearLike(m) && !p(SCORE_UNIT_AFTER).test(m.noun)) continue;
        // A score is written with its decimals or called points ("49,37", "36 điểm"); a bare whole
        // number after "đạt" or "với" is something else ("nhóm 10 địa phương").
        if (entry.shape === 'score' && m.shape !== 'percent' && /^\d+$/.test(m.match.value) && !p(SCORE_UNIT_AFTER).test(m.noun)) continue;
      }
      const needView = entry.shape === 'count' ? m : wide;
      if (entry.need && !entry.need.some((t) => holds(t, needView, needView === m ? head : needView))) continue;
      if (entry.not && anyHolds(entry.not, m, head)) continue;
      const indicator = indicatorById(entry.indicator);
      const group = m.block.group;
      const sinceYearStart =
        p(YEAR_TO_DATE).test(m.clauseBefore) &&
        reading.period !== null &&
        ['year', 'half', 'nine_months'].includes(reading.period.kind) &&
        reading.period.label.includes('đầu') === (reading.period.kind === 'half');
      // "Từ năm 2017 đến nay" in a report of 2017-2024: the report's own span, not a running total past it.
      const sincePeriodStart =
        reading.period?.kind === 'range' && (/từ (?:năm )?(\d{4}) đến nay/u.exec(m.clauseBefore)?.[1] ?? '') === reading.period.start.slice(0, 4);
      const runningTotal = (p(RUNNING_TOTAL).test(m.clauseBefore) && !sinceYearStart && !sincePeriodStart) || m.match.qualifier === 'cumulative';
      // A flow of the period is never a running total ("lũy kế 9 tháng đạt 25.901"), nor a total
      // over years when the report covers one period ("trong 5 năm gần đây ... hơn 2.000 dự án").
      if (indicator.measure === 'flow' && runningTotal) continue;
      if (indicator.measure === 'flow' && reading.period?.kind !== 'range' && spansYears(m.clauseBefore, m, p)) continue;
      // Summed elements are never read alone as the quantity of their sum.
      if (summed.has(m.id) && !m.sumOf) continue;
      const otherYear = m.yearsBefore.some((y) => years.size > 0 && !years.has(y));
      // "TP HCM xếp thứ 2": the figure of another unit. Ranks and scores are never read so.
      const ownNamed = listedOwn || (reading.province !== null && m.provincesBefore.includes(reading.province));
      const listedOther = m.listedFor !== undefined && reading.province !== null && m.listedFor !== reading.province;
      const otherProvince =
        listedOther ||
        (!listedOwn &&
          ((reading.province !== null && m.provincesBefore.some((code) => code !== reading.province)) || (p(REGION).test(m.clauseBefore) && !ownNamed)));
      // "tỷ trọng kinh tế số trên GDP cả nước … 11,91%": a share of the country, not of the province.
      if (indicator.measure === 'ratio' && entry.shape === 'percent' && !ownNamed && p(NATIONWIDE).test(m.clauseBefore)) continue;
      if (otherProvince && (entry.shape === 'score' || entry.shape === 'rank' || indicatorById(entry.indicator).measure === 'ratio')) continue;
      // Work the Ministry organised ("cuộc thanh tra ... do Bộ Khoa học và Công nghệ tổ chức") is not the province's.
      if (p(OTHER_BODY).test(m.clauseBefore) || p(MANY_UNITS).test(m.clauseBefore)) continue;
      const sameYear = m.yearsBefore.some((y) => years.has(y));
      candidates.push({
        mention: original,
        entry,
        labelAt,
        features: {
          bias: 1,
          [`spec${entry.specificity}`]: 1,
          [`group:${indicator.group}`]: 1,
          [`entry:${entry.key ?? entry.indicator}`]: 1,
          need: entry.need ? 1 : 0,
          groupMatch: group !== null && entry.groups.includes(group) ? 1 : 0,
          groupOther: group !== null && !entry.groups.includes(group) ? 1 : 0,
          sum: m.sumOf && !m.sumAll ? 1 : 0,
          sumAll: m.sumAll ? 1 : 0,
          coordElement: m.coordinated && !m.sumOf ? 1 : 0,
          parts: m.partsClause || p(PART_WORDS).test(m.before) ? 1 : 0,
          otherYear: otherYear ? 1 : 0,
          sameYear: sameYear ? 1 : 0,
          planWords: p(PLAN_WORDS).test(m.clauseBefore) ? 1 : 0,
          runningTotal: runningTotal ? 1 : 0,
          qualified: m.match.qualifier !== null && m.match.qualifier !== 'cumulative' && m.match.qualifier !== 'stock' ? 1 : 0,
          ocr: m.ocr ? 1 : 0,
          english: m.english ? 1 : 0,
          unitOdd: entry.shape === 'score' && m.shape === 'percent' ? 1 : 0,
          nationwide: p(NATIONWIDE).test(m.clauseBefore) ? 1 : 0,
          otherProvince: otherProvince ? 1 : 0,
          ownProvince: reading.province !== null && m.provincesBefore.includes(reading.province) ? 1 : 0,
          total: /(?:tổng số|tổng cộng|tổng)(?![\p{L}])[^;]{0,60}$/u.test(m.clauseBefore) ? 1 : 0,
          colonLabel: entry.shape === 'count' && !(entry.noun?.test(m.noun) ?? false) && /:\s*$/u.test(m.before) ? 1 : 0,
          otherBody: p(OTHER_BODY).test(m.clauseBefore) ? 1 : 0,
          longSpan: spansYears(m.sentenceBefore, m, p) && reading.period?.kind !== 'range' ? 1 : 0,
          loose: lens === LOOSE ? 1 : 0,
          bySubject: entry.shape === 'count' && !(entry.noun?.test(m.noun) ?? false) ? 1 : 0,
          busyClause: (m.clause.match(/\d+/g)?.length ?? 0) > 4 ? 1 : 0,
          inBrackets: /\([^)]*$/u.test(m.sentenceBefore) ? 1 : 0,
          [`need:${entry.key ?? entry.indicator}:${entry.need?.findIndex((t) => holds(t, m, head)) ?? -1}`]: 1,
          verbCue: entry.need?.some((t) => t.verb !== undefined && holds(t, m, head)) ? 1 : 0,
          nounCue: entry.need?.some((t) => t.noun !== undefined && t.verb === undefined && holds(t, m, head)) ? 1 : 0,
          labelAfter: labelAt > m.clauseBefore.length ? 1 : 0,
          labelFar: labelAt >= 0 && labelAt <= m.clauseBefore.length && m.clauseBefore.length - labelAt > 40 ? 1 : 0,
          pool: p(POOL).test(m.clauseBefore) ? 1 : 0,
          listGoesOn: listGoesOn(original, byId) ? 1 : 0,
          programme: nounsOf(original).some((n) => p(PROGRAMME).test(lens === LOOSE ? foldLoose(n) : n)) ? 1 : 0,
          cooperate: p(COOPERATE).test(m.clauseBefore) ? 1 : 0,
        },
      });
    }
    return candidates;
  }
  return withoutNeedlessFallbacks(withoutPartsReadAsWholes(out, [...mentions, ...sums]));
}

/**
 * Readings of an entry of the last resort, kept only where no other entry reads their indicator
 * in the document as a whole (a part read after "trong đó" does not count: its whole is missing).
 */
function withoutNeedlessFallbacks(readings: Reading[]): Reading[] {
  const readOtherwise = new Set(readings.filter((r) => !r.entry.fallback && !r.features.parts).map((r) => r.entry.indicator));
  return readings.filter((r) => !r.entry.fallback || !readOtherwise.has(r.entry.indicator));
}

/** Levels: parts of the tasks managed (NV01), never of the new, carried-over or accepted ones. */
const LEVELS = new Set(['NV10', 'NV11', 'NV12']);
const TASK_FLOWS = new Set(['NV02', 'NV03', 'NV04', 'NV05', 'NV06']);

/**
 * A part is not its whole. The parts after "trong đó" are never read as the indicator their
 * total was read as, and levels listed under new or accepted tasks are not the levels of the
 * tasks managed; the elements of a summed list are not read as the quantity of the sum.
 */
function withoutPartsReadAsWholes(readings: Reading[], mentions: Mention[]): Reading[] {
  const indicatorsOf = new Map<number, Set<string>>();
  for (const r of readings) {
    const set = indicatorsOf.get(r.mention.id) ?? new Set<string>();
    set.add(r.entry.indicator);
    indicatorsOf.set(r.mention.id, set);
  }
  const byId = new Map(mentions.map((m) => [m.id, m]));
  const wholeOfElement = new Map<number, Set<string>>();
  for (const m of mentions) {
    if (!m.sumOf) continue;
    const own = indicatorsOf.get(m.id);
    if (!own) continue;
    for (const id of m.sumOf) wholeOfElement.set(id, new Set([...(wholeOfElement.get(id) ?? []), ...own]));
  }
  // The sums each mention is an element of, gathered once (filtering every mention for each reading was quadratic).
  const sumsWith = new Map<number, Mention[]>();
  for (const x of mentions) for (const id of x.sumOf ?? []) sumsWith.set(id, [...(sumsWith.get(id) ?? []), x]);
  return readings.filter((r) => {
    const m = r.mention;
    const indicator = r.entry.indicator;
    if (wholeOfElement.get(m.id)?.has(indicator)) return false;
    if (!m.partsClause || m.sumOf) return true;
    const parent = m.parentId === undefined ? undefined : byId.get(m.parentId);
    if (!parent) return true;
    const whole = new Set([...(indicatorsOf.get(parent.id) ?? []), ...(sumsWith.get(parent.id) ?? []).flatMap((x) => [...(indicatorsOf.get(x.id) ?? [])])]);
    if (whole.has(indicator)) return false;
    if (LEVELS.has(indicator) && !whole.has('NV01') && [...whole].some((w) => TASK_FLOWS.has(w))) return false;
    return true;
  });
}
