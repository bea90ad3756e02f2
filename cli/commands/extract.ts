// baocao extract FILE: one report, classified and extracted, nothing stored.
import { readFile } from 'node:fs/promises';
import { analyseReport } from '../../extractors/analyse.ts';
import { noticeRulesOnly } from '../../extractors/llm/index.ts';
import type { Classification, VerifiedValue } from '../../extractors/types.ts';
import type { Config } from '../config.ts';
import { formatVi, table } from '../format.ts';
import { createLogger, lazyOcr, llmClientOf, verifyOptionsOf } from '../runtime.ts';

/** The public JSON contract of `baocao extract --json` (documented in the README). */
export interface ExtractJson {
  document: {
    province_code: string | null;
    period_start: string | null;
    period_end: string | null;
    period_label: string | null;
    report_kind: string;
    number: string | null;
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
  }[];
}

export function toExtractJson(c: Classification, values: VerifiedValue[]): ExtractJson {
  return {
    document: {
      province_code: c.provinceCode,
      period_start: c.period?.start ?? null,
      period_end: c.period?.end ?? null,
      period_label: c.period?.label ?? null,
      report_kind: c.reportKind,
      number: c.number,
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
      })),
  };
}

export async function extractCommand(file: string, options: { json?: boolean; verbose?: boolean }, config: Config): Promise<number> {
  const bytes = new Uint8Array(await readFile(file));
  // With an API key the model extracts beside the rules. There is no database here: its
  // answers are cached in memory for this one run (the attempt cap holds within it).
  const logger = createLogger(Boolean(options.verbose));
  const client = llmClientOf(config, logger);
  if (!client) noticeRulesOnly(logger);
  const ocr = lazyOcr(config);
  const { classification, values, llm } = await analyseReport(bytes, {
    verify: verifyOptionsOf(config),
    maxBytes: config.limits.maxFileBytes,
    ...(client ? { llm: { client, logger } } : {}),
    ...(ocr.ocr ? { ocr: ocr.ocr } : {}),
  }).finally(() => ocr.close());
  if (llm) logger.info({ ...llm.usage, groups: llm.groups.map((g) => `${g.group}: ${g.source}${g.error ? ` (${g.error.kind})` : ''}`) }, 'model extraction');
  const out = toExtractJson(classification, values);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  const d = out.document;
  console.log(`province ${d.province_code ?? '?'} · ${d.period_label ?? 'period ?'} (${d.period_start ?? '?'} – ${d.period_end ?? '?'}) · ${d.report_kind} · số ${d.number ?? '?'}`);
  console.log(
    table(
      ['indicator', 'value', 'unit', 'page', 'status', 'evidence'],
      out.values.map((v) => [
        v.indicator,
        formatVi(v.value) + (v.qualifier ? ` (${v.qualifier})` : ''),
        v.unit,
        String(v.page),
        v.status === 'flagged' ? `flagged: ${v.reasons.join(', ')}` : v.status,
        v.evidence.length > 90 ? `${v.evidence.slice(0, 87)}…` : v.evidence,
      ]),
    ),
  );
  const flagged = out.values.filter((v) => v.status === 'flagged').length;
  console.log(`${out.values.length} values, ${flagged} flagged for review`);
  return 0;
}
