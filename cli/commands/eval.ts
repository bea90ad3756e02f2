// baocao eval DIR...: extraction scored against the truth files beside the reports, per
// indicator group and per format (docx, pdf, scan); for scans made from a text PDF (a truth with
// `source`), also the character error rate of the OCR'd text against that PDF's own text, page by
// page. With --tokens, also what routing saves: the model input tokens of each report's requests
// with routing against the same requests carrying the whole text (estimated, nothing is sent).
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { extractText } from 'unpdf';
import { analyseReport } from '../../extractors/analyse.ts';
import { evaluate, scoreOcrText, type EvaluatedFile, type Evaluation, type OcrTextScore, type Score } from '../../extractors/evaluation.ts';
import { measureRouting } from '../../extractors/llm/measure.ts';
import type { ParseOptions } from '../../extractors/parse/index.ts';
import type { DocumentSteps, ParseLimits } from '../../extractors/steps.ts';
import { clockedRun, documentClock } from '../../activities/deadline.ts';
import { isResourceLimitError } from '../../activities/resource-limit.ts';
import type { VerifyOptions } from '../../extractors/verify/index.ts';
import { loadTruthFiles, type TruthFile } from '../../fixtures/truth.ts';
import { withDocumentTimeout, type Config } from '../../app/config.ts';
import { percent, table, terminalJson, terminalSafe } from '../format.ts';
import { documentStepsOf } from '../../app/runtime.ts';
import { parseLimitsOf, toExtractJson } from './extract.ts';
import { messagesOf } from '../../extractors/warnings.ts';

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
export interface ReportTokens {
  file: string;
  requests: number;
  routed: number;
  whole: number;
}

/** How OCR read one scan: CER per page against its source PDF, confidence, warnings, time. */
export interface OcrTextRow extends OcrTextScore {
  /** Seconds the whole analysis of the file took (parse with OCR, classify, extract, verify). */
  seconds: number;
  /** The parsed document's warnings (a page read turned, a page that timed out, ...). */
  warnings: string[];
}

export interface EvalRun {
  files: EvaluatedFile[];
  result: Evaluation;
  /** Document fields compared (DOCUMENT_FIELDS per truth file) and those that differ. */
  classification: { checked: number; wrong: { file: string; field: string; expected: unknown; got: unknown }[] };
  tokens: ReportTokens[];
  /** One row per truth file with a `source`, in the order of the truth files. */
  ocrText: OcrTextRow[];
  /** Reports stopped at a resource limit (time, memory): scored as extracting nothing. */
  stopped: { file: string; reason: string }[];
}

export interface EvalRunOptions {
  verify?: VerifyOptions;
  maxBytes?: number;
  ocr?: ParseOptions['ocr'];
  /** Where each report is read (default: here, with `ocr`); `baocao eval` reads each in a process of its own. */
  steps?: DocumentSteps;
  limits?: Omit<ParseLimits, 'maxBytes'>;
  /** The time each report may take (limits.documentTimeoutMs); none when absent. */
  timeoutMs?: number;
  /** Measure the model input tokens too (routed vs whole text). */
  tokens?: { maxInputTokens: number };
}

/** The text of each page of a text PDF (unpdf), the reference for a scan made from it. */
async function referencePages(path: string): Promise<string[]> {
  const { text } = await extractText(new Uint8Array(await readFile(path)), { mergePages: false });
  return text;
}

/** Every report of `truths` analysed and scored against its truth; the I/O side of `baocao eval`. */
export async function runEvaluation(truths: { path: string; truth: TruthFile }[], options: EvalRunOptions = {}): Promise<EvalRun> {
  const files: EvaluatedFile[] = [];
  const wrong: EvalRun['classification']['wrong'] = [];
  const tokens: ReportTokens[] = [];
  const ocrText: OcrTextRow[] = [];
  const stopped: EvalRun['stopped'] = [];
  for (const { path, truth } of truths) {
    const bytes = new Uint8Array(await readFile(join(dirname(path), truth.file)));
    const started = performance.now();
    let analysis: Awaited<ReturnType<typeof analyseReport>>;
    try {
      analysis = await analyseReport(bytes, {
        ...(options.verify ? { verify: options.verify } : {}),
        ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
        ...(options.ocr ? { ocr: options.ocr } : {}),
        ...(options.steps ? { steps: options.steps } : {}),
        ...(options.limits ? { limits: options.limits } : {}),
        ...(options.timeoutMs !== undefined ? { run: clockedRun(documentClock(options.timeoutMs)) } : {}),
      });
    } catch (error) {
      // A report that ran out of time or memory is scored as reading nothing; the others go on.
      if (!isResourceLimitError(error)) throw error;
      stopped.push({ file: truth.file, reason: error.message });
      const unique = [...new Map(truth.values.map((v) => [v.indicator, v])).values()];
      files.push({ file: truth.file, format: truth.format, truth: unique, predicted: [] });
      continue;
    }
    const seconds = (performance.now() - started) / 1000;
    const document = toExtractJson(analysis.classification, []).document;
    for (const field of DOCUMENT_FIELDS) {
      if (document[field] !== truth.document[field]) wrong.push({ file: truth.file, field, expected: truth.document[field], got: document[field] });
    }
    // A value stated in the text and again in the annex is one truth, not two.
    const unique = [...new Map(truth.values.map((v) => [v.indicator, v])).values()];
    files.push({ file: truth.file, format: truth.format, truth: unique, predicted: analysis.values });
    if (truth.source) {
      const reference = await referencePages(resolve(dirname(path), truth.source));
      ocrText.push({ ...scoreOcrText(truth.file, reference, analysis.parsed.pages), seconds, warnings: messagesOf(analysis.parsed.warnings) });
    }
    if (options.tokens) {
      const m = measureRouting(analysis.parsed, { maxInputTokens: options.tokens.maxInputTokens });
      tokens.push({ file: truth.file, requests: m.requests, routed: m.routedTokens, whole: m.wholeTokens });
    }
  }
  return { files, result: evaluate(files), classification: { checked: truths.length * DOCUMENT_FIELDS.length, wrong }, tokens, ocrText, stopped };
}

/** `baocao eval DIR...` */
export async function evalCommand(dirs: string[], options: { json?: boolean; tokens?: boolean; timeoutMs?: string }, configured: Config): Promise<number> {
  const config = withDocumentTimeout(configured, options.timeoutMs);
  const truths: { path: string; truth: TruthFile }[] = [];
  for (const dir of dirs) {
    const found = await loadTruthFiles(dir);
    if (found.length === 0) throw new Error(`no *.truth.json files in ${dir}`);
    truths.push(...found);
  }
  if (truths.length === 0) throw new Error('no folder given');
  // Each report is read in a process of its own, stopped at limits.documentTimeoutMs and
  // limits.documentMemoryBytes, as the pipeline reads it.
  const documentSteps = documentStepsOf(config);
  let run: EvalRun;
  try {
    run = await runEvaluation(truths, {
      verify: config.verify,
      maxBytes: config.limits.maxFileBytes,
      steps: documentSteps.steps,
      limits: parseLimitsOf(config),
      timeoutMs: config.limits.documentTimeoutMs,
      ...(options.tokens ? { tokens: { maxInputTokens: config.llm.maxInputTokens } } : {}),
    });
  } finally {
    await documentSteps.close();
  }
  const { files, result, classification, tokens, ocrText, stopped } = run;
  const fieldsChecked = classification.checked;
  if (options.json) {
    const extra = options.tokens ? { tokens } : {};
    const scans = ocrText.length > 0 ? { ocrText } : {};
    process.stdout.write(
      `${terminalJson({ files: files.length, ...result, classification, ...scans, ...extra, ...(stopped.length > 0 ? { stopped } : {}) })}\n`,
    );
    return 0;
  }
  console.log(`${files.length} reports in ${dirs.join(', ')}\n`);
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
  if (ocrText.length > 0) {
    console.log("OCR text: character error rate per page against the source PDF's own text");
    console.log(
      table(
        ['scan', 'pages', 'mean CER', 'worst page', 'CER per page', 'OCR confidence', 'seconds'],
        ocrText.map((o) => [
          o.file,
          String(o.pages),
          o.meanCer.toFixed(3),
          o.worst ? `p${o.worst.page} ${o.worst.cer.toFixed(3)}` : '',
          o.perPage.map((p) => (p.read ? p.cer.toFixed(3) : 'unread')).join(' '),
          o.meanConfidence === null ? '' : o.meanConfidence.toFixed(2),
          o.seconds.toFixed(1),
        ]),
      ),
    );
    for (const o of ocrText) for (const w of o.warnings) console.log(`  ${o.file}: ${w}`);
  }
  for (const s of stopped) console.log(terminalSafe(`${s.file}: STOPPED, scored as extracting nothing: ${s.reason}`));
  const wrong = classification.wrong;
  console.log(`Classification: ${fieldsChecked - wrong.length}/${fieldsChecked} document fields right`);
  for (const c of wrong) console.log(`  ${c.file}: ${c.field} expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(c.got)}`);
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
