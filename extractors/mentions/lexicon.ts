// What names each catalogue indicator in running text: the noun a count counts (or the subject
// that names it before the number: "Tổng thuê bao Internet ước khoảng 336.031"), the label of an
// amount, a percentage or a score (before it, or after it: "16,3 tỷ đồng cho sự nghiệp KH&CN"),
// the words that tell an indicator from its siblings ("mới", "chuyển tiếp", "nghiệm thu", "cấp
// tỉnh") and the words that rule it out. Patterns run on folded text (match-text.ts: lower case,
// "khcn", "tỷ", "đổi mới sáng tạo" for ĐMST, "sở hữu trí tuệ" for SHTT). English forms are
// listed beside the Vietnamese ones: some reports and many restatements are in English.
//
// Regions of a mention (match.ts):
//   noun       the words after the number, up to the next number or the end of its noun phrase
//   verb       the words right before the number ("tổ chức nghiệm thu ", "hiện có ")
//   clause     the clause around the number; sentence; paragraph; heading (the section title)

export type EntryShape = 'count' | 'money' | 'percent' | 'score' | 'rank';
export type Region = 'noun' | 'verb' | 'before' | 'clause' | 'sentence' | 'paragraph' | 'heading' | 'document';
export type Test = Partial<Record<Region, RegExp>>;

export interface LexiconEntry {
  indicator: string;
  /** "SH01#2": the indicator and which of its entries (set from the order below; a scorer feature). */
  key?: string;
  shape: EntryShape;
  /** count: the counted noun, anchored at the start of the noun region. */
  noun?: RegExp;
  /** count: the counted thing named before the number ("số phương tiện đo được kiểm định là"), no comma or number between. */
  subject?: RegExp;
  /** money, percent, score, rank: the label in the clause before the number; the nearest label names it. */
  label?: RegExp;
  /** money, percent, score: the label right after the number ("… tỷ đồng cho sự nghiệp KH&CN"). */
  after?: RegExp;
  /** At least one of these must hold (each: all its regions match). None given: the noun or label is enough. */
  need?: Test[];
  /** Any region matching rules the indicator out. */
  not?: Test;
  /** Section groups the indicator lives in: a heading of another known group counts against it. */
  groups: string[];
  /** How specific the entry is: a unique noun (phương tiện đo) ranks above a generic one (cơ sở). */
  specificity: number;
  /**
   * A reading of the last resort: kept only where no other entry reads the indicator anywhere in
   * the document (a contest's entries written as "chọn ra 109 giải pháp" only when the report
   * states no received count; otherwise "chọn" picks the winners out of them).
   */
  fallback?: boolean;
}

const r = (source: string) => new RegExp(source, 'u');
/** A word boundary that knows Vietnamese letters (JavaScript's \b knows only ASCII). */
const B = '(?![\\p{L}\\p{N}])';
/** Up to four words between a verb and its number, none of them a comma, a clause mark or a digit. */
const GAP = '(?:\\s+[^\\s,;.:()\\d]+){0,4}\\s*$';

// --- building blocks ----------------------------------------------------------------------
const TASK1 = '(?:nhiệm vụ|đề tài|dự án|đề án|chương trình nghiên cứu|đt\\/da|đt, da)';
const EN_TASK =
  '(?:(?:science and technology |scientific and technological |s&t |scientific |research |provincial |national |ministerial |new |certified )*(?:tasks?|projects?|topics?|research projects?))';
/** "đề tài, dự án", "nhiệm vụ khcn", "đề tài/dự án khoa học và công nghệ". */
const TASK = `(?:${TASK1}(?:\\s*(?:,|và|\\/|hoặc|\\s)\\s*${TASK1})*(?:\\s+(?:khcn|khoa học(?: và công nghệ| công nghệ)?|nghiên cứu(?: khoa học)?))?|${EN_TASK})`;
/** "Dự án" of investors, start-ups and contests are not S&T tasks. */
const NOT_TASK =
  '^(?:dự án|đề án|đề tài|projects?)(?:\\s+\\S+){0,4}\\s+(?:khởi nghiệp|đầu tư|dự thi|startup|start-up|of (?:the )?(?:start-?up|enterprises))|^dự án (?:của (?:các )?doanh nghiệp|đầu tư|khởi nghiệp)|^(?:đề tài|dự án|nhiệm vụ)[^;]{0,30}(?:được |đã được )?đề xuất, đặt hàng';
/** Sent for approval, not yet approved: "trình UBND tỉnh phê duyệt 2 nhiệm vụ", "submitted ... for approval". */
const NOT_YET =
  'trình[^;]{0,30}phê duyệt|đề nghị phê duyệt|trình phê duyệt|hoàn thiện hồ sơ|tham mưu[^;]{0,30}(?:đặt hàng|phê duyệt)|kiến nghị|submitted|for approval|proposed';
const LEVEL_NATIONAL = 'cấp (?:quốc gia|bộ|nhà nước|trung ương)|(?:national|ministerial)(?:-level)?';
const LEVEL_PROVINCE = 'cấp (?:tỉnh|thành phố)|provincial(?:-level)?';
const LEVEL_BASE = 'cấp cơ sở|grassroots(?:-level)?';
const ANY_LEVEL = `(?:${LEVEL_NATIONAL}|${LEVEL_PROVINCE}|${LEVEL_BASE})`;
const N_WORDS = '(?:quốc gia|bộ|nhà nước|trung ương|national|ministerial)';
const P_WORDS = '(?:tỉnh|thành phố|provincial)';
const B_WORDS = '(?:cơ sở|grassroots)';
const AND = '\\s*(?:,|và|\\/|and)\\s*(?:cấp\\s+)?';
/** Two levels of different kinds named together ("cấp tỉnh, cấp quốc gia"): the whole, not one level ("cấp bộ, cấp quốc gia" is one). */
const SEVERAL_LEVELS = `(?:cấp\\s+)?${N_WORDS}${AND}(?:${P_WORDS}|${B_WORDS})|(?:cấp\\s+)?${P_WORDS}${AND}(?:${N_WORDS}|${B_WORDS})|(?:cấp\\s+)?${B_WORDS}${AND}(?:${N_WORDS}|${P_WORDS})|các cấp|all levels`;
/** A section heading of one level ("1.2. Nhiệm vụ KH&CN cấp tỉnh"): the counts under it are of that level. */
const headingOfLevel = (level: string) => r(`^(?![^;]*(?:${SEVERAL_LEVELS}))[^;]*(?:${level})`);
const NEW = `(?<![\\p{L}])(?:mới|mở mới|phê duyệt mới|triển khai mới|bổ sung mới|new)${B}`;
const CARRIED = 'chuyển tiếp|carried over';
const BOTH_NEW_AND_CARRIED = `(?:chuyển tiếp|mới)\\s*(?:và|,|\\/)\\s*(?:triển khai |thực hiện )?(?:mới|chuyển tiếp)`;
const ACCEPTED = 'nghiệm thu';
/** Counts of another administration or scope than the provincial S&T tasks. */
const OTHER_SCOPE = 'cấp huyện|cấp xã|district-level|thuộc lĩnh vực';
/** Programme names that read like a task's outcome ("Chương trình hỗ trợ ứng dụng, chuyển giao tiến bộ KH&CN"). */
const PROGRAMME_NAME = 'chương trình (?:hỗ trợ )?ứng dụng|chương trình nông thôn|quỹ gen|thuộc chương trình';
const MANAGE_VERB =
  '(?:quản lý|triển khai|theo dõi|thực hiện|chủ trì|tổ chức thực hiện|đang thực hiện|đang triển khai|hiện có|đang có|toàn tỉnh có|toàn thành phố có|trên địa bàn(?: tỉnh| thành phố)? có|tổng số|tổng cộng|carried out|implemented|managed|implementing|conducted|deployed)';
const NOT_A_MANAGE_VERB = 'gia hạn|điều chỉnh|thay đổi|đánh giá giữa kỳ|kiểm tra tiến độ|thanh tra|hướng dẫn|tư vấn';
/**
 * What a level's count (NV10-NV12: the tasks of a level carried out) is not read after: an
 * approval, acceptance or stop, and the steps of choosing or following up a few of them
 * ("thẩm định 12 nhiệm vụ cấp tỉnh", "gia hạn 2 đề tài cấp tỉnh").
 */
const NOT_LEVEL_VERB = `phê duyệt|${ACCEPTED}|mở mới|dừng|thanh lý|${NOT_A_MANAGE_VERB}|thẩm định|xét chọn|tuyển chọn|giao trực tiếp|kiểm tra|đề xuất|đặt hàng|ký hợp đồng`;
/** Words that make a figure a sum over years or a running total. */
const SHTT = 'sở hữu trí tuệ|sở hữu công nghiệp|nhãn hiệu|sáng chế|kiểu dáng|chỉ dẫn địa lý|văn bằng|bảo hộ|intellectual property';
const PII = '\\bpii\\b|chỉ số đổi mới sáng tạo|innovation index';
const DTI = '\\bdti\\b|chỉ số chuyển đổi số|digital transformation index';
/** The parts of an index ("trụ cột thể chế 46,16 điểm", "digital government ranked eighth with a value of 0.4449"). */
const PILLAR =
  'trụ cột|chỉ số thành phần|chỉ số trụ cột|đầu vào|đầu ra|sub-index|by pillar|pillar|chính quyền số|xã hội số|digital government|digital economy|digital society|hạ tầng|thể chế|vốn con người';
/** What a contest counts: entries, solutions, models, products, ideas. */
const CONTEST_ENTRY = '(?:dự án|sản phẩm|ý tưởng|giải pháp|hồ sơ|tác phẩm|đề án|đề tài|mô hình|công trình|bài dự thi)';
/** The entries chosen out of the ones received: winners, finalists, the best ones, those sent to the national contest. */
const NOT_ENTRIES =
  'xuất sắc|tiêu biểu|đạt giải|đoạt giải|giải (?:nhất|nhì|ba|khuyến khích)|vào vòng|chung khảo|chung kết|bán kết|trao (?:giải|thưởng)|khen thưởng|xếp hạng|toàn quốc|cấp quốc gia|trung ương|national';
/** Proposals received ("tiếp nhận đề xuất đặt hàng từ 16 đơn vị với tổng 27 nhiệm vụ"): NV08, not tasks carried out. */
const PROPOSALS_RECEIVED = '(?:tiếp nhận|nhận được|tổng hợp)[^;,]{0,60}(?:đề xuất|đặt hàng)[^;,]{0,60}$';
/** A contest's entries or winners ("Cuộc thi có 136 đề tài tham dự", "24 đề tài đoạt giải"): not S&T tasks. */
const CONTEST_CLAUSE = 'cuộc thi|hội thi|dự thi|tham dự|(?:đoạt|đạt) giải';
/** Events held for tasks ("phối hợp tổ chức hội thảo khoa học cho 07 đề tài, dự án"): the tasks are not counted as managed, new or accepted. */
const EVENT_FOR = '(?:hội thảo|hội nghị|tọa đàm|tập huấn)[^,;\\d]{0,30}$';
/** What rules out any count of tasks besides the entry's own exclusions. */
const notTask = (own: Test): Test => ({
  ...own,
  verb: r(own.verb ? `(?:${own.verb.source})|${EVENT_FOR}` : EVENT_FOR),
  before: r(PROPOSALS_RECEIVED),
  clause: r(CONTEST_CLAUSE),
});
const TDC = 'đo lường|chất lượng|nhãn hàng hóa|tiêu chuẩn|xăng dầu|hàng hóa|tđc|phương tiện đo|hợp quy';

const ENTRIES: LexiconEntry[] = [
  // --- nhiệm vụ KH&CN ---------------------------------------------------------------------
  {
    indicator: 'NV01',
    shape: 'count',
    noun: r(`^${TASK}`),
    subject: r(`(?:tổng số|tổng cộng|số lượng)(?: các)? (?:nhiệm vụ|đề tài)(?: khcn| khoa học(?: và công nghệ)?)?`),
    need: [
      { verb: r(`(?:tổng số|tổng cộng|số lượng)(?: các)? (?:nhiệm vụ|đề tài)[^,;.:()\\d]{0,45}$`) },
      { noun: r(`^${TASK}[^;]{0,30}(?:were|was|have been|had been|are being) (?:implemented|carried out|conducted|managed)`) },
      { verb: r(`${MANAGE_VERB}(?:\\s+(?:tổng (?:số|cộng)|là|gồm|có|được|các|của|cho|tham mưu|và|,))*${GAP}`) },
      {
        noun: r(
          `^${TASK}[^;]{0,40}(?:đang (?:được )?(?:triển khai|thực hiện|quản lý)|được quản lý|triển khai thực hiện|under way|being implemented|under management)`,
        ),
      },
      { noun: r(SEVERAL_LEVELS) },
      { noun: r(BOTH_NEW_AND_CARRIED) },
    ],
    not: notTask({
      noun: r(
        `^${TASK}\\s*(?:\\S+\\s*){0,6}(?:${NEW}|${CARRIED}|${ACCEPTED}|dừng|thanh lý|đề xuất|đặt hàng|chuyển giao|ứng dụng|hết thời hạn|quá hạn|chậm tiến độ)(?![^;]{0,5}(?:và|,)\\s*(?:triển khai |thực hiện )?(?:mới|chuyển tiếp))|^(?![^;]*(?:${SEVERAL_LEVELS}|${BOTH_NEW_AND_CARRIED}))${TASK}\\s*(?:\\S+\\s*){0,3}${ANY_LEVEL}|${OTHER_SCOPE}|thuộc chương trình[^;]{0,40}(?:quỹ gen|nông thôn|sở hữu trí tuệ|tài sản trí tuệ|quốc gia|hợp tác)`,
      ),
      verb: r(
        `(?:phê duyệt|nghiệm thu|dừng|mở mới|đề xuất|đặt hàng|tuyển chọn|giao trực tiếp|chuyển giao|ứng dụng|ký hợp đồng|bổ sung|xét duyệt|approve|${NOT_A_MANAGE_VERB})[^,;]{0,30}$`,
      ),
      heading: r(`^(?![^;]*(?:${SEVERAL_LEVELS}))[^;]*(?:${ANY_LEVEL})`),
    }),
    groups: ['nhiem_vu'],
    specificity: 1,
  },
  {
    indicator: 'NV02',
    shape: 'count',
    noun: r(`^${TASK}`),
    need: [
      { noun: r(`^${TASK}[^;,]{0,40}${NEW}`) },
      {
        verb: r(
          `(?:phê duyệt|mở mới|triển khai mới|tuyển chọn|giao trực tiếp|ký (?:kết )?hợp đồng|đưa vào thực hiện|xét duyệt|bổ sung|cho phép thực hiện|đặt hàng(?: triển khai| thực hiện)?|approved?(?: and launch(?:ed)?)?|launched)${GAP}`,
        ),
        // An approval the paragraph then splits into carried-over and new tasks is all of them, not the new ones.
        paragraph: r(`^(?![^]*(?:${CARRIED})[^.]{0,160}(?:${NEW}))`),
      },
      { verb: r(`(?:mới|new)(?:\\s+(?:năm|trong năm)\\s+\\d{4})?\\s*:?\\s*$`) },
    ],
    not: notTask({
      noun: r(`^${TASK}[^;]{0,30}(?:${CARRIED}|${ACCEPTED}|đề xuất|${BOTH_NEW_AND_CARRIED})|${OTHER_SCOPE}`),
      // Not the previous item's words ("16 đề tài … chuyển tiếp sang năm 2023 và 18 … mới").
      verb: r(`(?:${ACCEPTED}|${CARRIED}|đề xuất)(?:(?!\\svà\\s)[^,;]){0,20}$`),
    }),
    groups: ['nhiem_vu'],
    specificity: 2,
  },
  {
    indicator: 'NV03',
    shape: 'count',
    noun: r(`^${TASK}`),
    need: [
      { noun: r(`^${TASK}[^;]{0,40}(?:${CARRIED})`) },
      { verb: r(`(?:${CARRIED})\\s*(?:từ[^,;]{0,25})?\\s*(?:(?:năm|trong năm)\\s+\\d{4}\\s*)?(?:là|gồm|có|sang)?\\s*:?\\s*$`) },
    ],
    not: notTask({ noun: r(`^${TASK}[^;,]{0,20}(?:${NEW})|${BOTH_NEW_AND_CARRIED}|${OTHER_SCOPE}`) }),
    groups: ['nhiem_vu'],
    specificity: 2,
  },
  {
    indicator: 'NV04',
    shape: 'count',
    noun: r(`^${TASK}`),
    need: [
      { verb: r(`(?:${ACCEPTED}|đánh giá,? ${ACCEPTED}|accepted|evaluated|completed)${GAP}`) },
      { noun: r(`^${TASK}[^;]{0,40}(?:đã |được )?(?:đánh giá,? )?(?:${ACCEPTED}|accepted|evaluated and accepted)`) },
    ],
    not: notTask({
      noun: r(`^${TASK}[^;]{0,25}(?:chưa|chờ|sắp|đến hạn|dự kiến)|cấp huyện|huyện`),
      verb: r(`(?:chưa|chờ|sắp|dự kiến|chuẩn bị|đề nghị)[^,;]{0,20}$`),
    }),
    groups: ['nhiem_vu'],
    specificity: 2,
  },
  {
    indicator: 'NV05',
    shape: 'count',
    noun: r(`^${TASK}`),
    need: [
      {
        noun: r(
          `^${TASK}(?:\\s+[^\\s,;]+){0,3}\\s+(?:có kết quả|kết quả|đã|được|đã được)\\s+(?:được\\s+)?(?:chuyển giao|ứng dụng|đưa vào ứng dụng|áp dụng vào thực tiễn|nhân rộng)|^${TASK}[^;]{0,30}(?:were|have been|was) (?:applied|transferred)`,
        ),
      },
      {
        verb: r(
          `(?:chuyển giao|ứng dụng|nhân rộng|bàn giao)(?:\\s+(?:kết quả|kết quả của|kết quả thực hiện|kết quả nghiên cứu|thành công))*\\s*$|(?:applied|handed over|transferred)\\s*$`,
        ),
      },
    ],
    not: { noun: r(`^${TASK}[^;]{0,25}(?:chưa|dự kiến)|${PROGRAMME_NAME}|${OTHER_SCOPE}`), verb: r('chương trình[^;]{0,60}$') },
    groups: ['nhiem_vu'],
    specificity: 2,
  },
  {
    indicator: 'NV06',
    shape: 'count',
    noun: r(`^${TASK}`),
    need: [
      { verb: r(`(?:dừng thực hiện|dừng|thanh lý(?: hợp đồng)?|chấm dứt(?: hợp đồng)?(?: thực hiện)?|hủy bỏ|đình chỉ)\\s*$`) },
      { noun: r(`^${TASK}[^;]{0,30}(?:bị |phải |đề nghị )?(?:dừng|thanh lý|chấm dứt|hủy bỏ|đình chỉ)`) },
    ],
    not: { verb: r(`${ACCEPTED}[^;]{0,20}$`) },
    groups: ['nhiem_vu'],
    specificity: 2,
  },
  {
    indicator: 'NV07',
    shape: 'count',
    noun: r(`^(?:giấy chứng nhận|kết quả|${TASK})`),
    need: [{ clause: r('đăng ký kết quả|giấy chứng nhận đăng ký') }],
    not: { clause: r('văn bằng|nhãn hiệu|sở hữu|hoạt động khcn|hoạt động khoa học|doanh nghiệp khcn') },
    groups: ['nhiem_vu'],
    specificity: 2,
  },
  {
    indicator: 'NV08',
    shape: 'count',
    noun: r('^(?:đề xuất|phiếu đề xuất|ý tưởng đề xuất|hồ sơ đề xuất|danh mục(?: nhiệm vụ)?|proposals?)'),
    // The proposals kept after review ("xác định 50 đề xuất đáp ứng tiêu chí") are a selection out of those received.
    // An approved list ("UBND tỉnh đã phê duyệt 4 danh mục dự án … thuộc Chương trình … tài sản trí tuệ") is no longer proposals.
    not: {
      noun: r('^[^;]{0,40}(?:khởi nghiệp|dự thi)|được (?:phê duyệt|chọn|lựa chọn)|approved|đáp ứng (?:tiêu chí|yêu cầu)|đủ điều kiện'),
      verb: r('phê duyệt[^,;]{0,20}$'),
      clause: r(SHTT),
    },
    groups: ['nhiem_vu'],
    specificity: 2,
  },
  {
    indicator: 'NV08',
    shape: 'count',
    noun: r(`^${TASK}`),
    need: [{ clause: r('(?:tiếp nhận|nhận được|tổng hợp|received)[^;]{0,40}(?:đề xuất|đặt hàng|proposals?)|đề xuất đặt hàng') }],
    not: { clause: r('phê duyệt|được chọn|approved'), noun: r(OTHER_SCOPE) },
    groups: ['nhiem_vu'],
    specificity: 1,
  },
  {
    indicator: 'NV10',
    shape: 'count',
    noun: r(`^${TASK}`),
    need: [
      { heading: headingOfLevel(LEVEL_BASE), noun: r(`^${TASK}(?:\\s*[,.;]|\\s*$|\\s+(?:khcn|khoa học))`) },
      { noun: r(`^${TASK}\\s*(?:\\S+\\s*){0,3}(?:${LEVEL_BASE})`) },
      { verb: r(`(?:${LEVEL_BASE})\\s*:?\\s*$`) },
    ],
    not: notTask({
      noun: r(`^(?![^;]*(?:${BOTH_NEW_AND_CARRIED}))(?:${TASK})?\\s*(?:[^\\s;]+\\s+){0,4}(?:${NEW}|${CARRIED})|${ACCEPTED}|${OTHER_SCOPE}|${SEVERAL_LEVELS}`),
      verb: r(`(?:${NOT_LEVEL_VERB})[^,;]{0,25}$`),
    }),
    groups: ['nhiem_vu'],
    specificity: 2,
  },
  {
    indicator: 'NV11',
    shape: 'count',
    noun: r(`^${TASK}`),
    need: [
      { heading: headingOfLevel(LEVEL_NATIONAL), noun: r(`^${TASK}(?:\\s*[,.;]|\\s*$|\\s+(?:khcn|khoa học))`) },
      { noun: r(`^${TASK}\\s*(?:\\S+\\s*){0,3}(?:${LEVEL_NATIONAL})`) },
      // "02 dự án Trung ương thuộc Chương trình …": the level written without "cấp".
      { noun: r(`^${TASK}\\s+(?:trung ương|nhà nước)(?![\\p{L}])`) },
      { verb: r(`(?:${LEVEL_NATIONAL})\\s*:?\\s*$`) },
      { noun: r(`^(?:national|ministerial)`) },
      // Tasks of a national programme ("05 đề tài, dự án thuộc Chương trình khoa học và công nghệ cấp quốc gia").
      { noun: r(`^${TASK}\\s+thuộc (?:các )?chương trình[^;,]{0,50}(?:${LEVEL_NATIONAL})`) },
    ],
    not: notTask({
      noun: r(
        `^(?![^;]*(?:${BOTH_NEW_AND_CARRIED}))(?:${TASK})?\\s*(?:[^\\s;]+\\s+){0,4}(?:${NEW}|${CARRIED})|${ACCEPTED}|${OTHER_SCOPE}|${SEVERAL_LEVELS}|${LEVEL_PROVINCE}`,
      ),
      verb: r(`(?:${NOT_LEVEL_VERB})[^,;]{0,25}$`),
    }),
    groups: ['nhiem_vu'],
    specificity: 2,
  },
  {
    indicator: 'NV12',
    shape: 'count',
    noun: r(`^(?:${TASK}|provincial (?:tasks?|projects?))`),
    need: [
      { heading: headingOfLevel(LEVEL_PROVINCE), noun: r(`^${TASK}(?:\\s*[,.;]|\\s*$|\\s+(?:khcn|khoa học))`) },
      { noun: r(`^${TASK}\\s*(?:\\S+\\s*){0,3}(?:${LEVEL_PROVINCE})`) },
      { verb: r(`(?:${LEVEL_PROVINCE})\\s*:?\\s*$`) },
      { noun: r('^provincial') },
    ],
    not: notTask({
      noun: r(
        `^(?![^;]*(?:${BOTH_NEW_AND_CARRIED}))(?:${TASK})?\\s*(?:[^\\s;]+\\s+){0,4}(?:${NEW}|${CARRIED})|${ACCEPTED}|${OTHER_SCOPE}|${SEVERAL_LEVELS}|${LEVEL_NATIONAL}|${LEVEL_BASE}`,
      ),
      verb: r(`(?:${NOT_LEVEL_VERB})[^,;]{0,25}$`),
    }),
    groups: ['nhiem_vu'],
    specificity: 2,
  },
  {
    indicator: 'NV09',
    shape: 'money',
    label: r(
      `(?:tổng )?kinh phí(?: (?:thực hiện|triển khai|hỗ trợ|được phê duyệt|phê duyệt|dự kiến))?(?: (?:các|của)? ?${TASK1})?|total (?:funding|budget|cost)|funding`,
    ),
    need: [{ sentence: r(`${TASK1}|tasks?|projects?`) }],
    not: {
      before: r(
        'sự nghiệp|đầu tư phát triển|phạt|bưu chính|doanh thu|khởi nghiệp|đầu tư công|cấp huyện|cho (?:các )?hoạt động (?:khcn|khoa học)|chương trình (?:hỗ trợ )?(?:phát triển )?(?:sở hữu trí tuệ|tài sản trí tuệ|nông thôn)',
      ),
    },
    groups: ['nhiem_vu', 'tai_chinh'],
    specificity: 1,
  },
  // --- tài chính ----------------------------------------------------------------------------
  {
    indicator: 'TC01',
    shape: 'money',
    label: r(
      'tổng (?:mức )?(?:chi|kinh phí|ngân sách|vốn|nguồn vốn)(?: ngân sách)?(?: nhà nước)?(?: (?:chi |dành |bố trí |đầu tư |phân bổ )?cho (?:hoạt động |lĩnh vực )?(?:khcn|khoa học))|chi ngân sách(?: nhà nước)? cho (?:hoạt động |lĩnh vực )?(?:khcn|khoa học)|ngân sách(?: nhà nước)? (?:chi |dành |bố trí |đầu tư |phân bổ )?cho (?:hoạt động |lĩnh vực )?(?:khcn|khoa học)|tổng (?:chi|kinh phí) (?:cho )?(?:khcn|khoa học)|chi cho (?:khcn|khoa học)|^\\s*tổng cộng',
    ),
    after: r(
      '^\\s*(?:\\([^)]*\\)\\s*)?(?:cho|dành cho|để|on|for) (?:hoạt động |lĩnh vực |the )?(?:khcn|khoa học|science and technology|s&t)(?! và công nghệ cấp)',
    ),
    need: [{ sentence: r('khcn|khoa học|đổi mới sáng tạo|science and technology|s&t|innovation') }],
    not: { before: r('phạt|bưu chính|doanh thu|nhiệm vụ|đề tài|dự án|sự nghiệp|đầu tư phát triển') },
    groups: ['tai_chinh', 'nhiem_vu'],
    specificity: 1,
  },
  {
    indicator: 'TC02',
    shape: 'money',
    label: r('đầu tư phát triển'),
    after: r('^\\s*(?:cho |vốn )?đầu tư phát triển'),
    groups: ['tai_chinh', 'nhiem_vu'],
    specificity: 2,
  },
  {
    indicator: 'TC03',
    shape: 'money',
    label: r('sự nghiệp(?: khcn| khoa học)?'),
    after: r('^\\s*(?:cho|dành cho|chi) (?:sự nghiệp|hoạt động sự nghiệp) (?:khcn|khoa học)'),
    not: { clause: r('sự nghiệp (?:giáo dục|y tế|kinh tế|môi trường|văn hóa)|đơn vị sự nghiệp') },
    groups: ['tai_chinh', 'nhiem_vu'],
    specificity: 2,
  },
  {
    indicator: 'TC04',
    shape: 'percent',
    label: r('tỷ lệ chi (?:ngân sách )?(?:cho )?(?:khcn|khoa học)|chiếm(?: tỷ lệ)?|bằng'),
    need: [{ clause: r('tổng chi ngân sách|ngân sách (?:địa phương|của tỉnh|tỉnh)|tổng chi ngân sách nhà nước') }],
    not: { clause: r('tăng|giảm') },
    groups: ['tai_chinh'],
    specificity: 2,
  },
  {
    indicator: 'TC05',
    shape: 'money',
    label: r('nghiên cứu (?:khoa học )?và phát triển|r&d|chi cho nghiên cứu'),
    groups: ['tai_chinh', 'nhiem_vu'],
    specificity: 2,
  },
  // --- tổ chức, nhân lực --------------------------------------------------------------------
  {
    indicator: 'NL01',
    shape: 'count',
    noun: r('^(?:tổ chức (?:khcn|khoa học(?: và công nghệ)?)|(?:s&t|st|science and technology) organi[sz]ations)(?! (?:và|,) cá nhân)'),
    subject: r('(?:tổng số|số) tổ chức (?:khcn|khoa học|đăng ký hoạt động (?:khcn|khoa học))'),
    not: { noun: r('^tổ chức [^;]{0,25}(?:được cấp|cấp mới|đăng ký)'), verb: r('(?:cấp|hướng dẫn|thẩm định|thanh tra|kiểm tra)[^,;]{0,15}$') },
    groups: ['to_chuc_nhan_luc'],
    specificity: 2,
  },
  {
    indicator: 'NL02',
    shape: 'count',
    noun: r('^(?:giấy chứng nhận|gcn|giấy)'),
    need: [{ clause: r('đăng ký hoạt động (?:khcn|khoa học)') }],
    groups: ['to_chuc_nhan_luc'],
    specificity: 2,
  },
  {
    indicator: 'NL02',
    shape: 'count',
    noun: r('^(?:tổ chức|lượt tổ chức)'),
    need: [{ clause: r('(?:cấp|cấp mới|cấp lại|cấp giấy)[^;]{0,40}đăng ký hoạt động (?:khcn|khoa học)') }],
    groups: ['to_chuc_nhan_luc'],
    specificity: 1,
  },
  {
    indicator: 'NL03',
    shape: 'count',
    noun: r('^(?:người|cán bộ|nhân lực)'),
    need: [{ clause: r('tổ chức (?:khcn|khoa học)') }],
    not: { clause: r('nghiên cứu và phát triển|r&d') },
    groups: ['to_chuc_nhan_luc'],
    specificity: 1,
  },
  {
    indicator: 'NL04',
    shape: 'count',
    noun: r('^(?:người|cán bộ|nhân lực|nhà khoa học)'),
    need: [{ clause: r('nghiên cứu và phát triển|r&d|nhân lực nghiên cứu|cán bộ nghiên cứu') }],
    groups: ['to_chuc_nhan_luc'],
    specificity: 1,
  },
  // --- công nghệ ---------------------------------------------------------------------------
  {
    indicator: 'CN01',
    shape: 'count',
    noun: r('^(?:doanh nghiệp (?:khcn|khoa học(?: và công nghệ)?)|(?:certified )?(?:s&t|st|science and technology) enterprises)'),
    groups: ['cong_nghe', 'doi_moi_sang_tao', 'to_chuc_nhan_luc'],
    specificity: 3,
  },
  {
    indicator: 'CN01',
    shape: 'count',
    noun: r('^(?:doanh nghiệp|enterprises)'),
    need: [{ clause: r('(?:chứng nhận|giấy chứng nhận)[^;]{0,15}doanh nghiệp (?:khcn|khoa học)|certified as (?:s&t|science and technology) enterprises') }],
    groups: ['cong_nghe', 'doi_moi_sang_tao', 'to_chuc_nhan_luc'],
    specificity: 2,
  },
  { indicator: 'CN02', shape: 'count', noun: r('^(?:doanh nghiệp (?:ứng dụng )?công nghệ cao|high-tech enterprises)'), groups: ['cong_nghe'], specificity: 3 },
  {
    indicator: 'CN03',
    shape: 'count',
    noun: r('^(?:dự án(?: đầu tư)?|hồ sơ dự án|investment projects|projects)'),
    need: [{ clause: r('thẩm định|cho ý kiến|góp ý|có ý kiến|appraised') }],
    not: { noun: r('^dự án (?:khcn|khoa học|nghiên cứu|khởi nghiệp)|thuộc chương trình') },
    groups: ['cong_nghe'],
    specificity: 2,
  },
  { indicator: 'CN04', shape: 'count', noun: r('^(?:hợp đồng chuyển giao công nghệ|technology transfer contracts)'), groups: ['cong_nghe'], specificity: 3 },
  {
    indicator: 'CN05',
    shape: 'count',
    noun: r('^(?:doanh nghiệp|cơ sở sản xuất|lượt doanh nghiệp|enterprises)'),
    need: [
      {
        clause: r(
          'đổi mới công nghệ|ứng dụng công nghệ|chuyển đổi công nghệ|nâng cao năng lực công nghệ|đổi mới thiết bị|technology renewal|technological innovation',
        ),
      },
    ],
    not: { clause: r('năng suất|khởi nghiệp') },
    groups: ['cong_nghe'],
    specificity: 2,
  },
  {
    indicator: 'CN06',
    shape: 'count',
    noun: r('^(?:hồ sơ|thủ tục hành chính|tthc)'),
    need: [{ clause: r('thủ tục hành chính|tthc'), verb: r('(?:giải quyết|tiếp nhận|xử lý)[^;]{0,30}$') }],
    not: { clause: r('công bố hợp|bức xạ|nhãn hiệu|sở hữu|trực tuyến') },
    groups: ['cong_nghe'],
    specificity: 1,
  },
  // --- sở hữu trí tuệ ------------------------------------------------------------------------
  {
    indicator: 'SH01',
    shape: 'count',
    noun: r(
      '^(?:đơn|hồ sơ)(?: đăng ký)?(?: xác lập quyền)?(?: (?:sở hữu công nghiệp|sở hữu trí tuệ|nhãn hiệu|sáng chế|kiểu dáng|giải pháp hữu ích|chỉ dẫn địa lý|bảo hộ))',
    ),
    not: { noun: r('^[^;]{0,40}(?:được cấp|cấp văn bằng)') },
    groups: ['so_huu_tri_tue'],
    specificity: 3,
  },
  {
    indicator: 'SH01',
    shape: 'count',
    noun: r('^(?:đơn|hồ sơ|applications)'),
    need: [{ paragraph: r(SHTT) }],
    not: { noun: r('^[^;]{0,30}(?:được cấp|cấp văn bằng|giấy chứng nhận)|đơn vị') },
    groups: ['so_huu_tri_tue'],
    specificity: 1,
  },
  {
    indicator: 'SH01',
    shape: 'count',
    noun: r('^(?:tổ chức, cá nhân|tổ chức và cá nhân|tổ chức\\/cá nhân|lượt tổ chức, cá nhân|doanh nghiệp|chủ thể|cơ sở)'),
    need: [{ noun: r('^[^;]{0,40}nộp đơn') }],
    groups: ['so_huu_tri_tue'],
    specificity: 2,
  },
  {
    indicator: 'SH02',
    shape: 'count',
    noun: r('^(?:văn bằng|giấy chứng nhận(?: đăng ký)? nhãn hiệu|protection titles)'),
    not: {
      noun: r('^văn bằng[^;]{0,20}(?:chứng chỉ|đào tạo|tốt nghiệp)'),
      verb: r('(?:lũy kế|nâng tổng số|đến nay|tổng số|(?:toàn )?(?:tỉnh|thành phố) (?:đã )?có|hiện có)[^;]{0,40}$'),
    },
    groups: ['so_huu_tri_tue'],
    specificity: 3,
  },
  {
    indicator: 'SH02',
    shape: 'count',
    noun: r('^(?:sản phẩm|nhãn hiệu|đơn|sáng chế|kiểu dáng|đối tượng)'),
    need: [{ noun: r('^[^;]{0,60}(?:được cấp|cấp) (?:văn bằng|giấy chứng nhận đăng ký nhãn hiệu|giấy chứng nhận)') }],
    not: { noun: r('nâng tổng số|lũy kế'), verb: r('(?:lũy kế|đến nay|tổng số|(?:toàn )?(?:tỉnh|thành phố) (?:đã )?có|hiện có)[^;]{0,40}$') },
    groups: ['so_huu_tri_tue'],
    specificity: 2,
  },
  {
    indicator: 'SH03',
    shape: 'count',
    noun: r('^(?:sản phẩm|nhãn hiệu|văn bằng|đối tượng|giấy chứng nhận(?: đăng ký)? nhãn hiệu)'),
    need: [
      {
        noun: r('^(?:sản phẩm|nhãn hiệu|văn bằng|đối tượng)[^;]{0,60}(?:được )?(?:bảo hộ|cấp văn bằng)'),
        verb: r(
          '(?:nâng tổng số|lũy kế|(?:toàn )?(?:tỉnh|thành phố) (?:đã )?có|hiện có|đến nay(?:,)?(?: đã)? có|tổng số|trên địa bàn(?: tỉnh)? có)[^;]{0,80}$',
        ),
      },
      { verb: r('nâng tổng số[^;]{0,80}(?:lên|là)\\s*$') },
      // The province as the clause's whole subject, not a time ("Hà Giang có bốn sản phẩm được cấp chứng nhận chỉ dẫn địa lý … và 92 sản phẩm được bảo hộ nhãn hiệu tập thể").
      { noun: r('^sản phẩm[^;]{0,60}(?:được )?bảo hộ'), verb: r('^(?!(?:trong|năm|quý|tháng|đến|tính|từ|sau|hiện)\\s)(?:\\S+\\s+){1,3}(?:đã |hiện )?có\\s*$') },
      {
        noun: r('^(?:giấy chứng nhận(?: đăng ký)? nhãn hiệu|văn bằng)'),
        verb: r('(?:tính đến nay|đến nay|lũy kế)[^;]{0,40}(?:toàn tỉnh|toàn thành phố|trên địa bàn)[^;]{0,80}(?:được cấp|cấp)\\s*$'),
      },
    ],
    not: { noun: r('^[^;]{0,60}(?:được hỗ trợ|hỗ trợ) (?:đăng ký|xác lập|phát triển)') },
    groups: ['so_huu_tri_tue'],
    specificity: 2,
  },
  {
    // The stock written in English ("currently, 19 agricultural products … have been registered
    // intellectual property rights", "the whole province has 12 intellectual properties … protected").
    indicator: 'SH03',
    shape: 'count',
    noun: r('^(?:\\S+ ){0,2}(?:products|brands|trademarks|intellectual propert(?:y|ies))'),
    need: [
      {
        noun: r('^[^;]{0,90}(?:registered|granted|protected|guaranteed|protection)'),
        sentence: r('currently|up to now|to date|so far|(?:whole|entire) province (?:has|had)'),
      },
    ],
    not: { noun: r('^[^;]{0,40}(?:applications|supported)') },
    groups: ['so_huu_tri_tue'],
    specificity: 2,
  },
  {
    indicator: 'SH04',
    shape: 'count',
    noun: r(`^(?:danh mục )?${TASK}`),
    need: [
      { clause: r('tài sản trí tuệ|chương trình (?:phát triển )?sở hữu trí tuệ') },
      // The programme by its number ("02 nhiệm vụ thuộc chương trình 68": the noun stops at the number).
      { noun: r(`^${TASK} thuộc chương trình\\s*$`), sentence: r('chương trình 68(?!\\d)') },
      // The programme after a bracketed breakdown ("4 danh mục dự án (gồm …) thuộc Chương trình hỗ trợ phát triển tài sản trí tuệ").
      { noun: r(`^(?:danh mục )?${TASK}\\s*$`), sentence: r('\\)\\s*thuộc chương trình[^;.]{0,40}(?:tài sản trí tuệ|sở hữu trí tuệ)') },
    ],
    groups: ['so_huu_tri_tue', 'nhiem_vu'],
    specificity: 2,
  },
  {
    indicator: 'SH05',
    shape: 'count',
    noun: r('^(?:lượt|tổ chức, cá nhân|tổ chức và cá nhân|cơ sở|doanh nghiệp)'),
    need: [{ verb: r('(?:tư vấn|hướng dẫn|hỗ trợ)[^;]{0,60}$'), sentence: r('sở hữu trí tuệ|sở hữu công nghiệp|xác lập|nhãn hiệu|bảo hộ') }],
    not: { noun: r('^[^;]{0,30}nộp đơn') },
    groups: ['so_huu_tri_tue'],
    specificity: 1,
  },
  {
    indicator: 'SH06',
    shape: 'count',
    noun: r('^(?:sáng kiến|initiatives|giải pháp|đạt sáng kiến|hồ sơ)'),
    subject: r('số sáng kiến(?: được)?(?: hội đồng)? công nhận'),
    need: [
      { clause: r('công nhận|recogni|đạt sáng kiến'), paragraph: r('sáng kiến|initiative') },
      { clause: r('công nhận|recogni'), heading: r('sáng kiến|initiative') },
    ],
    not: {
      // Proposed for recognition ("9 hồ sơ đề nghị công nhận hiệu quả áp dụng"), not yet recognised.
      noun: r('không được công nhận|chưa|không đủ|^[^;]{0,20}(?:đề nghị|xin) (?:xét )?công nhận'),
      clause: r('bình quân|mỗi năm'),
      verb: r('(?:rút|đưa ra khỏi)[^;]{0,40}$'),
      before: r('không (?:được )?(?:công nhận|chấp thuận)[^;]{0,20}$|rút[^;]{0,20}$'),
    },
    groups: ['so_huu_tri_tue'],
    specificity: 2,
  },
  // --- tiêu chuẩn, đo lường, chất lượng -----------------------------------------------------
  {
    indicator: 'TD01',
    shape: 'count',
    noun: r('^(?:phương tiện đo|pttđ|ptđ|lượt phương tiện đo|measuring instruments)'),
    subject: r('(?:số|tổng số) (?:lượt )?(?:phương tiện đo|ptđ|pttđ)'),
    // The instruments of the establishments a check or an inspection visited ("kiểm tra … tại 08 cơ sở tương ứng 31 PTĐ"): not verified ones.
    not: {
      noun: r('^phương tiện đo[^;]{0,30}vi phạm'),
      clause: r('(?:kiểm tra|thanh tra)(?![^;]*kiểm định)[^;]*tương ứng(?: với)?\\s+(?:ptđ|pttđ|phương tiện đo)'),
    },
    groups: ['tieu_chuan_do_luong'],
    specificity: 3,
  },
  {
    // Instruments named by their kind ("kiểm định đối chứng trên 24.000 công tơ điện và đồng hồ đo nước").
    indicator: 'TD01',
    shape: 'count',
    noun: r('^(?:công tơ(?: điện| nước)?|đồng hồ (?:đo )?nước|cột đo (?:xăng dầu|nhiên liệu)|taximet|huyết áp kế|(?:electricity|water) meters)'),
    need: [{ clause: r('kiểm định|hiệu chuẩn|verified|calibrat') }],
    // An item of a list by kind ("- Kiểm định công tơ điện đối chứng: 8.810 PTĐ") is a part of the instruments verified.
    not: { noun: r('^[^;]{0,30}vi phạm'), before: r(':\\s*$') },
    groups: ['tieu_chuan_do_luong'],
    specificity: 2,
  },
  {
    indicator: 'TD02',
    shape: 'count',
    noun: r('^(?:mẫu|lượt mẫu|samples)'),
    subject: r('(?:số|tổng số) mẫu'),
    need: [{ clause: r('thử nghiệm|tested') }],
    groups: ['tieu_chuan_do_luong'],
    specificity: 2,
  },
  {
    indicator: 'TD03',
    shape: 'count',
    noun: r('^(?:hồ sơ|bộ hồ sơ|lượt|bản công bố|sản phẩm)'),
    need: [{ clause: r('công bố (?:hợp chuẩn|hợp quy|tiêu chuẩn)') }],
    groups: ['tieu_chuan_do_luong'],
    specificity: 2,
  },
  {
    // The declarations received, in English ("On technical regulations, the Department … received 56 files of 31 enterprises").
    indicator: 'TD03',
    shape: 'count',
    noun: r('^(?:files|dossiers|(?:conformity )?declarations)'),
    need: [{ verb: r('received[^,;]{0,20}$'), sentence: r('conformity|technical regulations|announc(?:e|ing|ement)[^;]{0,30}(?:regulations|standards)') }],
    groups: ['tieu_chuan_do_luong'],
    specificity: 2,
  },
  {
    indicator: 'TD04',
    shape: 'count',
    noun: r('^(?:cơ quan|đơn vị|doanh nghiệp|tổ chức)'),
    need: [{ clause: r('hệ thống quản lý chất lượng|iso 9001|tcvn iso') }],
    not: { noun: r('^[^;]{0,40}(?:được kiểm tra|kiểm tra)'), verb: r('(?:tư vấn|hướng dẫn|đào tạo|tập huấn|hỗ trợ)[^;]{0,90}$') },
    groups: ['tieu_chuan_do_luong'],
    specificity: 2,
  },
  {
    indicator: 'TD05',
    shape: 'count',
    noun: r('^(?:cơ sở|lượt cơ sở|tổ chức|doanh nghiệp|cửa hàng|cây xăng|cơ sở sản xuất, kinh doanh|cơ sở kinh doanh|lượt|establishments)'),
    need: [
      { verb: r('kiểm tra[^;]{0,60}$'), sentence: r(TDC) },
      { verb: r('kiểm tra[^;]{0,100}(?:tại|đối với)\\s*$'), sentence: r(TDC) },
    ],
    not: { noun: r('^[^;]{0,20}vi phạm'), verb: r('(?:vi phạm|xử phạt|thanh tra)[^;]{0,40}$'), sentence: r('thanh tra') },
    groups: ['tieu_chuan_do_luong'],
    specificity: 1,
  },
  {
    indicator: 'TD06',
    shape: 'count',
    noun: r('^(?:cơ sở|trường hợp|tổ chức|doanh nghiệp|cửa hàng)'),
    need: [
      { noun: r('^\\S+(?: \\S+){0,3} vi phạm'), sentence: r(TDC) },
      { verb: r('phát hiện\\s*$'), sentence: r(TDC) },
    ],
    not: { clause: r('xử phạt|xử lý|phạt'), sentence: r('thanh tra') },
    groups: ['tieu_chuan_do_luong'],
    specificity: 1,
  },
  { indicator: 'TD07', shape: 'count', noun: r('^doanh nghiệp'), need: [{ clause: r('năng suất') }], groups: ['tieu_chuan_do_luong'], specificity: 2 },
  // --- an toàn bức xạ ------------------------------------------------------------------------
  {
    indicator: 'BX01',
    shape: 'count',
    noun: r('^cơ sở(?: \\S+){0,4} (?:bức xạ|x-?quang)|^cơ sở (?:ứng dụng|sử dụng) (?:năng lượng nguyên tử|nguồn phóng xạ|thiết bị bức xạ)'),
    need: [{ clause: r('quản lý|hiện có|đang hoạt động|trên địa bàn|toàn tỉnh|có') }],
    not: { verb: r('(?:kiểm tra|thanh tra|cấp phép|cấp)[^;]{0,30}$') },
    groups: ['an_toan_buc_xa'],
    specificity: 2,
  },
  {
    indicator: 'BX02',
    shape: 'count',
    noun: r('^giấy phép(?: tiến hành)?(?: công việc)?(?: sử dụng)?(?: thiết bị)? (?:bức xạ|x-?quang)|^giấy phép'),
    need: [{ clause: r('bức xạ|x-?quang') }],
    groups: ['an_toan_buc_xa'],
    specificity: 2,
  },
  {
    indicator: 'BX03',
    shape: 'count',
    noun: r('^chứng chỉ(?: nhân viên)? bức xạ|^chứng chỉ'),
    need: [{ clause: r('bức xạ') }],
    groups: ['an_toan_buc_xa'],
    specificity: 2,
  },
  {
    indicator: 'BX04',
    shape: 'count',
    noun: r('^(?:thiết bị|máy) x-?quang'),
    need: [{ clause: r('kiểm định') }],
    groups: ['an_toan_buc_xa', 'tieu_chuan_do_luong'],
    specificity: 3,
  },
  { indicator: 'BX05', shape: 'count', noun: r('^liều kế'), groups: ['an_toan_buc_xa'], specificity: 3 },
  // --- thanh tra -------------------------------------------------------------------------------
  {
    indicator: 'TT01',
    shape: 'count',
    noun: r('^(?:cuộc|đợt) (?:thanh tra|kiểm tra)|^(?:inspections|inspection visits)'),
    groups: ['thanh_tra', 'tieu_chuan_do_luong'],
    specificity: 3,
  },
  {
    indicator: 'TT02',
    shape: 'count',
    noun: r('^(?:cơ sở|tổ chức|cá nhân|tổ chức, cá nhân|doanh nghiệp|đơn vị|lượt tổ chức, cá nhân|lượt cơ sở|establishments|facilities)'),
    need: [
      { verb: r('(?:thanh tra|kiểm tra)[^;]{0,60}(?:tại|đối với|với)\\s*$'), sentence: r('cuộc|đợt|đoàn') },
      { verb: r('thanh tra(?:, kiểm tra)?\\s*$') },
      { verb: r('(?<!thanh tra sở )(?<!chánh )thanh tra(?: chuyên đề| chuyên ngành)?(?: về)? [^;]{0,80}(?:tại|đối với)\\s*$') },
      { verb: r('(?:total )?number of (?:establishments|facilities|businesses|organi[sz]ations) inspected (?:was|were)\\s*$') },
      { noun: r('^[^;]{0,30}inspected'), sentence: r('inspect') },
      { noun: r('^[^;]{0,30}(?:được|bị) (?:thanh tra|kiểm tra)'), sentence: r('cuộc|đợt|đoàn|thanh tra') },
    ],
    not: { noun: r('vi phạm') },
    groups: ['thanh_tra', 'tieu_chuan_do_luong'],
    specificity: 1,
  },
  {
    indicator: 'TT03',
    shape: 'count',
    noun: r('^(?:trường hợp|vụ|tổ chức|cơ sở|cá nhân|quyết định xử phạt|doanh nghiệp|đơn vị|establishments|facilities|businesses)'),
    need: [
      { verb: r('(?:xử phạt(?: vi phạm)?(?: hành chính)?(?: đối với)?|ban hành|phạt tiền|xử lý vi phạm)\\s*$') },
      { noun: r('^[^\\s,;]+(?: [^\\s,;]+){0,4} (?:bị )?xử phạt') },
      // The violators found, then fined ("phát hiện sáu cơ sở vi phạm về … và đã xử phạt hành chính …").
      {
        verb: r('phát hiện(?: có)?(?: đến| tới)?\\s*$'),
        noun: r('^\\S+(?: \\S+){0,2} vi phạm'),
        sentence: r('vi phạm[^;]{0,100}(?:,|và) (?:đã )?(?:bị )?xử phạt'),
      },
      // The fine may come after an aside the noun phrase ends on ("23 trường hợp vi phạm … (kể cả xăng dầu) với tổng số tiền phạt").
      { verb: r('xử lý\\s*$'), noun: r('^\\S+(?: \\S+){0,2} vi phạm'), sentence: r('phạt') },
      { noun: r('^[^;]{0,40}(?:found in violation and fined|were fined|fined)') },
    ],
    groups: ['thanh_tra', 'tieu_chuan_do_luong'],
    specificity: 2,
  },
  {
    indicator: 'TT04',
    shape: 'money',
    label: r(
      '(?:số )?tiền(?: xử)? phạt|tổng số tiền|phạt tiền|xử phạt[^;]{0,40}(?:số tiền|tổng số|tổng cộng)|(?<![\\p{L}])phạt\\s*$|fined a total of|thu nộp ngân sách|tổng số tiền là|với số tiền|fines?',
    ),
    need: [{ sentence: r('phạt|fine') }],
    groups: ['thanh_tra', 'tieu_chuan_do_luong'],
    specificity: 2,
  },
  // --- đổi mới sáng tạo -------------------------------------------------------------------------
  {
    indicator: 'DM01',
    shape: 'count',
    noun: r('^(?:(?:dự án|ý tưởng|doanh nghiệp|nhóm|startup|start-up)(?: \\S+){0,4} (?:khởi nghiệp|start-?up)|dự án khởi nghiệp|start-?up projects|startups)'),
    need: [{ clause: r('hỗ trợ|ươm tạo|supported|incubat') }],
    not: { clause: r('dự thi|cuộc thi|vòng chung kết') },
    groups: ['doi_moi_sang_tao'],
    specificity: 2,
  },
  {
    indicator: 'DM02',
    shape: 'count',
    noun: r(
      '^(?:dự án|sản phẩm|ý tưởng|giải pháp|hồ sơ|tác phẩm|đề án|đề tài|mô hình|công trình|bài dự thi|bài thi|entries|projects|products|models|solutions|submitted|(?:registered )?topics)',
    ),
    need: [
      { clause: r('dự thi|tham gia cuộc thi|tham dự cuộc thi|gửi về cuộc thi|cuộc thi[^;]{0,40}(?:nhận|có|thu hút)|đăng ký tham gia|entries') },
      {
        clause: r('(?:nhận được|nhận|tham gia|tham dự|thu hút|có|received|entering|submitted|took part|participation|drew|entered)'),
        paragraph: r('cuộc thi|hội thi|contest|competition'),
      },
      // The contest's total written before the number ("Tổng sản phẩm … là 269 sản phẩm").
      {
        clause: r('tổng (?:số )?(?:sản phẩm|giải pháp|mô hình|hồ sơ|bài dự thi)[^;]{0,50}(?:là|đạt)\\s'),
        paragraph: r('cuộc thi|hội thi|contest|competition'),
      },
      // The contest named by the section it is reported under ("Tổng kết Hội thi sáng tạo kỹ thuật …").
      { clause: r('(?:nhận được|tiếp nhận|thu nhận|thu hút|received|attracted)'), heading: r('cuộc thi|hội thi|contest|competition') },
    ],
    not: {
      noun: r(
        'vòng chung kết|chung khảo|đạt giải|đoạt giải|giải (?:nhất|nhì|ba|khuyến khích)|vào vòng|finalists|được chọn|lựa chọn|awarded|prizes?|won|(?:xét )?trao (?:giải|thưởng)|đưa vào chấm|(?:gửi|tham dự|tham gia|dự thi)[^;]{0,30}(?:cuộc thi|hội thi) (?:toàn quốc|cấp quốc gia|trung ương)',
      ),
      verb: r('(?:chọn|lựa chọn|trao|đạt giải|awarded|chose|selected|recommended)[^;]{0,30}$|sau (?:vòng )?sơ (?:khảo|tuyển)[^;]{0,60}$'),
    },
    groups: ['doi_moi_sang_tao'],
    specificity: 2,
  },
  {
    indicator: 'DM03',
    shape: 'score',
    label: r(`${PII}|đạt|với|scored?|scores|score of|tổng điểm`),
    need: [{ paragraph: r(PII) }, { heading: r(PII) }, { document: r(PII) }],
    not: { clause: r(DTI), before: r(PILLAR) },
    groups: ['doi_moi_sang_tao'],
    specificity: 3,
  },
  {
    indicator: 'DM04',
    shape: 'rank',
    label: r('(?:xếp|đứng)(?: (?:thứ|hạng|vị trí|vị thứ))?(?: thứ)?\\s*$|vị (?:trí|thứ) (?:thứ )?\\s*$|hạng\\s*$|ranked\\s*$|ranking\\s*$|rank\\s*$'),
    need: [{ paragraph: r(PII) }, { heading: r(PII) }, { document: r(PII) }],
    not: {
      clause: r(DTI),
      before: r(PILLAR),
      noun: r('^(?:trong |của |tại )?(?:khu vực|vùng|đồng bằng sông|đông nam bộ|tây nguyên|trung du|duyên hải|bắc trung bộ)(?![\\p{L}])'),
    },
    groups: ['doi_moi_sang_tao'],
    specificity: 3,
  },
  // --- hợp tác, công bố ---------------------------------------------------------------------------
  {
    indicator: 'HT01',
    shape: 'count',
    noun: r(`^${TASK}`),
    need: [{ clause: r('hợp tác quốc tế|international cooperation') }],
    groups: ['hop_tac_cong_bo', 'nhiem_vu'],
    specificity: 2,
  },
  {
    indicator: 'HT02',
    shape: 'count',
    noun: r('^(?:bài báo|công bố|bài|papers|publications|articles)'),
    need: [{ clause: r('quốc tế|scopus|isi|wos|international') }],
    groups: ['hop_tac_cong_bo'],
    specificity: 2,
  },
  // --- viễn thông -----------------------------------------------------------------------------------
  {
    indicator: 'VT01',
    shape: 'count',
    noun: r('^(?:thuê bao(?: điện thoại| di động| điện thoại di động)?|(?:mobile|telephone|phone)[a-z ]{0,30}subscri)'),
    subject: r(
      '(?:tổng số|tổng|số lượng|số) thuê bao (?:điện thoại|di động)(?: di động)?|(?:total )?number of (?:mobile|telephone|phone)[a-z ]{0,20}subscribers(?: is| was)?(?: estimated at| reached| totaled)?',
    ),
    not: {
      noun: r('^thuê bao[^;]{0,20}(?:internet|băng rộng|cố định|truyền hình|smartphone|thông minh)|^(?:mobile )?broadband'),
      // Fixed lines, unless listed with the mobile ones in an aside on the total ("(fixed wireless, …, prepaid mobile)").
      clause: r('(?:cố định|fixed)(?![^()]*(?:di động|mobile)[^()]*\\))'),
      // Subscribers gained in the period ("phát triển được 1.133.712 thuê bao"): a flow, not the stock.
      verb: r('(?:phát triển|tăng)(?: mới| được| thêm)*\\s*$'),
    },
    groups: ['vien_thong'],
    specificity: 1,
  },
  {
    indicator: 'VT02',
    shape: 'count',
    noun: r('^(?:thuê bao (?:internet )?(?:băng rộng|cố định băng rộng)|(?:fixed )?broadband subscri|thuê bao internet|internet subscri)'),
    subject: r('(?:tổng số|tổng|số lượng|số) thuê bao (?:truy nhập )?(?:internet|băng rộng)'),
    groups: ['vien_thong'],
    specificity: 3,
  },
  {
    indicator: 'VT03',
    shape: 'count',
    noun: r(
      '^(?:trạm (?:bts|thu phát sóng|phát sóng)|(?:mobile )?(?:bts|base transceiver) stations|mobile base transceiver stations|trạm|điểm (?:thu,? )?phát sóng)',
    ),
    subject: r('(?:tổng số|số lượng|số) trạm (?:bts|thu phát sóng(?: thông tin di động)?)'),
    need: [{ clause: r('bts|thu phát sóng|phát sóng|base transceiver') }],
    not: {
      noun: r('^trạm[^;]{0,20}(?:mới|lắp đặt mới|xây dựng mới)|^new'),
      verb: r('(?:lắp đặt|xây dựng|phát triển|bổ sung|lắp mới|new)\\s*(?:mới|thêm)?\\s*$'),
    },
    groups: ['vien_thong'],
    specificity: 2,
  },
  { indicator: 'VT04', shape: 'percent', label: r('phủ sóng(?: mạng)? 5g|5g[^;]{0,90}(?:phủ sóng|tỷ lệ)|5g coverage'), groups: ['vien_thong'], specificity: 3 },
  // --- chuyển đổi số -------------------------------------------------------------------------------
  {
    indicator: 'CS01',
    shape: 'percent',
    label: r('dịch vụ công trực tuyến toàn trình|fully online public services|dvctt toàn trình|trực tuyến toàn trình|mức độ 4'),
    after: r('^\\s*(?:(?:rate|share|proportion) )?(?:for|of) (?:the )?fully online'),
    // The sibling share of services partly online ("36.29% for partially online services").
    not: { noun: r('^\\s*(?:(?:rate|share|proportion) )?(?:for|of) (?:the )?partially online|^\\s*(?:dịch vụ công )?trực tuyến một phần') },
    groups: ['chuyen_doi_so'],
    specificity: 3,
  },
  {
    indicator: 'CS02',
    shape: 'percent',
    label: r('kinh tế số|digital economy'),
    need: [{ clause: r('grdp|tỷ trọng|chiếm|share') }],
    groups: ['chuyen_doi_so'],
    specificity: 3,
  },
  {
    indicator: 'CS03',
    shape: 'score',
    label: r(`${DTI}|đạt|tổng điểm|scored?|scores|score of|with a value of|value of`),
    need: [{ paragraph: r(DTI) }, { heading: r(DTI) }, { document: r(DTI) }],
    not: { clause: r(PII), before: r(`${PILLAR}|(?:dti|chỉ số chuyển đổi số) (?:quốc gia|cả nước|toàn quốc)|(?:bình quân|trung bình) (?:cả nước|toàn quốc)`) },
    groups: ['chuyen_doi_so'],
    specificity: 3,
  },
  {
    indicator: 'CS04',
    shape: 'percent',
    label: r('kỹ năng số|digital skills'),
    need: [{ clause: r('cán bộ|công chức|viên chức|civil servants') }],
    groups: ['chuyen_doi_so'],
    specificity: 3,
  },
  // --- bưu chính ---------------------------------------------------------------------------------
  {
    indicator: 'BC01',
    shape: 'count',
    noun: r(
      '^(?:điểm phục vụ bưu chính|điểm phục vụ|điểm cung cấp (?:các )?dịch vụ bưu chính|bưu cục|điểm bưu điện văn hóa xã|postal (?:service )?points|post offices|service points)',
    ),
    subject: r('tổng số điểm phục vụ(?: bưu chính)?'),
    need: [{ clause: r('bưu|postal|post') }, { verb: r('tổng số điểm phục vụ[^;]{0,20}$'), paragraph: r('bưu') }],
    // "ngoài ra … còn có 47 bưu cục": points besides the network just counted, not its total.
    not: { noun: r('^điểm bưu điện văn hóa xã'), verb: r('ngoài ra[^;.]{0,60}$') },
    groups: ['buu_chinh'],
    specificity: 2,
  },
  {
    indicator: 'BC02',
    shape: 'money',
    label: r('doanh thu|postal revenue|revenue'),
    need: [{ clause: r('bưu chính|postal') }],
    not: { clause: r('viễn thông|telecom') },
    groups: ['buu_chinh'],
    specificity: 2,
  },
  // --- readings of the last resort (fallback: only where nothing else reads the indicator) ------------
  {
    // The entries a contest's organisers took in, written as a choice ("Ban tổ chức đã chọn ra 109
    // đề tài, giải pháp", "tuyển chọn được 120 đề tài tham gia dự thi"), never the ones chosen for
    // prizes, a later round or the national contest.
    indicator: 'DM02',
    shape: 'count',
    noun: r(`^${CONTEST_ENTRY}`),
    need: [
      {
        verb: r('(?:chọn ra|chọn được|chọn|lựa chọn(?: được)?|tuyển chọn(?: được)?|chấm sơ khảo|chấm thi)(?:\\s+(?:chấm thi|chấm|được|ra))?\\s*$'),
        paragraph: r('cuộc thi|hội thi|contest|competition'),
      },
    ],
    not: {
      noun: r(`^${CONTEST_ENTRY}[^;]{0,60}(?:${NOT_ENTRIES})`),
      verb: r(`(?:${NOT_ENTRIES}|xét chọn|sơ tuyển)[^;]{0,40}$`),
    },
    groups: ['doi_moi_sang_tao'],
    specificity: 1,
    fallback: true,
  },
  {
    // An approval of the whole period's tasks, listed as carried-over and new ones ("UBND tỉnh đã
    // phê duyệt 35 nhiệm vụ … gồm 17 nhiệm vụ … chuyển tiếp … và 18 nhiệm vụ tuyển chọn mới"): the
    // tasks carried out, not the new ones alone.
    indicator: 'NV01',
    shape: 'count',
    noun: r(`^${TASK}`),
    need: [{ verb: r(`phê duyệt${GAP}`), paragraph: r(`(?:${CARRIED})[^.]{0,160}(?:${NEW})|(?:${NEW})[^.]{0,160}(?:${CARRIED})`) }],
    not: { noun: r(`^${TASK}[^;,]{0,30}(?:${NEW}|${CARRIED})|${OTHER_SCOPE}`), verb: r(`(?:${CARRIED}|mới|bổ sung)[^,;]{0,30}$`) },
    groups: ['nhiem_vu'],
    specificity: 1,
    fallback: true,
  },
];

const TASK_NOUN = r(`^${TASK}`);
const NOT_TASK_RE = r(NOT_TASK);
const NOT_YET_RE = r(NOT_YET);
const TASK_INDICATORS = /^NV(?:0[1-6]|1[0-2])$/;

/** Every entry, with what no task count may be: a project of investors or start-ups, or one only sent for approval. */
export const LEXICON: LexiconEntry[] = ENTRIES.map((e, i) => ({
  ...e,
  key: `${e.indicator}#${ENTRIES.slice(0, i).filter((x) => x.indicator === e.indicator).length + 1}`,
})).map((e) => {
  if (e.shape !== 'count' || !e.noun?.source.includes(TASK_NOUN.source.slice(1)) || !TASK_INDICATORS.test(e.indicator)) return e;
  const noun = e.not?.noun ? r(`${e.not.noun.source}|${NOT_TASK}`) : NOT_TASK_RE;
  const verb = e.not?.verb ? r(`${e.not.verb.source}|(?:${NOT_YET}|cấp huyện|cấp xã)[^;]{0,40}$`) : r(`(?:${NOT_YET}|cấp huyện|cấp xã)[^;]{0,40}$`);
  return { ...e, not: { ...e.not, noun, verb } };
});
void NOT_YET_RE;
