// Sources as activities: list what each offers, fetch what is new, never store a file twice.
import { getDocument } from '../db/documents.ts';
import { enabledSources, findEntry, getSource, recordEntry, recordSourceChecked, sourcesNamed } from '../db/sources.ts';
import { failureMessage } from './failure-message.ts';
import type { RegisteredFile, SourceActivities } from './contract.ts';
import type { ActivityDeps } from './deps.ts';
import { registerIncoming, sha256Of } from './register.ts';
import { ADAPTERS } from './sources/index.ts';

export function sourceActivities(deps: ActivityDeps): SourceActivities {
  const { db, logger } = deps;
  /** The entry's document when an earlier run stopped before finishing it (so this run resumes it). */
  const unfinishedDocument = async (documentId: number | null): Promise<{ unfinished?: RegisteredFile }> => {
    if (documentId === null) return {};
    const doc = await getDocument(db, documentId);
    if (doc.status === 'extracted' || doc.status === 'failed' || doc.status === 'set_aside') return {};
    return { unfinished: { documentId: doc.id, sha256: doc.sha256, name: doc.originalName, isNew: false, status: doc.status } };
  };
  return {
    async listSources({ names }) {
      const rows = names ? await sourcesNamed(db, names) : await enabledSources(db);
      return rows.map((s) => ({ sourceId: s.id, name: s.name, kind: s.kind, provinceCode: s.provinceCode }));
    },

    async listSourceEntries({ sourceId }) {
      const source = await getSource(db, sourceId);
      try {
        const unreadable: { locator: string; reason: string }[] = [];
        const entries = await ADAPTERS[source.kind].list(source, deps, (locator, reason) => unreadable.push({ locator, reason }));
        for (const { locator, reason } of unreadable) {
          logger.warn({ source: source.name, entry: locator, reason }, 'part of a source could not be listed');
          await recordEntry(db, sourceId, locator, { title: null, status: 'failed', error: reason });
        }
        await recordSourceChecked(db, sourceId, null);
        return { ok: true, entries, ...(unreadable.length > 0 ? { unreadable } : {}) };
      } catch (error) {
        const reason = failureMessage(error);
        logger.warn({ source: source.name, reason }, 'source could not be listed');
        await recordSourceChecked(db, sourceId, reason);
        return { ok: false, reason };
      }
    },

    async fetchSourceEntry({ sourceId, entry }) {
      const source = await getSource(db, sourceId);
      const known = await findEntry(db, sourceId, entry.locator);
      const validators = known?.sha256 ? { etag: known.etag, lastModified: known.lastModified } : null;
      try {
        const fetched = await ADAPTERS[source.kind].fetch(source, entry, validators, deps);
        const sha256 = fetched.status === 'ok' ? sha256Of(fetched.bytes) : null;
        if (fetched.status === 'not_modified' || known?.sha256 === sha256) {
          const refreshed = fetched.status === 'ok' ? fetched.validators : {};
          await recordEntry(db, sourceId, entry.locator, { title: entry.title, status: 'unchanged', ...refreshed });
          return { status: 'unchanged', locator: entry.locator, ...(await unfinishedDocument(known?.documentId ?? null)) };
        }
        const { etag, lastModified } = fetched.validators;
        // Changed bytes under the same name are a new version of the document it held before.
        const supersedes = known?.documentId ?? null;
        const file = await registerIncoming(deps, { bytes: fetched.bytes, name: fetched.name, sourceId, supersedesId: supersedes });
        await recordEntry(db, sourceId, entry.locator, {
          title: entry.title,
          status: 'fetched',
          etag,
          lastModified,
          sha256: sha256!,
          documentId: file.documentId,
          fetched: true,
        });
        return { status: 'fetched', locator: entry.locator, file, supersedes: file.isNew ? supersedes : null };
      } catch (error) {
        const reason = failureMessage(error);
        logger.warn({ source: source.name, entry: entry.locator, reason }, 'entry could not be fetched');
        await recordEntry(db, sourceId, entry.locator, { title: entry.title, status: 'failed', error: reason });
        return { status: 'failed', locator: entry.locator, reason };
      }
    },
  };
}
