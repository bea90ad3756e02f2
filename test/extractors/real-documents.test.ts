// Real public documents of Vietnamese provincial authorities (../shared/real-docs/files, where
// they came from: SOURCES.md there): letters, notices, directives, decisions, submissions and two
// reports of a People's Committee, scanned after signing with numbers and days written in by
// hand, incoming-mail stamps, "HỎA TỐC" marks, digital-signature stamps, and two PDFs whose
// text layer an old scanner's OCR wrote without Vietnamese. None is an S&T report.
//
// The expectations below were read by eye from the page images (pdftoppm -r 150, and crops of
// the header at 300-800 dpi for the hand-written digits), not from any program's output.
//
// Each document is read once, with OCR limited to its first page (ocr.maxPages = 1): the header
// is there, and it keeps the file to about a second of OCR per document.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseReport, type ReportAnalysis } from '../../extractors/analyse.ts';
import { createOcrEngine, type OcrEngine } from '../../extractors/parse/ocr/index.ts';

/** `../shared/real-docs/files` beside the repository; BAOCAO_REAL_DOCS names another place (a worktree elsewhere). */
const DIR = process.env.BAOCAO_REAL_DOCS ?? resolve(import.meta.dirname, '..', '..', '..', 'shared', 'real-docs', 'files');
const present = existsSync(DIR);
if (!present) console.warn(`test/extractors/real-documents.test.ts skipped: ${DIR} is absent (set BAOCAO_REAL_DOCS to the folder of the real documents)`);

interface Expected {
  type: string;
  issuer: string;
  number: string | null;
  date: string;
  province: string;
  signedAt: string | null;
  scope: 'not_a_report' | 'out_of_scope';
  /** What the header shows that a reader must cope with. */
  note: string;
}

// The 20 documents (the Đà Nẵng letter 1906 is two page images: its first page stands for it).
const EXPECTED: Record<string, Expected> = {
  'caobang_H14.1999.1180.ND.001.020_20250517_050647.pdf': {
    type: 'quyet_dinh',
    issuer: 'ubnd_tinh',
    number: '157/QĐ-NĐ-UB',
    date: '1999-02-22',
    province: '04',
    signedAt: null,
    scope: 'not_a_report',
    note: 'yellowed 1999 archive scan, no text layer; pages 3-5 are the attached dossier',
  },
  'danang_1_SGDDT-CTrTT_2019_badtextlayer.pdf': {
    type: 'cong_van',
    issuer: 'so_khac',
    number: '1595/SGDĐT-CTrTT',
    date: '2019-05-31',
    province: '48',
    signedAt: null,
    scope: 'not_a_report',
    note: 'text layer without Vietnamese; number and day written by hand',
  },
  'danang_3_UBND-SGDDT_2023_saoy.pdf': {
    type: 'cong_van',
    issuer: 'ubnd_tinh',
    number: '5710/UBND-SGDĐT',
    date: '2023-10-18',
    province: '48',
    signedAt: '2023-10-19T10:56:22+07:00',
    scope: 'not_a_report',
    note: '"SAO Y" certified copy: garbled text layer, watermark, number and day by hand',
  },
  'danang_4_1_v0_original.jpg': {
    type: 'cong_van',
    issuer: 'so_khac',
    number: '1906/SGDĐT-CTrTT',
    date: '2020-07-26',
    province: '48',
    signedAt: null,
    scope: 'not_a_report',
    note: 'photo of page 1 (JPEG)',
  },
  'qngai_05.signed_20250517_044750.pdf': {
    type: 'thong_bao',
    issuer: 'ubnd_tinh',
    number: '11/TB-UBND',
    date: '2025-01-08',
    province: '51',
    signedAt: '2025-01-09T10:21:11+07:00',
    scope: 'not_a_report',
    note: 'Word PDF: number and day are in signature fields',
  },
  'qngai_11CT_20250510_124908.pdf': {
    type: 'chi_thi',
    issuer: 'ubnd_tinh',
    number: '11/CT-UBND',
    date: '2021-05-11',
    province: '51',
    signedAt: '2021-05-11T11:26:39+07:00',
    scope: 'not_a_report',
    note: 'scan; number and day by hand',
  },
  'qngai_16CT.signed_20250510_124909.pdf': {
    type: 'chi_thi',
    issuer: 'ubnd_tinh',
    number: '16/CT-UBND',
    date: '2021-12-27',
    province: '51',
    signedAt: '2021-12-27T17:22:11+07:00',
    scope: 'not_a_report',
    note: 'scan, 10 pages; number and day by hand',
  },
  'qngai_22_TTR.signed_20250510_124908.pdf': {
    type: 'to_trinh',
    issuer: 'ubnd_tinh',
    number: '22/TTr-UBND',
    date: '2025-02-05',
    province: '51',
    signedAt: '2025-02-08T14:42:41+07:00',
    scope: 'not_a_report',
    note: 'scan; amounts in triệu đồng; a draft resolution attached',
  },
  'qngai_2352_07-CT-UBND.signed_20250221_092046.pdf': {
    type: 'chi_thi',
    issuer: 'ubnd_tinh',
    number: '07/CT-UBND',
    date: '2018-03-20',
    province: '51',
    signedAt: '2018-03-21T16:41:00+07:00',
    scope: 'not_a_report',
    note: '"CV ĐẾN Số: 2352 Ngày: 21/3/18" incoming-mail stamp over the text',
  },
  'qngai_23BC.signed_20250510_124908.pdf': {
    type: 'bao_cao',
    issuer: 'ubnd_tinh',
    number: '23/BC-UBND',
    date: '2025-01-23',
    province: '51',
    signedAt: '2025-01-24T14:23:43+07:00',
    scope: 'out_of_scope',
    note: 'a report on administrative reform, with numbers',
  },
  'qngai_2770_08-CT-UBND.signed_20250220_102437.pdf': {
    type: 'chi_thi',
    issuer: 'ubnd_tinh',
    number: '08/CT-UBND',
    date: '2018-04-03',
    province: '51',
    signedAt: '2018-04-04T14:21:14+07:00',
    scope: 'not_a_report',
    note: '"CV ĐẾN Số: 2770" stamp, low-resolution scan',
  },
  'qngai_280_BC.signed_20250219_164611.pdf': {
    type: 'bao_cao',
    issuer: 'ubnd_tinh',
    number: '280/BC-UBND',
    date: '2024-11-22',
    province: '51',
    signedAt: '2024-11-26T10:40:48+07:00',
    scope: 'out_of_scope',
    note: 'a report on budget estimates; "280" by hand (OCR: "980")',
  },
  'qngai_299_UB.signed_20250510_124908.pdf': {
    type: 'cong_van',
    issuer: 'ubnd_tinh',
    number: '299/UBND-TTHC',
    date: '2025-01-15',
    province: '51',
    signedAt: '2025-01-15T17:10:17+07:00',
    scope: 'not_a_report',
    note: 'red "HỎA TỐC" stamp; "299" by hand (OCR: "892")',
  },
  'qngai_46_TB.signed_20250510_123557.pdf': {
    type: 'thong_bao',
    issuer: 'ubnd_tinh',
    number: '46/TB-UBND',
    date: '2025-01-24',
    province: '51',
    signedAt: '2025-01-26T11:12:09+07:00',
    scope: 'not_a_report',
    note: 'stamp and header run together in OCR',
  },
  'qngai_53_TB.signed_20250510_124908.pdf': {
    type: 'thong_bao',
    issuer: 'ubnd_tinh',
    number: '53/TB-UBND',
    date: '2025-02-07',
    province: '51',
    signedAt: '2025-02-07T17:12:11+07:00',
    scope: 'not_a_report',
    note: 'page 2 blank, scanned upside down',
  },
  'qngai_574_UB.signed_20250510_124908.pdf': {
    type: 'cong_van',
    issuer: 'ubnd_tinh',
    number: '574/UBND-KTTH',
    date: '2025-02-04',
    province: '51',
    signedAt: '2025-02-04T16:42:36+07:00',
    scope: 'not_a_report',
    note: 'number and day by hand',
  },
  'qngai_660TBUB.signed_20250219_234149.pdf': {
    type: 'thong_bao',
    issuer: 'ubnd_tinh',
    number: '660/TB-UBND',
    date: '2024-12-31',
    province: '51',
    signedAt: '2025-01-17T08:56:09+07:00',
    scope: 'not_a_report',
    note: 'counts of houses and amounts',
  },
  'qngai_bnt_-_BTTTT_-_Gop_y_du_thao_sua_doi_bo_sung_Chuong_trinh_VTCI.signed_20250510_124909.pdf': {
    type: 'cong_van',
    issuer: 'ubnd_tinh',
    number: '507/UBND-KGVX',
    date: '2025-01-24',
    province: '51',
    signedAt: '2025-01-24T20:01:14+07:00',
    scope: 'not_a_report',
    note: 'a letter on public-utility telecom, to the Sở TT&TT: a letter, not a report',
  },
  'qngai_vht507.signed_20250510_124909.pdf': {
    type: 'thong_bao',
    issuer: 'ubnd_tinh',
    number: '542/TB-UBND',
    date: '2024-11-06',
    province: '51',
    signedAt: '2024-11-06T09:27:05+07:00',
    scope: 'not_a_report',
    note: 'Word PDF, number in a signature field',
  },
  'qngai_vht534.signed_20250510_124908.pdf': {
    type: 'thong_bao',
    issuer: 'ubnd_tinh',
    number: '565/TB-UBND',
    date: '2024-11-15',
    province: '51',
    signedAt: '2024-11-18T07:25:14+07:00',
    scope: 'not_a_report',
    note: 'Word PDF, many numbers in the text',
  },
};
/** Page 2 of the 1906 letter, alone: no header at all. Nothing may be invented for it. */
const HEADERLESS = 'danang_4_2_v0_original.jpg';

let engine: OcrEngine;
const read = new Map<string, ReportAnalysis>();

describe.skipIf(!present)('the real documents', () => {
  beforeAll(async () => {
    expect(
      readdirSync(DIR)
        .filter((f) => /\.(pdf|jpg)$/.test(f))
        .sort(),
    ).toEqual([...Object.keys(EXPECTED), HEADERLESS].sort());
    engine = await createOcrEngine();
    // As many documents at a time as the engine has workers: each has one page to OCR.
    const queue = [...Object.keys(EXPECTED), HEADERLESS];
    const lane = async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        read.set(file, await analyseReport(new Uint8Array(readFileSync(resolve(DIR, file))), { ocr: { engine: async () => engine, maxPages: 1 } }));
      }
    };
    await Promise.all(Array.from({ length: engine.workers }, lane));
  }, 900_000);
  afterAll(() => engine?.close());

  const rows = () => Object.entries(EXPECTED).map(([file, e]) => ({ file, e, c: read.get(file)!.classification }));

  it('tells the document type on at least 19 of 20 documents', () => {
    const wrong = rows()
      .filter(({ e, c }) => c.documentType !== e.type)
      .map(({ file, e, c }) => `${file}: ${c.documentType}, expected ${e.type}`);
    expect(wrong.length, wrong.join('\n')).toBeLessThanOrEqual(1);
  });

  it('finds the province on at least 19 of 20 documents', () => {
    const wrong = rows()
      .filter(({ e, c }) => c.provinceCode !== e.province)
      .map(({ file, e, c }) => `${file}: ${c.provinceCode}, expected ${e.province}`);
    expect(wrong.length, wrong.join('\n')).toBeLessThanOrEqual(1);
  });

  it('reads the year of issue on at least 19 of 20 documents', () => {
    const wrong = rows()
      .filter(({ e, c }) => c.issueYear !== Number(e.date.slice(0, 4)))
      .map(({ file, e, c }) => `${file}: ${c.issueYear}, expected ${e.date.slice(0, 4)}`);
    expect(wrong.length, wrong.join('\n')).toBeLessThanOrEqual(1);
  });

  it('never presents a wrong number or date as read: each is right, or null', () => {
    for (const { file, e, c } of rows()) {
      if (c.number !== null) expect(c.number, file).toBe(e.number);
      if (c.issuedOn !== null) expect(c.issuedOn, file).toBe(e.date);
    }
    // The text PDFs carry both in their signature fields: read exactly.
    for (const file of [
      'qngai_05.signed_20250517_044750.pdf',
      'qngai_vht507.signed_20250510_124909.pdf',
      'qngai_vht534.signed_20250510_124908.pdf',
      'qngai_bnt_-_BTTTT_-_Gop_y_du_thao_sua_doi_bo_sung_Chuong_trinh_VTCI.signed_20250510_124909.pdf',
    ]) {
      const c = read.get(file)!.classification;
      expect([c.number, c.issuedOn, c.headerConfidence?.number], file).toEqual([EXPECTED[file]!.number, EXPECTED[file]!.date, 1]);
    }
    // A number written by hand that OCR misread ("280" as "980", "299" as "892") is left empty, and the warning says what OCR saw.
    for (const [file, seen] of [
      ['qngai_280_BC.signed_20250219_164611.pdf', '980'],
      ['qngai_299_UB.signed_20250510_124908.pdf', '892'],
    ] as const) {
      const c = read.get(file)!.classification;
      expect(c.number, file).toBeNull();
      expect(c.warnings?.map((w) => w.message).join('\n'), file).toContain(seen);
    }
  });

  it('names the issuer and keeps the signing time of the digital-signature stamp apart from the header', () => {
    for (const { file, e, c } of rows()) {
      expect(c.issuer?.kind, file).toBe(e.issuer);
      expect(c.signedAt ?? null, file).toBe(e.signedAt);
    }
    // Never the stamp's time for the document's date, nor its words for the title.
    expect(read.get('qngai_23BC.signed_20250510_124908.pdf')!.classification.issuedOn).not.toBe('2025-01-24');
  });

  it('does not take the incoming-mail stamp for the document number', () => {
    for (const file of ['qngai_2352_07-CT-UBND.signed_20250221_092046.pdf', 'qngai_2770_08-CT-UBND.signed_20250220_102437.pdf']) {
      const c = read.get(file)!.classification;
      expect(c.number ?? '', file).not.toMatch(/^(2352|2770)\b/);
      expect(c.issuedOn ?? '', file).not.toMatch(/-0[34]-(21|04)$/);
    }
  });

  it('reads both lying text layers by OCR, with a warning naming the page, never mixing the two texts', () => {
    for (const file of ['danang_1_SGDDT-CTrTT_2019_badtextlayer.pdf', 'danang_3_UBND-SGDDT_2023_saoy.pdf']) {
      const { parsed } = read.get(file)!;
      expect(parsed.pages[0]!.source, file).toBe('ocr');
      expect(
        parsed.warnings.some((w) => w.code === 'text_layer_replaced' && w.page === 1 && /^page 1: the text layer does not read as Vietnamese/.test(w.message)),
        file,
      ).toBe(true);
      // Pages past the OCR limit are left empty rather than believed.
      for (const page of parsed.pages.slice(1)) expect(page.blocks, `${file} p${page.number}`).toEqual([]);
      const text = parsed.pages.flatMap((p) => p.blocks.map((b) => b.text)).join('\n');
      expect(text, file).not.toMatch(/CONG Hcok|HQI CHiJ|CilU NGHIA/);
      expect(text, file).toMatch(/CỘNG HOÀ XÃ HỘI CHỦ NGHĨA|Độc lập/);
    }
  });

  it('extracts nothing from letters, notices and reports on other subjects, and says why', () => {
    for (const { file, e, c } of rows()) {
      expect(c.scope, file).toBe(e.scope);
      expect(c.scopeReason, file).toMatch(
        e.scope === 'out_of_scope' ? /^a report of .* on another subject/ : new RegExp(`^a [^(]+ \\(${e.type}\\), not a report`),
      );
      expect(read.get(file)!.values, file).toEqual([]);
    }
  });

  it('invents nothing for a page with no header', () => {
    const { classification: c, values } = read.get(HEADERLESS)!;
    expect([c.documentType, c.number, c.issuedOn, c.issueYear, c.provinceCode, c.issuer]).toEqual(['unknown', null, null, null, null, null]);
    expect(values.filter((v) => v.status === 'auto_accepted')).toEqual([]);
  });
});
