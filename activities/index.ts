// The side effects of the pipeline, built from their dependencies so tests hand in a real
// test database and a temporary store. Temporal workers and the in-process runner use the
// same functions.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Logger } from 'pino';
import type { Database } from '../db/client.ts';
import { getDocument, markDocumentFailed, markDocumentParsed, registerDocument, saveClassification } from '../db/documents.ts';
import { storeExtraction } from '../db/extraction.ts';
import { classifyDocument } from '../extractors/classify.ts';
import { assertParseableSize, DocumentError, documentText, parseDocument } from '../extractors/parse/index.ts';
import { detectMediaType } from '../extractors/parse/media-type.ts';
import { extractWithRules, RULES_VERSION } from '../extractors/rules/index.ts';
import type { ParsedDocument } from '../extractors/types.ts';
import { verifyCandidates, type VerifyOptions, DEFAULT_VERIFY_OPTIONS } from '../extractors/verify/index.ts';
import type { Activities } from './contract.ts';
import { fileKey, parsedKey, type DocumentStore } from './document-store.ts';

export interface ActivityDeps {
  db: Database;
  store: DocumentStore;
  logger: Logger;
  limits: { maxFileBytes: number };
  verify?: VerifyOptions;
}

/** File names a folder ingest skips: our own truth files, hidden and temporary files. */
const NOT_A_REPORT = /^\.|\.truth\.json$|~$|\.tmp$/i;

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The first bytes of a file: enough for magic-byte detection. */
async function readHead(path: string): Promise<Uint8Array> {
  const file = await open(path);
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(8192), 0, 8192, 0);
    return new Uint8Array(buffer.subarray(0, bytesRead));
  } finally {
    await file.close();
  }
}

export function createActivities(deps: ActivityDeps): Activities {
  const { db, store, logger } = deps;
  // Parsed documents are reused by the steps after parsing; a few stay in memory so one
  // report is not read back from the store at every step.
  const recent = new Map<number, ParsedDocument>();
  const remember = (id: number, doc: ParsedDocument) => {
    recent.set(id, doc);
    if (recent.size > 8) recent.delete(recent.keys().next().value!);
  };
  const loadParsed = async (documentId: number): Promise<ParsedDocument> => {
    const cached = recent.get(documentId);
    if (cached) return cached;
    const document = await getDocument(db, documentId);
    const doc = JSON.parse(new TextDecoder().decode(await store.get(parsedKey(document.sha256)))) as ParsedDocument;
    remember(documentId, doc);
    return doc;
  };

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
      // A file over the limit is registered (so its refusal is recorded against it) but
      // never read whole: its hash is streamed and its bytes are not stored.
      const tooLarge = info.size > deps.limits.maxFileBytes;
      const bytes = tooLarge ? null : new Uint8Array(await readFile(path));
      const sha256 = bytes ? createHash('sha256').update(bytes).digest('hex') : await hashFile(path);
      const key = fileKey(sha256);
      if (bytes && !(await store.has(key))) await store.put(key, bytes);
      const { document, isNew } = await registerDocument(db, {
        sha256,
        originalName: basename(path),
        mediaType: detectMediaType(bytes ?? (await readHead(path))),
        bytes: info.size,
        storageKey: key,
      });
      if (isNew) logger.info({ documentId: document.id, file: basename(path) }, 'document registered');
      return { documentId: document.id, sha256, name: document.originalName, isNew, status: document.status };
    },

    async parseDocument({ documentId }) {
      const document = await getDocument(db, documentId);
      try {
        assertParseableSize(document.bytes, deps.limits.maxFileBytes);
        const parsed = await parseDocument(await store.get(document.storageKey), { maxBytes: deps.limits.maxFileBytes });
        await store.put(parsedKey(document.sha256), new TextEncoder().encode(JSON.stringify(parsed)));
        remember(documentId, parsed);
        await markDocumentParsed(db, documentId, parsed.pages.length, parsed.mediaType);
        const blocks = parsed.pages.reduce((n, p) => n + p.blocks.length, 0);
        return { ok: true, mediaType: parsed.mediaType, pages: parsed.pages.length, blocks, warnings: parsed.warnings };
      } catch (error) {
        if (error instanceof DocumentError) return { ok: false, code: error.code, reason: error.message };
        throw error;
      }
    },

    async classifyDocument({ documentId }) {
      const classification = classifyDocument(await loadParsed(documentId));
      await saveClassification(db, documentId, classification);
      return classification;
    },

    async extractCandidates({ documentId }) {
      return extractWithRules(await loadParsed(documentId));
    },

    async verifyValues({ documentId, candidates }) {
      return verifyCandidates(candidates, documentText(await loadParsed(documentId)), deps.verify ?? DEFAULT_VERIFY_OPTIONS);
    },

    async storeValues({ documentId, trigger, values, startedAt }) {
      return storeExtraction(db, {
        documentId,
        trigger,
        values,
        rulesVersion: RULES_VERSION,
        config: { extractors: ['rules'], verify: deps.verify ?? DEFAULT_VERIFY_OPTIONS },
        startedAt: new Date(startedAt),
      });
    },

    async recordFailure({ documentId, reason, retryable }) {
      logger.warn({ documentId, reason, retryable }, 'document failed');
      await markDocumentFailed(db, documentId, reason, !retryable);
    },
  };
}
