// Registering document bytes: stored once by content hash, one documents row per hash.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { registerDocument } from '../db/documents.ts';
import { detectMediaType } from '../extractors/parse/media-type.ts';
import type { RegisteredFile } from './contract.ts';
import { fileKey } from './document-store.ts';
import type { ActivityDeps } from './deps.ts';

export interface IncomingDocument {
  /** The bytes, or null when the file is over the size limit and was not read. */
  bytes: Uint8Array | null;
  /** Needed when bytes is null: streamed hash, size and first bytes. */
  sha256?: string;
  size?: number;
  head?: Uint8Array;
  /** File name as the sender called it: kept for people, never used as a path. */
  name: string;
  sourceId?: number | null;
  /** The document this one replaces (the same source entry with new bytes). */
  supersedesId?: number | null;
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function registerIncoming(deps: ActivityDeps, incoming: IncomingDocument): Promise<RegisteredFile> {
  const { bytes } = incoming;
  const sha256 = bytes ? sha256Of(bytes) : incoming.sha256!;
  const key = fileKey(sha256);
  if (bytes && !(await deps.store.has(key))) await deps.store.put(key, bytes);
  const { document, isNew } = await registerDocument(deps.db, {
    sha256,
    originalName: incoming.name,
    mediaType: detectMediaType(bytes ?? incoming.head ?? new Uint8Array()),
    bytes: bytes ? bytes.byteLength : incoming.size!,
    storageKey: key,
    sourceId: incoming.sourceId ?? null,
    supersedesId: incoming.supersedesId ?? null,
  });
  if (isNew) deps.logger.info({ documentId: document.id, file: incoming.name }, 'document registered');
  return { documentId: document.id, sha256, name: document.originalName, isNew, status: document.status };
}

/**
 * A local file as an incoming document. A file over the limit is not read whole: its hash is
 * streamed and its bytes are not stored, so the refusal is recorded without the memory cost.
 */
export async function readIncomingFile(path: string, size: number, maxBytes: number): Promise<Omit<IncomingDocument, 'name'>> {
  if (size <= maxBytes) return { bytes: new Uint8Array(await readFile(path)) };
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const file = await open(path);
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(8192), 0, 8192, 0);
    return { bytes: null, sha256: hash.digest('hex'), size, head: new Uint8Array(buffer.subarray(0, bytesRead)) };
  } finally {
    await file.close();
  }
}
