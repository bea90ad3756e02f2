// Page images of stored documents, for reviewers to see the evidence where it was printed.
import { eq } from 'drizzle-orm';
import { documents } from '../../db/schema.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebDeps, WebRoutes } from '../deps.ts';
import type { Messages } from '../i18n/index.ts';
import { NoPageImageError } from '../page-images.ts';
import { sendError } from '../replies.ts';

export const PAGE_PARAMS = {
  type: 'object',
  required: ['id', 'n'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 }, n: { type: 'integer', minimum: 1, maximum: 10000 } },
} as const;

function noImageMessage(t: Messages, error: NoPageImageError, mediaType: string): string {
  const p = t.errors.pageImage;
  if (error.reason === 'format') return mediaType.includes('wordprocessingml') ? p.docx : p.otherType(mediaType);
  return error.pages !== null ? p.pages(error.pages) : p.unreadable;
}

/** A page image of a stored document (or why there is none), for any route whose guard let the reader in. */
export async function sendPageImage(deps: WebDeps, request: FastifyRequest, reply: FastifyReply, id: number, n: number): Promise<FastifyReply> {
  const [doc] = await deps.db.select().from(documents).where(eq(documents.id, id));
  const t = request.t;
  if (!doc) return sendError(request, reply, 404, 'not_found', t.errors.noSuchDocument(id));
  if (!deps.pageImages) return sendError(request, reply, 404, 'no_page_image', t.errors.pageImage.noStore);
  try {
    const image = await deps.pageImages.get(doc, n);
    if (image.refused) {
      // A placeholder saying why the page is not shown (too large to draw, stopped, or busy):
      // an image, so the review pane shows it where the page would be; never cached.
      reply.header('x-page-image-refused', image.refused.reason.replace(/[^\x20-\x7e]/g, '?').slice(0, 300));
      if (image.refused.busy) reply.header('retry-after', '5');
      return reply.type(image.contentType).header('cache-control', 'no-store').send(Buffer.from(image.bytes));
    }
    return reply.type(image.contentType).header('cache-control', 'private, max-age=3600').send(Buffer.from(image.bytes));
  } catch (error) {
    if (error instanceof NoPageImageError) return sendError(request, reply, 404, 'no_page_image', noImageMessage(t, error, doc.mediaType));
    throw error;
  }
}

export const documentRoutes: WebRoutes = async (app, deps) => {
  app.get<{ Params: { id: number; n: number } }>(
    '/documents/:id/pages/:n.png',
    // Rendering is the costliest thing a logged-in user can ask for.
    {
      config: { access: { permission: 'documents.read', scope: 'document' }, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: { params: PAGE_PARAMS },
    },
    async (request, reply) => sendPageImage(deps, request, reply, request.params.id, request.params.n),
  );
};
