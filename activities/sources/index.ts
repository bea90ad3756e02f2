import type { SourceKind } from '../../db/schema.ts';
import type { SourceAdapter } from './adapter.ts';
import { dirSource } from './dir-source.ts';
import { httpSource } from './http-source.ts';

/** Upload sources have no listing: their files arrive through `baocao add`. */
const uploadSource: SourceAdapter = {
  list: async () => [],
  fetch: async () => ({ status: 'not_modified' }),
};

export const ADAPTERS: Record<SourceKind, SourceAdapter> = { http: httpSource, dir: dirSource, upload: uploadSource };
