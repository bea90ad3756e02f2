// /kpi: how the provinces report, over the last periods of one kind: the national figures as
// key figures and as two small lines over the periods, then a table of the 34 units with the
// national totals, sortable by every column. Sorting works without script (the column heads are
// links, ?sort=&dir=); web/public/kpi.js sorts in place when scripts run.
import type { PeriodChoice } from '../../db/analyst-queries.ts';
import type { AppUser } from '../../db/users.ts';
import type { Kpi, KpiReport, KpiSort } from '../../extractors/kpi.ts';
import type { RollupPeriod } from '../../extractors/periods.ts';
import { formatVi } from '../../shared/format-vi.ts';
import { html, type Html } from '../../shared/html.ts';
import { lineChart } from '../charts.ts';
import type { Messages } from '../i18n/index.ts';
import { dmy } from '../i18n/period-key.ts';
import { page } from '../layout.ts';
import { notice, periodName, periodPicker, queryString } from './analyst.ts';

export interface KpiView {
  t: Messages;
  user: AppUser;
  csrf: string;
  report: KpiReport;
  /** The rows in the order asked for. */
  rows: KpiReport['provinces'];
  period: RollupPeriod;
  periods: number;
  /** The as-of date when one was asked for (else today's, not repeated in links). */
  asOf: string | undefined;
  sort: KpiSort;
  dir: 'asc' | 'desc';
  choices: PeriodChoice[];
  daysAfterCutoff: number;
}

type Column = Exclude<KpiSort, 'code' | 'province'>;
const COLUMNS: Column[] = ['onTime', 'daysLate', 'completeness', 'flagged', 'corrected', 'decision'];

/** What each column sorts by: the figure the cell shows, unrounded. */
const FIGURE: Record<Column, (k: Kpi) => number | null> = {
  onTime: (k) => k.onTimeRate,
  daysLate: (k) => k.averageDaysLate,
  completeness: (k) => k.completeness,
  flagged: (k) => k.flaggedShare,
  corrected: (k) => k.correctedShare,
  decision: (k) => (k.medianHoursToDecision === null ? null : k.medianHoursToDecision / 24),
};

const isShare = (c: Column) => c !== 'daysLate' && c !== 'decision';

const oneDecimal = (x: number) => x.toFixed(1).replace('.', ',');

/** "66,7%" or "2,5"; "—" when there is no figure. */
function shown(c: Column, k: Kpi): string {
  const x = FIGURE[c](k);
  if (x === null) return '—';
  // One decimal always, so that the column lines up (0,3 above 1,0).
  return isShare(c) ? `${oneDecimal(x * 100)}%` : oneDecimal(x);
}

/** A count the Vietnamese way (1.248). */
const count = (n: number) => formatVi(String(n));

/** The counts behind a figure, under it. */
function behind(t: Messages, c: Column, k: Kpi): string | null {
  const x = t.kpi;
  switch (c) {
    case 'onTime':
      return k.due > 0 ? x.ofDue(count(k.onTime), count(k.due)) : null;
    case 'daysLate':
      return null;
    case 'completeness':
      return k.expected > 0 ? x.ofExpected(count(k.reported), count(k.expected)) : null;
    case 'flagged':
      return k.values > 0 ? x.ofValues(count(k.flagged), count(k.values)) : null;
    case 'corrected':
      return k.values > 0 ? x.ofValues(count(k.corrected), count(k.values)) : null;
    case 'decision':
      return k.decidedReports > 0 ? x.decidedReports(count(k.decidedReports)) : null;
  }
}

function cells(t: Messages, k: Kpi): Html[] {
  return COLUMNS.map((c) => {
    const x = FIGURE[c](k);
    const sub = behind(t, c, k);
    return html`<td class="num kpi-${c}" data-value="${x === null ? '' : String(x)}">${shown(c, k)}${sub ? html`<span class="kpi-sub muted">${sub}</span>` : null}</td>`;
  });
}

/** Figures sort best-first on the first click: on time and complete high, delays and flags low. */
const FIRST_DIRECTION: Record<KpiSort, 'asc' | 'desc'> = {
  code: 'asc',
  province: 'asc',
  onTime: 'desc',
  completeness: 'desc',
  daysLate: 'asc',
  flagged: 'asc',
  corrected: 'asc',
  decision: 'asc',
};

function head(view: KpiView, sort: KpiSort, label: string, title: string | null, numeric: boolean): Html {
  const current = view.sort === sort;
  const dir = current ? (view.dir === 'asc' ? 'desc' : 'asc') : FIRST_DIRECTION[sort];
  const href = `/kpi${queryString({ period: view.period.key, periods: view.periods, asOf: view.asOf, sort, dir })}`;
  const ariaSort = current ? html` aria-sort="${view.dir === 'asc' ? 'ascending' : 'descending'}"` : null;
  return html`<th scope="col"${numeric ? html` class="num"` : null}${ariaSort}${title ? html` title="${title}"` : null}><a href="${href}" data-sort="${sort}" data-first="${FIRST_DIRECTION[sort]}" aria-label="${view.t.kpi.sortBy(label)}">${label}${current ? html`<span class="sort-mark" aria-hidden="true">${view.dir === 'asc' ? ' ▲' : ' ▼'}</span>` : null}</a></th>`;
}

function chart(view: KpiView, id: string, title: string, figure: (k: Kpi) => number | null): Html {
  const { t, report } = view;
  return lineChart({
    id,
    title,
    width: 600,
    height: 180,
    points: report.byPeriod.map((p, i) => {
      const x = figure(p.kpi);
      const name = periodName(t, { key: p.key, label: report.periods[i]!.label });
      const value = x === null ? null : (x * 100).toFixed(1);
      return { label: p.key, value, title: value === null ? t.kpi.pointNone(name) : t.kpi.point(name, formatVi(value)) };
    }),
  });
}

function nationalCards(view: KpiView): Html {
  const { t, report } = view;
  const k = report.national;
  return html`<dl class="kpis" id="kpi-national">${COLUMNS.map((c) => {
    const sub = behind(t, c, k);
    return html`<div class="kpi" title="${t.kpi.defs[c]}" data-kpi="${c}"><dt>${t.kpi[c]}</dt><dd>${shown(c, k)}${sub ? html`<span class="kpi-sub muted">${sub}</span>` : null}</dd></div>`;
  })}</dl>`;
}

export function kpiPage(view: KpiView): string {
  const { t, report } = view;
  const x = t.kpi;
  const first = report.periods[0]!;
  const last = report.periods[report.periods.length - 1]!;
  const name = (p: { key: string; label: string }) => periodName(t, p);
  const extra = html`<label for="kpi-periods">${x.periods}</label>
  <input type="number" name="periods" id="kpi-periods" min="1" max="12" value="${view.periods}">
  ${view.asOf ? html`<input type="hidden" name="asOf" value="${view.asOf}">` : null}
  ${view.sort !== 'code' ? html`<input type="hidden" name="sort" value="${view.sort}"><input type="hidden" name="dir" value="${view.dir}">` : null}`;
  const exportHref = `/kpi.xlsx${queryString({ period: view.period.key, periods: view.periods, asOf: view.asOf, sort: view.sort === 'code' ? undefined : view.sort, dir: view.sort === 'code' ? undefined : view.dir })}`;
  const body = html`<div class="analyst kpi-page">
  <header class="page-head">
    <div>
      <h1>${x.title}</h1>
      <p class="meta" id="kpi-window">${x.window(name(first), name(last), report.periods.length)} · ${x.asOf(dmy(report.asOf))} · ${x.deadlines(view.daysAfterCutoff)}</p>
    </div>
    <div class="kpi-actions">
      ${periodPicker(t, '/kpi', view.choices, view.period, extra)}
      <a class="button" id="kpi-export" href="${exportHref}" download>${x.exportXlsx}</a>
    </div>
  </header>
  ${nationalCards(view)}
  <section class="kpi-charts" aria-label="${x.charts}">
    <figure class="panel"><figcaption>${x.chartOnTime}</figcaption>${chart(view, 'kpi-chart-on-time', x.chartOnTime, (k) => k.onTimeRate)}</figure>
    <figure class="panel"><figcaption>${x.chartCompleteness}</figcaption>${chart(view, 'kpi-chart-completeness', x.chartCompleteness, (k) => k.completeness)}</figure>
  </section>
  <table class="data" id="kpi-table">
    <thead><tr>${head(view, 'code', x.code, null, false)}${head(view, 'province', x.province, null, false)}${COLUMNS.map((c) => head(view, c, x[c], x.defs[c], true))}</tr></thead>
    <tbody>${view.rows.map(
      (
        p,
      ) => html`<tr data-province="${p.code}"${p.kpi.onTime + p.kpi.late === 0 ? html` class="no-data"` : null}${p.kpi.missing > 0 ? html` title="${x.missingTitle(p.kpi.missing)}"` : null}>
      <td data-value="${p.code}">${p.code}</td>
      <td data-value="${p.shortName}"><a href="/provinces/${p.code}">${p.shortName}</a></td>
      ${cells(t, p.kpi)}
    </tr>`,
    )}</tbody>
    <tfoot><tr class="total" id="kpi-national-row"><td></td><th scope="row">${x.national}</th>${cells(t, report.national)}</tr></tfoot>
  </table>
</div>`;
  return page({ t, title: x.title, user: view.user, csrf: view.csrf, body, active: '/kpi', mainClass: 'analyst-main', scripts: ['kpi.js'] });
}

/** /kpi before any document was classified under a reporting period: what to expect, not an error. */
export function kpiEmptyPage(view: { t: Messages; user: AppUser; csrf: string }): string {
  const { t } = view;
  const body = html`<div class="analyst kpi-page">
  <header class="page-head"><div><h1>${t.kpi.title}</h1></div></header>
  ${notice('info', t.kpi.noPeriods, 'kpi-empty')}
</div>`;
  return page({ t, title: t.kpi.title, user: view.user, csrf: view.csrf, body, active: '/kpi', mainClass: 'analyst-main' });
}
