// The frame of every page: head, top navigation, the logged-in user, the language switch and
// logout. Every word comes from the request's catalogue (web/i18n).
//
// Adding a page: write web/routes/<name>.ts exporting a Fastify plugin (see web/routes/index.ts),
// give each route config.access, render the body with html`` and wrap it in page(); then add
// its entry to NAV below and its words to web/i18n/vi.ts and en.ts.
import type { AppUser } from '../db/users.ts';
import { html, trusted, type Html } from '../shared/html.ts';
import type { Messages } from './i18n/index.ts';
import { can, type Permission } from './permissions.ts';

export interface NavItem {
  href: string;
  label: keyof Messages['nav'];
  /** Shown only to users who have it. */
  permission: Permission;
}

export const NAV: NavItem[] = [
  { href: '/review', label: 'review', permission: 'review.read' },
  { href: '/indicators', label: 'indicators', permission: 'values.read' },
  { href: '/provinces', label: 'provinces', permission: 'values.read' },
  { href: '/kpi', label: 'kpi', permission: 'kpi.read' },
  { href: '/documents', label: 'documents', permission: 'documents.read' },
  { href: '/admin/users', label: 'users', permission: 'users.manage' },
  { href: '/admin/sources', label: 'sources', permission: 'users.manage' },
  { href: '/admin/audit', label: 'audit', permission: 'users.manage' },
  { href: '/submit', label: 'submit', permission: 'submissions.submit' },
];

export interface PageInput {
  t: Messages;
  title: string;
  user: AppUser | null;
  body: Html;
  /** The session's CSRF token: put in a meta tag for fetch() calls and in the logout form. */
  csrf: string | null;
  /** href of the NAV entry to mark as current. */
  active?: string;
  /** Scripts under /public/, loaded deferred. */
  scripts?: string[];
  /** Data for the scripts (their words, say), as JSON in a script element that is never run. */
  scriptData?: unknown;
  /** A class on <main> for pages that need a different frame (e.g. "narrow" for forms). */
  mainClass?: string;
}

function nav(t: Messages, user: AppUser, active: string | undefined): Html {
  const items = NAV.filter((item) => can(user, item.permission)).map((item) => {
    const current = item.href === active ? html` aria-current="page"` : null;
    return html`<li><a href="${item.href}"${current}>${t.nav[item.label]}</a></li>`;
  });
  return html`<nav aria-label="${t.layout.mainNav}"><ul>${items}</ul></nav>`;
}

function languageSwitch(t: Messages): Html {
  return html`<a class="lang-switch" id="lang-switch" href="/lang/${t.meta.switchTo}" hreflang="${t.meta.switchTo}" lang="${t.meta.switchTo}" title="${t.meta.switchTitle}">${t.meta.switchLabel}</a>`;
}

function account(t: Messages, user: AppUser, csrf: string | null): Html {
  const provinces =
    user.role === 'reviewer' || user.role === 'submitter'
      ? html`<span class="who-provinces" title="${t.layout.yourProvinces}">${user.provinces.length > 0 ? user.provinces.join(', ') : t.layout.noProvinces}</span>`
      : null;
  return html`<div class="who">
      <a class="who-name" href="/account/password" title="${t.layout.account}" translate="no">${user.displayName}</a>
      <span class="who-role">${t.roles[user.role]}</span>
      ${provinces}
      <form method="post" action="/logout" class="logout">
        <input type="hidden" name="_csrf" value="${csrf ?? ''}">
        <button type="submit" class="button-quiet">${t.layout.logout}</button>
      </form>
    </div>`;
}

export function page(input: PageInput): string {
  const { t, user, csrf } = input;
  const scripts = (input.scripts ?? []).map((name) => html`<script src="/public/${name}" defer></script>`);
  // JSON in a non-executable script element: "<" escaped so no text can close it.
  const data = input.scriptData === undefined ? null : html`<script type="application/json" id="page-data">${trustedJson(input.scriptData)}</script>`;
  return `<!doctype html>\n${
    html`<html lang="${t.meta.locale}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${t.layout.title(input.title)}</title>
  <link rel="stylesheet" href="/public/app.css">
  ${csrf ? html`<meta name="csrf-token" content="${csrf}">` : null}
  ${data}
  ${scripts}
</head>
<body>
  <header class="top">
    <a class="brand" href="/" translate="no">baocao</a>
    ${user ? nav(t, user, input.active) : null}
    <div class="top-end">
      ${languageSwitch(t)}
      ${user ? account(t, user, csrf) : null}
    </div>
  </header>
  <main class="${input.mainClass ?? ''}">
${input.body}
  </main>
</body>
</html>
`.text
  }`;
}

function trustedJson(value: unknown): Html {
  return trusted(JSON.stringify(value).replace(/</g, '\\u003c'));
}
