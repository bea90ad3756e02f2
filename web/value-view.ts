// One value as a reviewer sees it: the stored detail, the paragraph around its evidence (from
// the parsed document in the store), its page image, and whether this user may decide it.
import { getParsed } from '../activities/document-store.ts';
import { copiesOf } from '../db/one-report.ts';
import { getValueDetail } from '../db/review-queue.ts';
import { remarksOn } from '../db/uploads.ts';
import type { AppUser } from '../db/users.ts';
import type { ParsedDocument } from '../extractors/types.ts';
import type { WebDeps } from './deps.ts';
import type { Messages } from './i18n/index.ts';
import { evidenceContext } from './evidence-context.ts';
import { hasPageImages } from './page-images.ts';
import { can, provinceScope } from './permissions.ts';
import type { PaneView } from './views/review.ts';

/** The parsed form of a stored document, when the store still has it. */
export async function parsedDocument(deps: WebDeps, sha256: string): Promise<ParsedDocument | null> {
  if (!deps.store) return null;
  try {
    return await getParsed(deps.store, sha256);
  } catch {
    // Not kept (a store moved, a document parsed elsewhere): the evidence alone is shown.
    return null;
  }
}

export const pageImageUrl = (documentId: number, page: number): string => `/documents/${documentId}/pages/${page}.png`;

export async function loadValueView(deps: WebDeps, valueId: number, user: AppUser): Promise<PaneView | null> {
  const detail = await getValueDetail(deps.db, valueId);
  if (!detail) return null;
  const context = evidenceContext(await parsedDocument(deps, detail.document.sha256), detail.evidence, detail.page);
  const doc = detail.document;
  const scope = provinceScope(user);
  const canDecide = can(user, 'review.decide') && (scope === null || (doc.provinceCode !== null && scope.includes(doc.provinceCode)));
  const pageImage: PaneView['pageImage'] = !deps.pageImages
    ? { note: 'noStore' }
    : hasPageImages(doc.mediaType)
      ? { url: pageImageUrl(doc.id, detail.page) }
      : { note: 'docx' };
  return { detail, context, canDecide, pageImage, copies: await copiesOf(deps.db, doc.id), remarks: await remarksOn(deps.db, [valueId]) };
}

/** The JSON form of GET /api/review/values/:id (notes in the reader's language). */
export function valueJson(view: PaneView, t: Messages) {
  const { detail, context } = view;
  const { storageKey: _key, sha256: _sha, ...document } = detail.document;
  return {
    id: detail.id,
    status: detail.status,
    version: detail.version,
    isCurrent: detail.isCurrent,
    indicator: detail.indicator,
    value: detail.value,
    unit: detail.unit,
    qualifier: detail.qualifier,
    reasons: detail.reasons,
    alternatives: detail.alternatives,
    evidence: detail.evidence,
    context,
    page: detail.page,
    confidence: detail.confidence,
    extractor: detail.extractor,
    rawText: detail.rawText,
    document,
    pageImage: 'url' in view.pageImage ? view.pageImage.url : null,
    pageImageNote: 'note' in view.pageImage ? t.errors.pageImage[view.pageImage.note] : null,
    copies: view.copies,
    /** What the province's submitter said of this value (misread, and the number they read). */
    remarks: view.remarks.map((r) => ({ value: r.proposedValue, comment: r.comment, author: r.author, at: r.createdAt })),
    published: detail.published,
    decisions: detail.decisions,
    canDecide: view.canDecide,
  };
}
