// Charts as inline SVG, drawn on the server: horizontal bars, a line over periods, and a
// sparkline for table rows.
//
// Why no chart library: the application has no client build step (a library would have to
// be vendored into web/public/ and kept up to date by hand); the CSP allows no inline script
// or style, which most libraries need for their runtime styling; and a chart that exists in
// the HTML prints, saves and reads without JavaScript, with its numbers in <title> tooltips
// and an aria-label for screen readers. Three chart kinds are a few hundred lines.
//
// Colours and fonts come from classes in app.css (a style attribute would be refused by the
// CSP); geometry is in presentation attributes. Values arrive as exact decimal strings and
// are turned into floats only to place marks: every number a person reads is formatted from
// the original string, the Vietnamese way (1.204; 42,5).
import { formatVi } from '../shared/format-vi.ts';
import { html, type Html } from '../shared/html.ts';

/** One decimal place is more than any screen resolves. */
const r = (n: number): string => String(Math.round(n * 10) / 10);

/** Decimals a tick step needs: 0 for 20, 1 for 2.5, 2 for 0.25. */
function decimalsOf(step: number): number {
  const text = String(Number(step.toPrecision(6)));
  if (text.includes('e-')) return Number(text.split('e-')[1]);
  return text.split('.')[1]?.length ?? 0;
}

/** "1.204" from a float that came from a tick computation (no 0.30000000000000004). */
function tickLabel(value: number, step: number): string {
  return formatVi(value.toFixed(Math.min(10, decimalsOf(step))));
}

/** Round ticks (1, 2, 2.5 or 5 times a power of ten) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): { ticks: number[]; step: number } {
  let lo = Math.min(min, 0);
  let hi = Math.max(max, 0);
  if (hi === lo) hi = lo + 1;
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => raw / magnitude <= m) ?? 10) * magnitude;
  lo = Math.floor(lo / step + 1e-9) * step;
  hi = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; lo + i * step <= hi + step / 1e6; i++) ticks.push(lo + i * step);
  return { ticks, step };
}

/** The value axis of a bar or line chart: about four round ticks spanning zero and every value, the lowest and the highest. */
function valueAxis(values: number[]): { ticks: number[]; step: number; lo: number; hi: number } {
  const { ticks, step } = niceTicks(Math.min(0, ...values), Math.max(0, ...values), 4);
  return { ticks, step, lo: ticks[0]!, hi: ticks[ticks.length - 1]! };
}

/** What every full-size chart is given besides its data. */
interface ChartInput {
  /** What the chart shows, for screen readers and as the SVG's own title. */
  title: string;
  width?: number;
  id?: string;
}

/** Drops characters from the end of a label that would run into the marks. */
function clip(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

// ---------------------------------------------------------------------------------------
// Horizontal bars

export interface Bar {
  label: string;
  /** Exact decimal string. */
  value: string;
  /** The tooltip: what a reader should know about this bar. */
  title: string;
  /** 'partial' bars are drawn lighter: their value does not cover the whole period. */
  tone?: 'complete' | 'partial';
  href?: string;
}

export interface BarChartInput extends ChartInput {
  bars: Bar[];
}

/** Bar chart layout (px): a row per bar, the label column left of the bars, the value column right of them, the tick labels on top. */
const BAR = { row: 22, label: 118, value: 78, top: 22 };

export function barChart(input: BarChartInput): Html {
  const width = input.width ?? 560;
  const bars = input.bars;
  const height = BAR.top + bars.length * BAR.row + 8;
  const values = bars.map((b) => Number(b.value));
  const { ticks, step, lo, hi } = valueAxis(values);
  const plot = width - BAR.label - BAR.value;
  const x = (v: number) => BAR.label + ((v - lo) / (hi - lo)) * plot;
  const grid = ticks.map(
    (t) =>
      html`<g class="tick"><line x1="${r(x(t))}" x2="${r(x(t))}" y1="${BAR.top - 4}" y2="${height - 6}"/><text x="${r(x(t))}" y="${BAR.top - 8}" text-anchor="middle">${tickLabel(t, step)}</text></g>`,
  );
  const rows = bars.map((bar, i) => {
    const v = values[i]!;
    const y = BAR.top + i * BAR.row;
    const x0 = x(Math.min(0, v));
    const w = Math.max(Math.abs(x(v) - x(0)), v === 0 ? 0 : 1);
    const label = html`<text class="bar-label" x="${BAR.label - 6}" y="${y + BAR.row / 2 + 4}" text-anchor="end">${clip(bar.label, 18)}</text>`;
    const mark = html`<g class="bar bar-${bar.tone ?? 'complete'}"><title>${bar.title}</title>
  ${label}<rect x="${r(x0)}" y="${y + 3}" width="${r(w)}" height="${BAR.row - 6}" rx="2"/>
  <text class="bar-value" x="${r(x(Math.max(0, v)) + 4)}" y="${y + BAR.row / 2 + 4}">${formatVi(bar.value)}</text></g>`;
    return bar.href ? html`<a href="${bar.href}">${mark}</a>` : mark;
  });
  return html`<svg class="chart chart-bars"${input.id ? html` id="${input.id}"` : null} viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${input.title}" xmlns="http://www.w3.org/2000/svg">
<title>${input.title}</title>
<g class="grid">${grid}</g>
<line class="axis" x1="${r(x(0))}" x2="${r(x(0))}" y1="${BAR.top - 4}" y2="${height - 6}"/>
${rows}
</svg>`;
}

// ---------------------------------------------------------------------------------------
// A line over periods

export interface LinePoint {
  /** The x-axis label ("2024", "H1/2025"). */
  label: string;
  /** Exact decimal string; null is a gap in the line. */
  value: string | null;
  title: string;
  /** Drawn as an open circle: the value does not cover the whole period (or not every province). */
  partial?: boolean;
}

export interface LineChartInput extends ChartInput {
  points: LinePoint[];
  height?: number;
}

/** Line chart margins (px) around the plot: tick labels at the left, period labels at the bottom. */
const LINE_MARGIN = { left: 64, right: 16, top: 18, bottom: 28 };

export function lineChart(input: LineChartInput): Html {
  const width = input.width ?? 560;
  const height = input.height ?? 220;
  const points = input.points;
  const known = points.filter((p) => p.value !== null).map((p) => Number(p.value));
  const { ticks, step, lo, hi } = valueAxis(known);
  const plotW = width - LINE_MARGIN.left - LINE_MARGIN.right;
  const plotH = height - LINE_MARGIN.top - LINE_MARGIN.bottom;
  // One point sits in the middle; more are spread with half a slot of margin at each end.
  const x = (i: number) => LINE_MARGIN.left + (points.length === 1 ? plotW / 2 : ((i + 0.5) / points.length) * plotW);
  const y = (v: number) => LINE_MARGIN.top + plotH - ((v - lo) / (hi - lo)) * plotH;
  const grid = ticks.map(
    (t) =>
      html`<g class="tick"><line x1="${LINE_MARGIN.left}" x2="${width - LINE_MARGIN.right}" y1="${r(y(t))}" y2="${r(y(t))}"/><text x="${LINE_MARGIN.left - 6}" y="${r(y(t) + 4)}" text-anchor="end">${tickLabel(t, step)}</text></g>`,
  );
  // Labels thin out so that they never overlap: at most one per ~56 px.
  const every = Math.max(1, Math.ceil((points.length * 56) / plotW));
  const labels = points.map((p, i) =>
    i % every === 0 || i === points.length - 1 ? html`<text x="${r(x(i))}" y="${height - 8}" text-anchor="middle">${p.label}</text>` : null,
  );
  // The line breaks at gaps rather than drawing a value that nobody reported.
  const segments: string[] = [];
  let current: string[] = [];
  points.forEach((p, i) => {
    if (p.value === null) {
      if (current.length > 0) segments.push(current.join(' '));
      current = [];
      return;
    }
    current.push(`${current.length === 0 ? 'M' : 'L'}${r(x(i))} ${r(y(Number(p.value)))}`);
  });
  if (current.length > 0) segments.push(current.join(' '));
  const showValues = points.length <= 10;
  const dots = points.map((p, i) => {
    if (p.value === null)
      return html`<g class="gap"><title>${p.title}</title><line x1="${r(x(i))}" x2="${r(x(i))}" y1="${r(y(lo))}" y2="${r(y(lo) - 6)}"/></g>`;
    const cy = y(Number(p.value));
    return html`<g class="point${p.partial ? ' point-partial' : ''}"><title>${p.title}</title><circle cx="${r(x(i))}" cy="${r(cy)}" r="4"/>${
      showValues ? html`<text class="point-value" x="${r(x(i))}" y="${r(cy - 8)}" text-anchor="middle">${formatVi(p.value)}</text>` : null
    }</g>`;
  });
  return html`<svg class="chart chart-line"${input.id ? html` id="${input.id}"` : null} viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${input.title}" xmlns="http://www.w3.org/2000/svg">
<title>${input.title}</title>
<g class="grid">${grid}</g>
<line class="axis" x1="${LINE_MARGIN.left}" x2="${width - LINE_MARGIN.right}" y1="${r(y(Math.max(lo, 0)))}" y2="${r(y(Math.max(lo, 0)))}"/>
<g class="x-labels">${labels}</g>
${segments.map((d) => html`<path class="line" d="${d}"/>`)}
${dots}
</svg>`;
}

// ---------------------------------------------------------------------------------------
// Sparklines: a row's trend at a glance, one small column per period (columns rather than a
// line, so that a gap or a partial period shows), the numbers in the tooltips; a single
// period is a dot with its number

export interface SparkPoint {
  value: string | null;
  title: string;
  partial?: boolean;
}

export function sparkline(points: SparkPoint[], options: { title: string; width?: number; height?: number }): Html {
  const height = options.height ?? 24;
  const known = points.filter((p) => p.value !== null).map((p) => Number(p.value));
  if (known.length === 0) return html`<span class="muted">—</span>`;
  if (known.length === 1) return lonePoint(points.find((p) => p.value !== null)!, options.title, height);
  const slot = Math.max(6, Math.min(16, Math.floor((options.width ?? 112) / Math.max(points.length, 1))));
  const width = slot * points.length;
  const lo = Math.min(0, ...known);
  const hi = Math.max(0, ...known);
  const span = hi - lo || 1;
  const y = (v: number) => 1 + (height - 3) * (1 - (v - lo) / span);
  const base = y(0);
  const columns = points.map((p, i) => {
    if (p.value === null)
      return html`<rect class="spark-gap" x="${i * slot + 1}" y="${r(base - 1)}" width="${slot - 2}" height="1"><title>${p.title}</title></rect>`;
    const top = y(Number(p.value));
    return html`<rect class="spark-col${p.partial ? ' spark-partial' : ''}" x="${i * slot + 1}" y="${r(Math.min(top, base))}" width="${slot - 2}" height="${r(Math.max(Math.abs(base - top), 1))}"><title>${p.title}</title></rect>`;
  });
  return html`<svg class="chart sparkline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${options.title}" xmlns="http://www.w3.org/2000/svg"><title>${options.title}</title><line class="spark-base" x1="0" x2="${width}" y1="${r(base)}" y2="${r(base)}"/>${columns}</svg>`;
}

/**
 * One period is no trend, and a lone column reads as a stray mark beside the number: the
 * value is drawn as a dot with its number (open when it covers part of the period, as in the
 * line chart).
 */
function lonePoint(point: SparkPoint, title: string, height: number): Html {
  const label = formatVi(point.value!);
  // About 6.5 px per character at the chart's 11 px: room for the number without measuring text.
  const width = 12 + Math.ceil(label.length * 6.5);
  const cy = height / 2;
  return html`<svg class="chart sparkline sparkline-one" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${title}" xmlns="http://www.w3.org/2000/svg"><title>${title}</title><g class="spark-dot${point.partial ? ' spark-dot-partial' : ''}"><title>${point.title}</title><circle cx="4.5" cy="${r(cy)}" r="3"/><text x="11" y="${r(cy + 4)}">${label}</text></g></svg>`;
}
