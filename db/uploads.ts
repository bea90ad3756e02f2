// Reports a province's submitter uploads on the submission page: the uploads (each one a
// document stored once by hash, like every other), their confirmation and submission, and the
// submitter's remarks on values, which go to the reviewer beside the value and change nothing.
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { parseCorrectedValue, type BadValueCode } from '../extractors/corrected-value.ts';
import type { Database } from './client.ts';
import { documents, extractedValues, extractionRuns, indicators, provinces, submissionUploads, valueRemarks } from './schema.ts';

export interface Upload {
  id: number;
  provinceCode: string;
  uploadedBy: string;
  createdAt: Date;
  confirmedAt: Date | null;
  document: {
    id: number;
    name: string;
    sha256: string;
    mediaType: string;
    bytes: number;
    status: string;
    /** The reason a document failed (the parser's words), and its code (encrypted, corrupt, ...). */
    error: string | null;
    failureCode: string | null;
    documentType: string | null;
    documentNumber: string | null;
    issuedOn: string | null;
    provinceCode: string | null;
    province: string | null;
    periodKey: string | null;
    periodLabel: string | null;
    scope: string | null;
    scopeReason: string | null;
    pageCount: number | null;
    submittedAt: Date | null;
  };
}

const UPLOAD_COLUMNS = {
  id: submissionUploads.id,
  provinceCode: submissionUploads.provinceCode,
  uploadedBy: submissionUploads.uploadedBy,
  createdAt: submissionUploads.createdAt,
  confirmedAt: submissionUploads.confirmedAt,
  document: {
    id: documents.id,
    name: documents.originalName,
    sha256: documents.sha256,
    mediaType: documents.mediaType,
    bytes: documents.bytes,
    status: documents.status,
    error: documents.error,
    failureCode: documents.failureCode,
    documentType: documents.documentType,
    documentNumber: documents.documentNumber,
    issuedOn: documents.issuedOn,
    provinceCode: documents.provinceCode,
    province: provinces.shortName,
    periodKey: documents.periodKey,
    periodLabel: documents.periodLabel,
    scope: documents.scope,
    scopeReason: documents.scopeReason,
    pageCount: documents.pageCount,
    submittedAt: documents.submittedAt,
  },
};

function selectUploads(db: Database) {
  return db
    .select(UPLOAD_COLUMNS)
    .from(submissionUploads)
    .innerJoin(documents, eq(submissionUploads.documentId, documents.id))
    .leftJoin(provinces, eq(documents.provinceCode, provinces.code));
}

/** The province an upload was made for, for the guard's scope check: null when there is no such upload. */
export async function uploadOwner(db: Database, uploadId: number): Promise<{ provinceCode: string } | null> {
  const [row] = await db.select({ provinceCode: submissionUploads.provinceCode }).from(submissionUploads).where(eq(submissionUploads.id, uploadId));
  return row ?? null;
}

export async function recordUpload(db: Database, input: { documentId: number; provinceCode: string; userId: number; uploadedBy: string }): Promise<number> {
  const [row] = await db.insert(submissionUploads).values(input).returning({ id: submissionUploads.id });
  return row!.id;
}

export async function getUpload(db: Database, uploadId: number): Promise<Upload | null> {
  const [row] = await selectUploads(db).where(eq(submissionUploads.id, uploadId));
  return row ?? null;
}

/** A province's uploads, newest first: what its submitters see as their history. */
export async function listUploads(db: Database, provinceCode: string, limit = 100): Promise<Upload[]> {
  return selectUploads(db)
    .where(eq(submissionUploads.provinceCode, provinceCode))
    .orderBy(desc(submissionUploads.createdAt), desc(submissionUploads.id))
    .limit(limit);
}

/** The submitter says the reading is right; a second confirmation keeps the first time. */
export async function confirmUpload(db: Database, uploadId: number, now: Date): Promise<Date> {
  await db
    .update(submissionUploads)
    .set({ confirmedAt: now })
    .where(and(eq(submissionUploads.id, uploadId), isNull(submissionUploads.confirmedAt)));
  const [row] = await db.select({ confirmedAt: submissionUploads.confirmedAt }).from(submissionUploads).where(eq(submissionUploads.id, uploadId));
  return row!.confirmedAt!;
}

/** Why a submission or a remark was refused, for the caller to word. */
export type UploadErrorCode = 'notRead' | 'otherProvince' | 'notAValue' | 'commentEmpty' | 'commentTooLong' | BadValueCode;

export class UploadError extends Error {
  constructor(
    message: string,
    readonly code: UploadErrorCode,
    /** What the submitter typed, or the indicator's unit. */
    readonly text: string = '',
    readonly unit: string = '',
  ) {
    super(message);
  }
}

/**
 * A report that names another province than the one it was uploaded for is not that province's
 * to submit or remark on: it would set another province's submission time, or send remarks to
 * its reviewers. (The same bytes uploaded by two provinces are one document.)
 */
function refuseOtherProvince(upload: Upload): void {
  const read = upload.document.provinceCode;
  if (read !== null && read !== upload.provinceCode)
    throw new UploadError(`document ${upload.document.id} is province ${read}'s, uploaded for ${upload.provinceCode}`, 'otherProvince', read);
}

/**
 * "Nộp": records when the report was submitted on its document, the time timeliness counts.
 * Only a report that was read (extracted) is submitted; submitting again keeps the first time.
 */
export async function submitUpload(db: Database, uploadId: number, now: Date): Promise<Date> {
  const upload = await getUpload(db, uploadId);
  if (!upload) throw new UploadError(`no upload ${uploadId}`, 'notRead');
  if (upload.document.status !== 'extracted') throw new UploadError(`document ${upload.document.id} is ${upload.document.status}, not read`, 'notRead');
  refuseOtherProvince(upload);
  const [row] = await db
    .update(documents)
    .set({ submittedAt: sql`coalesce(${documents.submittedAt}, ${now.toISOString()}::timestamptz)` })
    .where(eq(documents.id, upload.document.id))
    .returning({ submittedAt: documents.submittedAt });
  return row!.submittedAt!;
}

export interface Remark {
  id: number;
  valueId: number;
  author: string;
  proposedValue: string;
  comment: string;
  createdAt: Date;
}

const MAX_REMARK = 2000;

/**
 * A submitter marks a value as misread: the number the report says and why. The value must be
 * one of the current reading of the upload's document; the number is checked as a reviewer's
 * correction is. The value itself does not change.
 */
export async function addRemark(
  db: Database,
  input: { uploadId: number; valueId: number; author: string; proposedValue: string; comment: string },
): Promise<Remark> {
  const comment = input.comment.normalize('NFC').trim();
  if (comment === '') throw new UploadError('say why the value is misread', 'commentEmpty');
  if (comment.length > MAX_REMARK) throw new UploadError(`the comment is longer than ${MAX_REMARK} characters`, 'commentTooLong', String(MAX_REMARK));
  const upload = await getUpload(db, input.uploadId);
  if (upload) refuseOtherProvince(upload);
  const [value] = await db
    .select({ id: extractedValues.id, kind: indicators.kind, unit: indicators.unit })
    .from(extractedValues)
    .innerJoin(extractionRuns, eq(extractedValues.runId, extractionRuns.id))
    .innerJoin(submissionUploads, eq(submissionUploads.documentId, extractionRuns.documentId))
    .innerJoin(indicators, eq(extractedValues.indicatorId, indicators.id))
    .where(and(eq(extractedValues.id, input.valueId), eq(extractionRuns.isCurrent, true), eq(submissionUploads.id, input.uploadId)));
  if (!value) throw new UploadError(`value ${input.valueId} is not one of this upload's reading`, 'notAValue');
  const parsed = parseCorrectedValue(input.proposedValue, value);
  if (!parsed.ok) throw new UploadError(parsed.reason, parsed.code, parsed.text, value.unit);
  const [row] = await db
    .insert(valueRemarks)
    .values({ valueId: value.id, uploadId: input.uploadId, author: input.author, proposedValue: parsed.value, comment })
    .returning();
  return { id: row!.id, valueId: row!.valueId, author: row!.author, proposedValue: row!.proposedValue, comment: row!.comment, createdAt: row!.createdAt };
}

const REMARK_COLUMNS = {
  id: valueRemarks.id,
  valueId: valueRemarks.valueId,
  author: valueRemarks.author,
  proposedValue: valueRemarks.proposedValue,
  comment: valueRemarks.comment,
  createdAt: valueRemarks.createdAt,
};

/** The remarks on some values, oldest first. */
export async function remarksOn(db: Database, valueIds: number[]): Promise<Remark[]> {
  if (valueIds.length === 0) return [];
  return db.select(REMARK_COLUMNS).from(valueRemarks).where(inArray(valueRemarks.valueId, valueIds)).orderBy(asc(valueRemarks.id));
}

/**
 * The condition for a value with a submitter's remark that no decision has answered yet: it
 * waits for a reviewer even when it was accepted without one.
 */
export function remarkUnanswered(): ReturnType<typeof sql> {
  return sql`exists (select 1 from value_remarks vr where vr.value_id = ${extractedValues.id}
    and not exists (select 1 from review_decisions rd where rd.value_id = vr.value_id and rd.decided_at >= vr.created_at))`;
}
