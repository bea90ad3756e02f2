// /indicators: every indicator's national figure for a period; /indicators/:id: one
// indicator's roll-up per province, its completeness, a bar chart across provinces and the
// national figure over time.
import type { IndicatorSeries, Measure, Rollup, RollupOverview, RollupPeriod } from '../../db/rollup.ts';
import type { AppUser } from '../../db/users.ts';
import type { PeriodChoice } from '../analyst-queries.ts';
import { barChart, lineChart, type LinePoint } from '../charts.ts';
import { html, type Html } from '../html.ts';
import { page } from '../layout.ts';
import { breadcrumbs, coverageBadge, COVERAGE_TEXT, groupText, KIND_TEXT, MEASURE_TEXT, num, periodPicker, periodWindows, queryString, summable } from './analyst.ts';

const MEASURE_SHORT: Record<Measure, string> = { flow: 'phát sinh', stock: 'hiện có', ratio: 'tỷ lệ', score: 'điểm' };

interface Frame {
  user: AppUser;
  csrf: string;
  choices: PeriodChoice[];
  canExport: boolean;
}

export function emptyPeriods(frame: Frame, title: string): string {
  const body = html`<div class="analyst">
  <h1>${title}</h1>
  <p class="empty" id="no-data">Chưa có số liệu nào được công bố (no published values yet). Số liệu xuất hiện ở đây khi báo cáo được trích xuất và chấp nhận.</p>
</div>`;
  return page({ title, user: frame.user, csrf: frame.csrf, body, active: '/indicators', mainClass: 'analyst-main' });
}

// ---------------------------------------------------------------------------------------
// Overview

export interface OverviewView extends Frame {
  overview: RollupOverview | null;
  /** Only indicators that some province reported. */
  withData: boolean;
}

function nationalCell(item: RollupOverview['indicators'][number]): Html {
  const { indicator, national } = item;
  if (summable(indicator.measure)) {
    return national.value === null ? html`<td class="num muted">—</td>` : html`<td class="num national" data-value="${national.value}">${num(national.value)}</td>`;
  }
  const median = national.stats?.median;
  return html`<td class="num muted" title="${MEASURE_TEXT[indicator.measure].vi}">${median ? html`trung vị ${num(median)}` : 'không cộng'}</td>`;
}

export function overviewPage(view: OverviewView): string {
  const title = 'Chỉ tiêu · Indicators';
  if (!view.overview) return emptyPeriods(view, title);
  const { period, indicators } = view.overview;
  const shown = view.withData ? indicators.filter((i) => i.national.provinces > 0) : indicators;
  const reported = indicators.filter((i) => i.national.provinces > 0).length;
  const groups = new Map<string, typeof shown>();
  for (const item of shown) groups.set(item.indicator.group, [...(groups.get(item.indicator.group) ?? []), item]);
  const link = (id: string) => `/indicators/${id}${queryString({ period: period.key })}`;
  const filter = html`<label class="check"><input type="checkbox" name="with" value="data" id="with-data"${view.withData ? html` checked` : null}> chỉ chỉ tiêu có số liệu</label>`;
  const rows = [...groups].map(
    ([group, items]) => html`<tbody>
  <tr class="group-row"><th colspan="7" scope="colgroup">${groupText(group)} <span class="muted">${group}</span></th></tr>
  ${items.map((item) => {
    const { indicator, national } = item;
    return html`<tr data-indicator="${indicator.id}"${national.provinces === 0 ? html` class="no-data"` : null}>
    <td><a class="ind-link" href="${link(indicator.id)}">${indicator.id}</a></td>
    <td><a href="${link(indicator.id)}" title="${indicator.nameEn}">${indicator.nameVi}</a></td>
    <td>${indicator.unit}</td>
    ${nationalCell(item)}
    <td class="num"><span class="provinces-count" data-provinces="${national.provinces}">${national.provinces}</span>/${national.expected}
      <meter min="0" max="${national.expected}" value="${national.provinces}" title="${national.provinces} trong ${national.expected} tỉnh có số liệu"></meter></td>
    <td class="num">${national.complete}</td>
    <td class="measure" title="${MEASURE_TEXT[indicator.measure].vi} (${MEASURE_TEXT[indicator.measure].en})">${MEASURE_SHORT[indicator.measure]}</td>
  </tr>`;
  })}
</tbody>`,
  );
  const body = html`<div class="analyst">
  <header class="page-head">
    <div>
      <h1>Chỉ tiêu <span class="muted">· Indicators</span></h1>
      <p class="meta">${period.label} <span class="muted">(${periodWindows(period)})</span> · <strong>${reported}</strong>/${indicators.length} chỉ tiêu có số liệu</p>
    </div>
    ${periodPicker('/indicators', view.choices, period, filter)}
  </header>
  <table class="data" id="indicator-overview">
    <thead><tr>
      <th scope="col">Mã</th><th scope="col">Chỉ tiêu <span class="muted">(indicator)</span></th><th scope="col">Đơn vị</th>
      <th scope="col" class="num">Cả nước <span class="muted">(national)</span></th>
      <th scope="col" class="num" title="Số tỉnh có số liệu trong 34 tỉnh, thành phố">Tỉnh báo cáo</th>
      <th scope="col" class="num" title="Số tỉnh có số liệu phủ trọn kỳ">Đủ kỳ</th>
      <th scope="col">Cách cộng</th>
    </tr></thead>
    ${rows}
  </table>
  ${shown.length === 0 ? html`<p class="empty">Không chỉ tiêu nào có số liệu trong kỳ này.</p>` : null}
</div>`;
  return page({ title: `Chỉ tiêu, ${period.label}`, user: view.user, csrf: view.csrf, body, active: '/indicators', mainClass: 'analyst-main' });
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

function provinceList(refs: { code: string; shortName: string }[], id: string, period: RollupPeriod): Html {
  if (refs.length === 0) return html`<p class="muted" id="${id}">Không có.</p>`;
  return html`<ul class="chips" id="${id}">${refs.map((p) => html`<li><a class="chip-link" href="/provinces/${p.code}" data-province="${p.code}" title="${period.label}">${p.code} ${p.shortName}</a></li>`)}</ul>`;
}

function seriesChart(view: IndicatorView): Html {
  const { series, rollup } = view;
  const unit = rollup.indicator.unit;
  const sum = summable(rollup.indicator.measure);
  const points: LinePoint[] = series.points.map((p) => {
    const value = sum ? p.national.value : (p.national.stats?.median ?? null);
    const who = `${p.national.provinces}/${p.national.expected} tỉnh, ${p.national.complete} đủ kỳ`;
    return {
      label: p.period.key,
      value,
      partial: p.national.complete < p.national.provinces,
      title: value === null ? `${p.period.label}: không có số liệu đủ để vẽ (${who})` : `${p.period.label}: ${num(value)} ${unit}${sum ? '' : ' (trung vị)'} — ${who}`,
    };
  });
  if (points.every((p) => p.value === null)) return html`<p class="muted">Chưa đủ số liệu để vẽ theo thời gian.</p>`;
  const what = sum ? 'Cả nước' : 'Trung vị các tỉnh đủ kỳ';
  return html`${lineChart({ id: 'chart-series', title: `${rollup.indicator.id} theo ${KIND_TEXT[series.kind]}: ${what}, ${unit}`, points, width: 600, height: 220 })}
  <p class="chart-note muted">${what} (${unit}) theo từng ${KIND_TEXT[series.kind]}. Chấm rỗng: có tỉnh chỉ có số liệu một phần kỳ.</p>`;
}

export function indicatorPage(view: IndicatorView): string {
  const { rollup } = view;
  const { indicator, period, national } = rollup;
  const sum = summable(indicator.measure);
  const reported = rollup.provinces.filter((p) => p.value !== null);
  const exportQuery = queryString({ period: period.key });
  const exports = view.canExport
    ? html`<div class="exports" aria-label="Tải về">
    <a class="button" id="export-csv" href="/indicators/${indicator.id}/export.csv${exportQuery}" download>Tải CSV</a>
    <a class="button" id="export-xlsx" href="/indicators/${indicator.id}/export.xlsx${exportQuery}" download>Tải XLSX</a>
  </div>`
    : null;
  const nationalValue = sum
    ? national.value === null
      ? html`<span class="muted">—</span>`
      : html`<span id="national-value" data-value="${national.value}">${num(national.value)}</span> <span class="unit">${indicator.unit}</span>`
    : html`<span class="muted" title="${MEASURE_TEXT[indicator.measure].en}">không cộng</span>`;
  const kpis = html`<dl class="kpis">
    ${kpi(html`Cả nước <span class="muted">(national)</span>`, nationalValue, 'kpi-national')}
    ${
      sum && national.partial.length > 0
        ? kpi(
            'Chỉ tính tỉnh đủ kỳ',
            national.completeValue === null
              ? html`<span class="muted" title="no province covers the whole period">—</span>`
              : html`<span id="national-complete-value" data-value="${national.completeValue}">${num(national.completeValue)}</span> <span class="unit">${indicator.unit}</span>`,
            'kpi-complete-value',
          )
        : null
    }
    ${kpi('Tỉnh báo cáo', html`<span id="provinces-reported">${national.provinces}</span>/${national.expected}`, 'kpi-provinces', html`<meter min="0" max="${national.expected}" value="${national.provinces}"></meter>`)}
    ${kpi('Tỉnh đủ kỳ', html`<span id="provinces-complete">${national.complete}</span>/${national.expected}`, 'kpi-complete')}
    ${national.stats ? kpi('Trung vị (tỉnh đủ kỳ)', html`${num(national.stats.median)} <span class="unit">${indicator.unit}</span>`, 'kpi-median', html`<span class="kpi-sub muted">thấp nhất ${num(national.stats.min)} · cao nhất ${num(national.stats.max)}</span>`) : null}
  </dl>`;
  const table =
    reported.length === 0
      ? html`<p class="empty" id="rollup-empty">Chưa tỉnh nào có số liệu ${indicator.id} cho ${period.label}.</p>`
      : html`<table class="data" id="rollup-table">
    <thead><tr><th scope="col">Mã</th><th scope="col">Tỉnh/thành phố</th><th scope="col" class="num">Giá trị <span class="muted">(${indicator.unit})</span></th><th scope="col">Kỳ số liệu</th><th scope="col">Tình trạng</th><th scope="col">Văn bản</th></tr></thead>
    <tbody>${reported.map(
      (p) => html`<tr class="province-row coverage-row-${p.coverage}" data-province="${p.code}">
      <td>${p.code}</td>
      <td><a href="/provinces/${p.code}">${p.shortName}</a></td>
      <td class="num" data-value="${p.value!}">${num(p.value)}${p.parts.some((x) => x.qualifier) ? html`<span class="qual" title="${p.parts.filter((x) => x.qualifier).map((x) => `${x.periodKey}: ${x.qualifier}`).join('; ')}">*</span>` : null}</td>
      <td class="periods">${p.periods.join(' + ')}</td>
      <td>${coverageBadge(p.coverage)}</td>
      <td class="docs">${
        view.documentScope && !view.documentScope.includes(p.code)
          ? html`<span class="muted doc-hidden" title="văn bản của tỉnh không được phân công">—</span>`
          : p.parts.map((x, i) => html`${i > 0 ? html`<span class="muted"> + </span>` : null}<span class="doc-part"><a href="/documents/${x.documentId}" title="${x.document}">${x.documentNumber ?? `#${x.documentId}`}</a>${x.review !== 'auto_accepted' ? html`<span class="muted" title="published by a reviewer's decision"> (${x.review === 'correct' ? 'đã sửa' : 'đã duyệt'})</span>` : null}</span>`)
      }</td>
    </tr>`,
    )}</tbody>
    <tfoot>
      <tr class="total" id="rollup-total"><th scope="row" colspan="2">Cả nước</th>
        <td class="num"${sum && national.value !== null ? html` data-value="${national.value}"` : null}>${sum ? num(national.value) : html`<span class="muted">không cộng</span>`}</td>
        <td colspan="3" class="muted">${national.provinces} tỉnh báo cáo, ${national.complete} đủ kỳ${sum && national.partial.length > 0 ? html`; chỉ tỉnh đủ kỳ: <span data-value="${national.completeValue ?? ''}">${num(national.completeValue)}</span>` : null}</td></tr>
    </tfoot>
  </table>`;
  const bars = [...reported]
    .sort((a, b) => Number(b.value) - Number(a.value) || a.code.localeCompare(b.code))
    .map((p) => ({
      label: p.shortName,
      value: p.value!,
      tone: p.coverage === 'complete' ? ('complete' as const) : ('partial' as const),
      href: `/provinces/${p.code}`,
      title: `${p.code} ${p.shortName}: ${num(p.value)} ${indicator.unit} (${p.periods.join(' + ')}; ${COVERAGE_TEXT[p.coverage].vi})`,
    }));
  const body = html`<div class="analyst">
  ${breadcrumbs([{ href: `/indicators${queryString({ period: period.key })}`, label: 'Chỉ tiêu' }, { label: indicator.id }])}
  <header class="page-head">
    <div>
      <h1><span class="ind-id">${indicator.id}</span> ${indicator.nameVi}</h1>
      <p class="meta"><span class="en">${indicator.nameEn}</span> · ${groupText(indicator.group)} · đơn vị: ${indicator.unit} · <span title="${MEASURE_TEXT[indicator.measure].en}">${MEASURE_TEXT[indicator.measure].vi}</span></p>
      <p class="meta">${period.label} <span class="muted">(${periodWindows(period)})</span></p>
    </div>
    <div class="head-tools">
      ${periodPicker(`/indicators/${indicator.id}`, view.choices, period)}
      ${exports}
    </div>
  </header>
  ${kpis}
  <div class="split">
    <section class="panel" aria-labelledby="rollup-h">
      <h2 id="rollup-h">Theo tỉnh <span class="muted">(per province)</span></h2>
      ${table}
      <section class="completeness" id="completeness" aria-labelledby="completeness-h">
        <h3 id="completeness-h">Đầy đủ <span class="muted">(completeness)</span>: ${national.provinces}/${national.expected} tỉnh có số liệu, ${national.complete} đủ kỳ</h3>
        ${national.partial.length > 0 ? html`<h4>Thiếu kỳ (${national.partial.length})</h4>${provinceList(national.partial, 'partial-provinces', period)}` : null}
        <h4>Chưa báo cáo (${national.missing.length})</h4>
        ${provinceList(national.missing, 'missing-provinces', period)}
      </section>
    </section>
    <section class="panel charts" aria-label="Biểu đồ">
      <h2>Biểu đồ theo tỉnh</h2>
      ${bars.length > 0 ? barChart({ id: 'chart-provinces', title: `${indicator.id}, ${period.label}: giá trị theo tỉnh (${indicator.unit})`, bars, width: 600 }) : html`<p class="muted">Chưa có số liệu.</p>`}
      ${bars.some((b) => b.tone === 'partial') ? html`<p class="chart-note muted"><span class="swatch swatch-partial"></span> thiếu kỳ · <span class="swatch swatch-complete"></span> đủ kỳ</p>` : null}
      <h2>Theo thời gian <span class="muted">(national over time)</span></h2>
      ${seriesChart(view)}
    </section>
  </div>
</div>`;
  return page({ title: `${indicator.id}, ${period.label}`, user: view.user, csrf: view.csrf, body, active: '/indicators', mainClass: 'analyst-main' });
}

