// Files named on the command line, and what goes wrong with them, in sentences: "no such file:
// /x.pdf" rather than "ENOENT: no such file or directory, open '/x.pdf'".
import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { UsageError } from '../app/config.ts';

/** A report file to read: it must exist and be a file (a folder is for `baocao ingest`). */
export async function reportFile(path: string): Promise<Stats> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`no such file: ${path}`);
    throw new UsageError(describeFileError(error) ?? (error as Error).message);
  }
  if (info.isDirectory()) throw new UsageError(`${path} is a folder; give a report file, or use \`baocao ingest ${path}\` for a folder`);
  if (!info.isFile()) throw new UsageError(`${path} is not a regular file; give a report file (PDF, DOCX or an image)`);
  return info;
}

/** A sentence for an error of the file system, or null when it is not one. */
export function describeFileError(error: unknown): string | null {
  const e = error as NodeJS.ErrnoException;
  if (!e || typeof e !== 'object' || typeof e.code !== 'string') return null;
  const path = e.path ?? 'the file';
  switch (e.code) {
    case 'ENOENT':
      return `no such file or folder: ${path}`;
    case 'EISDIR':
      return `${path} is a folder; give a file`;
    case 'ENOTDIR':
      return `${path}: a part of this path is a file, not a folder`;
    case 'EACCES':
    case 'EPERM':
      return `${path} cannot be read or written: permission denied`;
    case 'ENOSPC':
      return `no space left on the disk to write ${path}`;
    case 'EEXIST':
      return `${path} exists already`;
    default:
      return null;
  }
}
