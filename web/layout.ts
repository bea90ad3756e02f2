// The frame of every page: head, top navigation, the logged-in user and logout.
//
// Adding a page: write web/routes/<name>.ts exporting a Fastify plugin (see web/routes/index.ts),
// give each route config.access, render the body with html`` and wrap it in page(); then add
// or enable its entry in NAV below.
import type { AppUser } from '../db/users.ts';
import { html, type Html } from './html.ts';
import { can, type Permission } from './permissions.ts';

export interface NavItem {
  href: string;
  label: string;
  /** Shown only to users who have it. */
  permission: Permission;
  /** Listed but not linked until its page exists. */
  soon?: boolean;
}

export const NAV: NavItem[] = [
  { href: '/review', label: 'Review', permission: 'review.read' },
  { href: '/indicators', label: 'Indicators', permission: 'values.read' },
  { href: '/provinces', label: 'Provinces', permission: 'values.read' },
  { href: '/documents', label: 'Documents', permission: 'documents.read' },
];

export interface PageInput {
  title: string;
  user: AppUser | null;
  body: Html;
  /** The session's CSRF token: put in a meta tag for fetch() calls and in the logout form. */
  csrf: string | null;
  /** href of the NAV entry to mark as current. */
  active?: string;
  /** Scripts under /public/, loaded deferred. */
  scripts?: string[];
  /** A class on <main> for pages that need a different frame (e.g. "narrow" for forms). */
  mainClass?: string;
}

const ROLE_LABEL: Record<AppUser['role'], string> = { reviewer: 'Reviewer', analyst: 'Analyst', admin: 'Administrator' };

function nav(user: AppUser, active: string | undefined): Html {
  const items = NAV.filter((item) => can(user, item.permission)).map((item) => {
    if (item.soon) return html`<li><span class="nav-soon" title="not available yet">${item.label}</span></li>`;
    const current = item.href === active ? html` aria-current="page"` : null;
    return html`<li><a href="${item.href}"${current}>${item.label}</a></li>`;
  });
  return html`<nav aria-label="Main"><ul>${items}</ul></nav>`;
}

function account(user: AppUser, csrf: string | null): Html {
  const provinces = user.role === 'reviewer' ? html`<span class="who-provinces" title="Your provinces">${user.provinces.length > 0 ? user.provinces.join(', ') : 'no provinces'}</span>` : null;
  return html`<div class="who">
      <span class="who-name">${user.displayName}</span>
      <span class="who-role">${ROLE_LABEL[user.role]}</span>
      ${provinces}
      <form method="post" action="/logout" class="logout">
        <input type="hidden" name="_csrf" value="${csrf ?? ''}">
        <button type="submit" class="button-quiet">Log out</button>
      </form>
    </div>`;
}

export function page(input: PageInput): string {
  const { user, csrf } = input;
  const scripts = (input.scripts ?? []).map((name) => html`<script src="/public/${name}" defer></script>`);
  return `<!doctype html>\n${
    html`<html lang="vi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${input.title} · baocao</title>
  <link rel="stylesheet" href="/public/app.css">
  ${csrf ? html`<meta name="csrf-token" content="${csrf}">` : null}
  ${scripts}
</head>
<body>
  <header class="top">
    <a class="brand" href="/">baocao</a>
    ${user ? nav(user, input.active) : null}
    ${user ? account(user, csrf) : null}
  </header>
  <main class="${input.mainClass ?? ''}">
${input.body}
  </main>
</body>
</html>
`.text
  }`;
}
