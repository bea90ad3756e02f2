// Reports received per province for a period: the input of submission tracking.
import { and, eq, ne, sql } from 'drizzle-orm';
import { provinces } from '../extractors/catalogue.ts';
import { submissionStatus, vietnamDate, type SubmissionStatus } from '../extractors/submissions.ts';
import type { Database } from './client.ts';
import { documents } from './schema.ts';

export interface ReceivedReport {
  provinceCode: string;
  documentId: number;
  name: string;
  receivedAt: Date;
}

/**
 * Every report classified to this period that was not refused as bad input, received when it was
 * submitted (the submission page's "Nộp") or else when it arrived. A letter, a notice
 * or a report on another subject is no submission (unless an analyst had it extracted).
 */
export async function reportsReceived(db: Database, periodKey: string): Promise<ReceivedReport[]> {
  const rows = await db
    .select({
      provinceCode: documents.provinceCode,
      documentId: documents.id,
      name: documents.originalName,
      // A report submitted on the submission page counts from when the province pressed "Nộp";
      // any other from when its bytes arrived.
      receivedAt: sql<Date>`coalesce(${documents.submittedAt}, ${documents.createdAt})`.mapWith(documents.createdAt),
    })
    .from(documents)
    .where(
      and(
        eq(documents.periodKey, periodKey),
        ne(documents.status, 'failed'),
        sql`${documents.provinceCode} is not null`,
        sql`(${documents.scope} is null or ${documents.scope} = 'report' or ${documents.extractionForced})`,
      ),
    );
  return rows.map((r) => ({ ...r, provinceCode: r.provinceCode! }));
}

/** The submission status of a period, from the reports received so far. */
export async function submissionStatusOf(db: Database, periodKey: string, options: { asOf: string; daysAfterCutoff: number }): Promise<SubmissionStatus> {
  const received = await reportsReceived(db, periodKey);
  return submissionStatus(
    periodKey,
    provinces().map((p) => p.code),
    received.map((r) => ({ provinceCode: r.provinceCode, receivedOn: vietnamDate(r.receivedAt), documentId: r.documentId, name: r.name })),
    options,
  );
}
