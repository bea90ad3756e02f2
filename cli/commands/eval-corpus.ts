// baocao eval --corpus [DIR]: the development corpus (fixtures/corpus) rendered as DOCX, text
// PDF and scan, each report read once per format, and the scorer cross-validated by report over
// the corpus's fixed folds: per indicator group and format, recall (found, accepted or flagged,
// with the right number), precision of the values accepted without a reviewer, and the share of
// found values that were flagged; then every miss and every wrong value with its sentence. With
// a model configured (OPENAI_API_KEY / OPENAI_BASE_URL) the model's candidates are merged as in
// production. --write-model fits the shipped scorer on the whole corpus.
import { writeFile } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readReport } from '../../extractors/analyse.ts';
import { parseDocument } from '../../extractors/parse/index.ts';
import {
  byGroupAndFormat,
  crossValidate,
  fitModel,
  tallies,
  whyRightFlagged,
  type CvItem,
  type ItemResult,
  type TallyRow,
} from '../../extractors/mentions/cross-validation.ts';
import { indicatorById } from '../../extractors/catalogue.ts';
import { noticeRulesOnly } from '../../extractors/llm/index.ts';
import type { FlagReason } from '../../extractors/types.ts';
import { assignFolds, readFolds } from '../../fixtures/corpus/folds.ts';
import { CORPUS_DIR, CORPUS_FORMATS, DEFAULT_CACHE, renderCorpus, type CorpusFormat } from '../../fixtures/corpus/render.ts';
import { openParseCache } from '../../fixtures/corpus/parse-cache.ts';
import { loadCorpus, type CorpusReport } from '../../fixtures/corpus/schema.ts';
import type { Config } from '../../app/config.ts';
import { percent, table } from '../format.ts';
import { createLogger, lazyOcr, llmClientOf, verifyOptionsOf } from '../../app/runtime.ts';

export interface CorpusEvalOptions {
  json?: boolean;
  formats?: string;
  writeModel?: boolean;
  /** Only these report ids (for looking at a few). */
  only?: string[];
  /** A fold whose misses and wrong values are not listed (kept unseen while the rules are written). */
  holdOut?: number;
  verbose?: boolean;
}

function parseFormats(text: string | undefined): CorpusFormat[] {
  if (!text) return CORPUS_FORMATS;
  const formats = text.split(',').map((f) => f.trim());
  for (const f of formats) if (!CORPUS_FORMATS.includes(f as CorpusFormat)) throw new Error(`--formats: "${f}" is not one of ${CORPUS_FORMATS.join(', ')}`);
  return formats as CorpusFormat[];
}

const row = (t: TallyRow): string[] => [
  t.key.replace(/^(?:group|format|cell):/, ''),
  String(t.truth),
  `${percent(t.recall)} (${t.found})`,
  t.autoAccepted === 0 ? '— (0/0)' : `${percent(t.autoPrecision)} (${t.autoAccepted - t.autoWrong}/${t.autoAccepted})`,
  percent(t.flaggedShare),
  String(t.wrong),
];
const HEAD = ['', 'labelled', 'recall', 'accepted precision', 'found flagged', 'wrong values'];

function sentenceOf(report: CorpusReport, at: string): string {
  for (const b of report.body) {
    const text = 'text' in b ? b.text : 'heading' in b ? b.heading : '';
    if (text.includes(at)) return text.replace(/\s+/g, ' ');
  }
  return at;
}

/** `baocao eval --corpus [DIR]` */
export async function evalCorpusCommand(dir: string | undefined, options: CorpusEvalOptions, config: Config): Promise<number> {
  const corpusDir = resolve(dir ?? CORPUS_DIR);
  const formats = parseFormats(options.formats);
  const all = await loadCorpus(corpusDir);
  const reports = options.only?.length ? all.filter((r) => options.only!.includes(r.report.id)) : all;
  if (reports.length === 0) throw new Error(`no corpus reports in ${corpusDir}`);
  const fixed = await readFolds(corpusDir);
  const folds = assignFolds(all, fixed);
  const unfixed = reports.filter((r) => !fixed.has(r.report.id)).length;
  if (unfixed > 0)
    console.error(`${unfixed} reports have no fold in folds.yaml yet: given one for this run (node cli/run-ts.js fixtures/corpus/folds.ts fixes them)`);

  const tty = process.stderr.isTTY;
  const rendered = await renderCorpus(reports, DEFAULT_CACHE, formats, (id, format, reused) => {
    if (!reused && tty) process.stderr.write(`\rrendering ${format} ${id}`.padEnd(70));
  });
  if (tty) process.stderr.write(`${'\r'.padEnd(71)}\r`);

  const logger = createLogger(Boolean(options.verbose));
  const client = llmClientOf(config, logger);
  if (!client) noticeRulesOnly(logger);
  const ocr = formats.includes('scan') ? lazyOcr(config) : { ocr: undefined, close: async () => {} };
  // OCR settings are part of the key: another language or engine reads a scan differently.
  const parsedCache = await openParseCache(DEFAULT_CACHE, { ocr: config.ocr.enabled ? config.ocr.languages : null, maxBytes: config.limits.maxFileBytes });
  const items: CvItem[] = [];
  const byId = new Map(reports.map((r) => [r.report.id, r.report]));
  try {
    let done = 0;
    const total = rendered.length * formats.length;
    for (const r of rendered) {
      const report = byId.get(r.id)!;
      for (const format of formats) {
        const path = r.files[format]!;
        done++;
        // A terminal sees each document; a log (CI, nohup) a line every 50, since scans take minutes.
        if (tty) process.stderr.write(`\rreading ${done}/${total} ${format} ${r.id}`.padEnd(70));
        else if (done % 50 === 0 || done === total) process.stderr.write(`reading document ${done} of ${total}\n`);
        const bytes = new Uint8Array(await readFile(path));
        const parseOptions = { maxBytes: config.limits.maxFileBytes, ...(ocr.ocr ? { ocr: ocr.ocr } : {}) };
        const parsed = await parsedCache.parsed(bytes, () => parseDocument(bytes, parseOptions));
        const read = await readReport(bytes, { ...parseOptions, parsed, ...(client ? { llm: { client, logger } } : {}) });
        items.push({
          report: r.id,
          fold: folds.get(r.id)!,
          format,
          parsed: read.parsed,
          candidates: read.rules,
          modelCandidates: read.llm?.candidates ?? [],
          truth: report.values.map((v) => ({ indicator: v.indicator, value: v.value, ...(v.flag ? { flag: v.flag as FlagReason } : {}) })),
        });
      }
    }
  } finally {
    if (tty) process.stderr.write(`${'\r'.padEnd(71)}\r`);
    await ocr.close();
  }

  const verify = verifyOptionsOf(config);
  const cv = crossValidate(items, verify);
  const rows = tallies(cv.results, byGroupAndFormat);
  const pick = (prefix: string) => rows.filter((t) => t.key.startsWith(prefix));
  // The held-out fold measured on its own: what the rules do on reports nobody tuned them on.
  const heldOutResults = options.holdOut === undefined ? [] : cv.results.filter((r) => r.item.fold === options.holdOut);
  const heldOut =
    heldOutResults.length === 0
      ? null
      : {
          reports: new Set(heldOutResults.map((r) => r.item.report)).size,
          rows: tallies(heldOutResults, byGroupAndFormat).filter((t) => t.key.startsWith('format:') || t.key === 'overall'),
        };
  const inconsistencies = cv.results.flatMap((r) => r.inconsistencies.map((i) => ({ ...i, report: r.item.report, format: r.item.format })));

  if (options.writeModel) {
    const model = fitModel(items, verify, `corpus-${new Date().toISOString().slice(0, 10)}`);
    const shipped = { ...model, version: `corpus-${items.length}`, fittedOn: `fixtures/corpus: ${reports.length} reports x ${formats.join(', ')}` };
    await writeFile(new URL('../../extractors/mentions/scorer-model.json', import.meta.url), `${JSON.stringify(shipped, null, 2)}\n`);
    console.error(`scorer written: threshold ${shipped.threshold}, ${Object.keys(shipped.weights).length} weights`);
  }

  if (options.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          reports: reports.length,
          formats,
          folds: cv.models.map((m) => ({ fold: m.fold, defaultRawThreshold: m.model.defaultRawThreshold, rawThresholds: m.model.rawThresholds })),
          overall: pick('overall'),
          byFormat: pick('format:'),
          ...(heldOut ? { heldOut: { fold: options.holdOut, reports: heldOut.reports, byFormat: heldOut.rows } } : {}),
          byGroup: pick('group:'),
          byGroupAndFormat: pick('cell:'),
          inconsistencies: { planted: inconsistencies.length, flagged: inconsistencies.filter((i) => i.flagged).length },
          misses: misses(cv.results, byId),
          wrong: wrongValues(cv.results, byId),
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const labelled = reports.reduce((n, r) => n + r.report.values.length, 0);
  console.log(
    `${reports.length} corpus reports, ${labelled} labelled values, formats ${formats.join(', ')}, ${cv.models.length}-fold cross-validation by report`,
  );
  console.log(
    `probability thresholds per fold (default; groups with their own): ${cv.models
      .map(
        (m) =>
          `${m.fold}: ${m.model.defaultRawThreshold} (${Object.entries(m.model.rawThresholds)
            .map(([g, t]) => `${g} ${t}`)
            .join(', ')})`,
      )
      .join('; ')}\n`,
  );
  console.log('By format');
  console.log(table(HEAD, [...pick('format:'), ...pick('overall')].map(row)));
  if (heldOut) {
    console.log(`Fold ${options.holdOut} alone (${heldOut.reports} reports whose misses and wrong values were never looked at while the rules were written)`);
    console.log(table(HEAD, heldOut.rows.map(row)));
  }
  console.log('By indicator group (all formats)');
  console.log(table(HEAD, pick('group:').map(row)));
  console.log('By indicator group and format: recall / accepted precision / found flagged');
  const groups = pick('group:').map((g) => g.key.slice(6));
  console.log(
    table(
      ['group', ...formats],
      groups.map((g) => [
        g,
        ...formats.map((f) => {
          const c = rows.find((t) => t.key === `cell:${g}|${f}`);
          return c ? `${percent(c.recall)} / ${percent(c.autoPrecision)} / ${percent(c.flaggedShare)}` : '';
        }),
      ]),
    ),
  );
  printWhyFlagged(cv, options.holdOut);
  console.log(`Inconsistencies of the sources flagged: ${inconsistencies.filter((i) => i.flagged).length}/${inconsistencies.length}`);
  for (const i of inconsistencies.filter((x) => !x.flagged))
    console.log(`  not flagged: ${i.report} (${i.format}) ${i.truth.indicator} ${i.truth.value}: ${i.truth.flag}`);
  const shown = (report: string) => options.holdOut === undefined || folds.get(report) !== options.holdOut;
  const hidden = (n: number) => (n > 0 ? ` (${n} of fold ${options.holdOut} not shown: held out)` : '');
  const allWrong = wrongValues(cv.results, byId);
  const wrong = allWrong.filter((w) => shown(w.report));
  console.log(
    `\nWrong values (${allWrong.filter((w) => w.status === 'auto_accepted').length} accepted, ${allWrong.filter((w) => w.status !== 'auto_accepted').length} flagged)${hidden(allWrong.length - wrong.length)}:`,
  );
  for (const w of wrong)
    console.log(
      `  ${w.status === 'auto_accepted' ? 'ACCEPTED' : 'flagged '} ${w.report} (${w.format}) ${w.indicator} ${w.got} [${w.confidence}] expected ${w.expected ?? '—'}: ${w.evidence}`,
    );
  const allMissed = misses(cv.results, byId);
  const missed = allMissed.filter((m) => shown(m.report));
  console.log(`\nMissed (${allMissed.length})${hidden(allMissed.length - missed.length)}:`);
  for (const m of missed) console.log(`  ${m.report} (${m.format}) ${m.indicator} ${m.expected}${m.got ? ` (got ${m.got})` : ''}: ${m.sentence}`);
  return 0;
}

/**
 * Why the right values found were flagged, per reason (a value flagged for several counted under
 * each), over the folds other than the held-out one, then per group: what keeps the flagged share up.
 */
function printWhyFlagged(cv: ReturnType<typeof crossValidate>, holdOut: number | undefined) {
  const seen = cv.results.filter((r) => r.item.fold !== holdOut);
  const folds = [...new Set(seen.map((r) => r.item.fold))].sort((a, b) => a - b).join(', ');
  const all = whyRightFlagged(seen, cv.models);
  console.log(`Why right values were flagged (folds ${folds}; a value flagged for several reasons counted under each)`);
  console.log(
    table(
      ['reason', 'right values flagged', 'for this reason alone'],
      all.map((r) => [r.reason, String(r.any), String(r.only)]),
    ),
  );
  const groups = [...new Set(seen.flatMap((r) => r.values.map((v) => indicatorById(v.value.indicator).group)))].sort();
  const perGroup = groups
    .map((g) => ({ g, rows: whyRightFlagged(seen, cv.models, (_, v) => indicatorById(v.value.indicator).group === g) }))
    .filter((x) => x.rows.length > 0);
  console.log(
    table(
      ['group', 'why (reason: flagged with it / alone)'],
      perGroup.map(({ g, rows }) => [g, rows.map((r) => `${r.reason}: ${r.any}/${r.only}`).join(', ')]),
    ),
  );
}

function misses(results: ItemResult[], byId: Map<string, CorpusReport>) {
  return results.flatMap((r) =>
    r.missed.map((m) => {
      const report = byId.get(r.item.report)!;
      const label = report.values.find((v) => v.indicator === m.truth.indicator)!;
      return {
        report: r.item.report,
        format: r.item.format,
        indicator: m.truth.indicator,
        expected: m.truth.value,
        got: m.got?.value ?? null,
        sentence: sentenceOf(report, label.at),
      };
    }),
  );
}

function wrongValues(results: ItemResult[], byId: Map<string, CorpusReport>) {
  void byId;
  return results.flatMap((r) =>
    r.values
      .filter((v) => !v.correct)
      .map((v) => ({
        report: r.item.report,
        format: r.item.format,
        indicator: v.value.indicator,
        got: v.value.value,
        expected: v.expected,
        status: v.value.status,
        confidence: v.value.confidence,
        evidence: v.value.evidence,
      })),
  );
}
