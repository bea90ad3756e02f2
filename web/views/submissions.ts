// The submission page of a province's submitter: the upload (drag and drop or a file picker) with
// the province's history, and one upload's reading: what the Ministry reads from the report (its
// type, period, number, every value with its evidence and page, the page image beside it, what
// was flagged and why), the reading's progress while OCR runs, the "misread" form, and "Nộp".
import type { Remark, Upload } from '../../db/uploads.ts';
import type { AppUser } from '../../db/users.ts';
import type { StoredValue } from '../../db/values.ts';
import { provinces } from '../../extractors/catalogue.ts';
import { html, type Html } from '../../shared/html.ts';
import { localDate, localTime } from '../../shared/local-time.ts';
import { formatSize } from '../../shared/size.ts';
import { window, type EvidenceContext } from '../evidence-context.ts';
import type { Messages } from '../i18n/index.ts';
import { page } from '../layout.ts';
import type { ReadingProgress } from '../submission-reader.ts';
import { num, periodName } from './analyst.ts';
import { highlighted, reasonText } from './review.ts';

export type UploadState = 'queued' | 'reading' | 'read' | 'refused' | 'set_aside' | 'submitted';

/** Where an upload is, from its document's status and (while it is read) the reader's progress. */
export function uploadState(upload: Upload, progress: ReadingProgress | null): UploadState {
  switch (upload.document.status) {
    case 'failed':
      return 'refused';
    case 'set_aside':
      return 'set_aside';
    case 'extracted':
      return upload.document.submittedAt ? 'submitted' : 'read';
    default:
      return progress?.state === 'queued' ? 'queued' : 'reading';
  }
}

/** The Vietnamese (or English) sentence saying why a file was refused and what to do. */
export function refusalText(t: Messages, code: string | null, maxFileBytes: number): string {
  const r = t.submit.refused;
  switch (code) {
    case 'empty':
    case 'unsupported_type':
    case 'encrypted':
    case 'corrupt':
    case 'no_text':
    case 'resource_limit':
      return r[code];
    case 'too_large':
      return r.too_large(formatSize(maxFileBytes, { wholeUnits: true, locale: t.meta.locale }));
    default:
      return r.other;
  }
}

export function provinceLabel(code: string | null): string {
  if (!code) return '?';
  const p = provinces().find((x) => x.code === code);
  return p ? `${code} ${p.shortName}` : code;
}

const stateChip = (t: Messages, state: UploadState) =>
  html`<span class="status sub-state sub-state-${state}" data-state="${state}">${t.submit.state[state]}</span>`;

// ---------------------------------------------------------------------------------------
// The upload page

export interface SubmitPageView {
  t: Messages;
  user: AppUser;
  csrf: string;
  provinceCode: string;
  maxFileBytes: number;
  ocr: boolean;
  uploads: { upload: Upload; state: UploadState }[];
}

function history(t: Messages, uploads: SubmitPageView['uploads']): Html {
  const s = t.submit;
  if (uploads.length === 0) return html`<p class="empty" id="history-empty">${s.historyEmpty}</p>`;
  return html`<table class="data" id="history">
  <thead><tr><th scope="col">${s.head.file}</th><th scope="col">${s.head.period}</th><th scope="col">${s.head.uploaded}</th><th scope="col">${s.head.by}</th><th scope="col">${s.head.state}</th></tr></thead>
  <tbody>${uploads.map(
    ({ upload: u, state }) => html`<tr data-upload-id="${u.id}">
    <td><a href="/submit/${u.id}" translate="no">${u.document.name}</a></td>
    <td>${u.document.periodKey ? periodName(t, { key: u.document.periodKey, label: u.document.periodLabel }) : '—'}</td>
    <td>${localTime(u.createdAt)}</td>
    <td translate="no">${u.uploadedBy}</td>
    <td>${stateChip(t, state)}${u.document.submittedAt ? html` <span class="muted">${localTime(u.document.submittedAt)}</span>` : null}</td>
  </tr>`,
  )}</tbody>
</table>`;
}

export function submitPage(view: SubmitPageView): string {
  const { t } = view;
  const s = t.submit;
  const limit = formatSize(view.maxFileBytes, { wholeUnits: true, locale: t.meta.locale });
  // What the picker offers; the server sniffs the bytes whatever the name says.
  const accept = view.ocr ? '.pdf,.docx,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/*' : '.pdf,.docx,application/pdf';
  const body = html`<div class="analyst submit"><h1>${s.title}</h1>
<p class="lead">${s.intro(provinceLabel(view.provinceCode))}</p>
<form class="dropzone" id="upload" method="post" action="/api/submissions" enctype="application/octet-stream">
  <p class="drop-title">${s.drop}</p>
  <p class="muted">${s.or}</p>
  <label class="button" for="file-input">${s.choose}</label>
  <input type="file" id="file-input" name="file" accept="${accept}" class="visually-hidden">
  <p class="muted">${view.ocr ? s.accepts(limit) : s.acceptsNoOcr(limit)}</p>
  <p class="message" id="upload-message" role="status" aria-live="polite"></p>
</form>
<section class="sub-history"><h2>${s.history}</h2>${history(t, view.uploads)}</section></div>`;
  return page({
    t,
    title: s.title,
    user: view.user,
    body,
    csrf: view.csrf,
    active: '/submit',
    scripts: ['submit.js'],
    scriptData: { messages: { uploading: s.uploading(''), uploadFailed: s.uploadFailed } },
    mainClass: 'analyst-main',
  });
}

// ---------------------------------------------------------------------------------------
// One upload's reading

export interface ReadValue {
  value: StoredValue;
  context: EvidenceContext;
  remarks: Remark[];
}

export interface ReadingView {
  t: Messages;
  user: AppUser;
  csrf: string;
  upload: Upload;
  state: UploadState;
  progress: ReadingProgress | null;
  values: ReadValue[];
  /** Page images can be drawn (a PDF or a picture, and a store at hand). */
  pageImages: boolean;
  maxFileBytes: number;
}

/** Seconds from the start of the reading to its end, as "12,3"; null when not read in this process. */
export function readingSeconds(progress: ReadingProgress | null): string | null {
  if (!progress?.doneAt) return null;
  return ((progress.doneAt - progress.startedAt) / 1000).toFixed(1).replace('.', ',');
}

/** The evidence with a shorter passage around it than the review pane's: a list of values stays short. */
function nearEvidence(context: EvidenceContext, reach = 180): EvidenceContext {
  return { ...context, ...window(context.text, context.start, context.end, reach) };
}

export function progressText(t: Messages, state: UploadState, progress: ReadingProgress | null): string {
  const p = t.submit.progress;
  if (state === 'queued') return p.queued;
  if (!progress?.page || !progress.pages) return p.starting;
  return progress.page >= progress.pages ? p.after : p.page(progress.page, progress.pages);
}

function progressBlock(t: Messages, view: ReadingView): Html {
  const p = view.progress;
  return html`<div class="sub-progress" id="reading-progress">
  <progress id="progress-bar" aria-label="${t.submit.progress.label}"${p?.pages ? html` max="${p.pages}" value="${p.page ?? 0}"` : null}></progress>
  <p id="progress-text" role="status" aria-live="polite">${progressText(t, view.state, p)}</p>
</div>`;
}

function facts(t: Messages, view: ReadingView): Html {
  const d = view.upload.document;
  const f = t.submit.facts;
  const unknown = html`<span class="muted">${t.submit.unknown}</span>`;
  const type = d.documentType ? ((t.documentTypes as Record<string, string>)[d.documentType] ?? d.documentType) : null;
  return html`<dl class="facts" id="reading-facts">
  <div><dt>${f.type}</dt><dd id="fact-type">${type ?? unknown}</dd></div>
  <div><dt>${f.number}</dt><dd id="fact-number" translate="no">${d.documentNumber ?? unknown}</dd></div>
  <div><dt>${f.period}</dt><dd id="fact-period">${d.periodKey ? periodName(t, { key: d.periodKey, label: d.periodLabel }) : unknown}</dd></div>
  <div><dt>${f.province}</dt><dd id="fact-province">${d.provinceCode ? provinceLabel(d.provinceCode) : unknown}</dd></div>
  <div><dt>${f.issued}</dt><dd>${d.issuedOn ? localDate(new Date(`${d.issuedOn}T12:00:00Z`)) : unknown}</dd></div>
  <div><dt>${f.pages}</dt><dd>${d.pageCount ?? unknown}</dd></div>
</dl>`;
}

function remarkList(t: Messages, remarks: Remark[]): Html | null {
  if (remarks.length === 0) return null;
  return html`<ul class="remarks">${remarks.map(
    (r) =>
      html`<li class="remark"><strong>${t.submit.remarked(num(r.proposedValue), r.author, localTime(r.createdAt))}</strong><br><span class="muted">“${r.comment}”</span></li>`,
  )}</ul>`;
}

function remarkForm(t: Messages, v: StoredValue): Html {
  const s = t.submit;
  return html`<details class="misread">
  <summary>${s.misread}</summary>
  <form class="remark-form" data-value-id="${v.id}">
    <label>${s.rightValue(v.unit)} <input name="value" inputmode="decimal" autocomplete="off" required maxlength="100"></label>
    <label>${s.why} <input name="comment" autocomplete="off" required maxlength="2000" placeholder="${s.whyPlaceholder}"></label>
    <button type="submit" class="button-correct">${s.sendRemark}</button>
    <p class="muted">${s.remarkNote}</p>
    <p class="message" role="status" aria-live="polite"></p>
  </form>
</details>`;
}

function valueItem(t: Messages, item: ReadValue, canRemark: boolean, pageImages: boolean): Html {
  const v = item.value;
  const flagged = v.status === 'flagged';
  return html`<li class="sub-value${flagged ? ' sub-value-flagged' : ''}" data-value-id="${v.id}" data-indicator="${v.indicator}" data-page="${v.page}">
  <p class="sub-value-head">
    <span class="ind-id">${v.indicator}</span> <span class="ind-name">${t.meta.locale === 'en' ? v.indicator : v.indicatorName}</span>
  </p>
  <p class="proposed"><strong class="value">${num(v.value)}</strong> <span class="unit">${v.unit}</span>
    <span class="status status-${v.status}">${t.valueStatus[v.status]}</span>
    ${pageImages ? html`<button type="button" class="button-quiet show-page" data-page="${v.page}" data-alt="${t.submit.pageImageAlt(v.page)}">${t.submit.showPage(v.page)}</button>` : html`<span class="muted">${t.common.page(v.page)}</span>`}
  </p>
  ${v.reasons.length > 0 ? html`<ul class="reasons">${v.reasons.map((code) => html`<li class="chip" data-reason="${code}">${reasonText(t, code)}</li>`)}</ul>` : null}
  ${highlighted(nearEvidence(item.context))}
  ${remarkList(t, item.remarks)}
  ${canRemark ? remarkForm(t, v) : null}
</li>`;
}

function reading(t: Messages, view: ReadingView): Html {
  const s = t.submit;
  const d = view.upload.document;
  const flagged = view.values.filter((v) => v.value.status === 'flagged');
  const others = view.values.filter((v) => v.value.status !== 'flagged');
  const seconds = readingSeconds(view.progress);
  const otherProvince = d.provinceCode && d.provinceCode !== view.upload.provinceCode;
  const firstPage = flagged[0]?.value.page ?? others[0]?.value.page ?? 1;
  const image = view.pageImages
    ? html`<figure class="page-image sub-page" id="page-figure" data-upload-id="${view.upload.id}">
    <img id="page-image" src="/submit/${view.upload.id}/pages/${firstPage}.png" alt="${s.pageImageAlt(firstPage)}">
    <figcaption id="page-caption">${s.pageImageAlt(firstPage)}</figcaption>
  </figure>`
    : html`<div class="page-image page-image-none"><p class="muted">${s.pageImageNone}</p></div>`;
  // Another province's report: read, but not this province's to remark on or submit (db/uploads.ts refuses it too).
  const canRemark = (view.state === 'read' || view.state === 'submitted') && !otherProvince;
  const list = (title: string, items: ReadValue[], id: string) =>
    items.length === 0
      ? null
      : html`<section><h3>${title} (${items.length})</h3><ol class="sub-values" id="${id}">${items.map((i) => valueItem(t, i, canRemark, view.pageImages))}</ol></section>`;
  return html`${facts(t, view)}
${otherProvince ? html`<p class="notice notice-warn" id="other-province">${s.otherProvince(provinceLabel(d.provinceCode), provinceLabel(view.upload.provinceCode))}</p>` : null}
${seconds ? html`<p class="muted" id="read-in">${s.readIn(seconds)}</p>` : null}
<p class="sub-summary" id="reading-summary">${view.values.length === 0 ? s.noValues : s.summary(view.values.length, flagged.length)}</p>
${otherProvince ? null : actions(t, view)}
<div class="sub-grid">
  <div class="sub-list">
    ${list(s.flaggedTitle, flagged, 'flagged-values')}
    ${list(s.acceptedTitle, others, 'accepted-values')}
  </div>
  ${image}
</div>`;
}

function actions(t: Messages, view: ReadingView): Html {
  const s = t.submit;
  const u = view.upload;
  const confirm = u.confirmedAt
    ? html`<p id="confirmed">${s.confirmed(localTime(u.confirmedAt))}</p>`
    : html`<button type="button" class="button-approve" id="confirm-button" data-action="confirm">${s.confirm}</button>`;
  const submit = u.document.submittedAt
    ? html`<p class="notice" id="submitted">${s.submittedAt(localTime(u.document.submittedAt))}</p>`
    : html`<button type="button" class="button-primary" id="submit-button" data-action="submit">${s.send}</button> <span class="muted">${s.sendNote}</span>`;
  return html`<div class="sub-actions" id="actions">${confirm} ${submit}<p class="message" id="action-message" role="status" aria-live="polite"></p></div>`;
}

export function readingPage(view: ReadingView): string {
  const { t } = view;
  const s = t.submit;
  const u = view.upload;
  const d = u.document;
  let content: Html;
  switch (view.state) {
    case 'queued':
    case 'reading':
      content = progressBlock(t, view);
      break;
    case 'refused':
      content = html`<section class="notice notice-error" id="refusal"><h2>${s.refusedTitle}</h2><p id="refusal-text">${refusalText(t, d.failureCode, view.maxFileBytes)}</p>${d.error ? html`<p class="muted">${s.detailLabel} <span translate="no">${d.error}</span></p>` : null}<p><a href="/submit">${s.another}</a></p></section>`;
      break;
    case 'set_aside': {
      const type = d.documentType ? ((t.documentTypes as Record<string, string>)[d.documentType] ?? d.documentType) : t.submit.unknown;
      content = html`${facts(t, view)}<p class="notice notice-warn" id="set-aside">${s.setAside(type, d.scopeReason ?? '')}</p><p><a href="/submit">${s.another}</a></p>`;
      break;
    }
    default:
      content = reading(t, view);
  }
  const body = html`<div class="analyst submit"><p class="crumbs"><a href="/submit">${s.back}</a></p>
<section class="submission" id="submission" data-upload-id="${u.id}" data-state="${view.state}">
  <h1>${s.readingTitle}</h1>
  <p class="meta"><span translate="no">${d.name}</span> · ${formatSize(d.bytes, { locale: t.meta.locale })} · ${localTime(u.createdAt)} · ${stateChip(t, view.state)}</p>
  ${content}
</section></div>`;
  return page({
    t,
    title: s.readingTitle,
    user: view.user,
    body,
    csrf: view.csrf,
    active: '/submit',
    scripts: ['submit.js'],
    scriptData: { messages: { remarkSent: s.remarkSent, uploadFailed: s.uploadFailed } },
    mainClass: 'analyst-main',
  });
}
