// Where document bytes (and their parsed form) live: a folder by default, content-addressed.
// Behind a small interface so S3-compatible storage can take its place.
import { mkdir, readFile, rename, writeFile, access } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ParsedDocument } from '../extractors/types.ts';
import { readWarnings } from '../extractors/warnings.ts';

export interface DocumentStore {
  /** Where the store is, for messages. */
  readonly location: string;
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  has(key: string): Promise<boolean>;
}

/** Keys like "files/ab/abcdef…" stay inside the root: they are made by us, never from file names. */
export function folderStore(root: string): DocumentStore {
  const base = resolve(root);
  const pathOf = (key: string): string => {
    if (!/^[a-z]+\/[0-9a-f]{2}\/[0-9a-f]{64}(?:\.[a-z]+)?$/.test(key)) throw new Error(`invalid storage key "${key}"`);
    return join(base, key);
  };
  return {
    location: base,
    async put(key, bytes) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      // Write then rename: a crash never leaves a half-written file under the final key.
      const temporary = `${path}.${randomUUID()}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, path);
    },
    async get(key) {
      return new Uint8Array(await readFile(pathOf(key)));
    },
    async has(key) {
      try {
        await access(pathOf(key));
        return true;
      } catch {
        return false;
      }
    },
  };
}

export const fileKey = (sha256: string): string => `files/${sha256.slice(0, 2)}/${sha256}`;
export const parsedKey = (sha256: string): string => `parsed/${sha256.slice(0, 2)}/${sha256}.json`;

/** A parsed document as stored under parsedKey; one stored before warnings had codes has its sentences coded `uncoded`. */
export async function getParsed(store: DocumentStore, sha256: string): Promise<ParsedDocument> {
  const doc = JSON.parse(new TextDecoder().decode(await store.get(parsedKey(sha256)))) as ParsedDocument;
  return { ...doc, warnings: readWarnings(doc.warnings) };
}
