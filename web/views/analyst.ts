// Pieces shared by the pages: numbers, dates, the names of measures, coverage, groups and
// statuses in the reader's language, the period picker and notices.
import { formatVi } from '../../shared/format-vi.ts';
import type { Coverage } from '../../db/rollup.ts';
import type { RollupPeriod } from '../../extractors/periods.ts';
import type { DocumentStatus, StoredValueStatus } from '../../db/schema.ts';
import { indicators } from '../../extractors/catalogue.ts';
import type { PeriodChoice } from '../../db/analyst-queries.ts';
import { html, type Html } from '../../shared/html.ts';
import type { Messages } from '../i18n/index.ts';
import { dmy } from '../i18n/period-key.ts';
import { localTime } from '../../shared/local-time.ts';

/** A number as the reports write it (1.204; 42,5), or "—" when there is none. */
export function num(value: string | null | undefined): string {
  return value === null || value === undefined ? '—' : formatVi(value);
}

/** A moment as HH:mm dd/MM/yyyy in Vietnam, or "—". */
export function when(date: Date | null): string {
  return date ? localTime(date) : '—';
}

/** An ISO day as dd/MM/yyyy, or "—". */
export function day(iso: string | null | undefined): string {
  return iso ? dmy(iso) : '—';
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${formatVi((n / 1024).toFixed(1))} KB`;
  return `${formatVi((n / 1024 / 1024).toFixed(1))} MB`;
}

export const summable = (measure: string): boolean => measure === 'flow' || measure === 'stock';

export function coverageBadge(t: Messages, coverage: Coverage): Html {
  const c = t.coverage[coverage];
  return html`<span class="badge coverage-${coverage}" title="${c.title}">${c.label}</span>`;
}

export const groupText = (t: Messages, group: string): string => t.groups[group] ?? group;

export function documentStatusBadge(t: Messages, status: DocumentStatus): Html {
  const s = t.documentStatus[status];
  return html`<span class="badge doc-${status}" title="${s.title}">${s.label}</span>`;
}

export function valueStatusBadge(t: Messages, status: StoredValueStatus): Html {
  return html`<span class="status status-${status}" data-status="${status}">${t.valueStatus[status]}</span>`;
}

/** An indicator's name in the reader's language (the catalogue has both). */
export function indicatorName(t: Messages, indicator: { nameVi: string; nameEn: string }): string {
  return t.meta.locale === 'en' ? indicator.nameEn : indicator.nameVi;
}

/** An indicator's name by its id, in the reader's language; `fallback` (the stored Vietnamese name) when the catalogue lacks it. */
export function nameOf(t: Messages, id: string, fallback: string): string {
  const indicator = indicators().find((i) => i.id === id);
  return indicator ? indicatorName(t, indicator) : fallback;
}

/** "PDF", "DOCX", by the file's extension (what a person recognises), else by its type. */
export function fileKind(name: string, mediaType = ''): string {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]?.toUpperCase();
  return ext ?? mediaType.split('/')[1]?.toUpperCase() ?? 'FILE';
}

export function option(value: string, label: string, selected: string | undefined): Html {
  return html`<option value="${value}"${value === (selected ?? '') ? html` selected` : null}>${label}</option>`;
}

/** A period's name: the report's own label in Vietnamese, built from its key in English. */
export function periodName(t: Messages, period: { key: string; label?: string | null } | null): string {
  if (!period) return t.common.periodUnknown;
  return t.periods.name(period.key, t.meta.locale === 'vi' ? period.label : null);
}

/**
 * The period picker (a GET form, no script): periods grouped by year, latest first. Stable
 * ids for the browser tests: #period-form, #period-picker, #period-apply.
 */
export function periodPicker(t: Messages, action: string, choices: PeriodChoice[], selected: RollupPeriod | null, extra: Html | null = null): Html {
  const years = new Map<string, PeriodChoice[]>();
  for (const c of choices) {
    const year = c.period.key.slice(0, 4);
    years.set(year, [...(years.get(year) ?? []), c]);
  }
  // A period asked for by URL that no value carries is still shown as chosen.
  const unlisted =
    selected && !choices.some((c) => c.period.key === selected.key) ? option(selected.key, `${periodName(t, selected)} (${selected.key})`, selected.key) : null;
  return html`<form class="period-form" id="period-form" method="get" action="${action}">
  <label for="period-picker">${t.periods.picker}</label>
  <select name="period" id="period-picker">${unlisted}${[...years].map(
    ([year, list]) =>
      html`<optgroup label="${year}">${list.map((c) => option(c.period.key, `${periodName(t, c.period)}${c.present ? '' : ` ${t.periods.combined}`}`, selected?.key))}</optgroup>`,
  )}</select>
  ${extra}
  <button type="submit" id="period-apply" class="button-quiet">${t.common.show}</button>
</form>`;
}

export function periodWindows(t: Messages, period: RollupPeriod): string {
  return t.periods.windows(period.start, period.end, period.calendar.start, period.calendar.end);
}

export function notice(kind: 'ok' | 'error' | 'info', text: Html | string, id = 'flash-notice'): Html {
  return html`<p class="notice notice-${kind}" id="${id}" role="status">${text}</p>`;
}

export function breadcrumbs(t: Messages, items: { href?: string; label: string }[]): Html {
  return html`<nav class="crumbs" aria-label="${t.common.breadcrumb}">${items.map((item, i) => html`${i > 0 ? html`<span aria-hidden="true"> › </span>` : null}${item.href ? html`<a href="${item.href}">${item.label}</a>` : html`<span>${item.label}</span>`}`)}</nav>`;
}

/** "?a=1&b=2" from the fields that have a value. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
