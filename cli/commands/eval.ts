// baocao eval DIR: extraction scored against the truth files beside the reports; with
// --tokens, also what routing saves: the model input tokens of each report's requests with
// routing against the same requests carrying the whole text (estimated, nothing is sent).
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { analyseReport } from '../../extractors/analyse.ts';
import { evaluate, type EvaluatedFile, type Score } from '../../extractors/evaluation.ts';
import { measureRouting } from '../../extractors/llm/measure.ts';
import { loadTruthFiles } from '../../fixtures/truth.ts';
import type { Config } from '../config.ts';
import { percent, table } from '../format.ts';
import { lazyOcr } from '../runtime.ts';
import { toExtractJson } from './extract.ts';

const DOCUMENT_FIELDS = ['province_code', 'period_start', 'period_end', 'period_label', 'report_kind', 'number'] as const;

function scoreRows(scores: Score[]): string[][] {
  return scores.map((s) => [
    s.key,
    String(s.truth),
    String(s.predicted),
    percent(s.recall),
    percent(s.precision),
    s.f1.toFixed(3),
    `${percent(s.autoPrecision)} (${s.autoCorrect}/${s.autoAccepted})`,
  ]);
}

const HEAD = ['', 'truth', 'extracted', 'recall', 'precision', 'F1', 'auto-accepted precision'];

/** Model input tokens of one report's requests, routed and whole-document. */
interface ReportTokens {
  file: string;
  requests: number;
  routed: number;
  whole: number;
}

export async function evalCommand(dir: string, options: { json?: boolean; tokens?: boolean }, config: Config): Promise<number> {
  const truths = await loadTruthFiles(dir);
  if (truths.length === 0) throw new Error(`no *.truth.json files in ${dir}`);
  const files: EvaluatedFile[] = [];
  const classification: { file: string; field: string; expected: unknown; got: unknown }[] = [];
  const tokens: ReportTokens[] = [];
  const ocr = lazyOcr(config);
  try {
    for (const { path, truth } of truths) {
      const bytes = new Uint8Array(await readFile(join(dirname(path), truth.file)));
      const analysis = await analyseReport(bytes, { verify: config.verify, maxBytes: config.limits.maxFileBytes, ...(ocr.ocr ? { ocr: ocr.ocr } : {}) });
      const document = toExtractJson(analysis.classification, []).document;
      for (const field of DOCUMENT_FIELDS) {
        if (document[field] !== truth.document[field]) classification.push({ file: truth.file, field, expected: truth.document[field], got: document[field] });
      }
      // A value stated in the text and again in the annex is one truth, not two.
      const unique = [...new Map(truth.values.map((v) => [v.indicator, v])).values()];
      files.push({ file: truth.file, format: truth.format, truth: unique, predicted: analysis.values });
      if (options.tokens) {
        const m = measureRouting(analysis.parsed, { maxInputTokens: config.llm.maxInputTokens });
        tokens.push({ file: truth.file, requests: m.requests, routed: m.routedTokens, whole: m.wholeTokens });
      }
    }
  } finally {
    await ocr.close();
  }
  const result = evaluate(files);
  const fieldsChecked = truths.length * DOCUMENT_FIELDS.length;
  if (options.json) {
    const extra = options.tokens ? { tokens } : {};
    process.stdout.write(`${JSON.stringify({ files: files.length, ...result, classification: { checked: fieldsChecked, wrong: classification }, ...extra }, null, 2)}\n`);
    return 0;
  }
  console.log(`${files.length} reports in ${dir}\n`);
  console.log('By file format');
  console.log(table(HEAD, scoreRows([...result.byFormat, result.overall])));
  console.log('By indicator group');
  console.log(table(HEAD, scoreRows(result.byGroup)));
  console.log('By indicator group and format (F1)');
  const groups = result.byGroup.map((g) => g.key);
  const formats = result.byFormat.map((f) => f.key);
  console.log(
    table(
      ['group', ...formats],
      groups.map((g) => [g, ...formats.map((f) => result.byGroupAndFormat.find((c) => c.key === `${g}|${f}`)?.f1.toFixed(3) ?? '')]),
    ),
  );
  console.log(`Classification: ${fieldsChecked - classification.length}/${fieldsChecked} document fields right`);
  for (const c of classification) console.log(`  ${c.file}: ${c.field} expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(c.got)}`);
  if (result.mistakes.length > 0) {
    console.log('Extracted values that differ from the truth:');
    for (const m of result.mistakes) console.log(`  ${m.file} ${m.indicator}: extracted ${m.extracted} (${m.status}), truth ${m.expected ?? 'none'}`);
  }
  if (result.missed.length > 0) {
    console.log('Truth values not extracted:');
    for (const m of result.missed) console.log(`  ${m.file} ${m.indicator}: ${m.expected}`);
  }
  if (options.tokens) {
    console.log('Model input tokens (estimated): one request per group, routed text vs the whole report');
    console.log(
      table(
        ['report', 'requests', 'routed', 'whole', 'routed/whole'],
        tokens.map((t) => [t.file, String(t.requests), String(t.routed), String(t.whole), percent(t.whole === 0 ? 0 : t.routed / t.whole)]),
      ),
    );
  }
  return 0;
}
