// The types of administrative documents of Nghị định 30/2020/NĐ-CP (Điều 7) with snake-case
// ASCII ids, their names as titles are written, and the abbreviations that open a document's
// symbol ("Số: 23/BC-UBND": BC is Báo cáo; Phụ lục III of the decree). A công văn has no
// abbreviation: its symbol is the issuer's and the drafting unit's ("507/UBND-KGVX").
import { stripDiacritics } from '../shared/diacritics.ts';

export const DOCUMENT_TYPES = [
  'bao_cao',
  'cong_van',
  'thong_bao',
  'quyet_dinh',
  'chi_thi',
  'to_trinh',
  'ke_hoach',
  'nghi_quyet',
  'huong_dan',
  'chuong_trinh',
  'bien_ban',
  'cong_dien',
  'giay_moi',
  'quy_che',
  'quy_dinh',
  'thong_cao',
  'phuong_an',
  'de_an',
  'du_an',
  'hop_dong',
  'ban_ghi_nho',
  'ban_thoa_thuan',
  'giay_uy_quyen',
  'giay_gioi_thieu',
  'giay_nghi_phep',
  'phieu_gui',
  'phieu_chuyen',
  'phieu_bao',
  'thu_cong',
  'unknown',
] as const;

export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Titles as printed, without tone marks and in capitals (OCR drops or swaps marks: "CHÍ THỊ"). */
export const TYPE_TITLES: ReadonlyArray<readonly [string, DocumentType]> = [
  ['BAO CAO', 'bao_cao'],
  ['THONG BAO', 'thong_bao'],
  ['QUYET DINH', 'quyet_dinh'],
  ['CHI THI', 'chi_thi'],
  ['TO TRINH', 'to_trinh'],
  ['KE HOACH', 'ke_hoach'],
  ['NGHI QUYET', 'nghi_quyet'],
  ['HUONG DAN', 'huong_dan'],
  ['CHUONG TRINH', 'chuong_trinh'],
  ['BIEN BAN', 'bien_ban'],
  ['CONG DIEN', 'cong_dien'],
  ['GIAY MOI', 'giay_moi'],
  ['QUY CHE', 'quy_che'],
  ['QUY DINH', 'quy_dinh'],
  ['THONG CAO', 'thong_cao'],
  ['PHUONG AN', 'phuong_an'],
  ['DE AN', 'de_an'],
  ['DU AN', 'du_an'],
  ['HOP DONG', 'hop_dong'],
  ['BAN GHI NHO', 'ban_ghi_nho'],
  ['BAN THOA THUAN', 'ban_thoa_thuan'],
  ['GIAY UY QUYEN', 'giay_uy_quyen'],
  ['GIAY GIOI THIEU', 'giay_gioi_thieu'],
  ['GIAY NGHI PHEP', 'giay_nghi_phep'],
  ['PHIEU GUI', 'phieu_gui'],
  ['PHIEU CHUYEN', 'phieu_chuyen'],
  ['PHIEU BAO', 'phieu_bao'],
  ['CONG VAN', 'cong_van'],
];

/** Abbreviations of Phụ lục III, case as the decree writes them (CT is Chỉ thị, CTr Chương trình). */
export const TYPE_CODES: ReadonlyMap<string, DocumentType> = new Map<string, DocumentType>([
  ['NQ', 'nghi_quyet'],
  ['QĐ', 'quyet_dinh'],
  ['CT', 'chi_thi'],
  ['QC', 'quy_che'],
  ['QyĐ', 'quy_dinh'],
  ['TC', 'thong_cao'],
  ['TB', 'thong_bao'],
  ['HD', 'huong_dan'],
  ['CTr', 'chuong_trinh'],
  ['KH', 'ke_hoach'],
  ['PA', 'phuong_an'],
  ['ĐA', 'de_an'],
  ['DA', 'du_an'],
  ['BC', 'bao_cao'],
  ['BB', 'bien_ban'],
  ['TTr', 'to_trinh'],
  ['HĐ', 'hop_dong'],
  ['CĐ', 'cong_dien'],
  ['GN', 'ban_ghi_nho'],
  ['TTh', 'ban_thoa_thuan'],
  ['GUQ', 'giay_uy_quyen'],
  ['GM', 'giay_moi'],
  ['GGT', 'giay_gioi_thieu'],
  ['NP', 'giay_nghi_phep'],
  ['PG', 'phieu_gui'],
  ['PC', 'phieu_chuyen'],
  ['PB', 'phieu_bao'],
]);

/** Folds Vietnamese to plain ASCII capitals for matching: tone marks and hats dropped, Đ -> D. */
export function foldVietnamese(text: string): string {
  return stripDiacritics(text).toUpperCase().normalize('NFC');
}

/**
 * The type a document symbol names: its first part when that is a type abbreviation
 * ("BC-UBND", "QĐ-NĐ-UB"), or a later one after an issuer's ("UB-QĐ-NĐ", older usage); a
 * symbol made only of issuer and unit abbreviations is a công văn's ("UBND-KGVX",
 * "SGDĐT-CTrTT"). Null when the symbol is empty.
 */
export function typeOfSymbol(symbol: string): DocumentType | null {
  const parts = symbol
    .split(/\s*-\s*/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  const code = (p: string) => TYPE_CODES.get(p) ?? TYPE_CODES.get(p.replace(/D$/, 'Đ').replace(/^D(?=A$)/, 'Đ'));
  const first = TYPE_CODES.get(parts[0]!);
  if (first) return first;
  if (parts.length >= 3 && /^(?:UB|UBND)$/.test(parts[0]!)) {
    const later = code(parts[1]!);
    if (later) return later;
  }
  // A lone part is a type abbreviation written loosely ("QD" for QĐ) or an issuer's code.
  const loose = code(parts[0]!);
  if (loose) return loose;
  return parts.length >= 2 ? 'cong_van' : null;
}
