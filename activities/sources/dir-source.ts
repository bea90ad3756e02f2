// A mounted folder or share. Files are found below the folder and never outside it: ".."
// in a locator, absolute locators and symbolic links that lead out of the folder are refused.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { SourceRow } from '../../db/schema.ts';
import type { EntryRef } from '../contract.ts';
import type { ActivityDeps } from '../deps.ts';
import { NOT_A_REPORT } from '../folder-activities.ts';
import { REPORT_EXTENSIONS, SourceError, type AdapterFetch, type SourceAdapter, type Validators } from './adapter.ts';

/** How deep below the source folder reports are looked for (year/quarter sub-folders). */
const MAX_DEPTH = 4;

async function rootOf(source: SourceRow, deps: ActivityDeps): Promise<string> {
  const root = resolve(deps.baseDir ?? process.cwd(), source.location);
  try {
    return await realpath(root);
  } catch {
    throw new SourceError(`folder ${root} does not exist or cannot be read`);
  }
}

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** The real path of a locator, refused unless it is a plain relative path that stays inside root. */
export async function resolveInside(root: string, locator: string): Promise<string> {
  const parts = locator.split(/[\\/]/);
  if (isAbsolute(locator) || locator.includes('\0') || parts.includes('..') || locator.trim() === '') {
    throw new SourceError(`"${locator}" is not a path inside the source folder`);
  }
  let real: string;
  try {
    real = await realpath(join(root, locator));
  } catch {
    throw new SourceError(`${locator}: no such file in the source folder`);
  }
  if (!inside(root, real)) throw new SourceError(`${locator} leads outside the source folder (a symbolic link?)`);
  return real;
}

export const dirSource: SourceAdapter = {
  async list(source: SourceRow, deps: ActivityDeps): Promise<EntryRef[]> {
    const root = await rootOf(source, deps);
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    const out: EntryRef[] = [];
    for (const e of entries) {
      if (!(e.isFile() || e.isSymbolicLink()) || NOT_A_REPORT.test(e.name) || !REPORT_EXTENSIONS.test(e.name)) continue;
      const locator = relative(root, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).split(sep).join('/');
      if (locator.split('/').length > MAX_DEPTH + 1) continue;
      try {
        const real = await resolveInside(root, locator);
        if (!(await stat(real)).isFile()) continue;
      } catch {
        continue; // a link out of the folder is not offered at all
      }
      out.push({ locator, title: e.name });
    }
    return out.sort((a, b) => a.locator.localeCompare(b.locator));
  },

  async fetch(source: SourceRow, entry: EntryRef, known: Validators | null, deps: ActivityDeps): Promise<AdapterFetch> {
    const real = await resolveInside(await rootOf(source, deps), entry.locator);
    const info = await stat(real);
    // Size and modification time stand in for an ETag: unchanged files are not read again.
    const validators: Validators = { etag: `${info.size}-${Math.trunc(info.mtimeMs)}`, lastModified: info.mtime.toUTCString() };
    if (known?.etag === validators.etag) return { status: 'not_modified' };
    if (info.size > deps.limits.maxFileBytes) {
      throw new SourceError(`${entry.locator} is ${info.size} bytes, over the limit of ${deps.limits.maxFileBytes} (limits.maxFileBytes)`);
    }
    return { status: 'ok', bytes: new Uint8Array(await readFile(real)), validators, name: entry.locator.split('/').pop()! };
  },
};
