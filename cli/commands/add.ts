// baocao add FILE --province 48: a report that arrived by hand (e-mail, USB stick), stored and
// processed like any fetched one. The province is where it belongs if the report names none.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { registerIncoming } from '../../activities/register.ts';
import { uploadSource } from '../../db/sources.ts';
import { listCurrentValues } from '../../db/values.ts';
import { needsProcessing, processReport } from '../../workflows/core/process-report.ts';
import type { Config } from '../../app/config.ts';
import { reportFile } from '../file-errors.ts';
import { figure, table, terminalJson, terminalSafe } from '../format.ts';
import { indicatorLabel } from '../indicator-table.ts';
import { provinceOption } from '../options.ts';
import { createLogger, openRuntime } from '../../app/runtime.ts';

export async function addCommand(file: string, options: { province?: string; json?: boolean; verbose?: boolean }, config: Config): Promise<number> {
  if (options.province) provinceOption(options.province);
  const info = await reportFile(file);
  if (info.size > config.limits.maxFileBytes)
    throw new Error(`${file} is ${info.size} bytes, over the limit of ${config.limits.maxFileBytes} (limits.maxFileBytes)`);
  const runtime = await openRuntime(config, createLogger(Boolean(options.verbose)));
  try {
    const deps = runtime.deps;
    const source = await uploadSource(runtime.handle.db, options.province ?? null);
    const registered = await registerIncoming(deps, { bytes: new Uint8Array(await readFile(file)), name: basename(file), sourceId: source.id });
    const report = needsProcessing(registered) ? await processReport(runtime.activities, { documentId: registered.documentId, trigger: 'manual' }) : null;
    const values = await listCurrentValues(runtime.handle.db, { documentIds: [registered.documentId] });
    const failed = report?.status === 'failed' ? report.reason : null;
    if (options.json) {
      const reason = failed ?? (report?.status === 'set_aside' ? (report.classification.scopeReason ?? null) : null);
      process.stdout.write(
        `${terminalJson({ document_id: registered.documentId, new: registered.isNew, status: report?.status ?? registered.status, reason, values })}\n`,
      );
    } else {
      if (!report) console.log(terminalSafe(`${basename(file)} was added before (document ${registered.documentId}, ${registered.status}); nothing to do`));
      if (failed) console.log(terminalSafe(`${basename(file)}: FAILED: ${failed}`));
      if (report?.status === 'set_aside') {
        const c = report.classification;
        console.log(
          terminalSafe(
            `${basename(file)} (document ${registered.documentId}): ${c.documentType ?? 'unknown'}${c.number ? ` số ${c.number}` : ''}, set aside, not extracted: ${c.scopeReason ?? 'not a report'}`,
          ),
        );
        console.log(`to extract it anyway: baocao run rerun --document ${registered.documentId} --force`);
      }
      if (values.length > 0) {
        console.log(
          table(
            ['indicator', 'value', 'unit', 'status', 'page'],
            values.map((v) => [
              indicatorLabel(v.indicator, v.indicatorName),
              figure(v.value),
              v.unit,
              v.status === 'flagged' ? `flagged: ${v.reasons.join(', ')}` : v.status,
              String(v.page),
            ]),
            [{ min: 30, overflow: 'truncate' }, undefined, { min: 8 }, { min: 18 }],
          ),
        );
        const v = values[0]!;
        console.log(
          `document ${registered.documentId}: ${v.province ?? 'province ?'} ${v.periodLabel ?? 'period ?'} · ${values.length} values, ${values.filter((x) => x.status === 'flagged').length} flagged`,
        );
      }
    }
    return failed ? 1 : 0;
  } finally {
    await runtime.close();
  }
}
