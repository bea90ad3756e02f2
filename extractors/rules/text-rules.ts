// Rules for numbers in running text. Vietnamese puts the count before its noun and the
// verb before the count ("phê duyệt 19 nhiệm vụ mới", "kiểm định 9.215 phương tiện đo"),
// and names money by the words before it ("tổng số tiền 62,5 triệu đồng").
// All patterns run on folded text (see match-text.ts): lower case, "khcn", "tỷ".

export type ValueShape = 'count' | 'money' | 'percent' | 'score';

export interface TextRule {
  indicator: string;
  shape: ValueShape;
  /** The words right after the number: its noun. Anchored at the number. */
  after?: RegExp;
  /** The words between the previous number (or the sentence start) and this one. */
  before?: RegExp;
  /** Somewhere in the sentence. */
  sentence?: RegExp;
  /** Nowhere in the words before the number (within the sentence). */
  notBefore?: RegExp;
  /** Only under a section heading of one of these groups (null: any section). */
  groups?: string[];
  /** Only when another value of this indicator was read earlier in the same sentence ("trong đó ..."). */
  partOf?: string;
  confidence: number;
}

const TASK = '(?:nhiệm vụ|đề tài|dự án|đề tài, dự án|đề tài\\/dự án)';

export const TEXT_RULES: TextRule[] = [
  // --- nhiệm vụ KH&CN -------------------------------------------------------------
  // Parts of the tasks under management: only inside the sentence that states the total.
  { indicator: 'NV11', shape: 'count', partOf: 'NV01', after: new RegExp(`^${TASK}? ?(?:khcn )?cấp (?:quốc gia|bộ|nhà nước)`, 'u'), confidence: 0.9 },
  { indicator: 'NV12', shape: 'count', partOf: 'NV01', after: new RegExp(`^${TASK}? ?(?:khcn )?cấp (?:tỉnh|thành phố)`, 'u'), confidence: 0.9 },
  { indicator: 'NV10', shape: 'count', partOf: 'NV01', after: new RegExp(`^${TASK}? ?(?:khcn )?cấp cơ sở`, 'u'), confidence: 0.9 },
  // "cấp quốc gia 1 nhiệm vụ; cấp thành phố 75 nhiệm vụ": the level written before the count.
  { indicator: 'NV11', shape: 'count', partOf: 'NV01', before: /cấp (?:quốc gia|bộ|nhà nước)\s*:?\s*$/u, after: new RegExp(`^${TASK}`, 'u'), confidence: 0.85 },
  { indicator: 'NV12', shape: 'count', partOf: 'NV01', before: /cấp (?:tỉnh|thành phố)\s*:?\s*$/u, after: new RegExp(`^${TASK}`, 'u'), confidence: 0.85 },
  { indicator: 'NV10', shape: 'count', partOf: 'NV01', before: /cấp cơ sở\s*:?\s*$/u, after: new RegExp(`^${TASK}`, 'u'), confidence: 0.85 },
  { indicator: 'NV03', shape: 'count', after: new RegExp(`^${TASK} (?:khcn )?(?:\\S+ ){0,3}chuyển tiếp`, 'u'), confidence: 0.85 },
  { indicator: 'NV03', shape: 'count', before: /chuyển tiếp\s*(?:là|gồm|có)?\s*$/u, after: new RegExp(`^${TASK}`, 'u'), confidence: 0.85 },
  {
    indicator: 'NV02',
    shape: 'count',
    after: new RegExp(`^${TASK} (?:khcn )?(?:cấp tỉnh )?(?:mở mới|mới|được phê duyệt mới|triển khai mới)`, 'u'),
    notBefore: /nghiệm thu|đề xuất|đặt hàng/u,
    confidence: 0.85,
  },
  {
    indicator: 'NV02',
    shape: 'count',
    before: /(?:phê duyệt|mở mới|triển khai mới)\s*(?:mới|bổ sung)?\s*$/u,
    after: new RegExp(`^${TASK}`, 'u'),
    confidence: 0.85,
  },
  { indicator: 'NV04', shape: 'count', before: /nghiệm thu(?: cấp \S+)?(?: được)?\s*$/u, after: new RegExp(`^${TASK}`, 'u'), confidence: 0.9 },
  { indicator: 'NV04', shape: 'count', after: new RegExp(`^${TASK} (?:khcn )?(?:đã )?(?:được )?(?:đánh giá )?nghiệm thu`, 'u'), confidence: 0.85 },
  {
    indicator: 'NV06',
    shape: 'count',
    before: /(?:dừng thực hiện|dừng|thanh lý(?: hợp đồng)?|chấm dứt(?: hợp đồng)?)\s*$/u,
    after: new RegExp(`^${TASK}`, 'u'),
    confidence: 0.9,
  },
  { indicator: 'NV05', shape: 'count', after: new RegExp(`^${TASK} (?:\\S+ ){0,4}(?:có kết quả )?(?:được )?(?:chuyển giao|ứng dụng)`, 'u'), confidence: 0.8 },
  {
    indicator: 'NV07',
    shape: 'count',
    after: /^(?:giấy chứng nhận đăng ký kết quả|kết quả (?:thực hiện )?nhiệm vụ (?:được )?(?:cấp giấy chứng nhận|đăng ký))/u,
    confidence: 0.85,
  },
  {
    indicator: 'NV08',
    shape: 'count',
    after: /^(?:đề xuất|phiếu đề xuất)(?: đặt hàng)?(?: nhiệm vụ)?/u,
    sentence: /tiếp nhận|nhận được|đề xuất/u,
    confidence: 0.8,
  },
  {
    indicator: 'NV01',
    shape: 'count',
    before:
      /(?:quản lý|theo dõi|đang triển khai|triển khai thực hiện|đang thực hiện|tổng số)\s*(?:và theo dõi|,? theo dõi)?\s*(?:tổng số|tổng cộng)?\s*(?:là|gồm|có)?\s*$/u,
    after: new RegExp(`^${TASK}`, 'u'),
    notBefore: /phê duyệt|nghiệm thu|dừng|mở mới/u,
    confidence: 0.85,
  },
  // --- tài chính -------------------------------------------------------------------
  { indicator: 'TC02', shape: 'money', before: /đầu tư phát triển/u, confidence: 0.85 },
  { indicator: 'TC03', shape: 'money', before: /(?:chi |kinh phí )?sự nghiệp(?: khcn| khoa học)?/u, confidence: 0.85 },
  { indicator: 'TC05', shape: 'money', before: /nghiên cứu (?:khoa học )?và phát triển|r&d/u, confidence: 0.8 },
  {
    indicator: 'TC01',
    shape: 'money',
    before: /tổng (?:chi|kinh phí|ngân sách|vốn)|chi ngân sách|ngân sách (?:nhà nước )?(?:chi |dành |bố trí )?cho (?:hoạt động )?khcn/u,
    sentence: /khcn|khoa học|đổi mới sáng tạo/u,
    notBefore: /nhiệm vụ|đề tài|dự án|phạt/u,
    confidence: 0.8,
  },
  { indicator: 'NV09', shape: 'money', before: /kinh phí/u, sentence: new RegExp(TASK, 'u'), notBefore: /phạt|sự nghiệp|đầu tư phát triển/u, confidence: 0.8 },
  { indicator: 'TC04', shape: 'percent', before: /tỷ lệ chi (?:ngân sách )?(?:cho )?khcn[^%]*$/u, confidence: 0.8 },
  // "(chi cho KH&CN ...) chiếm tỉ lệ 1,17% tổng chi ngân sách địa phương"
  {
    indicator: 'TC04',
    shape: 'percent',
    before: /chiếm(?: tỷ lệ)?\s*$/u,
    after: /^\s*(?:so với |trên |của )?tổng chi ngân sách/u,
    sentence: /khcn|khoa học/u,
    confidence: 0.8,
  },
  // --- sở hữu trí tuệ ----------------------------------------------------------------
  { indicator: 'SH02', shape: 'count', after: /^văn bằng/u, confidence: 0.9 },
  {
    indicator: 'SH01',
    shape: 'count',
    after: /^(?:đơn|hồ sơ)(?: đăng ký)?(?: xác lập quyền)?(?: sở hữu công nghiệp| nhãn hiệu| sáng chế| kiểu dáng| giải pháp hữu ích| chỉ dẫn địa lý| bảo hộ)/u,
    confidence: 0.85,
  },
  {
    indicator: 'SH01',
    shape: 'count',
    after: /^(?:tổ chức, cá nhân|tổ chức và cá nhân|tổ chức\/cá nhân|lượt tổ chức, cá nhân) (?:\S+ ){0,3}nộp đơn/u,
    confidence: 0.75,
  },
  {
    indicator: 'SH05',
    shape: 'count',
    before: /(?:tư vấn|hướng dẫn)[^;]*$/u,
    after: /^lượt/u,
    sentence: /sở hữu trí tuệ|sở hữu công nghiệp|xác lập/u,
    confidence: 0.8,
  },
  { indicator: 'SH03', shape: 'count', after: /^sản phẩm (?:\S+ ){0,4}(?:được )?bảo hộ/u, confidence: 0.8 },
  { indicator: 'SH05', shape: 'count', after: /^lượt (?:tư vấn|hướng dẫn)/u, confidence: 0.8 },
  { indicator: 'SH06', shape: 'count', after: /^sáng kiến/u, sentence: /công nhận/u, confidence: 0.8 },
  // --- tiêu chuẩn, đo lường, chất lượng ------------------------------------------------
  { indicator: 'TD01', shape: 'count', after: /^phương tiện đo/u, confidence: 0.9 },
  { indicator: 'TD02', shape: 'count', after: /^mẫu/u, sentence: /thử nghiệm/u, confidence: 0.85 },
  { indicator: 'TD03', shape: 'count', after: /^(?:hồ sơ|bộ hồ sơ|lượt) (?:\S+ ){0,3}công bố (?:hợp chuẩn|hợp quy)/u, confidence: 0.85 },
  {
    indicator: 'TD04',
    shape: 'count',
    after: /^(?:cơ quan|đơn vị|doanh nghiệp|tổ chức)(?:,? (?:tổ chức|doanh nghiệp|đơn vị))? (?:\S+ ){0,4}áp dụng hệ thống quản lý chất lượng/u,
    confidence: 0.8,
  },
  {
    indicator: 'TD05',
    shape: 'count',
    after: /^(?:cơ sở|tổ chức|doanh nghiệp|cơ sở sản xuất, kinh doanh|cơ sở kinh doanh)/u,
    before: /kiểm tra[^;]*$/u,
    sentence: /đo lường|chất lượng|nhãn hàng hóa|tiêu chuẩn/u,
    notBefore: /vi phạm/u,
    confidence: 0.8,
  },
  {
    indicator: 'TD06',
    shape: 'count',
    after: /^(?:cơ sở|trường hợp|tổ chức|doanh nghiệp)(?: \S+){0,2} vi phạm/u,
    sentence: /đo lường|chất lượng|nhãn/u,
    groups: ['tieu_chuan_do_luong'],
    confidence: 0.75,
  },
  { indicator: 'TD07', shape: 'count', after: /^doanh nghiệp (?:\S+ ){0,4}(?:năng suất|chương trình năng suất)/u, confidence: 0.8 },
  // --- an toàn bức xạ ---------------------------------------------------------------
  { indicator: 'BX02', shape: 'count', after: /^giấy phép (?:tiến hành )?(?:công việc )?bức xạ|^giấy phép tiến hành công việc bức xạ/u, confidence: 0.9 },
  { indicator: 'BX03', shape: 'count', after: /^chứng chỉ nhân viên bức xạ/u, confidence: 0.9 },
  { indicator: 'BX01', shape: 'count', after: /^cơ sở (?:\S+ ){0,3}bức xạ/u, sentence: /quản lý|hiện có|đang hoạt động/u, confidence: 0.8 },
  { indicator: 'BX04', shape: 'count', after: /^(?:thiết bị|máy) x-?quang/u, sentence: /kiểm định/u, confidence: 0.85 },
  { indicator: 'BX05', shape: 'count', after: /^liều kế/u, confidence: 0.85 },
  // --- thanh tra ----------------------------------------------------------------------
  { indicator: 'TT01', shape: 'count', after: /^cuộc (?:thanh tra|kiểm tra)/u, confidence: 0.9 },
  {
    indicator: 'TT02',
    shape: 'count',
    after: /^(?:cơ sở|tổ chức|cá nhân|tổ chức, cá nhân|doanh nghiệp|đơn vị)/u,
    before: /(?:thanh tra|kiểm tra)[^;]*(?:tại|đối với|với)\s*$/u,
    sentence: /cuộc/u,
    confidence: 0.85,
  },
  {
    indicator: 'TT03',
    shape: 'count',
    after: /^(?:trường hợp|vụ|tổ chức|cơ sở|cá nhân)(?:,? cá nhân)?/u,
    before: /xử phạt(?: vi phạm hành chính)?(?: đối với)?\s*$/u,
    confidence: 0.85,
  },
  { indicator: 'TT04', shape: 'money', before: /(?:số )?tiền(?: xử)? phạt|tổng số tiền|phạt tiền/u, sentence: /phạt/u, confidence: 0.85 },
  // --- chuyển đổi số, viễn thông ------------------------------------------------------
  { indicator: 'CS01', shape: 'percent', before: /tỷ lệ dịch vụ công trực tuyến toàn trình[^;%]*$/u, confidence: 0.8 },
  { indicator: 'VT03', shape: 'count', after: /^trạm (?:bts|thu phát sóng|phát sóng)/u, sentence: /hoạt động|hiện có/u, confidence: 0.8 },
  { indicator: 'VT02', shape: 'count', after: /^thuê bao (?:internet )?băng rộng/u, confidence: 0.8 },
  // --- đổi mới sáng tạo ---------------------------------------------------------------
  { indicator: 'DM04', shape: 'count', before: /xếp (?:thứ|hạng)\s*(?:thứ)?\s*$/u, sentence: /\bpii\b|chỉ số đổi mới sáng tạo/u, confidence: 0.85 },
  { indicator: 'DM03', shape: 'score', after: /^điểm/u, sentence: /\bpii\b|chỉ số đổi mới sáng tạo/u, confidence: 0.85 },
];

/** Words just before a number that make it a comparison or a target, not a result. */
export const COMPARISON_BEFORE = /(?:tăng|giảm|nhiều hơn|ít hơn|cao hơn|thấp hơn|vượt|bằng|gấp)\s*(?:thêm)?\s*$/u;
/** Words after a number, up to the next number, that make it a comparison ("9 nhiệm vụ so với cùng kỳ"). */
export const COMPARISON_AFTER = /^\s*(?:\S+ ){0,4}?(?:so với|so cùng kỳ)/u;
/** A percentage of a plan or of last year ("64% kế hoạch năm"), not a value. */
export const PERCENT_OF_REFERENCE = /^\s*(?:của |so |theo )?(?:kế hoạch|chỉ tiêu|cùng kỳ|dự toán|năm trước)/u;
// "kinh phí dự kiến" is the budget of approved tasks, a result; "dự kiến" elsewhere is a plan.
export const TARGET_BEFORE = /(?:phấn đấu|chỉ tiêu|mục tiêu|(?<!kinh phí )dự kiến|kế hoạch(?: giao| năm| đề ra)?|định hướng)[^;,]*$/u;
