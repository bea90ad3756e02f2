// What route plugins are given: built once by buildServer.
import type { FastifyPluginAsync } from 'fastify';
import type { DocumentStore } from '../activities/document-store.ts';
import type { Database } from '../db/client.ts';
import type { SessionPolicy } from '../db/sessions.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { PageImages } from './page-images.ts';
import type { RerunRunner } from '../app/reruns.ts';
import type { SecureCookies } from './session-cookie.ts';
import type { SourceCheckRunner } from '../app/source-checks.ts';
import type { SubmissionReader } from './submission-reader.ts';

export interface WebDeps {
  db: Database;
  /** Stored files and parsed text; without it there are no page images and no paragraphs around evidence. */
  store: DocumentStore | null;
  pageImages: PageImages | null;
  secureCookies: SecureCookies;
  sessionPolicy: SessionPolicy;
  throttle: LoginThrottle;
  /** Called (best effort, not awaited) when a decision leaves a document with no flagged value. */
  onDocumentReviewed?: (documentId: number) => void | Promise<void>;
  /** Starts re-runs; without it the re-run buttons are not offered and the routes answer 503. */
  rerun: RerunRunner | null;
  /** Checks one source now ("check now" on the sources page); without it the button is not offered. */
  checkSource: SourceCheckRunner | null;
  /** submissions.daysAfterCutoff: a report is due this many days after the cut-off of its period (the KPIs' deadlines). */
  daysAfterCutoff: number;
  /** Stores and reads the reports submitters upload; without it uploads answer 503. */
  submissions: SubmissionReader | null;
  /** The time now, for submission and confirmation times (tests pass a fixed one). */
  now: () => Date;
}

/** A module of routes: web/routes/<name>.ts exports one, web/routes/index.ts lists it. */
export type WebRoutes = FastifyPluginAsync<WebDeps>;
