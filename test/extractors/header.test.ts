// Reading the header of an administrative document: type, issuer, number, date, signature
// stamps, incoming-mail stamps, urgency marks, and what is left empty on a scan rather than
// guessed. The OCR pages below carry their words' confidence as tesseract reports them; the
// shapes of the misreadings ("Số:⁄44", "ngày‡#", "Số:980") are those of the real scans in
// ../shared/real-docs (see test/extractors/real-documents.test.ts).
import { describe, expect, it } from 'vitest';
import { classifyDocument } from '../../extractors/classify.ts';
import { typeOfSymbol } from '../../extractors/document-types.ts';
import { readHeader } from '../../extractors/header.ts';
import { decideScope } from '../../extractors/scope.ts';
import { findUrgency, looksLikeIncomingStamp, looksLikeSignatureStamp, readSignatureStamp, stampTime } from '../../extractors/stamps.ts';
import type { Block, ParsedDocument } from '../../extractors/types.ts';

function textDoc(lines: string[], stamps?: string[]): ParsedDocument {
  return {
    mediaType: 'application/pdf',
    pages: [{ number: 1, source: 'text', blocks: lines.map((text) => ({ kind: 'paragraph', page: 1, text })), ...(stamps ? { stamps } : {}) }],
    warnings: [],
  };
}

/** An OCR page: each line a block whose words carry a confidence ("word:0.42"; 0.95 when none is given). */
function ocrDoc(lines: string[], stamps?: string[]): ParsedDocument {
  const blocks: Block[] = lines.map((line) => {
    const words = line.split(' ').map((w) => {
      const m = /^(.*):(\d\.\d+)$/.exec(w);
      return m ? { text: m[1]!, confidence: Number(m[2]) } : { text: w, confidence: 0.95 };
    });
    return { kind: 'paragraph', page: 1, text: words.map((w) => w.text).join(' '), words };
  });
  return { mediaType: 'application/pdf', pages: [{ number: 1, source: 'ocr', ocrConfidence: 0.92, blocks, ...(stamps ? { stamps } : {}) }], warnings: [] };
}

const QN_HEADER = ['ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'TỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc'];

describe('document types (Nghị định 30/2020/NĐ-CP)', () => {
  it.each([
    ['BC-UBND', 'bao_cao'],
    ['TB-UBND', 'thong_bao'],
    ['CT-UBND', 'chi_thi'],
    ['CTr-UBND', 'chuong_trinh'],
    ['TTr-UBND', 'to_trinh'],
    ['QĐ-NĐ-UB', 'quyet_dinh'],
    ['QD-UBND', 'quyet_dinh'],
    ['UB-QĐ-NĐ', 'quyet_dinh'],
    ['KH-SKHCN', 'ke_hoach'],
    ['UBND-KGVX', 'cong_van'],
    ['SGDĐT-CTrTT', 'cong_van'],
    ['SKHCN-QLKH', 'cong_van'],
    ['', null],
  ])('the symbol %s names %s', (symbol, type) => {
    expect(typeOfSymbol(symbol)).toBe(type);
  });
});

describe('signature stamps and other marks', () => {
  it.each([
    ['TRUNG TÂM CÔNG BÁO VÀ TIN HỌC ttcbth@quangngai.gov.vn 24.01.2025 20:06:24 +07:00', 'TRUNG TÂM CÔNG BÁO VÀ TIN HỌC', '2025-01-24T20:06:24+07:00'],
    [
      'Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi Cơ quan: Tỉnh Quảng Ngãi Thời gian ký: 24/01/2025 14:23:43',
      'Ủy ban nhân dân tỉnh Quảng Ngãi',
      '2025-01-24T14:23:43+07:00',
    ],
    ['SAO Y Ủy ban nhân dân thành phố Đà Nẵng Thời gian ký: 19/10/2023 10:56:22 +07:00', 'Ủy ban nhân dân thành phố Đà Nẵng', '2023-10-19T10:56:22+07:00'],
    ['Người ký: Trung tâm Công báo và Tin học Email: ttcbth@quangngai.gov.vn Cơ quan: Văn phòng Ủy ban Nhân dân', 'Trung tâm Công báo và Tin học', null],
  ])('%s', (text, signer, time) => {
    expect(readSignatureStamp(text)).toEqual({ signer, signedAt: time, text });
  });

  it('a signing time is a real time, in Vietnam when no offset is written', () => {
    expect(stampTime('11/05/2021 11:26:39')).toBe('2021-05-11T11:26:39+07:00');
    expect(stampTime('31/02/2021 11:26:39')).toBeNull();
    expect(stampTime('11/05/2021 25:26:39')).toBeNull();
  });

  it('a sentence about signing, or a watermark with a time, is no stamp', () => {
    expect(looksLikeSignatureStamp('Văn bản này được ký số theo quy định của pháp luật về giao dịch điện tử và có giá trị như bản gốc.')).toBe(false);
    expect(looksLikeSignatureStamp('nhanh-19/10/2023 14:41:22-nhanh-nhanh-nhanh')).toBe(false);
  });

  it('the incoming-mail stamp is told from the document number', () => {
    expect(looksLikeIncomingStamp('CV ĐẾN Số: 2352 Ngày: 21/3/18')).toBe(true);
    expect(looksLikeIncomingStamp('ĐỀN Ngay: 4.4. s4...')).toBe(true);
    expect(looksLikeIncomingStamp('Số: 07/CT-UBND Quảng Ngãi, ngày 20 tháng 3 năm 2018')).toBe(false);
  });

  it('urgency marks, never the word "khẩn trương" of a sentence', () => {
    expect(findUrgency('HỎA TỐC')).toBe('hoa_toc');
    expect(findUrgency('THƯỢNG KHẨN')).toBe('thuong_khan');
    expect(findUrgency('KHẨN')).toBe('khan');
    expect(findUrgency('yêu cầu các đơn vị khẩn trương thực hiện')).toBeNull();
  });
});

describe('the header of a text document', () => {
  it('a notice whose number and day a signing system wrote into signature fields', () => {
    const h = readHeader(
      textDoc(
        [
          ...QN_HEADER,
          'Số: 11 /TB-UBND Quảng Ngãi, ngày 08 tháng 01 năm 2025',
          'THÔNG BÁO',
          'Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp',
          'Ngày 03/01/2025, Phó Chủ tịch UBND tỉnh chủ trì họp.',
        ],
        ['TRUNG TÂM CÔNG BÁO VÀ TIN HỌC ttcbth@quangngai.gov.vn 09.01.2025 10:21:11 +07:00'],
      ),
    );
    expect(h).toMatchObject({
      documentType: 'thong_bao',
      issuer: { name: 'Ủy ban nhân dân tỉnh Quảng Ngãi', kind: 'ubnd_tinh' },
      number: '11/TB-UBND',
      date: '2025-01-08',
      year: 2025,
      provinceCode: '51',
      signedAt: '2025-01-09T10:21:11+07:00',
      warnings: [],
    });
    expect(h.confidence).toMatchObject({ documentType: 0.97, number: 1, date: 1, signedAt: 1 });
  });

  it('a letter (công văn): no title, a symbol of issuer and unit, a "V/v" line', () => {
    const h = readHeader(
      textDoc([
        ...QN_HEADER,
        'Số: 507 /UBND-KGVX Quảng Ngãi, ngày 24 tháng 01 năm 2025',
        'V/v góp ý dự thảo Quyết định sửa đổi',
        'Kính gửi: Sở Thông tin và Truyền thông',
      ]),
    );
    expect(h).toMatchObject({ documentType: 'cong_van', number: '507/UBND-KGVX', date: '2025-01-24', subject: 'V/v góp ý dự thảo Quyết định sửa đổi' });
  });

  it('a department under its committee is the issuer', () => {
    const h = readHeader(
      textDoc([
        'UBND THÀNH PHỐ ĐÀ NẴNG CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'SỞ GIÁO DỤC VÀ ĐÀO TẠO Độc lập - Tự do - Hạnh phúc',
        'Số: 1906 /SGDĐT-CTrTT Đà Nẵng, ngày 26 tháng 7 năm 2020',
        'V/v khẩn trương thực hiện các biện pháp phòng, chống dịch',
      ]),
    );
    expect(h.issuer).toEqual({ name: 'Sở Giáo dục và Đào tạo thành phố Đà Nẵng', kind: 'so_khac' });
    expect(h.documentType).toBe('cong_van');
  });

  it('a draft: a blank number and day are null, the year is kept', () => {
    const h = readHeader(
      textDoc([...QN_HEADER, 'Số: /BC-UBND Quảng Ngãi, ngày tháng 01 năm 2025', 'BÁO CÁO', 'Tình hình thực hiện công tác cải cách thủ tục hành chính']),
    );
    expect(h).toMatchObject({ documentType: 'bao_cao', number: null, date: null, year: 2025, warnings: [] });
  });

  it('a date after the signing day was misread, and is left empty', () => {
    const h = readHeader(
      textDoc(
        [...QN_HEADER, 'Số: 23 /BC-UBND Quảng Ngãi, ngày 28 tháng 01 năm 2025', 'BÁO CÁO'],
        ['Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi Thời gian ký: 24/01/2025 14:23:43'],
      ),
    );
    expect(h.date).toBeNull();
    expect(h.warnings).toContainEqual(expect.objectContaining({ code: 'date_unsure', message: expect.stringMatching(/after its signing day 2025-01-24/) }));
  });
});

describe('the header of a scan', () => {
  const stamp = 'Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi Cơ quan: Tỉnh Quảng Ngãi Thời gian ký: 26/11/2024 10:40:48';

  it('a number and a day written by hand that OCR could not read are null, with what OCR saw', () => {
    const h = readHeader(
      ocrDoc([
        'UY BAN NHAN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'TỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc',
        'Số:⁄44:0.36 /CT-UBND:0.88',
        'Quảng Ngãi, ngày‡#:0.17 tháng 5 năm 2021',
        'CHÍ THỊ',
        'Về tăng cường chỉ đạo Kỳ thi tốt nghiệp',
      ]),
    );
    expect(h).toMatchObject({ documentType: 'chi_thi', number: null, date: null, year: 2021, provinceCode: '51' });
    expect(h.warnings).toEqual([
      { code: 'number_unread', page: 1, message: 'the document number was not read: OCR saw "Số: ⁄44/CT-UBND" (written by hand?)' },
      { code: 'date_unread', page: 1, message: 'the date of issue was not read: OCR saw "ngày ‡# tháng 5 năm 2021" (a day written by hand?)' },
    ]);
  });

  it('digits read with low confidence are not presented as read ("280" read "980")', () => {
    const h = readHeader(
      ocrDoc(
        [
          'UY BAN NHAN DÁN CỘNG HOA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
          'TINH QUANG NGAI Độc lập - Tự do - Hạnh phúc',
          'Số:980:0.25 /BC-UBND:0.92 Quảng Ngãi, ngày:0.42 Ô:0.17 tháng Ï:0.85 năm 2024',
          'BAO CAO',
          'Vệ việc điêu chỉnh dự toán ngân sách',
        ],
        [stamp],
      ),
    );
    expect(h).toMatchObject({ documentType: 'bao_cao', number: null, date: null, year: 2024, signedAt: '2024-11-26T10:40:48+07:00' });
    expect(h.warnings[0]).toEqual({
      code: 'number_unsure',
      page: 1,
      message: 'the document number was read unsure and left empty: OCR saw "980/BC-UBND" (confidence 0.25)',
    });
  });

  it('digits read surely are taken, and a symbol part OCR doubts must be known or repeated in the text', () => {
    const sure = readHeader(
      ocrDoc([
        'UBND THÀNH PHÓ ĐÀ NẴNG. CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'SỞ GIÁO DỤC VÀ ĐÀO TẠO Độc lập - Tự do - Hạnh phúc',
        'Số:1906:0.86 /SGDĐT-CTrTT:0.74 Đà Nẵng, ngày 26tháng:0.83 7 năm 2020',
        'V/v khẩn trương thực hiện',
        'Kính gửi',
        'Công văn số 1899/SGDĐT-CTrTT ngày 24/7/2020 của Sở',
      ]),
    );
    expect(sure).toMatchObject({ number: '1906/SGDĐT-CTrTT', date: '2020-07-26', provinceCode: '48' });
    // "CTrTT" misread as "CTITT", which appears nowhere else: the number is left empty.
    const doubted = readHeader(
      ocrDoc([
        'UBND THÀNH PHÓ ĐÀ NẴNG. CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'SỞ GIÁO DỤC VÀ ĐÀO TẠO Độc lập - Tự do - Hạnh phúc',
        'Số:1906:0.86 /SGDĐT-CTITT:0.74 Đà Nẵng, ngày 26tháng:0.83 7 năm 2020',
        'V/v khẩn trương thực hiện',
      ]),
    );
    expect(doubted.number).toBeNull();
    expect(doubted.warnings[0]).toMatchObject({ code: 'number_unsure', message: expect.stringMatching(/OCR saw "1906\/SGDĐT-CTITT"/) });
  });

  it("OCR of the stamp above the header is set apart: the stamp's time is not the date, its signer not the title", () => {
    const h = readHeader(
      ocrDoc(
        [
          'Ký bởi: Uy ban nhân',
          'TRUNG TÂM CÔNG BÁO VÀ TIN HỌC ttcbth@quangngai.gov.vn 24.01.2025 20:06:24 +07:00',
          'ỦY BAN NHAN DÁN CỘNG HÓA XA HỘI CHỦ NGHĨA VIỆT NAM',
          'TINH QUANG NGAI Độc lập - Tự do - Hạnh phúc',
          'Số: 23:0.64 /BC-UBND:0.75 Quảng Ngãi, ngày 3:0.18 tháng 01 năm 2025',
          'BAO CAO',
          'Tình hình, kết quả thực hiện công tác cải cách thủ tục hành chính tháng 01/2025',
        ],
        [
          'Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi Cơ quan: Tỉnh Quảng Ngãi Thời gian ký: 24/01/2025 14:23:43',
          'TRUNG TÂM CÔNG BÁO VÀ TIN HỌC ttcbth@quangngai.gov.vn 24.01.2025 20:06:24 +07:00',
        ],
      ),
    );
    expect(h).toMatchObject({ documentType: 'bao_cao', number: null, date: null, year: 2025, signedAt: '2025-01-24T14:23:43+07:00' });
    expect(h.signatures.map((s) => s.signer)).toEqual(['Ủy ban nhân dân tỉnh Quảng Ngãi', 'TRUNG TÂM CÔNG BÁO VÀ TIN HỌC']);
    expect(h.subject).toMatch(/^BAO CAO Tình hình/);
  });

  it('an incoming-mail stamp and a title OCR spelt "THOÔNG BẢO"', () => {
    const h = readHeader(
      ocrDoc([
        ...QN_HEADER,
        'Số: 53:0.95 /TB-UBND:0.91 Quảng Ngãi, ngày 07 tháng 02 năm 2025',
        'THOÔNG BẢO',
        'Về việc thụ lý giải quyết khiếu nại lần hai',
        'CV sô mm',
        'ĐỀN Ngay: 4.4. s4...',
        'Kính gửi: Bà Nguyễn Thị Bích Ngọc',
      ]),
    );
    expect(h).toMatchObject({ documentType: 'thong_bao', number: '53/TB-UBND', date: '2025-02-07', incomingStamp: true });
  });
});

describe('scope: only S&T reports become indicators', () => {
  const issuer = (kind: 'ubnd_tinh' | 'so_khcn' | 'so_tttt') => ({ name: 'x', kind });
  it.each([
    [{ documentType: 'cong_van', issuer: issuer('so_khcn'), subject: 'V/v báo cáo kết quả' }, 'not_a_report'],
    [{ documentType: 'thong_bao', issuer: issuer('ubnd_tinh'), subject: 'THÔNG BÁO Kết luận' }, 'not_a_report'],
    [{ documentType: 'bao_cao', issuer: issuer('so_khcn'), subject: 'BÁO CÁO Kết quả công tác 6 tháng' }, 'report'],
    [{ documentType: 'bao_cao', issuer: issuer('so_tttt'), subject: 'BÁO CÁO Tình hình quý III' }, 'report'],
    [{ documentType: 'bao_cao', issuer: issuer('ubnd_tinh'), subject: 'BÁO CÁO Kết quả hoạt động khoa học và công nghệ năm 2024' }, 'report'],
    [{ documentType: 'bao_cao', issuer: issuer('ubnd_tinh'), subject: 'BÁO CÁO Tình hình chuyển đổi số, bưu chính, viễn thông năm 2024' }, 'report'],
    [
      { documentType: 'bao_cao', issuer: issuer('ubnd_tinh'), subject: 'BÁO CÁO Tình hình, kết quả thực hiện công tác cải cách thủ tục hành chính' },
      'out_of_scope',
    ],
    [{ documentType: 'unknown', issuer: null, subject: '' }, 'report'],
  ] as const)('%o -> %s', (header, scope) => {
    expect(decideScope(header).scope).toBe(scope);
  });

  it('the classification carries it, for a notice of the Department of S&T full of numbers', () => {
    const c = classifyDocument(
      textDoc([
        'ỦY BAN NHÂN DÂN TỈNH TÂY NINH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'SỞ KHOA HỌC VÀ CÔNG NGHỆ Độc lập - Tự do - Hạnh phúc',
        'Số: 45/TB-SKHCN Tây Ninh, ngày 10 tháng 6 năm 2025',
        'THÔNG BÁO',
        'Kết luận của Giám đốc Sở tại cuộc họp giao ban',
        'UBND tỉnh phê duyệt 19 nhiệm vụ mới với tổng kinh phí hơn 14,2 tỷ đồng.',
      ]),
    );
    expect(c).toMatchObject({ documentType: 'thong_bao', scope: 'not_a_report', issuer: { kind: 'so_khcn' }, number: '45/TB-SKHCN' });
    expect(c.scopeReason).toBe('a thông báo (thong_bao), not a report: "THÔNG BÁO Kết luận của Giám đốc Sở tại cuộc họp giao ban"');
  });
});
