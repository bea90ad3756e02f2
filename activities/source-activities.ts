// Sources as activities: list what each offers, fetch what is new, never store a file twice.
import { enabledSources, findEntry, getSource, recordEntry, recordSourceChecked } from '../db/sources.ts';
import { failureMessage } from '../workflows/core/failure.ts';
import type { SourceActivities } from './contract.ts';
import type { ActivityDeps } from './deps.ts';
import { registerIncoming, sha256Of } from './register.ts';
import { ADAPTERS } from './sources/index.ts';

export function sourceActivities(deps: ActivityDeps): SourceActivities {
  const { db, logger } = deps;
  return {
    async listEnabledSources() {
      return (await enabledSources(db)).map((s) => ({ sourceId: s.id, name: s.name, kind: s.kind, provinceCode: s.provinceCode }));
    },

    async listSourceEntries({ sourceId }) {
      const source = await getSource(db, sourceId);
      try {
        const entries = await ADAPTERS[source.kind].list(source, deps);
        await recordSourceChecked(db, sourceId, null);
        return { ok: true, entries };
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
        if (fetched.status === 'not_modified') {
          await recordEntry(db, sourceId, entry.locator, { title: entry.title, status: 'unchanged' });
          return { status: 'unchanged', locator: entry.locator };
        }
        const sha256 = sha256Of(fetched.bytes);
        const { etag, lastModified } = fetched.validators;
        if (known?.sha256 === sha256) {
          await recordEntry(db, sourceId, entry.locator, { title: entry.title, status: 'unchanged', etag, lastModified });
          return { status: 'unchanged', locator: entry.locator };
        }
        // Changed bytes under the same name are a new version of the document it held before.
        const supersedes = known?.documentId ?? null;
        const file = await registerIncoming(deps, { bytes: fetched.bytes, name: fetched.name, sourceId, supersedesId: supersedes });
        await recordEntry(db, sourceId, entry.locator, { title: entry.title, status: 'fetched', etag, lastModified, sha256, documentId: file.documentId, fetched: true });
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
