// A mounted folder or share. Files are found below the folder and never outside it: ".."
// in a locator, absolute locators and symbolic links that lead out of the folder are refused.
import { constants } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { SourceRow } from '../../db/schema.ts';
import type { EntryRef } from '../contract.ts';
import type { ActivityDeps } from '../deps.ts';
import { NOT_A_REPORT } from '../folder-activities.ts';
import { REPORT_EXTENSIONS, SourceError, type AdapterFetch, type ListingProblem, type SourceAdapter, type Validators } from './adapter.ts';

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
  async list(source: SourceRow, deps: ActivityDeps, problem?: ListingProblem): Promise<EntryRef[]> {
    const root = await rootOf(source, deps);
    const out: EntryRef[] = [];
    // Walked by hand to a fixed depth; linked folders are not followed.
    const walk = async (folder: string, depth: number): Promise<void> => {
      let found;
      try {
        found = await readdir(folder, { withFileTypes: true });
      } catch (error) {
        // The source folder itself unreadable is the source failing; a sub-folder is one part of
        // it: recorded, and the reports beside it still come in.
        if (folder === root) throw error;
        const code = (error as NodeJS.ErrnoException).code;
        problem?.(
          `${relative(root, folder).split(sep).join('/')}/`,
          `folder could not be read${code ? ` (${code})` : ''}: its reports were skipped; the next run tries it again`,
        );
        return;
      }
      for (const e of found) {
        const path = join(folder, e.name);
        if (e.isDirectory() && depth < MAX_DEPTH) await walk(path, depth + 1);
        if (!(e.isFile() || e.isSymbolicLink()) || NOT_A_REPORT.test(e.name) || !REPORT_EXTENSIONS.test(e.name)) continue;
        const locator = relative(root, path).split(sep).join('/');
        try {
          if (!(await stat(await resolveInside(root, locator))).isFile()) continue;
        } catch {
          continue; // a link out of the folder is not offered at all
        }
        out.push({ locator, title: e.name });
      }
    };
    await walk(root, 0);
    return out.sort((a, b) => a.locator.localeCompare(b.locator));
  },

  async fetch(source: SourceRow, entry: EntryRef, known: Validators | null, deps: ActivityDeps): Promise<AdapterFetch> {
    const root = await rootOf(source, deps);
    const real = await resolveInside(root, entry.locator);
    // The checked path is opened once, not following a link swapped in since; size and
    // reading go through that handle, and no more than the limit is ever read.
    const file = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => {
      throw new SourceError(`${entry.locator} changed while it was being read; it will be tried again`);
    });
    try {
      const info = await file.stat();
      if (!info.isFile()) throw new SourceError(`${entry.locator} is not a file`);
      // Size and modification time stand in for an ETag: unchanged files are not read again.
      const validators: Validators = { etag: `${info.size}-${Math.trunc(info.mtimeMs)}`, lastModified: info.mtime.toUTCString() };
      if (known?.etag === validators.etag) return { status: 'not_modified' };
      const limit = deps.limits.maxFileBytes;
      if (info.size > limit) throw new SourceError(`${entry.locator} is ${info.size} bytes, over the limit of ${limit} (limits.maxFileBytes)`);
      // One byte more than the size: a file still being copied onto the share shows up here.
      const buffer = Buffer.alloc(info.size + 1);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await file.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length !== info.size) throw new SourceError(`${entry.locator} changed while it was being read (still being copied?); it will be tried again`);
      return { status: 'ok', bytes: new Uint8Array(buffer.subarray(0, length)), validators, name: entry.locator.split('/').pop()! };
    } finally {
      await file.close();
    }
  },
};
