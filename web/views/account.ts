// Changing one's own password; also where a temporary password (an administrator's reset) leads.
import type { AppUser } from '../../db/users.ts';
import { html } from '../../shared/html.ts';
import type { Messages } from '../i18n/index.ts';
import { page } from '../layout.ts';
import { notice } from './analyst.ts';

export interface PasswordView {
  t: Messages;
  user: AppUser;
  csrf: string;
  next: string;
  mustChange: boolean;
  minLength: number;
  message: { kind: 'ok' | 'error'; text: string } | null;
}

export function passwordPage(view: PasswordView): string {
  const { t } = view;
  const a = t.account;
  const body = html`<section class="card" id="password-page">
  <h1>${a.title}</h1>
  ${view.mustChange ? notice('info', a.mustChange, 'must-change') : null}
  ${view.message ? notice(view.message.kind, view.message.text, 'password-notice') : null}
  <form method="post" action="/account/password" class="stack" id="password-form">
    <input type="hidden" name="_csrf" value="${view.csrf}">
    <input type="hidden" name="next" value="${view.next}">
    <label>${a.current} <input name="current" id="current-password" type="password" autocomplete="current-password" required></label>
    <label>${a.next} <input name="password" id="new-password" type="password" autocomplete="new-password" required minlength="${view.minLength}"><span class="hint muted">${a.hint(view.minLength)}</span></label>
    <label>${a.again} <input name="again" id="new-password-again" type="password" autocomplete="new-password" required minlength="${view.minLength}"></label>
    <button type="submit" class="button-primary" id="change-password">${a.submit}</button>
  </form>
</section>`;
  return page({ t, title: a.title, user: view.user, body, csrf: view.csrf, mainClass: 'narrow' });
}
