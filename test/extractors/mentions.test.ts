// The mention-based rules on the shapes of real report phrasing that template rules got
// wrong (the sentences are written for this test, with invented numbers): coordinated counts,
// other verbs and nouns, totals and parts in different sentences, qualified money and its parts
// by year, an index written with a percent sign, and English passages.
import { describe, expect, it } from 'vitest';
import { RISKS, scoredCandidates } from '../../extractors/mentions/index.ts';
import { findMentions } from '../../extractors/mentions/mentions.ts';
import { readDocument } from '../../extractors/reading.ts';
import { extractWithRules } from '../../extractors/rules/index.ts';
import type { Block, ParsedDocument, VerifiedValue } from '../../extractors/types.ts';
import { verifyCandidates } from '../../extractors/verify/index.ts';

/** A one-page document of these blocks, a text written as a heading or a paragraph by its numbering. */
function docOf(...items: (string | Block)[]): ParsedDocument {
  const blocks: Block[] = items.map((item) =>
    typeof item === 'string' ? { kind: /^[IVX]+\.|^\d+\.\s/.test(item) ? 'heading' : 'paragraph', page: 1, text: item } : item,
  );
  return { mediaType: 'application/pdf', warnings: [], pages: [{ number: 1, source: 'text', blocks }] };
}

/** Read as a report of Đà Nẵng (48) for the year 2025, as classification would have it. */
function run(...texts: (string | Block)[]): VerifiedValue[] {
  const doc = docOf('I. KẾT QUẢ ĐẠT ĐƯỢC', ...texts);
  return verifyCandidates(
    extractWithRules(doc, { province: '48', period: { kind: 'year', start: '2024-12-15', end: '2025-12-14', label: 'năm 2025', key: '2025' } }),
    doc,
  );
}

const byIndicator = (vs: VerifiedValue[]) => new Map(vs.map((v) => [v.indicator, v]));
const valuesOf = (vs: VerifiedValue[]) => Object.fromEntries(vs.map((v) => [v.indicator, v.value]));

describe('coordinated counts', () => {
  it('sums a run of counts that one modifier closes, and never reads an element alone as the whole', () => {
    const values = run('Trong kỳ, tỉnh triển khai 14 đề tài, 3 dự án mới và 9 đề tài, 1 dự án chuyển tiếp.');
    expect(valuesOf(values)).toMatchObject({ NV02: '17', NV03: '10' });
    for (const v of values) expect(['3', '1', '14', '9'].includes(v.value) && v.status === 'auto_accepted', `${v.indicator} ${v.value}`).toBe(false);
    // The sum is grounded in its parts: its evidence holds each of them.
    expect(byIndicator(values).get('NV02')!.reasons).not.toContain('value_not_in_quote');
  });

  it('sums counts of one kind that one verb governs', () => {
    expect(valuesOf(run('Thanh tra Sở thực hiện 03 cuộc thanh tra và 02 cuộc kiểm tra chuyên ngành tại 41 tổ chức, 05 cá nhân.'))).toMatchObject({
      TT01: '5',
      TT02: '46',
    });
  });
});

describe('lists of different quantities', () => {
  const PERIOD = { kind: 'year', start: '2024-12-15', end: '2025-12-14', label: 'năm 2025', key: '2025' } as const;
  const read = (text: string) => scoredCandidates(readDocument(docOf('I. KẾT QUẢ ĐẠT ĐƯỢC', text), { province: '48', period: PERIOD }));

  it('does not hold an element as a piece of a list when every other element is read as another indicator', () => {
    const candidates = read('Toàn tỉnh đã phát triển được hơn 2 triệu thuê bao điện thoại và gần 274 nghìn thuê bao Internet.');
    const vt01 = candidates.find((c) => c.indicator === 'VT01' && c.value === '2000000')!;
    const vt02 = candidates.find((c) => c.indicator === 'VT02' && c.value === '274000')!;
    for (const c of [vt01, vt02]) {
      expect(c.features.coordElement).toBe(0);
      expect(c.features.distinctElement).toBe(1);
    }
  });

  it('still holds the elements of a run that adds up to one indicator', () => {
    const candidates = read('Trong kỳ, tỉnh triển khai 14 đề tài, 3 dự án mới và 9 đề tài, 1 dự án chuyển tiếp.');
    for (const c of candidates.filter((c) => ['14', '3', '9', '1'].includes(c.value)))
      expect(c.features.distinctElement ?? 0, `${c.indicator} ${c.value}`).toBe(0);
  });
});

describe('lists of levels split by semicolons', () => {
  it('sums the levels one verb governs into the whole, and never accepts a level alone as it', () => {
    const values = run('Trong năm, Sở đã tham mưu triển khai thực hiện 04 đề tài, dự án cấp quốc gia; 47 đề tài, dự án cấp tỉnh; 19 đề tài, dự án cấp cơ sở.');
    const nv01 = byIndicator(values).get('NV01')!;
    expect(nv01.value).toBe('70');
    // Grounded in its parts: the evidence spans the three clauses.
    expect(nv01.reasons).not.toContain('value_not_in_quote');
    expect(nv01.evidence).toContain('04 đề tài');
    expect(nv01.evidence).toContain('19 đề tài');
    for (const v of values) expect(['4', '47', '19'].includes(v.value) && v.status === 'auto_accepted', `${v.indicator} ${v.value}`).toBe(false);
  });

  it('leaves the levels after "trong đó" as parts of the total stated before them', () => {
    const values = run('Sở quản lý 70 nhiệm vụ, trong đó có 04 nhiệm vụ cấp quốc gia; 47 nhiệm vụ cấp tỉnh; 19 nhiệm vụ cấp cơ sở.');
    expect(valuesOf(values).NV01).toBe('70');
  });
});

describe('contest entries', () => {
  it('reads the entries a contest received under a contest heading, and its own run of two years', () => {
    expect(
      valuesOf(run('2. Tổng kết Hội thi sáng tạo kỹ thuật lần thứ IX', 'Qua 2 năm phát động, Ban Tổ chức đã nhận được 131 giải pháp thuộc 6 lĩnh vực.')),
    ).toMatchObject({
      DM02: '131',
    });
    expect(valuesOf(run('Cuộc thi năm nay có sự tham gia của 52 bài dự thi đến từ các huyện.'))).toMatchObject({ DM02: '52' });
  });

  it('reads entries written as a choice only where the report states no received count, and never as accepted', () => {
    const chosen = byIndicator(
      run(
        'Cuộc thi diễn ra trong năm. Ban tổ chức đã chọn ra 87 đề tài, giải pháp ở các lĩnh vực; Ban tổ chức cũng chọn 6 giải pháp xuất sắc tham dự cuộc thi toàn quốc.',
      ),
    );
    expect(chosen.get('DM02')).toMatchObject({ value: '87', status: 'flagged' });
    const received = run('Cuộc thi đã nhận được 140 mô hình, sản phẩm dự thi. Ban tổ chức đã chọn ra 45 mô hình, sản phẩm để trao giải.');
    expect(valuesOf(received).DM02).toBe('140');
    expect(received.flatMap((v) => [v.value, ...(v.alternatives ?? []).map((a) => a.value)])).not.toContain('45');
  });
});

describe('other verbs and nouns', () => {
  it.each([
    ['Sở đã tham mưu quản lý, triển khai 58 đề tài, dự án khoa học và công nghệ các cấp.', { NV01: '58' }],
    ['Hướng dẫn 27 lượt tổ chức, cá nhân xác lập quyền sở hữu trí tuệ.', { SH05: '27' }],
    ['Trong năm có 9 sản phẩm được cấp văn bằng bảo hộ, nâng tổng số sản phẩm của tỉnh được bảo hộ lên 215 sản phẩm.', { SH02: '9', SH03: '215' }],
    ['Toàn tỉnh hiện có 1.740 trạm thu phát sóng di động, trong đó có 117 trạm 5G.', { VT03: '1740' }],
    ['Tổng số nhiệm vụ KH&CN của năm là 48 nhiệm vụ, trong đó 37 nhiệm vụ đang thực hiện và 11 nhiệm vụ đã nghiệm thu.', { NV01: '48' }],
  ])('%s', (sentence, expected) => {
    expect(valuesOf(run(sentence))).toMatchObject(expected);
  });

  it('reads the count under a heading of one level as that level', () => {
    expect(valuesOf(run('2. Nhiệm vụ KH&CN cấp tỉnh', 'Trong kỳ đã triển khai thực hiện 64 đề tài, dự án KH&CN.'))).toEqual({ NV12: '64' });
  });

  it.each([
    'Sở đã thẩm định nội dung và kinh phí 12 nhiệm vụ KH&CN.',
    'Sở đã gia hạn thời gian thực hiện 12 đề tài, dự án.',
    'Sở đã tổ chức kiểm tra 12 nhiệm vụ.',
  ])('never reads the few tasks a step of choosing or following up concerns as the level under its heading: %s', (sentence) => {
    expect(valuesOf(run('2. Nhiệm vụ KH&CN cấp tỉnh', sentence)).NV12).toBeUndefined();
  });

  it('never reads the tasks an event was held for as tasks managed', () => {
    expect(Object.values(valuesOf(run('Sở đã phối hợp tổ chức hội thảo khoa học cho 07 đề tài, dự án cấp tỉnh.')))).not.toContain('7');
  });
});

describe('totals and parts', () => {
  it('flags a total whose parts in the next sentence do not make it', () => {
    const values = byIndicator(
      run('Sở đã tham mưu triển khai 58 đề tài, dự án. Trong đó có 41 đề tài, dự án cấp tỉnh; 12 đề tài, dự án cấp bộ, cấp quốc gia.'),
    );
    expect(values.get('NV01')).toMatchObject({ value: '58', status: 'flagged' });
    expect(values.get('NV01')!.reasons).toContain('parts_do_not_add_up');
    expect(values.get('NV12')?.value).toBe('41');
    expect(values.get('NV11')?.value).toBe('12');
  });

  it('flags a total whose parts, listed by unit in the next sentence ("Cụ thể, …"), exceed it', () => {
    const values = byIndicator(
      run(
        'Sở đã bàn giao kết quả nghiên cứu 12 đề tài, dự án cho 5 sở, ngành. Cụ thể, Sở Nông nghiệp: 6 đề tài, dự án; Sở Y tế: 4 đề tài; Công an tỉnh: 3 dự án.',
      ),
    );
    expect(values.get('NV05')).toMatchObject({ value: '12', status: 'flagged' });
    expect(values.get('NV05')!.reasons).toContain('parts_exceed_total');
  });

  it('leaves a total alone whose parts make it', () => {
    const values = byIndicator(
      run('Sở đã tham mưu triển khai 53 đề tài, dự án. Trong đó có 41 đề tài, dự án cấp tỉnh; 12 đề tài, dự án cấp bộ, cấp quốc gia.'),
    );
    expect(values.get('NV01')!.reasons).not.toContain('parts_do_not_add_up');
  });

  it('ends the parts of a bracketed aside at its bracket, and links the list across it', () => {
    // The shape of a real post report: the aside's numbers are parts of the first count only,
    // and the first count is one element of a list that goes on across the aside.
    const doc = docOf(
      'I. KẾT QUẢ ĐẠT ĐƯỢC',
      'Đến nay, toàn tỉnh có 12 bưu cục (trong đó có 1 bưu cục cấp I, 8 bưu cục cấp II và 3 bưu cục cấp III), 51 điểm bưu điện văn hoá xã, 97 đại lý bưu điện đa dịch vụ; tổng số điểm phục vụ là 160 điểm.',
    );
    const mentions = findMentions(readDocument(doc, { province: '48', period: null }));
    const at = (n: string) => mentions.find((m) => m.match.value === n)!;
    expect(['1', '8', '3'].map((n) => at(n).partsClause)).toEqual([true, true, true]);
    // 51 comes after the bracket closes: no part of the 12 bưu cục.
    expect(at('51').partsClause).toBe(false);
    const list = at('12').coordinated?.map((id) => mentions[id]!.match.value);
    expect(list).toEqual(['12', '51', '97']);
    // Never read alone as the whole, so never accepted without a reviewer.
    for (const v of run(doc.pages[0]!.blocks[1]!.text))
      expect(['12', '51', '97'].includes(v.value) && v.status === 'auto_accepted', `${v.indicator} ${v.value}`).toBe(false);
  });

  it('flags an English total whose parts after "comprising", one written as a word, do not make it', () => {
    const sentence = (n: string) =>
      `In 2025 the province carried out ${n} science and technology tasks at national, ministerial and provincial levels, comprising 40 provincial projects, four national initiatives and 14 ministerial projects.`;
    expect(byIndicator(run(sentence('61'))).get('NV01')).toMatchObject({
      value: '61',
      status: 'flagged',
      reasons: expect.arrayContaining(['parts_do_not_add_up']),
    });
    expect(byIndicator(run(sentence('58'))).get('NV01')!.reasons).not.toContain('parts_do_not_add_up');
  });

  it('flags an amount whose parts after "Trong đó" in the next sentence exceed it, past the change written after it', () => {
    const revenue = (a: string, b: string) =>
      `Doanh thu dịch vụ bưu chính năm 2025 ước đạt 95,4 tỷ đồng, tăng 7,2% so với cùng kỳ. Trong đó, doanh thu dịch vụ công ích đạt ${a} triệu đồng và doanh thu chuyển phát đạt ${b} triệu đồng.`;
    const bc02 = (a: string, b: string) => byIndicator(run('2. Lĩnh vực bưu chính', revenue(a, b))).get('BC02')!;
    expect(bc02('12.300', '101.500')).toMatchObject({ value: '95400', reasons: expect.arrayContaining(['parts_exceed_total']) });
    // An estimate's parts may round a little above it; parts below it are no more than some of it.
    expect(bc02('60.200', '35.500').reasons).not.toContain('parts_exceed_total');
    expect(bc02('12.300', '41.500').reasons).not.toContain('parts_exceed_total');
  });

  it('never counts a change or a running total after "trong đó" as a part of an amount', () => {
    const [v] = run('Tổng kinh phí sự nghiệp khoa học và công nghệ năm 2025 là 35 tỷ đồng, trong đó lũy kế đã giải ngân 40 tỷ đồng.').filter(
      (x) => x.value === '35000',
    );
    expect(v!.reasons).not.toContain('parts_exceed_total');
  });

  it('reads the total of qualified money, never its parts by year', () => {
    const values = run(
      'Các nhiệm vụ được phê duyệt với tổng kinh phí thực hiện gần 19,3 tỷ đồng, trong đó trên 11 tỷ đồng cấp năm 2024; gần 6,2 tỷ đồng cấp năm 2025.',
    );
    const nv09 = values.filter((v) => v.indicator === 'NV09');
    expect(nv09).toMatchObject([{ value: '19300', qualifier: 'approx_below' }]);
    expect(nv09[0]!.alternatives ?? []).toEqual([]);
  });
});

describe('units and languages', () => {
  it('flags an index written with a percent sign, and reads it as written', () => {
    const [v] = run('Chỉ số chuyển đổi số cấp tỉnh (DTI) năm nay đạt 0,64%.');
    expect(v).toMatchObject({ indicator: 'CS03', value: '0.64', status: 'flagged' });
    expect(v!.reasons).toContain('unit_implausible');
  });

  it('reads an index written out of a scale of points, and flags it outside the scale the index is published on', () => {
    const [v] = run('Theo Sở Thông tin và Truyền thông, điểm tự đánh giá Chỉ số DTI của tỉnh năm 2025 đạt 745,32/1.000 điểm.');
    expect(v).toMatchObject({ indicator: 'CS03', value: '745.32', status: 'flagged', reasons: expect.arrayContaining(['unit_implausible']) });
    // The DTI is 0..1: 74,53 points is another unit; the PII is out of 100.
    expect(run('Chỉ số DTI của tỉnh năm 2025 đạt 74,53 điểm.')[0]!.reasons).toContain('unit_implausible');
    expect(run('Chỉ số DTI của tỉnh năm 2025 đạt 0,7453 điểm.')[0]).toMatchObject({ value: '0.7453', status: 'auto_accepted' });
    expect(valuesOf(run('Chỉ số DTI của tỉnh năm 2025 đạt 12/63 tỉnh.'))).toEqual({});
  });

  it('reads English passages with English number formats, and leaves new stations alone', () => {
    const values = valuesOf(run('The province has 3,812,440 mobile subscribers. Operators installed 97 new 4G BTS stations during the year.'));
    expect(values).toEqual({ VT01: '3812440' });
  });

  it('reads an English amount whose conversion to dollars stands in brackets between it and its label', () => {
    const values = valuesOf(run('In 2025 the province spent 412.5 billion VND (16.2 million USD) on science and technology activities.'));
    expect(values).toMatchObject({ TC01: '412500' });
  });

  it('never reads the rank or score of another province', () => {
    const values = valuesOf(
      run('Theo Chỉ số đổi mới sáng tạo cấp địa phương (PII), Hà Nội dẫn đầu với 61,2 điểm; TP HCM xếp thứ 2; Đà Nẵng đạt 52,4 điểm, xếp thứ 5.'),
    );
    expect(values).toEqual({ DM03: '52.4', DM04: '5' });
  });
});

describe('values listed after the province names', () => {
  it("reads the value in brackets after the province's own name with the label of its list, and no other province's", () => {
    const values = run(
      'Theo kết quả DTI 2025, Hà Nội dẫn đầu với giá trị DTI 0,8241; tiếp theo là Thừa Thiên Huế (0,7951), Đà Nẵng (0,7857) và Hải Phòng (0,7770).',
    );
    expect(valuesOf(values)).toEqual({ CS03: '0.7857' });
    expect(byIndicator(values).get('CS03')!.status).toBe('flagged');
  });

  it('reads a bracketed rank after the own name in a ranking written out', () => {
    const values = run('Bảng xếp hạng PII 2025: Hà Nội dẫn đầu với 60,76 điểm; TP HCM xếp thứ 2, tiếp theo là Hải Phòng (3), Đà Nẵng (4), Quảng Ninh (5).');
    expect(valuesOf(values).DM04).toBe('4');
  });

  it('reads a rank written before the own name ("thứ 3 là …"), and not one written before another name', () => {
    expect(valuesOf(run('Theo PII 2025, Hà Nội dẫn đầu; TP Hồ Chí Minh xếp thứ 2, thứ 3 là Đà Nẵng, tiếp theo là Hải Phòng.')).DM04).toBe('3');
    expect(valuesOf(run('Theo PII 2025, Hà Nội dẫn đầu; Đà Nẵng xếp thứ 2, thứ 3 là Hải Phòng.')).DM04).toBe('2');
  });

  it('takes the label of a list from the sentence before it in the paragraph', () => {
    const values = run(
      'Có 17 tỉnh, thành phố có tỷ trọng kinh tế số trên 10%. Nhóm 3 địa phương thấp nhất gồm Tây Ninh (5,78%); Bạc Liêu (4,87%) và Đà Nẵng (4,21%).',
    );
    expect(valuesOf(values)).toEqual({ CS02: '4.21' });
  });
});

describe('siblings named after the number', () => {
  it('reads the English share of fully online services by the label after it, not the partly online one', () => {
    const values = run('The province reported a 44% rate for fully online public services and 36.29% for partially online services.');
    expect(valuesOf(values)).toEqual({ CS01: '44' });
  });
});

describe('synonyms of counted nouns', () => {
  it('reads instruments named by their kind, but not the kinds of a list as the whole', () => {
    expect(valuesOf(run('Trong năm, Trung tâm đã kiểm định đối chứng trên 24.000 công tơ điện và đồng hồ đo nước.')).TD01).toBe('24000');
    expect(valuesOf(run('- Kiểm định công tơ điện đối chứng: 8.810;')).TD01).toBeUndefined();
  });

  it('reads the tasks of the IP programme by its number and after a bracketed breakdown', () => {
    expect(valuesOf(run('Trong năm, tỉnh triển khai 110 nhiệm vụ, trong đó có 85 nhiệm vụ cấp tỉnh, 02 nhiệm vụ thuộc chương trình 68.')).SH04).toBe('2');
    expect(
      valuesOf(
        run('UBND tỉnh đã phê duyệt 4 danh mục dự án (gồm 3 dự án nhãn hiệu chứng nhận và 1 nhãn hiệu tập thể) thuộc Chương trình phát triển tài sản trí tuệ.'),
      ).SH04,
    ).toBe('4');
  });

  it('reads a subject that carries a bracketed aside listing fixed and mobile lines', () => {
    const values = run('The number of telephone subscribers (fixed wireless, fixed wired, postpaid mobile, prepaid mobile) totaled 2,010,614 in 2025.');
    expect(valuesOf(values).VT01).toBe('2010614');
    expect(valuesOf(run('Tổng số thuê bao điện thoại cố định là 35.000 thuê bao.')).VT01).toBeUndefined();
  });

  it('sums a list of declarations of one head with their own modifiers, and reads them in English', () => {
    const values = run(
      'Sở đã tiếp nhận 790 hồ sơ đăng ký kiểm tra nhà nước về chất lượng hàng hóa nhập khẩu, 22 hồ sơ công bố hợp chuẩn, 10 hồ sơ công bố hợp quy.',
    );
    expect(valuesOf(values).TD03).toBe('32');
    expect(valuesOf(run('On technical regulations, the Department received 56 files of 31 enterprises.')).TD03).toBe('56');
  });

  it('reads the violators found and then fined as penalised', () => {
    const values = run(
      'Thanh tra Sở đã thanh tra 20 cơ sở kinh doanh xăng dầu; qua đó phát hiện sáu cơ sở vi phạm về đo lường và đã xử phạt hành chính 92 triệu đồng.',
    );
    expect(valuesOf(values)).toMatchObject({ TT02: '20', TT03: '6' });
  });

  it('reads initiatives recognised, not those only proposed for recognition', () => {
    const values = run(
      'Hội đồng sáng kiến tỉnh đã họp xét; có 9 hồ sơ đề nghị công nhận hiệu quả áp dụng; có 1 hồ sơ đủ điều kiện công nhận sáng kiến cấp tỉnh.',
    );
    expect(valuesOf(values).SH06).toBe('1');
  });

  it('reads the English stock of protected intellectual property', () => {
    expect(
      valuesOf(run('Up to now, the whole province has 12 intellectual properties which were successfully protected, including 11 collective brands.')).SH03,
    ).toBe('12');
  });

  it('reads carried-over and new tasks listed after a count of fields', () => {
    const values = run(
      'Trong năm 2025, UBND tỉnh đã phê duyệt 34 đề tài, dự án thuộc 04 lĩnh vực (nông nghiệp, y dược), gồm 16 đề tài, dự án chuyển tiếp sang năm 2025 và 18 đề tài, dự án được tuyển chọn mới.',
    );
    expect(valuesOf(values)).toMatchObject({ NV03: '16', NV02: '18' });
  });
});

describe('numbers written as words', () => {
  it('reads a count written as a word before a noun the lexicon knows', () => {
    const values = valuesOf(
      run('In the 2021 - 2025 period, 52 scientific and technological tasks were implemented, including 47 provincial tasks and five national tasks.'),
    );
    expect(values).toMatchObject({ NV11: '5', NV12: '47' });
    expect(valuesOf(run('Qua kiểm tra, Sở phát hiện và xử phạt bốn cơ sở vi phạm.'))).toMatchObject({ TT03: '4' });
  });

  it('reads an ordinal after a ranking verb as a rank', () => {
    expect(valuesOf(run('In the PII 2025 ranking, Da Nang ranked second among provinces and cities, with a score of 58.31 points.')).DM04).toBe('2');
    expect(valuesOf(run('Theo Chỉ số đổi mới sáng tạo cấp địa phương (PII), Đà Nẵng đạt 52,4 điểm, xếp thứ năm.')).DM04).toBe('5');
  });

  it('never reads a word before a noun the lexicon does not know, nor an ordinal as a count', () => {
    expect(run('The province carried out three phases of the programme and held two conferences.')).toEqual([]);
    expect(run('Năm 2025 là năm thứ hai triển khai đề án.')).toEqual([]);
  });

  it('grounds the value in the word its evidence shows', () => {
    const v = byIndicator(run('Qua kiểm tra, Sở phát hiện và xử phạt bốn cơ sở vi phạm.')).get('TT03')!;
    expect(v.evidence).toContain('bốn cơ sở');
    expect(v.reasons).not.toContain('value_not_in_quote');
  });
});

describe('where a number and its noun end', () => {
  it('ends a noun where the next item begins with its own verb, so the next verb does not rule the number out', () => {
    const values = run('Sở đã theo dõi, quản lý 27 nhiệm vụ KH&CN cấp tỉnh, nghiệm thu 9 nhiệm vụ.');
    expect(valuesOf(values)).toMatchObject({ NV12: '27', NV04: '9' });
  });

  it('keeps a passive chain after its comma as one item', () => {
    const noun = findMentions(
      readDocument(docOf('I. KẾT QUẢ ĐẠT ĐƯỢC', 'Trong năm, 2 tổ chức được thẩm định, cấp giấy chứng nhận đăng ký hoạt động KH&CN.')),
    ).find((m) => m.match.value === '2')!.noun;
    expect(noun).toContain('cấp giấy chứng nhận');
  });

  it('marks as parts only the numbers after the one before "trong đó", not a total after a year', () => {
    const mentions = findMentions(
      readDocument(docOf('I. KẾT QUẢ ĐẠT ĐƯỢC', 'Năm 2025, tỉnh triển khai 58 đề tài, dự án, trong đó có 41 đề tài cấp tỉnh và 17 đề tài cấp cơ sở.')),
    );
    const total = mentions.find((m) => m.match.value === '58')!;
    expect(total.partsClause).toBe(false);
    expect(total.breakdown).toEqual(['41', '17']);
  });
});

describe('parts stated apart from their total', () => {
  it('checks the parts a paragraph opening on "Cụ thể" lists against the total of the paragraph before', () => {
    const values = run(
      'Sở đã bàn giao kết quả nghiên cứu 23 đề tài, dự án cho các sở, ngành.',
      'Cụ thể, Sở Y tế: 9 đề tài, dự án; Sở Giáo dục và Đào tạo: 8 đề tài; UBND huyện A: 8 dự án.',
    );
    const nv05 = byIndicator(values).get('NV05')!;
    expect(nv05.value).toBe('23');
    expect(nv05.reasons).toContain('parts_exceed_total');
  });

  it('checks prepaid and postpaid stocks against the mobile total', () => {
    const mentions = findMentions(
      readDocument(
        docOf(
          'I. KẾT QUẢ ĐẠT ĐƯỢC',
          'Toàn tỉnh phát triển được 100.000 thuê bao di động, nâng tổng số thuê bao di động của toàn tỉnh đến nay là 2.000.000 thuê bao.',
          'Về thuê bao trả sau, nâng tổng số thuê bao trả sau toàn tỉnh lên 150.000 thuê bao; tổng số thuê bao trả trước trên toàn mạng là 1.800.000 thuê bao.',
        ),
      ),
    );
    expect(mentions.find((m) => m.match.value === '2000000')!.breakdown).toEqual(['1800000', '150000']);
  });

  it('takes a colon list of bracketed counts of the total noun as its breakdown', () => {
    const mentions = findMentions(
      readDocument(
        docOf(
          'I. KẾT QUẢ ĐẠT ĐƯỢC',
          'Hội thi đã nhận được 60 giải pháp dự thi với 3 lĩnh vực: Y dược (20 giải pháp); Nông nghiệp (30 giải pháp); Giáo dục (11 giải pháp).',
        ),
      ),
    );
    expect(mentions.find((m) => m.match.value === '60')!.breakdown).toEqual(['20', '30', '11']);
  });
});

describe('numbers that are not the province figure', () => {
  it('does not read a count of one field, a share of a later number or a range end', () => {
    const values = run(
      'Hội thi đã tiếp nhận 129 giải pháp dự thi. Lĩnh vực công nghệ thông tin, điện tử, viễn thông có 11 giải pháp dự thi.',
      'Ban tổ chức đã nhận được 70 giải pháp được sơ tuyển trong số 117 giải pháp gửi đến.',
    );
    expect(values.filter((v) => v.indicator === 'DM02').map((v) => v.value)).not.toContain('11');
    expect(values.filter((v) => v.indicator === 'DM02').map((v) => v.value)).not.toContain('70');
  });

  it('reads the figures under "1. Kế hoạch thực hiện …" of the results part, and none under the plan part', () => {
    const doc = docOf(
      'I. KẾT QUẢ ĐẠT ĐƯỢC',
      '1. Kế hoạch thực hiện nhiệm vụ khoa học và công nghệ năm 2025',
      'Trong năm 2025, Sở triển khai thực hiện 32 đề tài, 8 dự án và 2 đề án.',
      'II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026',
      'Năm 2026 phấn đấu triển khai 50 nhiệm vụ.',
    );
    const values = verifyCandidates(
      extractWithRules(doc, { province: '48', period: { kind: 'year', start: '2024-12-15', end: '2025-12-14', label: 'năm 2025', key: '2025' } }),
      doc,
    );
    expect(valuesOf(values).NV01).toBe('42');
    expect(values.map((v) => v.value)).not.toContain('50');
  });
});

describe('task counts that are not the tasks carried out', () => {
  it('never reads proposals received or a contest’s entries as tasks', () => {
    expect(valuesOf(run('Sở đã tiếp nhận đề xuất đặt hàng từ 16 đơn vị với tổng 27 nhiệm vụ KH&CN cấp tỉnh.')).NV12).toBeUndefined();
    expect(valuesOf(run('Cuộc thi có 136 đề tài tham dự cấp tỉnh.')).NV12).toBeUndefined();
  });

  it('never reads an approved list of a programme of intellectual property as proposals', () => {
    expect(valuesOf(run('UBND tỉnh đã phê duyệt 4 danh mục dự án thuộc Chương trình hỗ trợ phát triển tài sản trí tuệ.')).NV08).toBeUndefined();
  });

  /** The features of the rules' reading of `value` as `indicator`. */
  const featuresOf = (sentence: string, indicator: string, value: string) => {
    const doc = docOf('I. KẾT QUẢ ĐẠT ĐƯỢC', sentence);
    const reading = readDocument(doc, { province: '48', period: { kind: 'year', start: '2024-12-15', end: '2025-12-14', label: 'năm 2025', key: '2025' } });
    return scoredCandidates(reading).find((c) => c.indicator === indicator && c.value === value)?.features;
  };

  it.each([
    ['Trong số 31 nhiệm vụ đã nghiệm thu, có 08 nhiệm vụ được nhân rộng.', 'NV04', '31'],
    ['Sở được giao tổ chức thực hiện cả 2 nhiệm vụ cấp tỉnh.', 'NV12', '2'],
  ])('holds back a pool restated: %s', (sentence, indicator, value) => {
    expect(featuresOf(sentence, indicator, value)).toMatchObject({ pool: 1 });
    expect(RISKS).toContain('pool');
  });

  it('holds back a sum whose list goes on past a semicolon, and not one that ends', () => {
    const goesOn = 'Sở đã nghiệm thu 1 dự án thuộc Chương trình nông thôn miền núi, 7 nhiệm vụ cấp tỉnh, 2 nhiệm vụ cấp cơ sở; 1 nhiệm vụ hợp tác với Bộ Y tế.';
    expect(featuresOf(goesOn, 'NV04', '10')).toMatchObject({ listGoesOn: 1 });
    const ends = 'Sở đã nghiệm thu 1 dự án thuộc Chương trình nông thôn miền núi, 7 nhiệm vụ cấp tỉnh, 2 nhiệm vụ cấp cơ sở.';
    expect(featuresOf(ends, 'NV04', '10')).toMatchObject({ listGoesOn: 0, programme: 1 });
  });
});

describe('tables read for the report', () => {
  it("reads a ranking table in the report's own province's row, and a yearbook series in the report's year", () => {
    const table = (rows: string[][]): Block => ({ kind: 'table', page: 1, rows, text: rows.map((r) => r.join(' | ')).join('\n') }) as Block;
    const values = valuesOf(
      run(
        table([
          ['Xếp hạng DTI', 'Tỉnh/thành phố', 'Nhận thức số', 'Chuyển đổi số cấp tỉnh (PDTI)'],
          ['1', 'Hải Phòng', '1.0000', '0.8002'],
          ['2', 'TP. Đà Nẵng', '0.9500', '0.6975'],
        ]),
        'Đơn vị tính: thuê bao',
        table([
          ['Năm', 'Số thuê bao điện thoại - Tổng số', 'Số thuê bao internet'],
          ['2024', '1.120.000', '720.000'],
          ['Sơ bộ 2025', '1.035.075', '802.000'],
          ['Ước 2026', '1.200.000', '900.000'],
        ]),
      ),
    );
    expect(values).toMatchObject({ CS03: '0.6975', VT01: '1035075', VT02: '802000' });
  });
});

describe('sums the rules form from lists of one kind', () => {
  const PERIOD = { kind: 'year', start: '2024-12-15', end: '2025-12-14', label: 'năm 2025', key: '2025' } as const;
  const read = (text: string) => scoredCandidates(readDocument(docOf('I. KẾT QUẢ ĐẠT ĐƯỢC', text), { province: '48', period: PERIOD }));
  const values = (text: string, indicator: string) =>
    read(text)
      .filter((c) => c.indicator === indicator)
      .map((c) => c.value);

  it('sums English tasks of two kinds under one verb', () => {
    expect(
      values('Over the 2020-2025 period, the city deployed 412 science and technology research projects and 31 pilot production projects.', 'NV01'),
    ).toContain('443');
  });

  it('sums products of two titles across a number word and a bracketed aside', () => {
    expect(
      values('Đà Nẵng có ba sản phẩm được cấp chứng nhận chỉ dẫn địa lý (chè, cam, bưởi) và 40 sản phẩm được bảo hộ nhãn hiệu tập thể.', 'SH03'),
    ).toContain('43');
  });

  it('sums the national and ministerial parts of a total, and leaves a list under a verb of its own alone', () => {
    const national = values(
      'Giai đoạn 2021-2025, tỉnh đã triển khai 70 nhiệm vụ KH&CN, gồm: 3 dự án Chương trình Nông thôn miền núi, 2 nhiệm vụ cấp Quốc gia và 65 nhiệm vụ cấp tỉnh.',
      'NV11',
    );
    expect(national).toContain('5');
    expect(national).not.toContain('2');
    expect(
      values(
        'From 2021 to 2025 the province carried out 90 tasks, comprising 80 provincial projects, two national initiatives and 8 ministerial projects.',
        'NV11',
      ),
    ).toContain('10');
    expect(values('Năm 2025, Sở nghiệm thu 3 nhiệm vụ cấp quốc gia, 2 nhiệm vụ cấp bộ và 9 nhiệm vụ cấp tỉnh.', 'NV04')).not.toContain('5');
  });

  it('reads the holders of as many tasks as those tasks, and sums the list they are in', () => {
    const registered = values(
      'Trong năm, Sở đã cấp giấy chứng nhận đăng ký kết quả thực hiện nhiệm vụ cấp tỉnh cho 4 chủ nhiệm của 4 đề tài, dự án và 3 chủ nhiệm của 3 nhiệm vụ thường xuyên.',
      'NV07',
    );
    expect(registered).toContain('7');
    expect(registered).not.toContain('3');
  });

  it('goes on past a semicolon to a task of a programme after a list of levels', () => {
    expect(
      values(
        'Năm 2025, Sở tổ chức nghiệm thu 2 dự án thuộc Chương trình nông thôn miền núi, 6 nhiệm vụ cấp tỉnh, 3 nhiệm vụ cấp cơ sở; 1 nhiệm vụ thuộc Chương trình mục tiêu quốc gia xây dựng nông thôn mới.',
        'NV04',
      ),
    ).toContain('12');
  });
});

describe('rivals the rules settle', () => {
  const PERIOD = { kind: 'year', start: '2024-12-15', end: '2025-12-14', label: 'năm 2025', key: '2025' } as const;
  const read = (...texts: string[]) => scoredCandidates(readDocument(docOf('I. KẾT QUẢ ĐẠT ĐƯỢC', ...texts), { province: '48', period: PERIOD }));
  const competitor = (cs: ReturnType<typeof read>, indicator: string, value: string) =>
    cs.find((c) => c.indicator === indicator && c.value === value)!.features.competitor;

  it('does not hold a total back for the bracketed counts that break it down, nor shows them as a conflict', () => {
    const text =
      'Hội thi lần thứ 12 năm 2025 đã nhận được 17 giải pháp dự thi thuộc 4 lĩnh vực: Y dược (3 giải pháp), Cơ khí (12 giải pháp), Hóa (1 giải pháp), Giáo dục (1 giải pháp).';
    const candidates = read(text);
    expect(competitor(candidates, 'DM02', '17')).toBe(0);
    // The part still has its total as a rival: it is never the figure.
    expect(competitor(candidates, 'DM02', '12')).toBe(1);
    const dm02 = byIndicator(run(text)).get('DM02')!;
    expect(dm02.value).toBe('17');
    expect(dm02.reasons).not.toContain('conflicting_candidates');
  });

  it("settles a figure of another year against one of the report's own year", () => {
    const candidates = read(
      'Theo kết quả Chỉ số đổi mới sáng tạo cấp địa phương (PII) năm 2025, tỉnh xếp thứ 21/34 tỉnh, thành phố với 37,66 điểm. Để so sánh, ở bảng xếp hạng năm 2024, tỉnh đứng ở vị trí thứ 30/63 tỉnh, thành phố với 26,31 điểm.',
    );
    expect(competitor(candidates, 'DM04', '21')).toBe(0);
    expect(competitor(candidates, 'DM03', '37.66')).toBe(0);
    expect(competitor(candidates, 'DM04', '30')).toBe(1);
  });

  it('does not hold a total back for an element of the list that adds up to it', () => {
    const candidates = read(
      'Năm 2025, toàn tỉnh có 10 bưu cục, 43 điểm bưu điện văn hoá xã, 107 đại lý bưu điện đa dịch vụ; tổng số điểm phục vụ là 160 điểm.',
    );
    expect(competitor(candidates, 'BC01', '160')).toBe(0);
    expect(competitor(candidates, 'BC01', '10')).toBe(1);
  });

  it('keeps a figure of another year a rival where the reading names no year of its own', () => {
    const candidates = read('Hội thi đã nhận được 17 giải pháp dự thi. Năm 2024, Hội thi đã nhận được 12 giải pháp dự thi.');
    expect(competitor(candidates, 'DM02', '17')).toBe(1);
  });
});
