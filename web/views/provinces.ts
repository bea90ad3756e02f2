// /provinces: the 34 units with what they reported; /provinces/:code: every indicator of one
// province with its latest published value and a small trend, and one indicator's trend
// drawn large.
import type { ProvinceSeries, SeriesKind } from '../../db/rollup.ts';
import type { AppUser } from '../../db/users.ts';
import type { Indicator } from '../../extractors/types.ts';
import type { DocumentListItem, LatestValue, ProvinceListItem, ProvinceRef } from '../../db/analyst-queries.ts';
import { lineChart, sparkline } from '../charts.ts';
import { html, type Html } from '../../shared/html.ts';
import type { Messages } from '../i18n/index.ts';
import { page } from '../layout.ts';
import { breadcrumbs, documentStatusBadge, groupText, indicatorName, num, option, periodName, queryString, when } from './analyst.ts';

export function provincesPage(view: { t: Messages; user: AppUser; csrf: string; provinces: ProvinceListItem[] }): string {
  const { t } = view;
  const x = t.provinces;
  const reporting = view.provinces.filter((p) => p.documents > 0).length;
  const body = html`<div class="analyst">
  <header class="page-head">
    <div>
      <h1>${x.title}</h1>
      <p class="meta" id="provinces-reporting">${x.reporting(reporting, view.provinces.length)}</p>
    </div>
  </header>
  <table class="data" id="provinces-table">
    <thead><tr><th scope="col">${t.analyst.code}</th><th scope="col">${t.analyst.province}</th><th scope="col" class="num" title="${x.reportsTitle}">${x.reports}</th><th scope="col" class="num" title="${x.withValuesTitle}">${x.withValues}</th><th scope="col" class="num">${x.waiting}</th><th scope="col">${x.latestPeriod}</th><th scope="col">${x.lastReceived}</th></tr></thead>
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
  return page({ t, title: x.title, user: view.user, csrf: view.csrf, body, active: '/provinces', mainClass: 'analyst-main' });
}

export interface ProvinceView {
  t: Messages;
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

function pointTitle(t: Messages, series: ProvinceSeries, p: ProvinceSeries['points'][number]): string {
  const name = periodName(t, p.period);
  if (p.value === null) return t.provinces.noValue(name);
  return t.provinces.pointTitle(name, num(p.value), series.indicator.unit, p.periods.join(' + '), t.coverage[p.coverage].label);
}

function spark(t: Messages, series: ProvinceSeries | undefined): Html {
  if (!series || series.points.length === 0) return html`<span class="muted">—</span>`;
  return sparkline(
    series.points.map((p) => ({ value: p.value, partial: p.coverage === 'partial', title: pointTitle(t, series, p) })),
    { title: t.provinces.sparkTitle(series.indicator.id, series.points.map((p) => `${p.period.key} ${num(p.value)}`).join(', ')) },
  );
}

function trendSection(view: ProvinceView): Html {
  const { t, trend, province } = view;
  const x = t.provinces;
  const withData = view.indicators.filter((i) => view.latest.has(i.id));
  if (withData.length === 0) return html`<p class="muted">${x.nothingToDraw}</p>`;
  const selected = trend?.indicator.id;
  const form = html`<form class="trend-form" id="trend-form" method="get" action="/provinces/${province.code}#trend">
    <label>${x.trendIndicator} <select name="indicator" id="trend-indicator">${withData.map((i) => option(i.id, `${i.id} ${indicatorName(t, i)}`, selected))}</select></label>
    <label>${x.trendBy} <select name="kind" id="trend-kind">${(Object.keys(t.seriesKind) as SeriesKind[]).map((k) => option(k, t.seriesKind[k], view.kind))}</select></label>
    <button type="submit" class="button-quiet" id="trend-apply">${x.draw}</button>
  </form>`;
  const chart =
    trend && trend.points.length > 0
      ? lineChart({
          id: 'chart-province-trend',
          title: x.trendTitle(trend.indicator.id, indicatorName(t, trend.indicator), province.shortName, t.seriesKind[trend.kind], trend.indicator.unit),
          points: trend.points.map((p) => ({ label: p.period.key, value: p.value, partial: p.coverage === 'partial', title: pointTitle(t, trend, p) })),
          width: 410,
          height: 220,
        })
      : html`<p class="muted">${x.noTrend(t.seriesKind[view.kind])}</p>`;
  return html`${form}${trend ? html`<p class="trend-title"><a href="/indicators/${trend.indicator.id}">${trend.indicator.id}</a> ${indicatorName(t, trend.indicator)} <span class="muted">(${trend.indicator.unit})</span></p>` : null}${chart}
  <p class="chart-note muted">${x.hollowNote}</p>`;
}

export function provincePage(view: ProvinceView): string {
  const { t, province } = view;
  const x = t.provinces;
  const a = t.analyst;
  const groups = new Map<string, Indicator[]>();
  for (const i of view.indicators) if (view.latest.has(i.id)) groups.set(i.group, [...(groups.get(i.group) ?? []), i]);
  const without = view.indicators.filter((i) => !view.latest.has(i.id));
  const exportQuery = queryString({ province: province.code });
  const exports = view.canExport
    ? html`<div class="exports"><span class="muted">${x.currentValues}</span>
    <a class="button" id="export-values-csv" href="/values/export.csv${exportQuery}" download>CSV</a>
    <a class="button" id="export-values-xlsx" href="/values/export.xlsx${exportQuery}" download>XLSX</a></div>`
    : null;
  // Another province's documents are not this reviewer's: their figures are shown, not their ids or names.
  const docLink = (id: number, name: string, label: string) =>
    view.canSeeDocuments
      ? html`<a href="/documents/${id}" title="${name}" translate="no">${label}</a>`
      : html`<span class="muted doc-hidden" title="${a.documentNotAssigned}">—</span>`;
  const table =
    groups.size === 0
      ? html`<p class="empty" id="province-empty">${x.noneYet(province.shortName)}</p>`
      : html`<table class="data" id="province-values">
    <thead><tr><th scope="col">${a.code}</th><th scope="col">${a.indicator}</th><th scope="col" class="num" title="${x.latestTitle}">${a.value}</th><th scope="col">${a.unit}</th><th scope="col">${a.period}</th><th scope="col" title="${x.yearlyTitle}">${x.yearly}</th><th scope="col">${a.documents}</th></tr></thead>
    ${[...groups].map(
      ([group, list]) => html`<tbody><tr class="group-row"><th colspan="7" scope="colgroup">${groupText(t, group)}</th></tr>
      ${list.map((i) => {
        const v = view.latest.get(i.id)!;
        return html`<tr data-indicator="${i.id}"${view.trend?.indicator.id === i.id ? html` class="selected"` : null}>
        <td><a class="ind-link" href="/provinces/${province.code}${queryString({ indicator: i.id, kind: view.kind })}#trend" title="${x.drawTrend}">${i.id}</a></td>
        <td><a href="/indicators/${i.id}${queryString({ period: v.periodKey })}">${indicatorName(t, i)}</a></td>
        <td class="num" data-value="${v.value}">${num(v.value)}${v.reviewed ? html`<span class="qual" title="${a.byReviewerTitle}">✓</span>` : null}</td>
        <td class="unit">${v.unit}</td>
        <td class="period">${v.periodKey}</td>
        <td class="spark">${spark(t, view.sparks.get(i.id))}</td>
        <td class="docs">${docLink(v.documentId, v.document, `#${v.documentId}`)}</td>
      </tr>`;
      })}</tbody>`,
    )}
  </table>`;
  const docs =
    view.documents.length === 0
      ? html`<p class="muted">${x.noDocuments}</p>`
      : html`<ul class="doc-list" id="province-documents">${view.documents.map(
          (d) =>
            html`<li>${docLink(d.id, d.name, d.name)} <span class="muted">${periodName(t, d.periodKey ? { key: d.periodKey, label: d.periodLabel } : null)}</span> ${documentStatusBadge(t, d.status)}</li>`,
        )}</ul>${view.documentsTotal > view.documents.length && view.canSeeDocuments ? html`<p><a href="/documents?province=${province.code}">${x.allDocuments(view.documentsTotal)}</a></p>` : null}`;
  const body = html`<div class="analyst">
  ${breadcrumbs(t, [{ href: '/provinces', label: x.title }, { label: province.code }])}
  <header class="page-head">
    <div>
      <h1><span class="ind-id">${province.code}</span> ${province.name}</h1>
      <p class="meta" id="province-summary">${x.summary(view.latest.size, view.indicators.length, view.documentsTotal)}</p>
    </div>
    ${exports}
  </header>
  <div class="split split-province">
    <section class="panel" aria-labelledby="values-h">
      <h2 id="values-h">${x.latest}</h2>
      ${table}
      ${without.length > 0 ? html`<p class="without muted" id="without-data">${x.without(without.length)} ${without.map((i) => i.id).join(', ')}</p>` : null}
    </section>
    <aside class="panel" aria-label="${x.trendAndDocs}">
      <h2 id="trend">${x.trend}</h2>
      ${trendSection(view)}
      <h2 class="panel-part">${x.recentDocuments}</h2>
      ${docs}
    </aside>
  </div>
</div>`;
  return page({ t, title: `${province.code} ${province.shortName}`, user: view.user, csrf: view.csrf, body, active: '/provinces', mainClass: 'analyst-main' });
}
