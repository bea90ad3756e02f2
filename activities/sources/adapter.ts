// A kind of source (http, dir, …) is one module implementing this interface.
import type { SourceRow } from '../../db/schema.ts';
import type { EntryRef } from '../contract.ts';
import type { ActivityDeps } from '../deps.ts';

/** What the last fetch of an entry left behind, for conditional requests. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type AdapterFetch = { status: 'not_modified' } | { status: 'ok'; bytes: Uint8Array; validators: Validators; name: string };

/** A refusal with a reason for people (host not allowed, path outside the folder, an HTML page…). */
export class SourceError extends Error {}

/** A part of a source that could not be listed (an unreadable sub-folder): recorded, and the rest goes on. */
export type ListingProblem = (locator: string, reason: string) => void;

export interface SourceAdapter {
  list(source: SourceRow, deps: ActivityDeps, problem?: ListingProblem): Promise<EntryRef[]>;
  fetch(source: SourceRow, entry: EntryRef, known: Validators | null, deps: ActivityDeps): Promise<AdapterFetch>;
}

/** File types a report may come as; links to anything else on an index page are not reports. */
export const REPORT_EXTENSIONS = /\.(?:pdf|docx?|png|jpe?g|tiff?)$/i;
