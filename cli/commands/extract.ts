// baocao extract FILE: one report, classified and extracted, nothing stored.
import { readFile } from 'node:fs/promises';
import { clockedRun, documentClock } from '../../activities/deadline.ts';
import { analyseReport } from '../../extractors/analyse.ts';
import { noticeRulesOnly } from '../../extractors/llm/index.ts';
import type { Classification, ParsedDocument, VerifiedValue } from '../../extractors/types.ts';
import { ocrEvidenceConfidence } from '../../extractors/verify/ocr.ts';
import { withDocumentTimeout, type Config } from '../../app/config.ts';
import { reportFile } from '../file-errors.ts';
import { formatVi } from '../../shared/format-vi.ts';
import { table, terminalJson, terminalSafe } from '../format.ts';
import { indicatorLabel } from '../indicator-table.ts';
import { toWarningJson, type WarningJson } from '../parsed-document-format.ts';
import { warning } from '../../extractors/warnings.ts';
import { createLogger, documentBudgetsOf, documentStepsOf, llmClientOf, verifyOptionsOf } from '../../app/runtime.ts';

/** The public JSON contract of `baocao extract --json` (documented in the README). */
export interface ExtractJson {
  document: {
    province_code: string | null;
    period_start: string | null;
    period_end: string | null;
    period_label: string | null;
    report_kind: string;
    number: string | null;
    /** Nghị định 30/2020/NĐ-CP type: bao_cao, cong_van, thong_bao, quyet_dinh, chi_thi, to_trinh, …, unknown. */
    document_type: string;
    /** The issuing body ("Ủy ban nhân dân tỉnh Quảng Ngãi") and its kind (ubnd_tinh, so_khcn, so_tttt, so_khac, bo, hdnd, khac). */
    issuer: string | null;
    issuer_kind: string | null;
    /** Date of issue, ISO; null when the day is blank or could not be read surely. */
    date: string | null;
    /** Year of issue, even when the day could not be read. */
    issue_year: number | null;
    /** Earliest digital-signature time, ISO 8601 with offset. */
    signed_at: string | null;
    /** report (values extracted), not_a_report or out_of_scope (recorded, not extracted). */
    scope: string;
    scope_reason: string;
    /** True when extraction was forced on a document out of scope. */
    forced: boolean;
    /** Marks set apart from the header: incoming_stamp, hoa_toc, thuong_khan, khan. */
    marks: string[];
    /** How sure each header field is (0..1), null when the field was not found. */
    confidence: {
      document_type: number | null;
      issuer: number | null;
      number: number | null;
      date: number | null;
      signed_at: number | null;
      province_code: number | null;
    };
  };
  values: {
    indicator: string;
    value: string;
    unit: string;
    qualifier: string | null;
    page: number;
    evidence: string;
    confidence: number;
    extractor: string;
    status: string;
    reasons: string[];
    /** Scans: how sure OCR was of the words carrying the value (0..1); null for text pages. */
    ocr_confidence: number | null;
  }[];
  /** How each page was read; OCR pages with their mean word confidence. */
  pages: { number: number; source: 'text' | 'ocr'; ocr_confidence: number | null }[];
  /** What went wrong short of failing (a page OCR could not read, a page read turned, ...). */
  warnings: string[];
  /** The same warnings with their code (README "Warning codes") and page (null: the whole document). */
  warning_details: WarningJson[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function toExtractJson(c: Classification, values: VerifiedValue[], parsed?: ParsedDocument): ExtractJson {
  const warnings = [...(parsed?.warnings ?? []), ...(c.warnings ?? [])];
  const ocrConfidence = (v: VerifiedValue) => {
    const c = parsed ? ocrEvidenceConfidence(v, parsed) : null;
    return c === null ? null : round2(c);
  };
  return {
    document: {
      province_code: c.provinceCode,
      period_start: c.period?.start ?? null,
      period_end: c.period?.end ?? null,
      period_label: c.period?.label ?? null,
      report_kind: c.reportKind,
      number: c.number,
      document_type: c.documentType ?? 'unknown',
      issuer: c.issuer?.name ?? null,
      issuer_kind: c.issuer?.kind ?? null,
      date: c.issuedOn,
      issue_year: c.issueYear ?? (c.issuedOn ? Number(c.issuedOn.slice(0, 4)) : null),
      signed_at: c.signedAt ?? null,
      scope: c.scope ?? 'report',
      scope_reason: c.scopeReason ?? '',
      forced: c.forced ?? false,
      marks: c.marks ?? [],
      confidence: {
        document_type: c.headerConfidence?.documentType ?? null,
        issuer: c.headerConfidence?.issuer ?? null,
        number: c.headerConfidence?.number ?? null,
        date: c.headerConfidence?.date ?? null,
        signed_at: c.headerConfidence?.signedAt ?? null,
        province_code: c.headerConfidence?.province ?? null,
      },
    },
    values: [...values]
      .sort((a, b) => a.indicator.localeCompare(b.indicator))
      .map((v) => ({
        indicator: v.indicator,
        value: v.value,
        unit: v.unit,
        qualifier: v.qualifier,
        page: v.page,
        evidence: v.evidence,
        confidence: Math.round(v.confidence * 100) / 100,
        extractor: v.extractor,
        status: v.status,
        reasons: v.reasons,
        ocr_confidence: ocrConfidence(v),
      })),
    pages: (parsed?.pages ?? []).map((p) => ({ number: p.number, source: p.source, ocr_confidence: p.source === 'ocr' ? round2(p.ocrConfidence ?? 0) : null })),
    warnings: warnings.map((w) => w.message),
    warning_details: warnings.map(toWarningJson),
  };
}

/** The parse limits of the configuration that `extract` and `eval` apply, beside maxFileBytes. */
export function parseLimitsOf(config: Config) {
  return { maxPages: config.limits.maxPages, maxUnpackedBytes: config.limits.maxUnpackedBytes, budgets: documentBudgetsOf(config) };
}

export async function extractCommand(
  file: string,
  options: { json?: boolean; verbose?: boolean; force?: boolean; timeoutMs?: string },
  configured: Config,
): Promise<number> {
  const config = withDocumentTimeout(configured, options.timeoutMs);
  await reportFile(file);
  const bytes = new Uint8Array(await readFile(file));
  // With an API key the model extracts beside the rules. There is no database here: its
  // answers are cached in memory for this one run (the attempt cap holds within it).
  const logger = createLogger(Boolean(options.verbose));
  const client = llmClientOf(config, logger);
  if (!client) noticeRulesOnly(logger);
  // The report is read in a process of its own, stopped at limits.documentTimeoutMs and
  // limits.documentMemoryBytes, as the pipeline reads it.
  const documentSteps = documentStepsOf(config);
  const { classification, values, llm, parsed } = await analyseReport(bytes, {
    verify: verifyOptionsOf(config),
    maxBytes: config.limits.maxFileBytes,
    limits: parseLimitsOf(config),
    steps: documentSteps.steps,
    run: clockedRun(documentClock(config.limits.documentTimeoutMs)),
    ...(client ? { llm: { client, logger } } : {}),
    ...(options.force ? { force: true } : {}),
  }).finally(() => documentSteps.close());
  if (llm) logger.info({ ...llm.usage, groups: llm.groups.map((g) => `${g.group}: ${g.source}${g.error ? ` (${g.error.kind})` : ''}`) }, 'model extraction');
  // A header naming two provinces as issuer: the values are doubtful as `ingest` holds them (province_mismatch).
  const others = classification.otherProvinces ?? [];
  const held =
    others.length > 0
      ? values.map((v): typeof v => ({
          ...v,
          status: 'flagged',
          reasons: v.reasons.includes('province_mismatch') ? v.reasons : [...v.reasons, 'province_mismatch'],
        }))
      : values;
  const out = toExtractJson(classification, held, parsed);
  if (others.length > 0) {
    const mismatch = warning(
      'province_mismatch',
      `the header names another province as issuer besides ${classification.provinceEvidence ?? classification.provinceCode}: ${others.map((p) => `${p.evidence} (${p.code})`).join(', ')}; every value is held for a reviewer (province_mismatch)`,
    );
    out.warnings.push(mismatch.message);
    out.warning_details.push(toWarningJson(mismatch));
  }
  if (options.json) {
    process.stdout.write(`${terminalJson(out)}\n`);
    return 0;
  }
  const d = out.document;
  console.log(
    terminalSafe(
      `${d.document_type} · ${d.issuer ?? 'issuer ?'} · số ${d.number ?? '?'} · ngày ${d.date ?? (d.issue_year ? `?/${d.issue_year}` : '?')}${d.signed_at ? ` · signed ${d.signed_at}` : ''}`,
    ),
  );
  console.log(
    terminalSafe(`province ${d.province_code ?? '?'} · ${d.period_label ?? 'period ?'} (${d.period_start ?? '?'} – ${d.period_end ?? '?'}) · ${d.report_kind}`),
  );
  if (d.scope !== 'report') {
    console.log(
      terminalSafe(
        d.forced
          ? `${d.scope}: ${d.scope_reason}; extracted because --force was given`
          : `${d.scope}: ${d.scope_reason}; no values extracted (--force extracts anyway)`,
      ),
    );
  }
  const setAside = d.scope !== 'report' && !d.forced;
  const ocrPages = out.pages.filter((p) => p.source === 'ocr');
  if (ocrPages.length > 0)
    console.log(
      `OCR: ${ocrPages.length} of ${out.pages.length} pages read from images (confidence ${ocrPages.map((p) => `p${p.number} ${p.ocr_confidence}`).join(', ')})`,
    );
  for (const w of out.warnings) console.log(`warning: ${terminalSafe(w)}`);
  const scanned = ocrPages.length > 0;
  if (setAside) return 0;
  console.log(
    table(
      ['indicator', 'value', 'unit', 'page', ...(scanned ? ['OCR conf.'] : []), 'status', 'evidence'],
      out.values.map((v) => [
        indicatorLabel(v.indicator),
        formatVi(v.value) + (v.qualifier ? ` (${v.qualifier})` : ''),
        v.unit,
        String(v.page),
        ...(scanned ? [v.ocr_confidence === null ? '' : v.ocr_confidence.toFixed(2)] : []),
        v.status === 'flagged' ? `flagged: ${v.reasons.join(', ')}` : v.status,
        // One line per value: the whole evidence is in --json.
        v.evidence,
      ]),
      [{ min: 22, overflow: 'truncate' }, undefined, { min: 8 }, undefined, ...(scanned ? [undefined] : []), { min: 18 }, { min: 20, overflow: 'truncate' }],
    ),
  );
  const flagged = out.values.filter((v) => v.status === 'flagged').length;
  console.log(`${out.values.length} values, ${flagged} flagged for review`);
  return 0;
}
