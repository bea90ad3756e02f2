// baocao ingest DIR: every report in a folder, idempotent by content hash.
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { listCurrentValues } from '../../db/values.ts';
import { ingestFolder, type FileOutcome, type IngestSummary } from '../../workflows/core/ingest-folder.ts';
import { UsageError, type Config } from '../../app/config.ts';
import { terminalJson, terminalSafe } from '../format.ts';
import { indicatorTable } from '../indicator-table.ts';
import { createLogger, openRuntime } from '../../app/runtime.ts';

/** One line about a file: its name and any reason are made terminal-safe (a name can carry escape sequences). */
function describe(outcome: FileOutcome): string {
  return terminalSafe(describeRaw(outcome));
}

function describeRaw(outcome: FileOutcome): string {
  const name = basename(outcome.path);
  switch (outcome.status) {
    case 'unchanged':
      return `${name}: already ingested (document ${outcome.file.documentId}, ${outcome.file.status})`;
    case 'duplicate':
      return `${name}: same content as another file of this folder (document ${outcome.file.documentId})`;
    case 'unreadable':
      return `${name}: FAILED: ${outcome.reason}`;
    case 'processed':
      if (outcome.report.status === 'set_aside') return `${name}: set aside, not extracted: ${outcome.report.classification.scopeReason ?? 'not a report'}`;
      return outcome.report.status === 'failed'
        ? `${name}: FAILED: ${outcome.report.reason}`
        : `${name}: ${outcome.report.accepted} accepted, ${outcome.report.flagged} flagged`;
  }
}

export async function ingestCommand(dir: string, options: { json?: boolean; verbose?: boolean }, config: Config): Promise<number> {
  const folder = resolve(dir);
  const info = await stat(folder).catch(() => null);
  if (!info) throw new UsageError(`no such folder: ${dir}`);
  if (!info.isDirectory()) throw new UsageError(`${dir} is a file; give a folder of reports, or use \`baocao add ${dir}\` for one report`);
  const logger = createLogger(Boolean(options.verbose));
  const runtime = await openRuntime(config, logger);
  try {
    const bar =
      process.stderr.isTTY && !options.json
        ? new cliProgress.SingleBar({ format: 'ingest [{bar}] {value}/{total} {file}', hideCursor: true }, cliProgress.Presets.shades_classic)
        : null;
    const summary: IngestSummary = await ingestFolder(
      runtime.activities,
      { dir: folder, trigger: 'ingest', concurrency: config.limits.ingestConcurrency },
      {
        onStart: (total) => bar?.start(total, 0, { file: '' }),
        onFileDone: (outcome, done) => {
          bar?.update(done, { file: terminalSafe(basename(outcome.path)) });
          if (!bar && !options.json) process.stderr.write(`[${done}] ${describe(outcome)}\n`);
        },
      },
    );
    bar?.stop();
    const documentIds = [...new Set(summary.files.flatMap((f) => (f.status === 'unreadable' ? [] : [f.file.documentId])))];
    const values = await listCurrentValues(runtime.handle.db, { documentIds });
    // A nightly job must see that something went wrong; the other files are stored all the same.
    const exitCode = summary.failed > 0 ? 1 : 0;
    const awaiting = values.filter((v) => v.status === 'flagged').length;
    if (options.json) {
      process.stdout.write(
        `${terminalJson({
          new_documents: summary.newDocuments,
          processed: summary.processed,
          unchanged: summary.unchanged,
          failed: summary.failed,
          accepted: summary.accepted,
          flagged: summary.flagged,
          awaiting_review: awaiting,
          files: summary.files.map((f) => ({
            file: basename(f.path),
            status: f.status === 'processed' ? f.report.status : f.status,
            new: f.status === 'unreadable' ? false : f.file.isNew,
            document_id: f.status === 'unreadable' ? null : f.file.documentId,
            reason:
              f.status === 'unreadable'
                ? f.reason
                : f.status === 'processed' && f.report.status === 'failed'
                  ? f.report.reason
                  : f.status === 'processed' && f.report.status === 'set_aside'
                    ? (f.report.classification.scopeReason ?? null)
                    : null,
          })),
        })}\n`,
      );
      return exitCode;
    }
    if (bar) for (const f of summary.files) if (f.status !== 'unchanged') process.stderr.write(`${describe(f)}\n`);
    if (values.length > 0) console.log(indicatorTable(values));
    console.log(
      `${summary.files.length} files: ${summary.newDocuments} new, ${summary.unchanged} unchanged, ${summary.failed} failed` +
        `${summary.processed > summary.newDocuments ? ` (${summary.processed - summary.newDocuments} resumed)` : ''} · ` +
        `${summary.accepted} values accepted, ${summary.flagged} flagged in this run`,
    );
    console.log(`${awaiting} values await review (⚑; list them with: baocao values --status flagged)`);
    if (summary.failed > 0) console.log(`${summary.failed} files failed; the reasons are above and in the documents table`);
    return exitCode;
  } finally {
    await runtime.close();
  }
}
