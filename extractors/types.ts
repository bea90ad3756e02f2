// The shapes that document understanding passes between its steps. Pure data: no I/O,
// safe to import from workflows (they carry these types through activity calls).
import type { DocumentType } from './document-types.ts';
import type { HeaderConfidence, Issuer } from './header.ts';
import type { Scope } from './scope.ts';
import type { EarlierValue } from './verify/history.ts';
import type { DocumentWarning } from './warnings.ts';

/** What the bytes of a file are, decided from magic bytes, never from the name. */
export type MediaType =
  | 'application/pdf'
  | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
  | 'image/png'
  | 'image/jpeg'
  | 'image/tiff'
  | 'text/plain'
  | 'application/octet-stream';

export interface TextBlock {
  kind: 'heading' | 'paragraph';
  /** 1-based page number (DOCX: pages are delimited by explicit page breaks). */
  page: number;
  /** NFC-normalised text, whitespace collapsed to single spaces. */
  text: string;
  /** OCR only: the block's words in reading order with their confidence 0..1. */
  words?: OcrWordConfidence[];
}

export interface OcrWordConfidence {
  text: string;
  confidence: number;
}

export interface TableBlock {
  kind: 'table';
  page: number;
  /** Cells as text, row by row (NFC, whitespace collapsed). Rows may differ in length. */
  rows: string[][];
  /** The rows flattened as "cell | cell | cell" lines joined by "\n"; what grounding searches. */
  text: string;
  /** OCR only: the table's words in reading order with their confidence 0..1. */
  words?: OcrWordConfidence[];
}

export type Block = TextBlock | TableBlock;

export interface ParsedPage {
  number: number;
  blocks: Block[];
  /** How the page's text was obtained. */
  source: 'text' | 'ocr';
  /** Mean OCR confidence 0..1 when source is 'ocr'. */
  ocrConfidence?: number;
  /** Set when the page was left unread because it is over a budget (its warning says which): OCR leaves it alone too. */
  unread?: 'over_budget';
  /**
   * Digital-signature stamps the PDF itself holds for this page (a signature field's text, or
   * stamp lines of a text layer that OCR replaced), exact, set apart from the blocks: they say
   * who signed and when, and are no part of the document's text.
   */
  stamps?: string[];
}

export interface ParsedDocument {
  mediaType: MediaType;
  pages: ParsedPage[];
  /** Non-fatal oddities met while parsing (e.g. no_text_layer, "page 3 has no text layer"). */
  warnings: DocumentWarning[];
}

/** Qualifiers kept as metadata beside a value; never dropped, never applied to the number. */
export type Qualifier =
  | 'approx_below' // gần: just under
  | 'over' // hơn, trên
  | 'about' // khoảng
  | 'estimate' // ước, ước đạt, ước thực hiện
  | 'cumulative' // lũy kế, nâng tổng số lên
  | 'stock'; // hiện có

export type ReportKind = 'periodic' | 'statistical' | 'thematic' | 'adhoc' | 'unknown';

export type PeriodKind = 'month' | 'quarter' | 'half' | 'nine_months' | 'year' | 'range' | 'as_of';

export interface Period {
  kind: PeriodKind;
  /** ISO dates (YYYY-MM-DD), inclusive. */
  start: string;
  end: string;
  /** Canonical Vietnamese label, e.g. "6 tháng đầu năm 2025", "quý III/2025". */
  label: string;
  /** Short stable key for filters: 2025-H1, 2025-Q3, 2025-M05, 2024-9M, 2024, 2021-2025, 2024-12-31. */
  key: string;
}

/** The header fields read from the document itself (Nghị định 30/2020/NĐ-CP), with how sure each is. */
export interface Classification {
  /** Current two-digit code of the unit (a pre-2025 province maps to the unit that absorbed it). */
  provinceCode: string | null;
  /** The name as written in the document that decided the province. */
  provinceEvidence: string | null;
  period: Period | null;
  reportKind: ReportKind;
  /** "215/BC-SKHCN" from "Số: 215/BC-SKHCN". */
  number: string | null;
  /** Date of issue from "Tây Ninh, ngày 10 tháng 6 năm 2025", ISO; null when the day is blank or unreadable. */
  issuedOn: string | null;
  /** Other provinces the header names as issuing it (a second People's Committee or department): the report is then doubtful. */
  otherProvinces?: { code: string; evidence: string }[];
  /**
   * What kind of document it is (Nghị định 30/2020/NĐ-CP: bao_cao, cong_van, thong_bao, …, unknown),
   * who issued it, when it was signed, how sure each header field is, and whether it is a report
   * whose values are collected (`scope`) and why. Absent in classifications recorded before
   * they existed: read as a report.
   */
  documentType?: DocumentType;
  issuer?: Issuer | null;
  /** The year of issue, kept even when the day could not be read. */
  issueYear?: number | null;
  /** Earliest digital-signature time, ISO with offset. */
  signedAt?: string | null;
  headerConfidence?: HeaderConfidence;
  /** Marks set apart from the header: an incoming-mail stamp, urgency ("hoa_toc", "khan"). */
  marks?: string[];
  scope?: Scope;
  scopeReason?: string;
  /** An analyst asked for extraction whatever the scope. */
  forced?: boolean;
  /** What the header reader left empty and why ("the document number was written by hand …"). */
  warnings?: DocumentWarning[];
}

export type Extractor = 'rules' | 'llm';

/** A value an extractor proposes; verification decides what happens to it. */
export interface CandidateValue {
  indicator: string;
  /** Exact decimal string in the catalogue unit (money in triệu đồng): "14200", "3.75". */
  value: string;
  unit: string;
  qualifier: Qualifier | null;
  /** The number as written: "hơn 14,2 tỷ đồng". */
  rawText: string;
  /** A verbatim slice of the parsed text the value was read from. */
  evidence: string;
  page: number;
  /** 0..1: how sure the extractor is. */
  confidence: number;
  extractor: Extractor;
  /** Where the value sits in the document, for checks that relate values (parts vs total). */
  context?: {
    /** 'text' for running text, 'table' for annex tables. */
    origin: 'text' | 'table';
    /** For x/y fractions: the denominator as written. */
    denominator?: string;
    /** The cumulative (lũy kế) figure beside an in-period value, in the same unit. */
    cumulative?: string;
    /** A sum of coordinated counts ("14 đề tài, 3 dự án mới" is 17): the numbers it adds, as written in the evidence. */
    sumOf?: string[];
    /** A total's parts as the text lists them after it ("Trong đó có 41 ...; 12 ..."): they should add up to it. */
    breakdown?: string[];
    /** An amount's parts as the text lists them after it ("Trong đó, …"), in its unit: not always all of it, never more. */
    amountParts?: string[];
    /**
     * A model value: the best calibrated confidence the rules' scorer gave a reading of the same
     * indicator and value (0: the rules read no such value). A model answer alone is accepted only
     * with this much support (verify's llm-only threshold); absent, nothing was computed.
     */
    rulesSupport?: number;
  };
  /** Further readings of the same indicator this one stands for, not carried (extractors/readings.ts). */
  alsoRead?: number;
}

/** Machine-readable reasons a value is held for review. */
export type FlagReason =
  | 'quote_not_found'
  | 'value_not_in_quote'
  | 'parts_exceed_total'
  | 'parts_do_not_add_up'
  | 'fraction_exceeds_denominator'
  | 'percent_out_of_range'
  | 'cumulative_below_period'
  | 'unit_implausible'
  | 'conflicting_candidates'
  /** Another document already published a different value for the same province, period and indicator. */
  | 'conflicts_with_published'
  | 'low_confidence'
  /** Many times the same province's value of the same indicator in its latest earlier period (verify.historyJumpFactor). */
  | 'history_jump'
  /** About 1000 times the earlier value (or a thousandth of it): a tỷ/triệu slip. */
  | 'history_unit_slip'
  | 'ocr_low_confidence'
  | 'ungrounded'
  /** The report's content and its source disagree on its province, or it names two: nothing of it is published until a reviewer decides. */
  | 'province_mismatch';

export type ValueStatus = 'auto_accepted' | 'flagged';

export interface VerifiedValue extends CandidateValue {
  status: ValueStatus;
  reasons: FlagReason[];
  /** Other values seen for the same indicator in the same document, shown to the reviewer. */
  alternatives?: { value: string; evidence: string; page: number; extractor: Extractor }[];
  /** Readings beyond the alternatives kept (at most MAX_ALTERNATIVES of verify/index.ts), counted. */
  otherReadings?: number;
  /** The earlier published value a history check compared this one with, when it flagged it. */
  earlier?: EarlierValue;
}

/** One catalogue row, as seeded from indicators.csv. */
export interface Indicator {
  id: string;
  group: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  kind: 'count' | 'money' | 'percent' | 'score' | 'rank';
  measure: 'flow' | 'stock' | 'ratio' | 'score';
  form: string | null;
}
