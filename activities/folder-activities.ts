// A local folder as a source of report files (`baocao ingest DIR`).
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { FolderActivities } from './contract.ts';
import type { ActivityDeps } from './deps.ts';
import { readIncomingFile, registerIncoming } from './register.ts';

/** File names a folder ingest skips: our own truth files, hidden and temporary files. */
export const NOT_A_REPORT = /^\.|\.truth\.json$|~$|\.tmp$/i;

export function folderActivities(deps: ActivityDeps): FolderActivities {
  return {
    async listFolder({ dir }) {
      const entries = await readdir(dir, { withFileTypes: true });
      return entries
        .filter((e) => e.isFile() && !NOT_A_REPORT.test(e.name))
        .map((e) => join(dir, e.name))
        .sort();
    },

    async registerFile({ path }) {
      const info = await stat(path);
      if (!info.isFile()) throw new Error(`${basename(path)} is not a regular file`);
      const incoming = await readIncomingFile(path, info.size, deps.limits.maxFileBytes);
      return registerIncoming(deps, { ...incoming, name: basename(path) });
    },
  };
}
