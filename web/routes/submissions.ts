// The submission page of a province's submitters, and its API. Every route needs the
// submissions.submit permission (submitters only); the routes about one upload check that it
// is of the submitter's province (scope 'upload': 403 otherwise, through the API as well).
//
// The upload is the file's bytes as the body (application/octet-stream, its name in
// X-File-Name), sent by web/public/submit.js: no multipart parser needed, and the size cap is
// the route's body limit (limits.maxFileBytes, as for every ingested file). What the bytes are is
// sniffed from them: a kind the parser does not read, an empty or an over-size file is refused
// at once with a sentence saying what to do, before anything is stored. The rest is stored once
// by hash and read by the same core as `baocao add` (web/submission-reader.ts): an encrypted or
// damaged file is refused by the parser, recorded against its document, and the page says so.
import type { FastifyError, FastifyRequest } from 'fastify';
import { getUpload, listUploads, recordUpload, remarksOn, submitUpload, addRemark, confirmUpload, UploadError, type Upload } from '../../db/uploads.ts';
import { listCurrentValues } from '../../db/values.ts';
import { assertParseableSize, refusalOf } from '../../extractors/parse/index.ts';
import { isDocumentError } from '../../extractors/parse/errors.ts';
import { sniffFile } from '../../extractors/parse/media-type.ts';
import type { WebDeps, WebRoutes } from '../deps.ts';
import { evidenceContext } from '../evidence-context.ts';
import type { Messages } from '../i18n/index.ts';
import { hasPageImages } from '../page-images.ts';
import { sendError } from '../replies.ts';
import { needsReading } from '../submission-reader.ts';
import { parsedDocument } from '../value-view.ts';
import { progressText, provinceLabel, readingPage, readingSeconds, refusalText, submitPage, uploadState, type ReadValue } from '../views/submissions.ts';
import { PAGE_PARAMS, sendPageImage } from './documents.ts';
import { badValueMessage, ID_PARAMS } from './review-api.ts';

const SUBMIT = { permission: 'submissions.submit' } as const;
const ONE_UPLOAD = { permission: 'submissions.submit', scope: 'upload' } as const;

/** The name the sender gave the file (X-File-Name, URI-encoded): kept for people, never a path. */
function fileNameOf(request: FastifyRequest): string {
  const raw = request.headers['x-file-name'];
  let name = typeof raw === 'string' ? raw : '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // Not URI-encoded: taken as it came.
  }
  // The last part of a path, without control characters.
  name = (name.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim()
    .slice(0, 200);
  return name || 'bao-cao';
}

/** The one province a submitter reports for (createUser makes sure there is exactly one). */
function provinceOf(request: FastifyRequest): string | null {
  return request.auth!.user.provinces[0] ?? null;
}

function uploadErrorText(t: Messages, error: UploadError): string {
  const e = t.submit.errors;
  switch (error.code) {
    case 'notRead':
      return e.notRead;
    case 'otherProvince':
      return e.otherProvince(provinceLabel(error.text));
    case 'notAValue':
      return e.notAValue;
    case 'commentEmpty':
      return e.commentEmpty;
    default:
      // The number (and the note's length) are checked as a reviewer's correction is.
      return badValueMessage(t, { code: error.code, text: error.text, unit: error.unit });
  }
}

async function readValues(deps: WebDeps, upload: Upload): Promise<ReadValue[]> {
  const values = await listCurrentValues(deps.db, { documentIds: [upload.document.id] });
  const remarks = await remarksOn(
    deps.db,
    values.map((v) => v.id),
  );
  const parsed = await parsedDocument(deps, upload.document.sha256);
  return values.map((value) => ({
    value,
    context: evidenceContext(parsed, value.evidence, value.page),
    remarks: remarks.filter((r) => r.valueId === value.id),
  }));
}

/** The upload and where its reading is; a reading this process never started (a restart) is started again. */
async function uploadWithState(deps: WebDeps, id: number) {
  const upload = await getUpload(deps.db, id);
  if (!upload) return null;
  let progress = deps.submissions?.progress(upload.document.id) ?? null;
  if (!progress && deps.submissions && needsReading(upload.document.status as Parameters<typeof needsReading>[0]))
    progress = deps.submissions.start(upload.document.id);
  return { upload, progress, state: uploadState(upload, progress) };
}

export const submissionRoutes: WebRoutes = async (app, deps) => {
  const maxFileBytes = deps.submissions?.maxFileBytes ?? 0;
  // The file's bytes as they are; the body limit of the upload route is the size cap.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  // An over-size body is refused by Fastify before the handler: said in the reader's words.
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (request.routeOptions.url === '/api/submissions' && request.method === 'POST') {
      if (error.statusCode === 413)
        return sendError(request, reply, 413, 'bad_request', refusalText(request.t, 'too_large', maxFileBytes), { code: 'too_large' });
      if (error.statusCode === 415)
        return sendError(request, reply, 415, 'bad_request', refusalText(request.t, 'unsupported_type', maxFileBytes), { code: 'unsupported_type' });
    }
    throw error;
  });

  app.get('/submit', { config: { access: { ...SUBMIT, page: true } } }, async (request, reply) => {
    const auth = request.auth!;
    const province = provinceOf(request);
    if (!province) return sendError(request, reply, 403, 'forbidden', request.t.submit.errors.noProvince);
    const uploads = await listUploads(deps.db, province);
    const html = submitPage({
      t: request.t,
      user: auth.user,
      csrf: auth.csrfToken,
      provinceCode: province,
      maxFileBytes: deps.submissions?.maxFileBytes ?? 0,
      ocr: deps.submissions?.ocr ?? false,
      uploads: uploads.map((upload) => ({ upload, state: uploadState(upload, deps.submissions?.progress(upload.document.id) ?? null) })),
    });
    return reply.type('text/html; charset=utf-8').send(html);
  });

  app.get('/api/submissions', { config: { access: SUBMIT } }, async (request, reply) => {
    const province = provinceOf(request);
    if (!province) return sendError(request, reply, 403, 'forbidden', request.t.submit.errors.noProvince);
    const uploads = await listUploads(deps.db, province);
    return {
      province,
      uploads: uploads.map((u) => ({
        id: u.id,
        documentId: u.document.id,
        name: u.document.name,
        uploadedBy: u.uploadedBy,
        uploadedAt: u.createdAt,
        periodKey: u.document.periodKey,
        state: uploadState(u, deps.submissions?.progress(u.document.id) ?? null),
        submittedAt: u.document.submittedAt,
      })),
    };
  });

  app.post('/api/submissions', { config: { access: SUBMIT }, ...(deps.submissions ? { bodyLimit: maxFileBytes } : {}) }, async (request, reply) => {
    const t = request.t;
    const reader = deps.submissions;
    if (!reader) return sendError(request, reply, 503, 'unavailable', t.submit.refused.other);
    const province = provinceOf(request);
    if (!province) return sendError(request, reply, 403, 'forbidden', t.submit.errors.noProvince);
    const body = request.body;
    // Only the file's bytes as they are (a form or JSON is not a report file).
    if (!Buffer.isBuffer(body))
      return sendError(request, reply, 415, 'bad_request', refusalText(t, 'unsupported_type', reader.maxFileBytes), { code: 'unsupported_type' });
    const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    const name = fileNameOf(request);
    // Checked as ingestion checks a file before parsing it: its size, then what its bytes are.
    try {
      assertParseableSize(bytes.byteLength, reader.maxFileBytes);
      const refused = refusalOf(sniffFile(bytes).kind, { ocr: reader.ocr });
      if (refused) throw refused;
    } catch (error) {
      if (!isDocumentError(error)) throw error;
      request.log.info({ file: name, code: error.code, reason: error.message, username: request.auth!.user.username }, 'upload refused');
      const status = error.code === 'too_large' ? 413 : error.code === 'empty' ? 400 : 415;
      return sendError(request, reply, status, 'bad_request', refusalText(t, error.code, reader.maxFileBytes), { code: error.code, detail: error.message });
    }
    const registered = await reader.register(bytes, name, province);
    const user = request.auth!.user;
    const id = await recordUpload(deps.db, { documentId: registered.documentId, provinceCode: province, userId: user.id, uploadedBy: user.username });
    if (needsReading(registered.status)) reader.start(registered.documentId);
    request.log.info({ upload: id, documentId: registered.documentId, new: registered.isNew, file: name, username: user.username }, 'report uploaded');
    return reply.code(201).send({ id, documentId: registered.documentId, isNew: registered.isNew, url: `/submit/${id}` });
  });

  app.get<{ Params: { id: number } }>('/api/submissions/:id', { config: { access: ONE_UPLOAD }, schema: { params: ID_PARAMS } }, async (request, reply) => {
    const t = request.t;
    const found = await uploadWithState(deps, request.params.id);
    if (!found) return sendError(request, reply, 404, 'not_found', t.errors.noSuchUpload(request.params.id));
    const { upload, progress, state } = found;
    const d = upload.document;
    const read = state === 'read' || state === 'submitted';
    const values = read ? await readValues(deps, upload) : [];
    return {
      id: upload.id,
      state,
      progress: progress && !read ? { state: progress.state, page: progress.page, pages: progress.pages } : null,
      progressText: state === 'reading' || state === 'queued' ? progressText(t, state, progress) : null,
      seconds: readingSeconds(progress),
      confirmedAt: upload.confirmedAt,
      document: {
        id: d.id,
        name: d.name,
        type: d.documentType,
        number: d.documentNumber,
        periodKey: d.periodKey,
        periodLabel: d.periodLabel,
        provinceCode: d.provinceCode,
        pages: d.pageCount,
        submittedAt: d.submittedAt,
      },
      refusal: state === 'refused' ? { code: d.failureCode, message: refusalText(t, d.failureCode, maxFileBytes), detail: d.error } : null,
      values: values.map(({ value: v, remarks }) => ({
        id: v.id,
        indicator: v.indicator,
        value: v.value,
        unit: v.unit,
        status: v.status,
        reasons: v.reasons,
        page: v.page,
        evidence: v.evidence,
        remarks: remarks.map((r) => ({ value: r.proposedValue, comment: r.comment, author: r.author, at: r.createdAt })),
      })),
    };
  });

  app.get<{ Params: { id: number } }>(
    '/submit/:id',
    { config: { access: { ...ONE_UPLOAD, page: true } }, schema: { params: ID_PARAMS } },
    async (request, reply) => {
      const auth = request.auth!;
      const found = await uploadWithState(deps, request.params.id);
      if (!found) return sendError(request, reply, 404, 'not_found', request.t.errors.noSuchUpload(request.params.id));
      const { upload, progress, state } = found;
      const read = state === 'read' || state === 'submitted';
      const html = readingPage({
        t: request.t,
        user: auth.user,
        csrf: auth.csrfToken,
        upload,
        state,
        progress,
        values: read ? await readValues(deps, upload) : [],
        pageImages: deps.pageImages !== null && hasPageImages(upload.document.mediaType),
        maxFileBytes,
      });
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );

  app.get<{ Params: { id: number; n: number } }>(
    '/submit/:id/pages/:n.png',
    { config: { access: ONE_UPLOAD, rateLimit: { max: 120, timeWindow: '1 minute' } }, schema: { params: PAGE_PARAMS } },
    async (request, reply) => {
      const upload = await getUpload(deps.db, request.params.id);
      if (!upload) return sendError(request, reply, 404, 'not_found', request.t.errors.noSuchUpload(request.params.id));
      return sendPageImage(deps, request, reply, upload.document.id, request.params.n);
    },
  );

  app.post<{ Params: { id: number } }>(
    '/api/submissions/:id/confirm',
    { config: { access: ONE_UPLOAD }, schema: { params: ID_PARAMS } },
    async (request, reply) => {
      const upload = await getUpload(deps.db, request.params.id);
      if (!upload) return sendError(request, reply, 404, 'not_found', request.t.errors.noSuchUpload(request.params.id));
      if (upload.document.status !== 'extracted') return sendError(request, reply, 409, 'conflict', request.t.submit.errors.notRead);
      return { confirmedAt: await confirmUpload(deps.db, upload.id, deps.now()) };
    },
  );

  app.post<{ Params: { id: number } }>(
    '/api/submissions/:id/submit',
    { config: { access: ONE_UPLOAD }, schema: { params: ID_PARAMS } },
    async (request, reply) => {
      try {
        const submittedAt = await submitUpload(deps.db, request.params.id, deps.now());
        request.log.info({ upload: request.params.id, username: request.auth!.user.username, submittedAt }, 'report submitted');
        return { submittedAt };
      } catch (error) {
        if (error instanceof UploadError && error.code === 'otherProvince')
          return sendError(request, reply, 403, 'out_of_scope', uploadErrorText(request.t, error), { code: error.code });
        if (error instanceof UploadError) return sendError(request, reply, 409, 'conflict', uploadErrorText(request.t, error), { code: error.code });
        throw error;
      }
    },
  );

  const REMARK_BODY = {
    type: 'object',
    required: ['valueId', 'value', 'comment'],
    properties: {
      valueId: { type: 'integer', minimum: 1, maximum: 2147483647 },
      value: { type: 'string', maxLength: 100 },
      comment: { type: 'string', maxLength: 4000 },
    },
  } as const;

  app.post<{ Params: { id: number }; Body: { valueId: number; value: string; comment: string } }>(
    '/api/submissions/:id/remarks',
    { config: { access: ONE_UPLOAD }, schema: { params: ID_PARAMS, body: REMARK_BODY } },
    async (request, reply) => {
      try {
        const remark = await addRemark(deps.db, {
          uploadId: request.params.id,
          valueId: request.body.valueId,
          author: request.auth!.user.username,
          proposedValue: request.body.value,
          comment: request.body.comment,
        });
        return reply.code(201).send({ remark });
      } catch (error) {
        if (error instanceof UploadError && error.code === 'otherProvince')
          return sendError(request, reply, 403, 'out_of_scope', uploadErrorText(request.t, error), { code: error.code });
        if (error instanceof UploadError) return sendError(request, reply, 400, 'bad_value', uploadErrorText(request.t, error), { code: error.code });
        throw error;
      }
    },
  );
};
