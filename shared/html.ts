// HTML built with a tagged template that escapes every interpolated value unless it is
// already Html.
//
// Why no template engine: the pages are a handful of small views, and a tagged template gives
// what an engine would (escaping by default, composition by calling functions) plus type
// checking of every value a view uses, with no dependency and no build step. The one rule:
// attribute values are always quoted in the templates, so escaping quotes keeps them closed.

const HTML = Symbol('html');

export interface Html {
  readonly [HTML]: true;
  readonly text: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const isHtml = (value: unknown): value is Html => typeof value === 'object' && value !== null && HTML in value;

/** Trusted markup, for constants written in this code base only: never for data. */
export function trusted(text: string): Html {
  return { [HTML]: true, text };
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (isHtml(value)) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** html`<p>${name}</p>`: strings, numbers and arrays are escaped; Html values are kept; null, undefined and false vanish. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let text = strings[0]!;
  values.forEach((value, i) => {
    text += render(value) + strings[i + 1]!;
  });
  return trusted(text);
}

/** Joins fragments with a separator (escaped like any value). */
export function join(parts: Html[], separator = ''): Html {
  return trusted(parts.map((p) => p.text).join(escapeHtml(separator)));
}
