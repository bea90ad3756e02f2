import { describe, expect, it } from 'vitest';
import { provinces } from '../../extractors/catalogue.ts';
import { classifyDocument, findDocumentNumber, findIssueDate } from '../../extractors/classify.ts';
import { findReportingProvince, normalizeToken, provincesNamedIn, resolveProvince } from '../../extractors/provinces.ts';
import type { Block, ParsedDocument } from '../../extractors/types.ts';

// ---------------------------------------------------------------------------
// Building documents

function p(text: string, page = 1): Block {
  return { kind: 'paragraph', page, text };
}
function h(text: string, page = 1): Block {
  return { kind: 'heading', page, text };
}
function table(rows: string[][], page = 1): Block {
  return { kind: 'table', page, rows, text: rows.map((r) => r.join(' | ')).join('\n') };
}
function doc(...pages: Block[][]): ParsedDocument {
  return {
    mediaType: 'application/pdf',
    pages: pages.map((blocks, i) => ({ number: i + 1, blocks: blocks.map((b) => ({ ...b, page: i + 1 })), source: 'text' })),
    warnings: [],
  };
}

const TITLE_H1 = [
  h('BÁO CÁO'),
  p('Kết quả hoạt động khoa học và công nghệ 6 tháng đầu năm 2025 và phương hướng, nhiệm vụ 6 tháng cuối năm 2025'),
  p('Kính gửi: Bộ Khoa học và Công nghệ.'),
];
const BODY_OTHER_PROVINCE = [
  p('Thực hiện Công văn số 1234/BKHCN-VP, Sở phối hợp với Sở KH&CN tỉnh Long An và UBND thành phố Hà Nội tổ chức hội thảo.'),
  p('I. KẾT QUẢ ĐẠT ĐƯỢC'),
  p('Đà Nẵng, ngày 5 tháng 3 năm 2025 đoàn công tác đã làm việc tại Quảng Nam.'),
];
const PAGE_2 = [p('Năm 2023, tỉnh Bình Dương đạt 86 nhiệm vụ.'), p('II. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 tháng cuối năm 2025')];

// ---------------------------------------------------------------------------
// Province names

describe('resolveProvince', () => {
  const current = provinces().flatMap((u) => [
    [u.name, u.code],
    [u.shortName, u.code],
  ]);
  it.each(current)('current name %s -> %s', (name, code) => {
    const m = resolveProvince(name);
    expect(m?.code).toBe(code);
    expect(m?.oldCode).toBeNull();
    expect(m?.evidence).toBe(name);
  });

  const old = provinces().flatMap((u) => u.formedFrom.map((f) => [f.name, u.code, f.code] as const));
  it('the catalogue has 63 old provinces and 34 units', () => {
    expect(old).toHaveLength(63);
    expect(provinces()).toHaveLength(34);
  });
  it.each(old)('old name %s -> %s', (name, code, oldCode) => {
    const m = resolveProvince(name);
    expect(m?.code).toBe(code);
    // A name that is still a unit's name ("Quảng Trị", "Tây Ninh") carries no oldCode.
    const stillCurrent = provinces().some((u) => u.shortName === name || u.name === name);
    expect(m?.oldCode).toBe(stillCurrent ? null : oldCode);
  });
  it.each(old)('old name %s -> %s (uppercase, with its unit type)', (name, code) => {
    const written = name.startsWith('TP.') ? name.toUpperCase() : `TỈNH ${name.toUpperCase()}`;
    expect(resolveProvince(written)?.code).toBe(code);
  });

  it.each([
    ['Bắc Giang', '24', '24'],
    ['TP. Hồ Chí Minh', '79', null],
    ['Thành phố Hồ Chí Minh', '79', null],
    ['TP Hồ Chí Minh', '79', null],
    ['Hồ Chí Minh', '79', null],
    ['TP.HCM', '79', null],
    ['Thừa Thiên Huế', '46', '46'],
    ['Thừa Thiên - Huế', '46', '46'],
    ['Thành phố Huế', '46', null],
    ['Huế', '46', null],
    ['Bà Rịa - Vũng Tàu', '79', '77'],
    ['Bà Rịa-Vũng Tàu', '79', '77'],
    ['Bà Rịa – Vũng Tàu', '79', '77'],
    ['BÀ RỊA - VŨNG TÀU', '79', '77'],
    ['Bình Dương', '79', '74'],
    ['tỉnh Đắk Nông', '68', '67'],
    ['Đăk Nông', '68', '67'],
    ['ĐĂK NÔNG', '68', '67'],
    ['Đắk Lắk', '66', null],
    ['Đăk Lăk', '66', null],
    ['Hòa Bình', '25', '17'],
    ['Hoà Bình', '25', '17'],
    ['HOÀ BÌNH', '25', '17'],
    ['Thanh Hoá', '38', null],
    ['Thanh Hóa', '38', null],
    ['Khánh Hoà', '56', null],
    ['Quảng Bình', '44', '44'],
    ['Quảng Trị', '44', null],
    ['Hà Nam', '37', '35'],
    ['Hà Nội', '01', null],
    ['Quảng Nam', '48', '49'],
    ['Bắc Kạn', '19', '06'],
    ['Bắc Cạn', '19', '06'],
    ['Kon Tum', '51', '62'],
    ['  Tây Ninh  ', '80', null],
    ['Long An', '80', '80'],
    ['thành phố Cần Thơ', '92', null],
    ['Hậu Giang', '92', '93'],
    ['Hòa Bình'.normalize('NFD'), '25', '17'],
    ['Quảng Ninh', '22', null],
  ])('variant %s -> %s (old %s)', (name, code, oldCode) => {
    expect(resolveProvince(name)).toEqual({ code, evidence: name.trim(), oldCode });
  });

  it.each(['Hà', 'Nam', 'Bình', 'Việt Nam', 'Hà Nam Ninh', 'Sài Gòn Mới', 'Thành phố', 'tỉnh', '', 'Hạnh phúc', 'Huế Thừa Thiên'])('unknown: "%s"', (name) => {
    expect(resolveProvince(name)).toBeNull();
  });
});

describe('normalizeToken', () => {
  it('puts the tone of oa, oe, uy on the second vowel, as the old spelling does', () => {
    expect(['Hòa', 'hoà', 'khỏe', 'THỦY', 'tuỵ'].map(normalizeToken)).toEqual(['hoà', 'hoà', 'khoẻ', 'thuỷ', 'tuỵ']);
  });

  it('spells quí as quý (any tone) and Đăk as Đắk', () => {
    expect(['quí', 'Quì', 'Đăk'].map(normalizeToken)).toEqual(['quý', 'quỳ', 'đắk']);
  });

  it('leaves other vowels as written', () => {
    const words = ['múa', 'thuở', 'hoàng', 'quỳnh', 'ôà'];
    expect(words.map(normalizeToken)).toEqual(words);
  });
});

describe('provincesNamedIn', () => {
  it('names the units of a passage, with or without marks, the way English passages write them', () => {
    expect(provincesNamedIn('TP HCM xếp thứ 2, tiếp theo là Hải Phòng')).toEqual(['79', '31']);
    expect(provincesNamedIn('Da Nang topped the ranking; Bac Ninh province ranked third')).toEqual(['48', '24']);
  });

  it('reads no name in lower-case words, in one bare word, or in a word half marked', () => {
    expect(provincesNamedIn('hòa bình và phát triển; the long an plan')).toEqual([]);
    expect(provincesNamedIn('Hue and Long Term goals')).toEqual([]);
    expect(provincesNamedIn('Da Nẵg')).toEqual([]);
  });
});

describe('findReportingProvince', () => {
  it.each([
    ['UỶ BAN NHÂN DÂN TỈNH BẮC GIANG\nSỞ KHOA HỌC VÀ CÔNG NGHỆ', '24', 'TỈNH BẮC GIANG', '24'],
    ['ỦY BAN NHÂN DÂN TỈNH BẮC GIANG', '24', 'TỈNH BẮC GIANG', '24'],
    ['UBND THÀNH PHỐ ĐÀ NẴNG\nSỞ KHOA HỌC VÀ CÔNG NGHỆ', '48', 'THÀNH PHỐ ĐÀ NẴNG', null],
    ['UBND TỈNH TÂY NINH', '80', 'TỈNH TÂY NINH', null],
    ['SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH TÂY NINH', '80', 'TỈNH TÂY NINH', null],
    ['SỞ KH&CN TP. HỒ CHÍ MINH', '79', 'TP. HỒ CHÍ MINH', null],
    ['SỞ KHCN THÀNH PHỐ HỒ CHÍ MINH', '79', 'THÀNH PHỐ HỒ CHÍ MINH', null],
    ['UBND THÀNH PHỐ HUẾ', '46', 'THÀNH PHỐ HUẾ', null],
    ['UBND TỈNH THỪA THIÊN HUẾ', '46', 'TỈNH THỪA THIÊN HUẾ', '46'],
    ['UBND TỈNH BÀ RỊA - VŨNG TÀU', '79', 'TỈNH BÀ RỊA - VŨNG TÀU', '77'],
    ['UBND TỈNH QUẢNG BÌNH', '44', 'TỈNH QUẢNG BÌNH', '44'],
    ['UBND TỈNH BÌNH DƯƠNG', '79', 'TỈNH BÌNH DƯƠNG', '74'],
    ['UBND TỈNH HÀ NAM', '37', 'TỈNH HÀ NAM', '35'],
    ['UBND TỈNH HOÀ BÌNH', '25', 'TỈNH HOÀ BÌNH', '17'],
    ['UBND TỈNH ĐĂK NÔNG', '68', 'TỈNH ĐĂK NÔNG', '67'],
    ['ủy ban nhân dân tỉnh bắc giang', '24', 'tỉnh bắc giang', '24'],
    ['Ủy ban nhân dân tỉnh Tây Ninh Sở Khoa học và Công nghệ', '80', 'tỉnh Tây Ninh', null],
    // merged columns
    ['ỦY BAN NHÂN DÂN TỈNH TÂY NINH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ KHOA HỌC VÀ CÔNG NGHỆ Độc lập - Tự do - Hạnh phúc', '80', 'TỈNH TÂY NINH', null],
    ['ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH HÀ NAM Độc lập - Tự do - Hạnh phúc', '37', 'TỈNH HÀ NAM', '35'],
    // only the place-and-date line
    ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nTây Ninh, ngày 10 tháng 6 năm 2025', '80', 'Tây Ninh', null],
    ['Độc lập - Tự do - Hạnh phúc Thừa Thiên Huế, ngày 3 tháng 4 năm 2024', '46', 'Thừa Thiên Huế', '46'],
    ['Độc lập - Tự do - Hạnh phúc\nThành phố Hồ Chí Minh, ngày 01 tháng 7 năm 2025', '79', 'Thành phố Hồ Chí Minh', null],
    ['SỞ KHOA HỌC VÀ CÔNG NGHỆ\nHà Nội, ngày 10/6/2025', '01', 'Hà Nội', null],
  ])('%s', (header, code, evidence, oldCode) => {
    const m = findReportingProvince(header);
    expect(m).toEqual({ code, evidence, oldCode });
    expect(header).toContain(m!.evidence);
  });

  it.each([
    ['the national motto', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc'],
    ['the ministry', 'BỘ KHOA HỌC VÀ CÔNG NGHỆ'],
    ['a province in running text without a date line', 'Sở phối hợp với các đơn vị của Bình Dương'],
    ['a blank', ''],
  ])('nothing from %s', (_name, header) => {
    expect(findReportingProvince(header)).toBeNull();
  });

  it('prefers the issuing body over a date line naming another place', () => {
    expect(findReportingProvince('UBND TỈNH LONG AN\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\nTây Ninh, ngày 1 tháng 7 năm 2025')?.code).toBe('80');
    expect(findReportingProvince('UBND TỈNH BẮC GIANG\nHà Nội, ngày 1 tháng 7 năm 2025')).toEqual({ code: '24', evidence: 'TỈNH BẮC GIANG', oldCode: '24' });
  });
});

// ---------------------------------------------------------------------------
// Numbers and dates

describe('findDocumentNumber', () => {
  it.each([
    ['Số: 215/BC-SKHCN', '215/BC-SKHCN'],
    ['Số 215/BC-SKHCN', '215/BC-SKHCN'],
    ['Số: 15 /BC-SKHCN', '15/BC-SKHCN'],
    ['Số:215/BC-KHCN', '215/BC-KHCN'],
    ['SỐ: 215/BC-SKHCN', '215/BC-SKHCN'],
    ['Số: 215 / BC - SKHCN', '215/BC-SKHCN'],
    ['Số: 1234/BC-UBND', '1234/BC-UBND'],
    ['Số: 45/BC-SKHCN-QLKH.', '45/BC-SKHCN-QLKH'],
    ['SỞ KHOA HỌC VÀ CÔNG NGHỆ Số: 215/BC-SKHCN Tây Ninh, ngày 10 tháng 6 năm 2025', '215/BC-SKHCN'],
    ['Số:    /BC-SKHCN', null],
    ['Số: ......./BC-SKHCN', null],
    ['Số:', null],
    ['Thực hiện Công văn số 1234/BKHCN-VP', null],
    ['', null],
  ])('%s -> %s', (text, expected) => {
    expect(findDocumentNumber(text)).toBe(expected);
  });
});

describe('findIssueDate', () => {
  it.each([
    ['Tây Ninh, ngày 10 tháng 6 năm 2025', '2025-06-10'],
    ['Tây Ninh, ngày 05 tháng 01 năm 2025', '2025-01-05'],
    ['Hà Nội, ngày 10/6/2025', '2025-06-10'],
    ['Hà Nội, ngày 29/02/2024', '2024-02-29'],
    ['Hà Nội, ngày 29/02/2025', null],
    ['Tây Ninh, ngày    tháng 6 năm 2025', null],
    ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Tây Ninh, ngày 10 tháng 6 năm 2025', '2025-06-10'],
  ])('%s -> %s', (text, expected) => {
    expect(findIssueDate(text)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------
// Whole documents

describe('classifyDocument', () => {
  const tableHeader = table([
    [
      'ỦY BAN NHÂN DÂN TỈNH TÂY NINH SỞ KHOA HỌC VÀ CÔNG NGHỆ Số: 215/BC-SKHCN',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Tây Ninh, ngày 10 tháng 6 năm 2025',
    ],
  ]);

  it('a DOCX report with a 2-column table header', () => {
    const c = classifyDocument(doc([tableHeader, ...TITLE_H1, ...BODY_OTHER_PROVINCE], PAGE_2));
    expect(c).toEqual({
      provinceCode: '80',
      provinceEvidence: 'TỈNH TÂY NINH',
      period: { kind: 'half', start: '2024-12-15', end: '2025-06-14', label: '6 tháng đầu năm 2025', key: '2025-H1' },
      reportKind: 'periodic',
      number: '215/BC-SKHCN',
      issuedOn: '2025-06-10',
      documentType: 'bao_cao',
      issuer: { name: 'Sở Khoa học và Công nghệ tỉnh Tây Ninh', kind: 'so_khcn' },
      issueYear: 2025,
      signedAt: null,
      headerConfidence: { documentType: 0.97, issuer: 0.95, number: 1, date: 1, signedAt: null, province: 0.98 },
      marks: [],
      scope: 'report',
      scopeReason: 'a report of the Department of Science and Technology',
      warnings: [],
    });
  });

  it('a header table split over two rows', () => {
    const c = classifyDocument(
      doc([
        table([
          ['UBND TỈNH TÂY NINH SỞ KHOA HỌC VÀ CÔNG NGHỆ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc'],
          ['Số: 215/BC-SKHCN', 'Tây Ninh, ngày 10 tháng 6 năm 2025'],
        ]),
        ...TITLE_H1,
      ]),
    );
    expect(c).toMatchObject({ provinceCode: '80', number: '215/BC-SKHCN', issuedOn: '2025-06-10', reportKind: 'periodic' });
    expect(c.period?.key).toBe('2025-H1');
  });

  it('a PDF report whose parser merged the two header columns', () => {
    const c = classifyDocument(
      doc(
        [
          p('ỦY BAN NHÂN DÂN TỈNH TÂY NINH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'),
          p('SỞ KHOA HỌC VÀ CÔNG NGHỆ Độc lập - Tự do - Hạnh phúc'),
          p('Số: 15 /BC-SKHCN Tây Ninh, ngày 10 tháng 6 năm 2025'),
          ...TITLE_H1,
          ...BODY_OTHER_PROVINCE,
        ],
        PAGE_2,
      ),
    );
    expect(c).toMatchObject({
      provinceCode: '80',
      provinceEvidence: 'TỈNH TÂY NINH',
      reportKind: 'periodic',
      number: '15/BC-SKHCN',
      issuedOn: '2025-06-10',
    });
    expect(c.period?.key).toBe('2025-H1');
  });

  it('a merged header where the province is on the second line of the left column', () => {
    const c = classifyDocument(
      doc([
        p('ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'),
        p('THÀNH PHỐ ĐÀ NẴNG Độc lập - Tự do - Hạnh phúc'),
        p('SỞ KHOA HỌC VÀ CÔNG NGHỆ'),
        p('Số:    /BC-SKHCN Đà Nẵng, ngày   tháng 9 năm 2025'),
        h('BÁO CÁO'),
        p('Tình hình thực hiện nhiệm vụ quý III/2025'),
        p('Kính gửi: Ủy ban nhân dân thành phố'),
      ]),
    );
    expect(c).toEqual({
      provinceCode: '48',
      provinceEvidence: 'THÀNH PHỐ ĐÀ NẴNG',
      period: { kind: 'quarter', start: '2025-06-15', end: '2025-09-14', label: 'quý III/2025', key: '2025-Q3' },
      reportKind: 'periodic',
      number: null,
      issuedOn: null,
      documentType: 'bao_cao',
      issuer: { name: 'Sở Khoa học và Công nghệ thành phố Đà Nẵng', kind: 'so_khcn' },
      // A draft: the number and the day are blank, the year is printed.
      issueYear: 2025,
      signedAt: null,
      headerConfidence: { documentType: 0.97, issuer: 0.95, number: null, date: null, signedAt: null, province: 0.98 },
      marks: [],
      scope: 'report',
      scopeReason: 'a report of the Department of Science and Technology',
      warnings: [],
    });
  });

  it('"BÁO CÁO" on the same PDF line as the end of the header', () => {
    const c = classifyDocument(
      doc([
        p('SỞ KH&CN TP. HỒ CHÍ MINH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc'),
        p('Số: 88/BC-SKHCN Thành phố Hồ Chí Minh, ngày 20 tháng 12 năm 2025 BÁO CÁO Tổng kết công tác năm 2025 và kế hoạch năm 2026'),
        p('Kính gửi: Bộ Khoa học và Công nghệ'),
      ]),
    );
    expect(c).toMatchObject({ provinceCode: '79', provinceEvidence: 'TP. HỒ CHÍ MINH', number: '88/BC-SKHCN', issuedOn: '2025-12-20', reportKind: 'periodic' });
    expect(c.period).toEqual({ kind: 'year', start: '2024-12-15', end: '2025-12-14', label: 'năm 2025', key: '2025' });
  });

  it.each([
    ['UBND TỈNH QUẢNG BÌNH', 'Quảng Bình', '44', 'TỈNH QUẢNG BÌNH'],
    ['UBND TỈNH BÌNH DƯƠNG', 'Bình Dương', '79', 'TỈNH BÌNH DƯƠNG'],
    ['UỶ BAN NHÂN DÂN TỈNH BẮC GIANG', 'Bắc Giang', '24', 'TỈNH BẮC GIANG'],
    ['UBND TỈNH THỪA THIÊN HUẾ', 'Thừa Thiên Huế', '46', 'TỈNH THỪA THIÊN HUẾ'],
    ['UBND TỈNH BÀ RỊA - VŨNG TÀU', 'Bà Rịa - Vũng Tàu', '79', 'TỈNH BÀ RỊA - VŨNG TÀU'],
    ['ubnd tỉnh hoà bình', 'Hòa Bình', '25', 'tỉnh hoà bình'],
  ])('a pre-2025 report: %s -> %s', (left, place, code, evidence) => {
    const c = classifyDocument(
      doc([
        table([
          [
            `${left} SỞ KHOA HỌC VÀ CÔNG NGHỆ Số: 301/BC-SKHCN`,
            `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ${place}, ngày 12 tháng 12 năm 2024`,
          ],
        ]),
        h('BÁO CÁO'),
        p('Tổng kết công tác năm 2024 và kế hoạch năm 2025'),
        p('Kính gửi: Bộ Khoa học và Công nghệ'),
        p('Năm 2024, Sở phối hợp với tỉnh Quảng Trị và TP. Hồ Chí Minh ...'),
      ]),
    );
    expect(c).toMatchObject({ provinceCode: code, provinceEvidence: evidence, number: '301/BC-SKHCN', issuedOn: '2024-12-12', reportKind: 'periodic' });
    expect(c.period).toEqual({ kind: 'year', start: '2023-12-15', end: '2024-12-14', label: 'năm 2024', key: '2024' });
  });

  it('falls back to the place-and-date line when the header names no province', () => {
    const c = classifyDocument(
      doc([
        p('SỞ KHOA HỌC VÀ CÔNG NGHỆ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'),
        p('Độc lập - Tự do - Hạnh phúc'),
        p('Số: 12/BC-SKHCN'),
        p('Cần Thơ, ngày 15 tháng 5 năm 2025'),
        h('BÁO CÁO'),
        p('Kết quả công tác tháng 5/2025'),
      ]),
    );
    expect(c).toMatchObject({ provinceCode: '92', provinceEvidence: 'Cần Thơ', number: '12/BC-SKHCN', issuedOn: '2025-05-15', reportKind: 'periodic' });
    expect(c.period).toEqual({ kind: 'month', start: '2025-04-15', end: '2025-05-14', label: 'tháng 5/2025', key: '2025-M05' });
  });

  it('falls back to a place-and-date line placed after the title', () => {
    const c = classifyDocument(
      doc([
        p('SỞ KHOA HỌC VÀ CÔNG NGHỆ'),
        h('BÁO CÁO'),
        p('Kết quả công tác tháng 5/2025'),
        p('Kính gửi: Bộ Khoa học và Công nghệ'),
        p('Tại Hải Phòng, ngày 3/5/2025 Sở đã tổ chức hội nghị.'),
        p('Hải Phòng, ngày 15 tháng 5 năm 2025'),
      ]),
    );
    expect(c).toMatchObject({ provinceCode: '31', provinceEvidence: 'Hải Phòng', issuedOn: '2025-05-15' });
  });

  it('never takes a province from the body only', () => {
    const c = classifyDocument(
      doc(
        [p('SỞ KHOA HỌC VÀ CÔNG NGHỆ'), h('BÁO CÁO'), p('Kết quả công tác năm 2024'), p('Kính gửi: Bộ Khoa học và Công nghệ'), ...BODY_OTHER_PROVINCE],
        PAGE_2,
      ),
    );
    expect(c.provinceCode).toBeNull();
    expect(c.provinceEvidence).toBeNull();
    expect(c.period?.key).toBe('2024');
  });

  it('a statistical report (form code)', () => {
    const c = classifyDocument(
      doc([
        table([['UBND TỈNH LÂM ĐỒNG SỞ KHOA HỌC VÀ CÔNG NGHỆ', 'Biểu 01/KHCN-TC Ban hành kèm theo Thông tư 15/2018/TT-BKHCN']]),
        h('BÁO CÁO THỐNG KÊ CƠ SỞ VỀ KHOA HỌC VÀ CÔNG NGHỆ'),
        p('Tổ chức khoa học và công nghệ năm 2024'),
        p('Đơn vị tính: tổ chức'),
      ]),
    );
    expect(c.reportKind).toBe('statistical');
    expect(c.provinceCode).toBe('68');
    expect(c.period).toEqual({ kind: 'year', start: '2024-01-01', end: '2024-12-31', label: 'năm 2024', key: '2024' });
  });

  it('a statistical form without "BÁO CÁO" title', () => {
    const c = classifyDocument(
      doc([p('Biểu số 05/KHCN-NL'), p('Đơn vị báo cáo: Sở KH&CN tỉnh Gia Lai'), p('NHÂN LỰC KHOA HỌC VÀ CÔNG NGHỆ'), p('Có đến ngày 31/12 năm 2024')]),
    );
    expect(c.reportKind).toBe('statistical');
    expect(c.provinceCode).toBe('52');
    expect(c.period).toEqual({ kind: 'as_of', start: '2024-12-31', end: '2024-12-31', label: 'đến ngày 31/12/2024', key: '2024-12-31' });
  });

  it.each([
    ['BÁO CÁO CHUYÊN ĐỀ', 'Về phát triển thị trường khoa học và công nghệ giai đoạn 2021-2025', 'thematic', '2021-2025', '2021-01-01', '2025-12-31'],
    ['BÁO CÁO ĐỘT XUẤT', 'Tình hình khắc phục sự cố bức xạ tháng 5/2025', 'adhoc', '2025-M05', '2025-05-01', '2025-05-31'],
    ['BÁO CÁO', 'Tình hình thực hiện nhiệm vụ 9 tháng năm 2024', 'periodic', '2024-9M', '2023-12-15', '2024-09-14'],
    ['BÁO CÁO', 'Về hoạt động chuyển đổi số của tỉnh', 'unknown', null, null, null],
    ['BÁO CÁO', 'Tổng kết giai đoạn 2021 - 2025', 'unknown', '2021-2025', '2021-01-01', '2025-12-31'],
  ])('%s %s -> %s', (t1, t2, kind, key, start, end) => {
    const c = classifyDocument(doc([tableHeader, h(t1), p(t2), p('Kính gửi: Bộ Khoa học và Công nghệ.')]));
    expect(c.reportKind).toBe(kind);
    expect(c.period?.key ?? null).toBe(key);
    expect(c.period?.start ?? null).toBe(start);
    expect(c.period?.end ?? null).toBe(end);
  });

  it('a single-block title with the plan period after "phương hướng"', () => {
    const c = classifyDocument(
      doc([
        tableHeader,
        h('BÁO CÁO Kết quả hoạt động khoa học và công nghệ 6 tháng đầu năm 2025 và phương hướng, nhiệm vụ 6 tháng cuối năm 2025'),
        p('Kính gửi: Bộ Khoa học và Công nghệ.'),
      ]),
    );
    expect(c.period?.key).toBe('2025-H1');
  });

  it('falls back to the first period on the first page when the title has none', () => {
    const c = classifyDocument(
      doc([tableHeader, h('BÁO CÁO'), p('Về hoạt động khoa học và công nghệ'), p('Kính gửi: Bộ Khoa học và Công nghệ.'), p('Trong quý III/2025, Sở đã ...')]),
    );
    expect(c.period?.key).toBe('2025-Q3');
    expect(c.reportKind).toBe('unknown');
    expect(c.period?.start).toBe('2025-07-01');
  });

  it('an empty document', () => {
    expect(classifyDocument({ mediaType: 'application/pdf', pages: [], warnings: [] })).toEqual({
      provinceCode: null,
      provinceEvidence: null,
      period: null,
      reportKind: 'unknown',
      number: null,
      issuedOn: null,
      documentType: 'unknown',
      issuer: null,
      issueYear: null,
      signedAt: null,
      headerConfidence: { documentType: null, issuer: null, number: null, date: null, signedAt: null, province: null },
      marks: [],
      scope: 'report',
      scopeReason: 'document type not read: treated as a report',
      warnings: [],
    });
  });
});
