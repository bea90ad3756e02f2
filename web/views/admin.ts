// The administration pages (admins only): accounts, sources and the audit.
import type { AuditEntry, AuditFilters } from '../../db/audit.ts';
import type { SourceOverview } from '../../db/sources.ts';
import type { AppUser, ListedUser } from '../../db/users.ts';
import { USER_ROLES } from '../../db/users.ts';
import { html, type Html } from '../../shared/html.ts';
import type { Messages } from '../i18n/index.ts';
import { page } from '../layout.ts';
import { breadcrumbs, notice, num, option, queryString, when } from './analyst.ts';

interface Frame {
  t: Messages;
  user: AppUser;
  csrf: string;
}

const csrfField = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;

function roleSelect(t: Messages, selected: string, id: string): Html {
  return html`<select name="role" id="${id}">${USER_ROLES.map((r) => option(r, t.roles[r], selected))}</select>`;
}

// ---------------------------------------------------------------------------------------
// Accounts

export interface NewUserInput {
  username?: string;
  displayName?: string;
  role?: string;
  provinces?: string;
}

export interface UsersView extends Frame {
  users: ListedUser[];
  sessions: Map<number, number>;
  /** A message after an action (an error keeps the form's input). */
  message: { kind: 'ok' | 'error'; text: string } | null;
  form: NewUserInput;
  minPassword: number;
}

function userState(t: Messages, u: ListedUser): Html {
  const a = t.admin.users;
  return html`<span class="badge ${u.disabled ? 'user-disabled' : 'user-active'}">${u.disabled ? a.disabled : a.active}</span>${u.mustChangePassword ? html` <span class="muted">${a.mustChange}</span>` : null}`;
}

export function usersPage(view: UsersView): string {
  const { t } = view;
  const a = t.admin.users;
  const f = view.form;
  const rows = view.users.map(
    (u) => html`<tr data-user="${u.username}"${u.disabled ? html` class="disabled"` : null}>
    <td><a href="/admin/users/${u.id}" translate="no">${u.username}</a>${u.id === view.user.id ? html` <span class="muted">${a.you}</span>` : null}</td>
    <td>${u.displayName}</td>
    <td class="nowrap">${t.roles[u.role]}</td>
    <td>${u.provinces.join(', ') || html`<span class="muted">—</span>`}</td>
    <td>${userState(t, u)}</td>
    <td class="num">${view.sessions.get(u.id) ?? 0}</td>
    <td class="when">${when(u.createdAt)}</td>
    <td><a class="button button-small" href="/admin/users/${u.id}">${a.edit}</a></td>
  </tr>`,
  );
  const body = html`<div class="analyst admin">
  <header class="page-head"><div><h1>${a.title}</h1><p class="meta">${a.intro}</p></div></header>
  ${view.message ? notice(view.message.kind, view.message.text, 'admin-notice') : null}
  <div class="split split-admin">
    <section class="panel" aria-labelledby="users-h">
      <h2 id="users-h">${a.list}</h2>
      ${
        view.users.length === 0
          ? html`<p class="empty">${a.none}</p>`
          : html`<table class="data" id="users-table">
        <thead><tr><th scope="col">${a.username}</th><th scope="col">${a.displayName}</th><th scope="col">${a.role}</th><th scope="col">${a.provinces}</th><th scope="col">${a.state}</th><th scope="col" class="num" title="${a.sessionsTitle}">${a.sessionsShort}</th><th scope="col">${a.created}</th><th scope="col"><span class="visually-hidden">${a.actions}</span></th></tr></thead>
        <tbody>${rows}</tbody>
      </table>`
      }
    </section>
    <section class="panel" aria-labelledby="new-user-h">
      <h2 id="new-user-h">${a.newUser}</h2>
      <form method="post" action="/admin/users" class="stack" id="new-user-form">
        ${csrfField(view.csrf)}
        <label>${a.username} <input name="username" id="new-username" required autocomplete="off" value="${f.username ?? ''}" pattern="[a-z0-9][a-z0-9._\\-]{1,63}"></label>
        <label>${a.displayName} <input name="displayName" id="new-display-name" autocomplete="off" value="${f.displayName ?? ''}"></label>
        <label>${a.role} ${roleSelect(t, f.role ?? 'reviewer', 'new-role')}</label>
        <label>${a.provinces} <input name="provinces" id="new-provinces" autocomplete="off" value="${f.provinces ?? ''}"><span class="hint muted">${a.provincesHint}</span></label>
        <label>${a.password} <input name="password" id="new-password" type="password" required autocomplete="new-password" minlength="${view.minPassword}"><span class="hint muted">${a.passwordHint(view.minPassword)}</span></label>
        <button type="submit" class="button-primary" id="create-user">${a.create}</button>
      </form>
    </section>
  </div>
</div>`;
  return page({ t, title: a.title, user: view.user, csrf: view.csrf, body, active: '/admin/users', mainClass: 'analyst-main' });
}

export interface UserView extends Frame {
  account: ListedUser;
  sessions: number;
  message: { kind: 'ok' | 'error'; text: string } | null;
  /** Shown once, right after a reset; never stored. */
  temporaryPassword: string | null;
  /** The form's values when a change was refused. */
  form: { role?: string; provinces?: string };
  history: AuditEntry[];
}

export function userPage(view: UserView): string {
  const { t, account } = view;
  const a = t.admin.users;
  const form = (action: string, id: string, button: Html, extra: Html | null = null, kind = 'button-quiet') =>
    html`<form method="post" action="/admin/users/${account.id}/${action}" id="${id}" class="inline-form">${csrfField(view.csrf)}${extra}<button type="submit" class="${kind}" id="${id}-submit">${button}</button></form>`;
  const reset = view.temporaryPassword
    ? html`<section class="notice notice-ok" id="reset-result" role="status">
    <p>${a.resetDone(account.username)} <code id="temporary-password" translate="no">${view.temporaryPassword}</code></p>
    <p>${a.resetOnce}</p>
  </section>`
    : null;
  const body = html`<div class="analyst admin">
  ${breadcrumbs(t, [{ href: '/admin/users', label: a.title }, { label: account.username }])}
  <header class="page-head"><div>
    <h1 translate="no">${a.editTitle(account.username)}</h1>
    <p class="meta">${account.displayName} · ${t.roles[account.role]} · ${userState(t, account)} · ${a.sessions(view.sessions)}</p>
  </div></header>
  ${view.message ? notice(view.message.kind, view.message.text, 'admin-notice') : null}
  ${reset}
  <div class="split split-admin">
    <section class="panel" aria-labelledby="role-h">
      <h2 id="role-h">${a.role}</h2>
      <form method="post" action="/admin/users/${account.id}/role" class="stack" id="role-form">
        ${csrfField(view.csrf)}
        <label>${a.role} ${roleSelect(t, view.form.role ?? account.role, 'edit-role')}</label>
        <label>${a.provinces} <input name="provinces" id="edit-provinces" autocomplete="off" value="${view.form.provinces ?? account.provinces.join(' ')}"><span class="hint muted">${a.provincesHint}</span></label>
        <button type="submit" class="button-primary" id="save-role">${a.saveRole}</button>
      </form>
    </section>
    <section class="panel" aria-labelledby="access-h">
      <h2 id="access-h">${a.state}</h2>
      <div class="admin-action">
        <p class="muted">${a.disableNote}</p>
        ${account.disabled ? form('enable', 'enable-form', html`${a.enable}`, null, 'button-primary') : form('disable', 'disable-form', html`${a.disable}`, null, 'button-reject')}
      </div>
      <div class="admin-action">
        <p class="muted">${a.resetNote}</p>
        ${form('reset-password', 'reset-form', html`${a.reset}`)}
      </div>
      <div class="admin-action">
        <p class="muted">${a.endSessionsNote}</p>
        ${form('end-sessions', 'sessions-form', html`${a.endSessions}`)}
      </div>
    </section>
  </div>
  <section class="panel" aria-labelledby="history-h">
    <h2 id="history-h">${a.recent}</h2>
    ${auditTable(t, view.history, 'user-history')}
  </section>
  <p><a href="/admin/users">${a.back}</a></p>
</div>`;
  return page({ t, title: a.editTitle(account.username), user: view.user, csrf: view.csrf, body, active: '/admin/users', mainClass: 'analyst-main' });
}

// ---------------------------------------------------------------------------------------
// Sources

export interface SourcesView extends Frame {
  sources: SourceOverview[];
  canCheck: boolean;
  message: { kind: 'ok' | 'error' | 'info'; text: string } | null;
}

export function sourcesPage(view: SourcesView): string {
  const { t } = view;
  const a = t.admin.sources;
  const rows = view.sources.map((s) => {
    const toggle = html`<form method="post" action="/admin/sources/${s.id}/${s.enabled ? 'disable' : 'enable'}" class="inline-form">${csrfField(view.csrf)}<button type="submit" class="button-quiet button-small" data-toggle="${s.name}">${s.enabled ? a.disable : a.enable}</button></form>`;
    const check =
      s.kind === 'upload'
        ? html`<span class="muted">${a.uploadNote}</span>`
        : view.canCheck
          ? html`<form method="post" action="/admin/sources/${s.id}/check" class="inline-form">${csrfField(view.csrf)}<button type="submit" class="button-small" data-check="${s.name}">${a.checkNow}</button></form>`
          : null;
    return html`<tr data-source="${s.name}"${s.enabled ? null : html` class="disabled"`}>
    <td translate="no">${s.name}</td>
    <td>${a.kinds[s.kind]}</td>
    <td>${s.provinceCode ?? '—'}</td>
    <td class="location" translate="no">${s.location}</td>
    <td><span class="badge ${s.enabled ? 'source-on' : 'source-off'}" data-enabled="${s.enabled}">${s.enabled ? a.on : a.off}</span></td>
    <td class="when">${s.lastCheckedAt ? when(s.lastCheckedAt) : html`<span class="muted">${t.common.never}</span>`}</td>
    <td class="run-error">${s.lastError ?? ''}</td>
    <td class="num" title="${a.filesTitle}">${s.entries}${s.failedEntries > 0 ? html` <span class="status status-rejected">${s.failedEntries}</span>` : null}</td>
    <td class="actions-cell">${s.kind === 'upload' ? null : toggle} ${check}</td>
  </tr>`;
  });
  const body = html`<div class="analyst admin">
  <header class="page-head"><div><h1>${a.title}</h1><p class="meta">${a.intro}</p></div></header>
  ${view.message ? notice(view.message.kind, view.message.text, 'admin-notice') : null}
  ${
    view.sources.length === 0
      ? html`<p class="empty" id="sources-empty">${a.none} <code>baocao sources apply sources.yaml</code>.</p>`
      : html`<table class="data" id="sources-table">
    <thead><tr><th scope="col">${a.name}</th><th scope="col">${a.kind}</th><th scope="col">${a.province}</th><th scope="col">${a.location}</th><th scope="col">${a.enabled}</th><th scope="col">${a.lastCheck}</th><th scope="col">${a.lastError}</th><th scope="col" class="num">${a.files}</th><th scope="col"><span class="visually-hidden">${t.admin.users.actions}</span></th></tr></thead>
    <tbody>${rows}</tbody>
  </table>`
  }
</div>`;
  return page({ t, title: a.title, user: view.user, csrf: view.csrf, body, active: '/admin/sources', mainClass: 'analyst-main' });
}

// ---------------------------------------------------------------------------------------
// The audit

/** What happened, in words: the action's details as the catalogue writes them. */
export function auditDetails(t: Messages, e: AuditEntry): string {
  const d = t.admin.audit.detail;
  const x = e.details as Record<string, unknown>;
  const str = (k: string) => (typeof x[k] === 'string' ? (x[k] as string) : null);
  const list = (k: string) => (Array.isArray(x[k]) ? (x[k] as string[]).join(', ') : '');
  const count = (k: string) => (typeof x[k] === 'number' ? (x[k] as number) : 0);
  const roleName = (r: string | null) => (r && r in t.roles ? t.roles[r as keyof Messages['roles']] : (r ?? ''));
  const parts: string[] = [];
  switch (e.action) {
    case 'review.approve':
    case 'review.reject':
      parts.push(d.value(str('indicator') ?? '', `${num(str('oldValue'))} ${str('unit') ?? ''}`.trim()));
      break;
    case 'review.correct':
      parts.push(d.value(str('indicator') ?? '', d.corrected(num(str('oldValue')), `${num(str('newValue'))} ${str('unit') ?? ''}`.trim())));
      break;
    case 'user.create':
      parts.push(roleName(str('role')));
      if (list('provinces')) parts.push(d.provinces(list('provinces')));
      break;
    case 'user.role':
      parts.push(d.role(roleName(str('before')), roleName(str('role'))));
      break;
    case 'user.provinces':
      parts.push(d.role(d.provinces(list('before')), d.provinces(list('provinces'))));
      break;
    case 'user.disable':
    case 'user.password_reset':
    case 'user.sessions_end':
    case 'user.password_change':
      if (count('sessions') > 0 || e.action === 'user.sessions_end') parts.push(d.sessions(count('sessions')));
      break;
    case 'source.check':
      if (str('workflow')) parts.push(str('workflow')!);
      else if (str('error')) parts.push(str('error')!);
      else parts.push(d.check(count('listed'), count('fetched'), count('failed')));
      break;
    case 'sources.apply':
      parts.push(d.names(list('names')));
      break;
    default:
      break;
  }
  if (typeof x.copyOf === 'number') parts.push(d.onCopy(x.copyOf));
  if (str('comment')) parts.push(d.comment(str('comment')!));
  return parts.filter(Boolean).join(' · ');
}

function auditTarget(e: AuditEntry): Html {
  if (e.targetType === 'user' && e.targetId !== null) return html`<a href="/admin/users/${e.targetId}" translate="no">${e.targetName}</a>`;
  if (e.targetType === 'value' && typeof e.details.documentId === 'number')
    return html`<a href="/documents/${e.details.documentId}" translate="no">${e.targetName}</a>`;
  return html`<span translate="no">${e.targetName ?? '—'}</span>`;
}

export function actorName(t: Messages, actor: string): string {
  return actor === 'cli' ? t.admin.audit.cli : actor;
}

export function auditTable(t: Messages, entries: AuditEntry[], id = 'audit-table'): Html {
  const a = t.admin.audit;
  if (entries.length === 0) return html`<p class="empty" id="${id}-empty">${a.none}</p>`;
  return html`<table class="data" id="${id}">
  <thead><tr><th scope="col">${a.when}</th><th scope="col">${a.who}</th><th scope="col">${a.action}</th><th scope="col">${a.target}</th><th scope="col">${a.province}</th><th scope="col">${a.period}</th><th scope="col">${a.details}</th></tr></thead>
  <tbody>${entries.map(
    (e) => html`<tr data-key="${e.key}" data-action="${e.action}">
    <td class="when">${when(e.at)}</td>
    <td translate="no">${actorName(t, e.actor)}</td>
    <td>${a.actions[e.action] ?? e.action}</td>
    <td>${auditTarget(e)}</td>
    <td>${e.provinceCode ?? (Array.isArray(e.details.provinces) ? (e.details.provinces as string[]).join(', ') : '')}</td>
    <td>${e.periodKey ?? ''}</td>
    <td class="details">${auditDetails(t, e)}</td>
  </tr>`,
  )}</tbody>
</table>`;
}

/** The filters of the audit page as the form holds them (the query's, without its page size). */
export type AuditFilterValues = Omit<AuditFilters, 'limit'>;

export interface AuditView extends Frame {
  entries: AuditEntry[];
  total: number;
  filters: AuditFilterValues;
  choices: { actors: string[]; periods: string[]; provinces: { code: string; name: string }[] };
  error: string | null;
}

export function auditPage(view: AuditView): string {
  const { t } = view;
  const a = t.admin.audit;
  const f = view.filters;
  const all = t.common.all;
  const q = queryString({ ...f });
  const body = html`<div class="analyst admin">
  <header class="page-head">
    <div><h1>${a.title}</h1><p class="meta">${a.intro}</p></div>
    <div class="exports" aria-label="${t.common.downloads}">
      <a class="button" id="audit-csv" href="/admin/audit/export.csv${q}" download>${a.exportCsv}</a>
      <a class="button" id="audit-xlsx" href="/admin/audit/export.xlsx${q}" download>${a.exportXlsx}</a>
    </div>
  </header>
  ${view.error ? notice('error', view.error, 'admin-notice') : null}
  <form class="filter-bar" id="audit-filter" method="get" action="/admin/audit">
    <label>${a.filterUser} <select name="actor" id="filter-actor">${option('', all, f.actor)}${view.choices.actors.map((x) => option(x, actorName(t, x), f.actor))}</select></label>
    <label>${a.province} <select name="province" id="filter-province">${option('', all, f.province)}${view.choices.provinces.map((p) => option(p.code, `${p.code} ${p.name}`, f.province))}</select></label>
    <label>${a.period} <select name="period" id="filter-period">${option('', all, f.period)}${view.choices.periods.map((p) => option(p, p, f.period))}</select></label>
    <label>${a.filterAction} <select name="action" id="filter-action">${option('', all, f.action)}${Object.entries(a.actions).map(([k, label]) => option(k, label, f.action))}</select></label>
    <label>${a.from} <input name="from" id="filter-from" value="${f.from ?? ''}" placeholder="${a.datePlaceholder}" size="10" inputmode="numeric" autocomplete="off"></label>
    <label>${a.to} <input name="to" id="filter-to" value="${f.to ?? ''}" placeholder="${a.datePlaceholder}" size="10" inputmode="numeric" autocomplete="off"></label>
    <button type="submit" class="button-quiet" id="filter-apply">${t.common.filter}</button>
  </form>
  <p class="meta" id="audit-count" data-total="${view.total}">${a.count(view.total, view.entries.length)}</p>
  ${auditTable(t, view.entries)}
</div>`;
  return page({ t, title: a.title, user: view.user, csrf: view.csrf, body, active: '/admin/audit', mainClass: 'analyst-main' });
}
