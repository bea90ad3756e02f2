// The nightly ingestion: every enabled source is listed, what is new is fetched (unchanged
// files cost a conditional request, not a download) and processed. A source or a file that
// fails is recorded and the others go on; a document an earlier run left half-done is resumed.
import type { Activities, EntryRef, FetchEntryResult, RegisteredFile, SourceSummary } from '../../activities/contract.ts';
import type { RunTrigger } from '../../db/schema.ts';
import { mapWithConcurrency } from '../../shared/pool.ts';
import { failureMessage } from '../../shared/failure-message.ts';
import { needsProcessing, processReport, type ReportOutcome } from './process-report.ts';

export interface IngestSourcesInput {
  trigger: RunTrigger;
  /** Sources handled at once; the entries of one source are fetched one after another. */
  concurrency: number;
  /** Only these sources (by name, enabled or not); every enabled one when absent. */
  only?: string[];
}

export interface EntryOutcome {
  entry: EntryRef;
  fetch: FetchEntryResult;
  /** Set when the entry's document was processed in this run. */
  report?: ReportOutcome;
}

export type SourceOutcome =
  | { source: SourceSummary; status: 'listed'; entries: EntryOutcome[] }
  | { source: SourceSummary; status: 'unreachable'; reason: string };

export interface SourcesSummary {
  sources: SourceOutcome[];
  newDocuments: number;
  unchanged: number;
  failed: number;
  accepted: number;
  flagged: number;
}

export interface IngestSourcesProgress {
  onSource?(outcome: SourceOutcome): void;
}

/**
 * How one report is processed: in process, the core's processReport; under Temporal, a
 * child workflow whose id comes from the document hash. Null: another run is processing it.
 */
export type RunReport = (document: { documentId: number; sha256: string }, trigger: RunTrigger) => Promise<ReportOutcome | null>;

/** How one source is ingested: in process directly, under Temporal as a child workflow. */
export type RunSource = (source: SourceSummary, trigger: RunTrigger) => Promise<SourceOutcome>;

export function inProcessReport(acts: Activities): RunReport {
  return (document, trigger) => processReport(acts, { documentId: document.documentId, trigger });
}

/** In process, one set of claims spans all sources: a document offered twice is processed once. */
export function inProcessSource(acts: Activities): RunSource {
  const claimed = new Set<number>();
  const runReport = inProcessReport(acts);
  return (source, trigger) => ingestSource(acts, source, { trigger, claimed, runReport });
}

export async function ingestSources(
  acts: Activities,
  input: IngestSourcesInput,
  progress: IngestSourcesProgress = {},
  runSource: RunSource = inProcessSource(acts),
): Promise<SourcesSummary> {
  const wanted = await acts.listSources({ names: input.only });
  const sources = await mapWithConcurrency(wanted, input.concurrency, async (source) => {
    let outcome: SourceOutcome;
    try {
      outcome = await runSource(source, input.trigger);
    } catch (error) {
      // Whatever goes wrong with one source (retries exhausted, a database error) stays with it.
      outcome = { source, status: 'unreachable', reason: failureMessage(error) };
    }
    progress.onSource?.(outcome);
    return outcome;
  });
  return summarizeSources(sources);
}

/** The document to process for a fetch result, if any: new bytes, or a resumed document. */
function documentToProcess(fetch: FetchEntryResult): RegisteredFile | null {
  if (fetch.status === 'fetched' && needsProcessing(fetch.file)) return fetch.file;
  if (fetch.status === 'unchanged' && fetch.unfinished) return fetch.unfinished;
  return null;
}

export interface IngestSourceOptions {
  trigger: RunTrigger;
  /** Documents already taken by this run (shared across the sources of one run in process). */
  claimed: Set<number>;
  runReport: RunReport;
}

export async function ingestSource(acts: Activities, source: SourceSummary, options: IngestSourceOptions): Promise<SourceOutcome> {
  const { claimed, runReport, trigger } = options;
  const listed = await acts.listSourceEntries({ sourceId: source.sourceId });
  if (!listed.ok) return { source, status: 'unreachable', reason: listed.reason };
  // Parts of the source that could not be listed count as failed entries; the rest goes on.
  const entries: EntryOutcome[] = (listed.unreadable ?? []).map(({ locator, reason }) => ({
    entry: { locator, title: null },
    fetch: { status: 'failed', locator, reason },
  }));
  for (const entry of listed.entries) {
    let fetch: FetchEntryResult;
    try {
      fetch = await acts.fetchSourceEntry({ sourceId: source.sourceId, entry });
    } catch (error) {
      entries.push({ entry, fetch: { status: 'failed', locator: entry.locator, reason: failureMessage(error) } });
      continue;
    }
    const outcome: EntryOutcome = { entry, fetch };
    const document = documentToProcess(fetch);
    if (document && !claimed.has(document.documentId)) {
      claimed.add(document.documentId);
      const report = await runReport(document, trigger);
      if (report) outcome.report = report;
    }
    entries.push(outcome);
  }
  return { source, status: 'listed', entries };
}

export function summarizeSources(sources: SourceOutcome[]): SourcesSummary {
  const entries = sources.flatMap((s) => (s.status === 'listed' ? s.entries : []));
  const reports = entries.flatMap((e) => (e.report ? [e.report] : []));
  return {
    sources,
    newDocuments: entries.filter((e) => e.fetch.status === 'fetched' && e.fetch.file.isNew).length,
    unchanged: entries.filter((e) => e.fetch.status === 'unchanged' || (e.fetch.status === 'fetched' && !e.fetch.file.isNew)).length,
    failed:
      sources.filter((s) => s.status === 'unreachable').length +
      entries.filter((e) => e.fetch.status === 'failed').length +
      reports.filter((r) => r.status === 'failed').length,
    accepted: reports.reduce((n, r) => n + (r.status === 'extracted' ? r.accepted : 0), 0),
    flagged: reports.reduce((n, r) => n + (r.status === 'extracted' ? r.flagged : 0), 0),
  };
}
