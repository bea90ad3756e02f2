// Yearbook series and DTI ranking tables, read through valuesFromTable as the extractor does.
import { describe, expect, it } from 'vitest';
import { valuesFromTable } from '../../../extractors/rules/from-table.ts';
import { resolveProvince } from '../../../extractors/provinces.ts';
import type { TableBlock, TextBlock } from '../../../extractors/types.ts';

const table = (rows: string[][]): TableBlock => ({ kind: 'table', page: 1, rows, text: rows.map((r) => r.join(' | ')).join('\n') });
const line = (text: string): TextBlock => ({ kind: 'paragraph', page: 1, text }) as TextBlock;
const read = (rows: string[][], above: string | null = null, province?: string) =>
  valuesFromTable(table(rows), null, above ? line(above) : null, 'vi', { ocr: false, ...(province ? { province } : {}) }).map((v) => [
    v.indicator,
    v.value,
    v.qualifier,
  ]);

describe('yearbook series', () => {
  const subscribers = [
    ['Năm', 'Số thuê bao điện thoại - Tổng số', 'Trong đó: Di động', 'Số thuê bao internet'],
    ['2014', '971.000', '920.000', '573.900'],
    ['2015', '1.120.000', '1.071.000', '720.000'],
    ['Sơ bộ 2016', '1.035.075', '1.004.415', '802.000'],
  ];

  it('reads the row of the latest (preliminary) year, each header naming its indicator', () => {
    expect(read(subscribers, 'Đơn vị tính: thuê bao')).toEqual([
      ['VT01', '1035075', 'estimate'],
      ['VT02', '802000', 'estimate'],
    ]);
  });

  it('reads nothing from a table of growth indices', () => {
    const index = [subscribers[0]!, ['2015', '115,35', '116,41', '125,46'], ['Sơ bộ 2016', '92', '93', '111']];
    expect(read(index, 'Chỉ số phát triển (Năm trước = 100) - %')).toEqual([]);
  });

  it('names a bare total by the unit line and its parts', () => {
    const rows = [
      ['Năm', 'Tổng số - Total', 'Di động - Mobi-phone', 'Cố định - Telephone'],
      ['2019', '2.878.034', '2.821.873', '56.161'],
      ['Sơ bộ - Prel. 2020', '2.956.208', '2.933.667', '22.541'],
    ];
    expect(read(rows, 'Đơn vị tính: Thuê bao - Subcribers')).toEqual([['VT01', '2956208', 'estimate']]);
    // Without its parts beside it, a total of subscribers could be internet's as well.
    expect(
      read(
        [
          ['Năm', 'Tổng số - Total'],
          ['2019', '2.878.034'],
          ['2020', '2.956.208'],
        ],
        'Đơn vị tính: Thuê bao',
      ),
    ).toEqual([]);
  });

  it('reads the column of the latest year in a series of columns, the total row only', () => {
    const rows = [
      ['Chỉ tiêu', '2015', '2017', '2018', '2019', 'Sơ bộ - Prel. 2020'],
      ['TỔNG SỐ - TOTAL', '73', '61', '64', '64', '62'],
      ['Tổ chức dịch vụ khoa học và công nghệ', '30', '18', '20', '20', '53'],
    ];
    expect(read(rows, 'Đơn vị tính: Tổ chức - Organization')).toEqual([['NL01', '62', 'estimate']]);
    expect(read(rows, 'Đơn vị tính: Người')).toEqual([]);
  });

  it("reads the report's year when its period is known, and nothing when the series lacks it", () => {
    const period = (year: number) => ({ kind: 'year' as const, start: `${year - 1}-12-15`, end: `${year}-12-14`, label: `năm ${year}`, key: `${year}` });
    const at = (year: number) =>
      valuesFromTable(table(subscribers), null, line('Đơn vị tính: thuê bao'), 'vi', { ocr: false, period: period(year) }).map((v) => [
        v.indicator,
        v.value,
        v.qualifier,
      ]);
    expect(at(2015)).toEqual([
      ['VT01', '1120000', null],
      ['VT02', '720000', null],
    ]);
    expect(at(2017)).toEqual([]);
  });

  it('reads a new shape below acceptance', () => {
    const [v] = valuesFromTable(table(subscribers), null, line('Đơn vị tính: thuê bao'), 'vi', { ocr: false });
    expect(v!.confidence).toBeLessThan(0.5);
  });
});

describe('DTI ranking tables', () => {
  const hue = resolveProvince('Thừa Thiên Huế')!.code;
  const vinhPhuc = resolveProvince('Vĩnh Phúc')!.code;
  const pillars = [
    ['Xếp hạng DTI', 'Tỉnh/thành phố', 'Nhận thức số', 'Hoạt động xã hội số', 'Chuyển đổi số cấp tỉnh (PDTI)'],
    ['1', 'TP. Đà Nẵng', '1.0000', '0.5197', '0.8002'],
    ['4', 'Thừa Thiên - Huế', '0.9500', '0.3001', '0.6975'],
  ];

  it("reads the overall index in the report's own province's row", () => {
    expect(read(pillars, null, hue)).toEqual([['CS03', '0.6975', null]]);
  });

  it('reads the value in brackets after the rank', () => {
    const rows = [
      ['Xếp hạng DTI', 'Tỉnh, thành phố', 'Xếp hạng CQS', 'Xếp hạng KTS'],
      ['12 (0,4880)', 'Thanh Hóa', '12 (0,5302)', '22 (0,4552)'],
      ['12 (0,4880)', 'Vĩnh Phúc', '10 (0,5483)', '4 (0,5671)'],
    ];
    expect(read(rows, null, vinhPhuc)).toEqual([['CS03', '0.488', null]]);
  });

  it('reads nothing without the province, or when it has no row, or two rows share its unit', () => {
    expect(read(pillars)).toEqual([]);
    expect(read(pillars, null, vinhPhuc)).toEqual([]);
    const merged = [...pillars, ['9', 'Phú Thọ', '0.9', '0.4', '0.6'], ['10', 'Vĩnh Phúc', '0.9', '0.4', '0.5']];
    expect(read(merged, null, vinhPhuc)).toEqual([]);
  });
});
