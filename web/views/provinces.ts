// /provinces: the 34 units with what they reported; /provinces/:code: every indicator of one
// province with its latest published value and a small trend, and one indicator's trend
// drawn large.
import type { ProvinceSeries, SeriesKind } from '../../db/rollup.ts';
import type { AppUser } from '../../db/users.ts';
import type { Indicator } from '../../extractors/types.ts';
import type { DocumentListItem, LatestValue, ProvinceListItem, ProvinceRef } from '../analyst-queries.ts';
import { lineChart, sparkline } from '../charts.ts';
import { html, type Html } from '../html.ts';
import { page } from '../layout.ts';
import { breadcrumbs, COVERAGE_TEXT, documentStatusBadge, groupText, KIND_TEXT, num, option, queryString, when } from './analyst.ts';

export function provincesPage(view: { user: AppUser; csrf: string; provinces: ProvinceListItem[] }): string {
  const reporting = view.provinces.filter((p) => p.documents > 0).length;
  const body = html`<div class="analyst">
  <header class="page-head">
    <div>
      <h1>Tỉnh, thành phố <span class="muted">· Provinces</span></h1>
      <p class="meta"><strong>${reporting}</strong>/${view.provinces.length} tỉnh, thành phố đã gửi báo cáo</p>
    </div>
  </header>
  <table class="data" id="provinces-table">
    <thead><tr><th scope="col">Mã</th><th scope="col">Tỉnh/thành phố</th><th scope="col" class="num">Văn bản</th><th scope="col" class="num" title="số chỉ tiêu có giá trị đã công bố">Chỉ tiêu có số liệu</th><th scope="col" class="num">Chờ duyệt</th><th scope="col">Kỳ mới nhất</th><th scope="col">Nhận gần nhất</th></tr></thead>
    <tbody>${view.provinces.map(
      (p) => html`<tr data-province="${p.code}"${p.documents === 0 ? html` class="no-data"` : null}>
      <td>${p.code}</td>
      <td><a href="/provinces/${p.code}">${p.shortName}</a>${p.name !== p.shortName ? html` <span class="muted">${p.name}</span>` : null}</td>
      <td class="num">${p.documents}</td>
      <td class="num">${p.indicators}</td>
      <td class="num">${p.flagged > 0 ? html`<span class="status status-flagged">${p.flagged}</span>` : '0'}</td>
      <td>${p.latestPeriod ?? '—'}</td>
      <td class="when">${when(p.lastReceived)}</td>
    </tr>`,
    )}</tbody>
  </table>
</div>`;
  return page({ title: 'Tỉnh, thành phố', user: view.user, csrf: view.csrf, body, active: '/provinces', mainClass: 'analyst-main' });
}

export interface ProvinceView {
  user: AppUser;
  csrf: string;
  province: ProvinceRef;
  /** The catalogue, in order. */
  indicators: Indicator[];
  latest: Map<string, LatestValue>;
  /** Yearly series per indicator with a value. */
  sparks: Map<string, ProvinceSeries>;
  /** The indicator drawn large, over periods of `kind`. */
  trend: ProvinceSeries | null;
  kind: SeriesKind;
  documents: DocumentListItem[];
  documentsTotal: number;
  /** Document links lead somewhere for this user (a reviewer sees only their provinces' documents). */
  canSeeDocuments: boolean;
  canExport: boolean;
}

function pointTitle(series: ProvinceSeries, p: ProvinceSeries['points'][number]): string {
  if (p.value === null) return `${p.period.label}: không có số liệu`;
  return `${p.period.label}: ${num(p.value)} ${series.indicator.unit} (${p.periods.join(' + ')}; ${COVERAGE_TEXT[p.coverage].vi})`;
}

function spark(series: ProvinceSeries | undefined): Html {
  if (!series || series.points.length === 0) return html`<span class="muted">—</span>`;
  return sparkline(
    series.points.map((p) => ({ value: p.value, partial: p.coverage === 'partial', title: pointTitle(series, p) })),
    { title: `${series.indicator.id} theo năm: ${series.points.map((p) => `${p.period.key} ${num(p.value)}`).join(', ')}` },
  );
}

function trendSection(view: ProvinceView): Html {
  const { trend, province } = view;
  const withData = view.indicators.filter((i) => view.latest.has(i.id));
  if (withData.length === 0) return html`<p class="muted">Chưa có số liệu để vẽ.</p>`;
  const selected = trend?.indicator.id;
  const form = html`<form class="trend-form" id="trend-form" method="get" action="/provinces/${province.code}#trend">
    <label>Chỉ tiêu <select name="indicator" id="trend-indicator">${withData.map((i) => option(i.id, `${i.id} ${i.nameVi}`, selected))}</select></label>
    <label>Theo <select name="kind" id="trend-kind">${(Object.keys(KIND_TEXT) as SeriesKind[]).map((k) => option(k, KIND_TEXT[k], view.kind))}</select></label>
    <button type="submit" class="button-quiet" id="trend-apply">Vẽ</button>
  </form>`;
  const chart =
    trend && trend.points.length > 0
      ? lineChart({
          id: 'chart-province-trend',
          title: `${trend.indicator.id} ${trend.indicator.nameVi}, ${province.shortName}, theo ${KIND_TEXT[trend.kind]} (${trend.indicator.unit})`,
          points: trend.points.map((p) => ({ label: p.period.key, value: p.value, partial: p.coverage === 'partial', title: pointTitle(trend, p) })),
          width: 410,
          height: 220,
        })
      : html`<p class="muted">Không có số liệu theo ${KIND_TEXT[view.kind]} cho chỉ tiêu này.</p>`;
  return html`${form}${trend ? html`<p class="trend-title"><a href="/indicators/${trend.indicator.id}">${trend.indicator.id}</a> ${trend.indicator.nameVi} <span class="muted">(${trend.indicator.unit})</span></p>` : null}${chart}
  <p class="chart-note muted">Chấm rỗng: giá trị chỉ phủ một phần kỳ.</p>`;
}

export function provincePage(view: ProvinceView): string {
  const { province } = view;
  const groups = new Map<string, Indicator[]>();
  for (const i of view.indicators) if (view.latest.has(i.id)) groups.set(i.group, [...(groups.get(i.group) ?? []), i]);
  const without = view.indicators.filter((i) => !view.latest.has(i.id));
  const exportQuery = queryString({ province: province.code });
  const exports = view.canExport
    ? html`<div class="exports"><span class="muted">Giá trị hiện hành:</span>
    <a class="button" id="export-values-csv" href="/values/export.csv${exportQuery}" download>CSV</a>
    <a class="button" id="export-values-xlsx" href="/values/export.xlsx${exportQuery}" download>XLSX</a></div>`
    : null;
  // Another province's documents are not this reviewer's: their figures are shown, not their ids or names.
  const docLink = (id: number, name: string, label: string) =>
    view.canSeeDocuments ? html`<a href="/documents/${id}" title="${name}">${label}</a>` : html`<span class="muted doc-hidden" title="văn bản của tỉnh không được phân công">—</span>`;
  const table =
    groups.size === 0
      ? html`<p class="empty" id="province-empty">Chưa có giá trị nào được công bố cho ${province.shortName}.</p>`
      : html`<table class="data" id="province-values">
    <thead><tr><th scope="col">Mã</th><th scope="col">Chỉ tiêu</th><th scope="col" class="num" title="giá trị mới nhất đã công bố">Giá trị</th><th scope="col">Đơn vị</th><th scope="col">Kỳ</th><th scope="col" title="xu hướng theo năm">Theo năm</th><th scope="col">Văn bản</th></tr></thead>
    ${[...groups].map(
      ([group, list]) => html`<tbody><tr class="group-row"><th colspan="7" scope="colgroup">${groupText(group)}</th></tr>
      ${list.map((i) => {
        const v = view.latest.get(i.id)!;
        return html`<tr data-indicator="${i.id}"${view.trend?.indicator.id === i.id ? html` class="selected"` : null}>
        <td><a class="ind-link" href="/provinces/${province.code}${queryString({ indicator: i.id, kind: view.kind })}#trend" title="vẽ xu hướng">${i.id}</a></td>
        <td><a href="/indicators/${i.id}${queryString({ period: v.periodKey })}">${i.nameVi}</a></td>
        <td class="num" data-value="${v.value}">${num(v.value)}${v.reviewed ? html`<span class="qual" title="công bố theo quyết định của người duyệt">✓</span>` : null}</td>
        <td class="unit">${v.unit}</td>
        <td class="period">${v.periodKey}</td>
        <td class="spark">${spark(view.sparks.get(i.id))}</td>
        <td class="docs">${docLink(v.documentId, v.document, `#${v.documentId}`)}</td>
      </tr>`;
      })}</tbody>`,
    )}
  </table>`;
  const docs =
    view.documents.length === 0
      ? html`<p class="muted">Chưa nhận văn bản nào.</p>`
      : html`<ul class="doc-list" id="province-documents">${view.documents.map(
          (d) => html`<li>${docLink(d.id, d.name, d.name)} <span class="muted">${d.periodLabel ?? '?'}</span> ${documentStatusBadge(d.status)}</li>`,
        )}</ul>${view.documentsTotal > view.documents.length && view.canSeeDocuments ? html`<p><a href="/documents?province=${province.code}">Tất cả ${view.documentsTotal} văn bản</a></p>` : null}`;
  const body = html`<div class="analyst">
  ${breadcrumbs([{ href: '/provinces', label: 'Tỉnh, thành phố' }, { label: province.code }])}
  <header class="page-head">
    <div>
      <h1><span class="ind-id">${province.code}</span> ${province.name}</h1>
      <p class="meta"><strong id="province-indicator-count">${view.latest.size}</strong>/${view.indicators.length} chỉ tiêu có số liệu · ${view.documentsTotal} văn bản</p>
    </div>
    ${exports}
  </header>
  <div class="split split-province">
    <section class="panel" aria-labelledby="values-h">
      <h2 id="values-h">Giá trị mới nhất <span class="muted">(latest published values)</span></h2>
      ${table}
      ${without.length > 0 ? html`<p class="without muted" id="without-data">Chưa có số liệu (${without.length}): ${without.map((i) => i.id).join(', ')}</p>` : null}
    </section>
    <aside class="panel" aria-label="Xu hướng và văn bản">
      <h2 id="trend">Xu hướng <span class="muted">(trend)</span></h2>
      ${trendSection(view)}
      <h2 class="panel-part">Văn bản gần đây <span class="muted">(recent documents)</span></h2>
      ${docs}
    </aside>
  </div>
</div>`;
  return page({ title: `${province.code} ${province.shortName}`, user: view.user, csrf: view.csrf, body, active: '/provinces', mainClass: 'analyst-main' });
}
