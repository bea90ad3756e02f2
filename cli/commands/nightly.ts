// baocao nightly: the nightly ingestion in process: every enabled source listed, what is new
// fetched and processed. (The Temporal schedule runs the same core.)
import type { Activities } from '../../activities/contract.ts';
import type { Database } from '../../db/client.ts';
import { listCurrentValues } from '../../db/values.ts';
import { ingestSources, type SourceOutcome, type SourcesSummary } from '../../workflows/core/ingest-sources.ts';
import { UsageError, type Config } from '../../app/config.ts';
import { sourcesNamed } from '../../db/sources.ts';
import { terminalJson, terminalSafe } from '../format.ts';
import { indicatorTable } from '../indicator-table.ts';
import { createLogger, openRuntime } from '../../app/runtime.ts';

export function describeSource(outcome: SourceOutcome): string[] {
  const { source } = outcome;
  const head = `${source.name} (${source.provinceCode ?? '?'}, ${source.kind})`;
  if (outcome.status === 'unreachable') return [`${head}: UNREACHABLE: ${outcome.reason}`];
  const count = (status: string) => outcome.entries.filter((e) => e.fetch.status === status).length;
  const lines = [`${head}: ${outcome.entries.length} files listed, ${count('fetched')} fetched, ${count('unchanged')} unchanged, ${count('failed')} failed`];
  for (const e of outcome.entries) {
    if (e.fetch.status === 'failed') lines.push(`  ${e.entry.locator}: FAILED: ${e.fetch.reason}`);
    else if (e.report?.status === 'failed') lines.push(`  ${e.entry.locator}: FAILED: ${e.report.reason}`);
    else if (e.fetch.status === 'fetched' && e.fetch.supersedes) lines.push(`  ${e.entry.locator}: new version of document ${e.fetch.supersedes}`);
  }
  return lines;
}

export function summaryJson(summary: SourcesSummary, awaitingReview: number) {
  return {
    new_documents: summary.newDocuments,
    unchanged: summary.unchanged,
    failed: summary.failed,
    accepted: summary.accepted,
    flagged: summary.flagged,
    awaiting_review: awaitingReview,
    sources: summary.sources.map((s) => ({
      name: s.source.name,
      status: s.status,
      reason: s.status === 'unreachable' ? s.reason : null,
      entries:
        s.status === 'listed'
          ? s.entries.map((e) => ({
              locator: e.entry.locator,
              fetch: e.fetch.status,
              document_id: e.fetch.status === 'fetched' ? e.fetch.file.documentId : null,
              new: e.fetch.status === 'fetched' ? e.fetch.file.isNew : false,
              supersedes: e.fetch.status === 'fetched' ? e.fetch.supersedes : null,
              reason: e.fetch.status === 'failed' ? e.fetch.reason : e.report?.status === 'failed' ? e.report.reason : null,
            }))
          : [],
    })),
  };
}

/** Runs the nightly core and prints what happened; exit code 1 when anything failed. */
export async function runNightly(
  activities: Activities,
  db: Database,
  options: { json?: boolean; only?: string[] },
  config: Config,
): Promise<{ exitCode: number; summary: SourcesSummary }> {
  const summary = await ingestSources(
    activities,
    { trigger: 'nightly', concurrency: config.sources.concurrency, only: options.only },
    { onSource: (outcome) => !options.json && process.stderr.write(`${describeSource(outcome).map(terminalSafe).join('\n')}\n`) },
  );
  const documentIds = summary.sources.flatMap((s) =>
    s.status === 'listed' ? s.entries.flatMap((e) => (e.fetch.status === 'fetched' ? [e.fetch.file.documentId] : [])) : [],
  );
  const values = documentIds.length ? await listCurrentValues(db, { documentIds }) : [];
  const awaiting = values.filter((v) => v.status === 'flagged').length;
  if (options.json) {
    process.stdout.write(`${terminalJson(summaryJson(summary, awaiting))}\n`);
  } else {
    if (values.length > 0) console.log(indicatorTable(values));
    console.log(
      `${summary.sources.length} sources: ${summary.newDocuments} new documents, ${summary.unchanged} unchanged, ${summary.failed} failed · ` +
        `${summary.accepted} values accepted, ${summary.flagged} flagged in this run`,
    );
    if (awaiting > 0) console.log(`${awaiting} values of these documents await review (⚑; baocao values --status flagged)`);
  }
  return { exitCode: summary.failed > 0 ? 1 : 0, summary };
}

export async function nightlyCommand(options: { json?: boolean; source?: string[]; verbose?: boolean }, config: Config): Promise<number> {
  const runtime = await openRuntime(config, createLogger(Boolean(options.verbose)));
  try {
    if (options.source) {
      const known = new Set((await sourcesNamed(runtime.handle.db, options.source)).map((s) => s.name));
      const unknown = options.source.filter((name) => !known.has(name));
      if (unknown.length > 0) throw new UsageError(`no source named ${unknown.join(', ')} (see baocao sources list)`);
    }
    return (await runNightly(runtime.activities, runtime.handle.db, { json: options.json, only: options.source }, config)).exitCode;
  } finally {
    await runtime.close();
  }
}
