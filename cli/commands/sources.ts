// baocao sources list | apply FILE: the provincial sources in the database.
import { appendAudit } from '../../db/audit.ts';
import { allSources, upsertSources } from '../../db/sources.ts';
import { CLI_ACTOR } from './user.ts';
import type { Config } from '../../app/config.ts';
import { localTime } from '../../shared/local-time.ts';
import { table } from '../format.ts';
import { openDatabaseFromConfig } from '../../app/runtime.ts';
import { parseSourcesFile } from '../sources-file.ts';

export async function sourcesApplyCommand(file: string, options: { json?: boolean }, config: Config): Promise<number> {
  const rows = parseSourcesFile(file);
  const { handle } = await openDatabaseFromConfig(config);
  try {
    const applied = await upsertSources(handle.db, rows);
    await appendAudit(handle.db, { actor: CLI_ACTOR.actor, action: 'sources.apply', details: { file, names: applied.map((a) => a.name) } });
    if (options.json) process.stdout.write(`${JSON.stringify(applied.map((s) => s.name))}\n`);
    else console.log(`${applied.length} sources applied from ${file}: ${applied.map((s) => s.name).join(', ')}`);
    return 0;
  } finally {
    await handle.close();
  }
}

export async function sourcesListCommand(options: { json?: boolean }, config: Config): Promise<number> {
  const { handle } = await openDatabaseFromConfig(config);
  try {
    const rows = await allSources(handle.db);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    console.log(
      table(
        ['name', 'province', 'kind', 'location', 'enabled', 'last checked', 'last error'],
        rows.map((s) => [
          s.name,
          s.provinceCode ?? '',
          s.kind,
          s.location,
          s.enabled ? 'yes' : 'no',
          s.lastCheckedAt ? localTime(s.lastCheckedAt) : 'never',
          s.lastError ?? '',
        ]),
        [{ min: 16 }, undefined, undefined, { min: 16, overflow: 'middle' }, undefined, { min: 16 }, { min: 16 }],
      ),
    );
    return 0;
  } finally {
    await handle.close();
  }
}
