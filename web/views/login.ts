// The login form.
import { html } from '../../shared/html.ts';
import type { Messages } from '../i18n/index.ts';
import { page } from '../layout.ts';

export interface LoginView {
  t: Messages;
  csrf: string;
  /** Where to go after logging in (a local path). */
  next: string;
  username?: string;
  error?: string;
}

export function loginPage(view: LoginView): string {
  const { t } = view;
  const body = html`<section class="login card">
  <h1>${t.login.title}</h1>
  <p class="muted">${t.login.intro}</p>
  ${view.error ? html`<p class="notice notice-error" role="alert">${view.error}</p>` : null}
  <form method="post" action="/login" class="stack">
    <input type="hidden" name="_csrf" value="${view.csrf}">
    <input type="hidden" name="next" value="${view.next}">
    <label>${t.login.username} <input name="username" autocomplete="username" required autofocus value="${view.username ?? ''}"></label>
    <label>${t.login.password} <input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit" class="button-primary">${t.login.submit}</button>
  </form>
</section>`;
  return page({ t, title: t.login.title, user: null, body, csrf: null, mainClass: 'narrow' });
}
