// /indicators: every indicator's national figure for a period; /indicators/:id: one
// indicator's roll-up per province, its completeness, a bar chart across provinces and the
// national figure over time.
import type { IndicatorSeries, Rollup, RollupOverview } from '../../db/rollup.ts';
import type { RollupPeriod } from '../../extractors/periods.ts';
import type { AppUser } from '../../db/users.ts';
import type { PeriodChoice } from '../../db/analyst-queries.ts';
import { barChart, lineChart, type LinePoint } from '../charts.ts';
import { html, type Html } from '../../shared/html.ts';
import type { Messages } from '../i18n/index.ts';
import { page } from '../layout.ts';
import { breadcrumbs, coverageBadge, groupText, indicatorName, num, periodName, periodPicker, periodWindows, queryString, summable } from './analyst.ts';

interface Frame {
  t: Messages;
  user: AppUser;
  csrf: string;
  choices: PeriodChoice[];
  canExport: boolean;
}

export function emptyPeriods(frame: Frame, title: string): string {
  const { t } = frame;
  const body = html`<div class="analyst">
  <h1>${title}</h1>
  <p class="empty" id="no-data">${t.analyst.noData}</p>
</div>`;
  return page({ t, title, user: frame.user, csrf: frame.csrf, body, active: '/indicators', mainClass: 'analyst-main' });
}

// ---------------------------------------------------------------------------------------
// Overview

export interface OverviewView extends Frame {
  overview: RollupOverview | null;
  /** Only indicators that some province reported. */
  withData: boolean;
}

function nationalCell(t: Messages, item: RollupOverview['indicators'][number]): Html {
  const { indicator, national } = item;
  if (summable(indicator.measure)) {
    return national.value === null
      ? html`<td class="num muted">—</td>`
      : html`<td class="num national" data-value="${national.value}">${num(national.value)}</td>`;
  }
  const median = national.stats?.median;
  return html`<td class="num muted" title="${t.measure[indicator.measure].long}">${median ? t.analyst.median(num(median)) : t.analyst.notSummed}</td>`;
}

export function overviewPage(view: OverviewView): string {
  const { t } = view;
  const x = t.indicators;
  if (!view.overview) return emptyPeriods(view, x.title);
  const { period, indicators } = view.overview;
  const shown = view.withData ? indicators.filter((i) => i.national.provinces > 0) : indicators;
  const reported = indicators.filter((i) => i.national.provinces > 0).length;
  const groups = new Map<string, typeof shown>();
  for (const item of shown) groups.set(item.indicator.group, [...(groups.get(item.indicator.group) ?? []), item]);
  const link = (id: string) => `/indicators/${id}${queryString({ period: period.key })}`;
  const filter = html`<label class="check"><input type="checkbox" name="with" value="data" id="with-data"${view.withData ? html` checked` : null}> ${x.withData}</label>`;
  const rows = [...groups].map(
    ([group, items]) => html`<tbody>
  <tr class="group-row"><th colspan="7" scope="colgroup">${groupText(t, group)}</th></tr>
  ${items.map((item) => {
    const { indicator, national } = item;
    return html`<tr data-indicator="${indicator.id}"${national.provinces === 0 ? html` class="no-data"` : null}>
    <td><a class="ind-link" href="${link(indicator.id)}">${indicator.id}</a></td>
    <td><a href="${link(indicator.id)}">${indicatorName(t, indicator)}</a></td>
    <td>${indicator.unit}</td>
    ${nationalCell(t, item)}
    <td class="num"><span class="provinces-count" data-provinces="${national.provinces}">${national.provinces}</span>/${national.expected}
      <meter min="0" max="${national.expected}" value="${national.provinces}" title="${x.meterTitle(national.provinces, national.expected)}"></meter></td>
    <td class="num">${national.complete}</td>
    <td class="measure" title="${t.measure[indicator.measure].long}">${t.measure[indicator.measure].short}</td>
  </tr>`;
  })}
</tbody>`,
  );
  const a = t.analyst;
  const body = html`<div class="analyst">
  <header class="page-head">
    <div>
      <h1>${x.title}</h1>
      <p class="meta">${periodName(t, period)} <span class="muted">(${periodWindows(t, period)})</span> · <span id="indicators-reported">${x.reportedCount(reported, indicators.length)}</span></p>
    </div>
    ${periodPicker(t, '/indicators', view.choices, period, filter)}
  </header>
  <table class="data" id="indicator-overview">
    <thead><tr>
      <th scope="col">${a.code}</th><th scope="col">${a.indicator}</th><th scope="col">${a.unit}</th>
      <th scope="col" class="num">${x.national}</th>
      <th scope="col" class="num" title="${x.provincesReportingTitle}">${x.provincesReporting}</th>
      <th scope="col" class="num" title="${x.completeTitle}">${x.complete}</th>
      <th scope="col">${x.how}</th>
    </tr></thead>
    ${rows}
  </table>
  ${shown.length === 0 ? html`<p class="empty">${x.noneInPeriod}</p>` : null}
</div>`;
  return page({ t, title: `${x.title}, ${periodName(t, period)}`, user: view.user, csrf: view.csrf, body, active: '/indicators', mainClass: 'analyst-main' });
}

// ---------------------------------------------------------------------------------------
// One indicator

export interface IndicatorView extends Frame {
  rollup: Rollup;
  series: IndicatorSeries;
  /**
   * The provinces whose documents this user may see (a reviewer's), or null for all: the others'
   * figures are shown, their documents (id, name, number) are not.
   */
  documentScope?: string[] | null;
}

function kpi(label: Html | string, value: Html | string, id: string | null = null, extra: Html | null = null): Html {
  return html`<div class="kpi"${id ? html` id="${id}"` : null}><dt>${label}</dt><dd>${value}${extra}</dd></div>`;
}

function provinceList(t: Messages, refs: { code: string; shortName: string }[], id: string, period: RollupPeriod): Html {
  if (refs.length === 0) return html`<p class="muted" id="${id}">${t.common.none}</p>`;
  return html`<ul class="chips" id="${id}">${refs.map((p) => html`<li><a class="chip-link" href="/provinces/${p.code}" data-province="${p.code}" title="${periodName(t, period)}">${p.code} ${p.shortName}</a></li>`)}</ul>`;
}

function seriesChart(view: IndicatorView): Html {
  const { t, series, rollup } = view;
  const x = t.indicators;
  const unit = rollup.indicator.unit;
  const sum = summable(rollup.indicator.measure);
  const kind = t.seriesKind[series.kind];
  const points: LinePoint[] = series.points.map((p) => {
    const value = sum ? p.national.value : (p.national.stats?.median ?? null);
    const who = x.seriesWho(p.national.provinces, p.national.expected, p.national.complete);
    const name = periodName(t, p.period);
    return {
      label: p.period.key,
      value,
      partial: p.national.complete < p.national.provinces,
      title: value === null ? x.pointNoData(name, who) : x.pointValue(name, num(value), unit, !sum, who),
    };
  });
  if (points.every((p) => p.value === null)) return html`<p class="muted">${x.seriesEmpty}</p>`;
  const what = sum ? x.seriesNational : x.seriesMedian;
  return html`${lineChart({ id: 'chart-series', title: x.seriesTitle(rollup.indicator.id, kind, what, unit), points, width: 600, height: 220 })}
  <p class="chart-note muted">${x.seriesNote(what, unit, kind)}</p>`;
}

export function indicatorPage(view: IndicatorView): string {
  const { t, rollup } = view;
  const x = t.indicators;
  const a = t.analyst;
  const { indicator, period, national } = rollup;
  const sum = summable(indicator.measure);
  const reported = rollup.provinces.filter((p) => p.value !== null);
  const name = periodName(t, period);
  const exportQuery = queryString({ period: period.key });
  const exports = view.canExport
    ? html`<div class="exports" aria-label="${t.common.downloads}">
    <a class="button" id="export-csv" href="/indicators/${indicator.id}/export.csv${exportQuery}" download>${a.exportCsv}</a>
    <a class="button" id="export-xlsx" href="/indicators/${indicator.id}/export.xlsx${exportQuery}" download>${a.exportXlsx}</a>
  </div>`
    : null;
  const nationalValue = sum
    ? national.value === null
      ? html`<span class="muted">—</span>`
      : html`<span id="national-value" data-value="${national.value}">${num(national.value)}</span> <span class="unit">${indicator.unit}</span>`
    : html`<span class="muted" title="${t.measure[indicator.measure].long}">${a.notSummed}</span>`;
  const kpis = html`<dl class="kpis">
    ${kpi(x.national, nationalValue, 'kpi-national')}
    ${
      sum && national.partial.length > 0
        ? kpi(
            x.completeOnly,
            national.completeValue === null
              ? html`<span class="muted" title="${x.noCompleteTitle}">—</span>`
              : html`<span id="national-complete-value" data-value="${national.completeValue}">${num(national.completeValue)}</span> <span class="unit">${indicator.unit}</span>`,
            'kpi-complete-value',
          )
        : null
    }
    ${kpi(x.provincesReporting, html`<span id="provinces-reported">${national.provinces}</span>/${national.expected}`, 'kpi-provinces', html`<meter min="0" max="${national.expected}" value="${national.provinces}"></meter>`)}
    ${kpi(x.provincesComplete, html`<span id="provinces-complete">${national.complete}</span>/${national.expected}`, 'kpi-complete')}
    ${national.stats ? kpi(x.medianComplete, html`${num(national.stats.median)} <span class="unit">${indicator.unit}</span>`, 'kpi-median', html`<span class="kpi-sub muted">${x.minMax(num(national.stats.min), num(national.stats.max))}</span>`) : null}
  </dl>`;
  const table =
    reported.length === 0
      ? html`<p class="empty" id="rollup-empty">${x.noneReported(indicator.id, name)}</p>`
      : html`<table class="data" id="rollup-table">
    <thead><tr><th scope="col">${a.code}</th><th scope="col">${a.province}</th><th scope="col" class="num">${a.value} <span class="muted">(${indicator.unit})</span></th><th scope="col">${x.periodsUsed}</th><th scope="col">${x.coverage}</th><th scope="col">${a.documents}</th></tr></thead>
    <tbody>${reported.map(
      (p) => html`<tr class="province-row coverage-row-${p.coverage}" data-province="${p.code}">
      <td>${p.code}</td>
      <td><a href="/provinces/${p.code}">${p.shortName}</a></td>
      <td class="num" data-value="${p.value!}">${num(p.value)}${
        p.parts.some((part) => part.qualifier)
          ? html`<span class="qual" title="${p.parts
              .filter((part) => part.qualifier)
              .map((part) => `${part.periodKey}: ${(t.qualifier as Record<string, string>)[part.qualifier!] ?? part.qualifier}`)
              .join('; ')}">*</span>`
          : null
      }</td>
      <td class="periods">${p.periods.join(' + ')}</td>
      <td>${coverageBadge(t, p.coverage)}</td>
      <td class="docs">${
        view.documentScope && !view.documentScope.includes(p.code)
          ? html`<span class="muted doc-hidden" title="${a.documentNotAssigned}">—</span>`
          : p.parts.map(
              (part, i) =>
                html`${i > 0 ? html`<span class="muted"> + </span>` : null}<span class="doc-part"><a href="/documents/${part.documentId}" title="${part.document}">${part.documentNumber ?? `#${part.documentId}`}</a>${part.review !== 'auto_accepted' ? html`<span class="muted" title="${a.byReviewerTitle}"> (${a.byReviewer[part.review]})</span>` : null}</span>`,
            )
      }</td>
    </tr>`,
    )}</tbody>
    <tfoot>
      <tr class="total" id="rollup-total"><th scope="row" colspan="2">${x.national}</th>
        <td class="num"${sum && national.value !== null ? html` data-value="${national.value}"` : null}>${sum ? num(national.value) : html`<span class="muted">${a.notSummed}</span>`}</td>
        <td colspan="3" class="muted">${x.totalLine(national.provinces, national.complete)}${sum && national.partial.length > 0 ? html`; ${x.completeOnlyLine} <span data-value="${national.completeValue ?? ''}">${num(national.completeValue)}</span>` : null}</td></tr>
    </tfoot>
  </table>`;
  const bars = [...reported]
    .sort((p, q) => Number(q.value) - Number(p.value) || p.code.localeCompare(q.code))
    .map((p) => ({
      label: p.shortName,
      value: p.value!,
      tone: p.coverage === 'complete' ? ('complete' as const) : ('partial' as const),
      href: `/provinces/${p.code}`,
      title: x.barTitle(p.code, p.shortName, num(p.value), indicator.unit, p.periods.join(' + '), t.coverage[p.coverage].label),
    }));
  const body = html`<div class="analyst">
  ${breadcrumbs(t, [{ href: `/indicators${queryString({ period: period.key })}`, label: x.title }, { label: indicator.id }])}
  <header class="page-head">
    <div>
      <h1><span class="ind-id">${indicator.id}</span> ${indicatorName(t, indicator)}</h1>
      <p class="meta">${groupText(t, indicator.group)} · ${x.unitLabel}: ${indicator.unit} · <span>${t.measure[indicator.measure].long}</span></p>
      <p class="meta">${name} <span class="muted">(${periodWindows(t, period)})</span></p>
    </div>
    <div class="head-tools">
      ${periodPicker(t, `/indicators/${indicator.id}`, view.choices, period)}
      ${exports}
    </div>
  </header>
  ${kpis}
  <div class="split">
    <section class="panel" aria-labelledby="rollup-h">
      <h2 id="rollup-h">${x.byProvince}</h2>
      ${table}
      <section class="completeness" id="completeness" aria-labelledby="completeness-h">
        <h3 id="completeness-h">${x.completeness}: ${x.completenessLine(national.provinces, national.expected, national.complete)}</h3>
        ${national.partial.length > 0 ? html`<h4>${x.partial(national.partial.length)}</h4>${provinceList(t, national.partial, 'partial-provinces', period)}` : null}
        <h4>${x.missing(national.missing.length)}</h4>
        ${provinceList(t, national.missing, 'missing-provinces', period)}
      </section>
    </section>
    <section class="panel charts" aria-label="${x.charts}">
      <h2>${x.chartByProvince}</h2>
      ${bars.length > 0 ? barChart({ id: 'chart-provinces', title: x.chartByProvinceTitle(indicator.id, name, indicator.unit), bars, width: 600 }) : html`<p class="muted">${x.noData}</p>`}
      ${bars.some((b) => b.tone === 'partial') ? html`<p class="chart-note muted"><span class="swatch swatch-partial"></span> ${x.legendPartial} · <span class="swatch swatch-complete"></span> ${x.legendComplete}</p>` : null}
      <h2>${x.overTime}</h2>
      ${seriesChart(view)}
    </section>
  </div>
</div>`;
  return page({ t, title: `${indicator.id}, ${name}`, user: view.user, csrf: view.csrf, body, active: '/indicators', mainClass: 'analyst-main' });
}
