// The login form.
import { html } from '../html.ts';
import { page } from '../layout.ts';

export interface LoginView {
  csrf: string;
  /** Where to go after logging in (a local path). */
  next: string;
  username?: string;
  error?: string;
}

export function loginPage(view: LoginView): string {
  const body = html`<section class="login card">
  <h1>Log in</h1>
  <p class="muted">Review of indicators from the provincial S&amp;T reports.</p>
  ${view.error ? html`<p class="notice notice-error" role="alert">${view.error}</p>` : null}
  <form method="post" action="/login" class="stack">
    <input type="hidden" name="_csrf" value="${view.csrf}">
    <input type="hidden" name="next" value="${view.next}">
    <label>Username <input name="username" autocomplete="username" required autofocus value="${view.username ?? ''}"></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit" class="button-primary">Log in</button>
  </form>
</section>`;
  return page({ title: 'Log in', user: null, body, csrf: null, mainClass: 'narrow' });
}
