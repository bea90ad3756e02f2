// Whether a document is one whose values the Ministry collects: a report on science and
// technology (or on post, telecommunications and digital transformation, which the former
// Departments of Information and Communications report and the catalogue covers). Everything
// else a portal or shared folder holds is recorded as what it is and left out of extraction:
// letters, notices, decisions, directives, submissions (`not_a_report`), and reports of other
// bodies on other subjects, such as a People's Committee's report on administrative reform
// (`out_of_scope`). A document whose type could not be read is treated as a report: a report
// missed is worse than one read for nothing, and its values are verified like any other.
import { foldVietnamese, type DocumentType } from './document-types.ts';
import type { DocumentHeader } from './header.ts';

export type Scope = 'report' | 'not_a_report' | 'out_of_scope';

export interface ScopeDecision {
  scope: Scope;
  /** Why, for the analyst (English, with the document's own words quoted). */
  reason: string;
}

/** Subjects of the catalogue, as words of a title or a "V/v" line (folded: no tone marks). */
const SUBJECTS = [
  /KHOA\s+HOC/,
  /CONG\s+NGHE/,
  /KH\s*&\s*CN|KHCN/,
  /DOI\s+MOI\s+SANG\s+TAO/,
  /KHOI\s+NGHIEP/,
  /SO\s+HUU\s+TRI\s+TUE/,
  /TIEU\s+CHUAN|DO\s+LUONG|TC\s*-\s*DL\s*-\s*CL/,
  /AN\s+TOAN\s+BUC\s+XA|NANG\s+LUONG\s+NGUYEN\s+TU/,
  /CHUYEN\s+DOI\s+SO/,
  /BUU\s+CHINH/,
  /VIEN\s+THONG/,
  /THONG\s+TIN\s+VA\s+TRUYEN\s+THONG|TT\s*&\s*TT/,
];

const TYPE_NAMES: Record<DocumentType, string> = {
  bao_cao: 'báo cáo',
  cong_van: 'công văn',
  thong_bao: 'thông báo',
  quyet_dinh: 'quyết định',
  chi_thi: 'chỉ thị',
  to_trinh: 'tờ trình',
  ke_hoach: 'kế hoạch',
  nghi_quyet: 'nghị quyết',
  huong_dan: 'hướng dẫn',
  chuong_trinh: 'chương trình',
  bien_ban: 'biên bản',
  cong_dien: 'công điện',
  giay_moi: 'giấy mời',
  quy_che: 'quy chế',
  quy_dinh: 'quy định',
  thong_cao: 'thông cáo',
  phuong_an: 'phương án',
  de_an: 'đề án',
  du_an: 'dự án',
  hop_dong: 'hợp đồng',
  ban_ghi_nho: 'bản ghi nhớ',
  ban_thoa_thuan: 'bản thỏa thuận',
  giay_uy_quyen: 'giấy ủy quyền',
  giay_gioi_thieu: 'giấy giới thiệu',
  giay_nghi_phep: 'giấy nghỉ phép',
  phieu_gui: 'phiếu gửi',
  phieu_chuyen: 'phiếu chuyển',
  phieu_bao: 'phiếu báo',
  thu_cong: 'thư công',
  unknown: 'unknown type',
};

/** The Vietnamese name of a document type ("công văn"). */
export function documentTypeName(type: DocumentType): string {
  return TYPE_NAMES[type];
}

/** Whether a title or subject line speaks of science and technology, or of post, telecom and digital transformation. */
export function isCatalogueSubject(text: string): boolean {
  const folded = foldVietnamese(text);
  return SUBJECTS.some((re) => re.test(folded));
}

function quoted(subject: string): string {
  const s = subject.replace(/\s+/g, ' ').trim();
  return s.length > 120 ? `"${s.slice(0, 117)}…"` : `"${s}"`;
}

export function decideScope(header: Pick<DocumentHeader, 'documentType' | 'issuer' | 'subject'>): ScopeDecision {
  const { documentType, issuer, subject } = header;
  if (documentType === 'unknown') return { scope: 'report', reason: 'document type not read: treated as a report' };
  if (documentType !== 'bao_cao') {
    return { scope: 'not_a_report', reason: `a ${TYPE_NAMES[documentType]} (${documentType}), not a report${subject ? `: ${quoted(subject)}` : ''}` };
  }
  if (issuer?.kind === 'so_khcn') return { scope: 'report', reason: 'a report of the Department of Science and Technology' };
  if (issuer?.kind === 'so_tttt')
    return { scope: 'report', reason: 'a report of the Department of Information and Communications (post, telecom, digital transformation)' };
  if (isCatalogueSubject(subject)) return { scope: 'report', reason: `a report on science and technology${issuer ? ` by ${issuer.name}` : ''}` };
  return {
    scope: 'out_of_scope',
    reason: `a report${issuer ? ` of ${issuer.name}` : ''} on another subject${subject ? `: ${quoted(subject)}` : ''}`,
  };
}
