// The review page in the browser: moving through the queue and deciding values without
// reloading. Keys: j / k next / previous value, a approve, c correct (focuses the value
// field; Enter there sends it), r reject, Escape leaves a field. The pane is rendered (and
// escaped) by the server; decisions go to the JSON API with the session's CSRF token.
// Every word shown here comes from the page (the server's catalogue, in the reader's language).
(() => {
  'use strict';
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
  const detail = document.getElementById('detail');
  if (!detail) return;
  const M = JSON.parse(document.getElementById('page-data')?.textContent ?? '{}').messages ?? {};
  /** A message with {name} placeholders filled in. */
  const fill = (template, values) => String(template ?? '').replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ''));

  const items = () => Array.from(document.querySelectorAll('#queue li[data-id]'));
  const currentIndex = () => items().findIndex((li) => li.getAttribute('aria-current') === 'true');

  function flash(text, kind) {
    const el = document.getElementById('flash');
    if (!el) return;
    el.textContent = text;
    el.className = `flash ${kind}`;
    el.dataset.kind = kind;
  }

  function show(text, kind) {
    const el = document.getElementById('decision-message');
    if (el) {
      el.textContent = text;
      el.className = `message ${kind}`;
      el.dataset.kind = kind;
    } else {
      flash(text, kind);
    }
  }

  function toLogin() {
    location.href = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
  }

  /** The JSON body of an answer, or null when it has none. */
  async function bodyOf(response) {
    try {
      return await response.json();
    } catch {
      return null;
    }
  }

  const messageOf = (response, data) => data?.message || `${response.status} ${response.statusText}`;

  async function loadPane(id, note) {
    const response = await fetch(`/review/values/${encodeURIComponent(id)}/pane`, { credentials: 'same-origin', headers: { accept: 'text/html' } });
    if (response.status === 401) return toLogin();
    if (!response.ok) {
      const p = document.createElement('p');
      p.className = 'notice notice-error';
      p.textContent = messageOf(response, await bodyOf(response));
      detail.replaceChildren(p);
      return;
    }
    // Server-rendered with every value escaped (web/views/review.ts).
    detail.innerHTML = await response.text();
    detail.scrollTop = 0;
    if (note) show(note.text, note.kind);
  }

  // Where a value that left the queue under the reviewer's eyes stood (after a 409), so that
  // j and k go on from there rather than from the top.
  let gap = -1;

  async function select(li, note) {
    if (!li) return;
    gap = -1;
    for (const other of items()) other.removeAttribute('aria-current');
    li.setAttribute('aria-current', 'true');
    li.scrollIntoView({ block: 'nearest' });
    const url = new URL(location.href);
    url.searchParams.set('value', li.dataset.id);
    history.replaceState(null, '', url);
    await loadPane(li.dataset.id, note);
  }

  function move(step) {
    const list = items();
    if (list.length === 0) return;
    const at = currentIndex();
    const from = at >= 0 ? at + step : gap >= 0 ? gap - (step < 0 ? 1 : 0) : 0;
    const next = Math.min(list.length - 1, Math.max(0, from));
    if (next !== at) select(list[next]);
  }

  /**
   * Takes a value that is no longer waiting out of the list and the count; returns where it
   * stood (-1 if it was not listed).
   */
  function leaveQueue(valueId) {
    const list = items();
    const at = list.findIndex((li) => li.dataset.id === String(valueId));
    if (at < 0) return -1;
    list[at].remove();
    const count = document.getElementById('queue-count');
    if (count) count.textContent = String(Math.max(0, Number(count.textContent) - 1));
    const queue = document.getElementById('queue');
    if (queue && items().length === 0) {
      const p = document.createElement('p');
      p.className = 'empty';
      p.id = 'queue-empty';
      p.textContent = M.queueEmpty;
      queue.replaceWith(p);
    }
    return at;
  }

  /** A decided value leaves the queue; the next one opens. */
  function done(valueId, text) {
    const at = leaveQueue(valueId);
    if (at < 0) return loadPane(valueId, { text, kind: 'ok' });
    const rest = items();
    flash(text, 'ok');
    if (rest.length === 0) {
      // As the server says it on a page with an empty queue (web/views/review.ts).
      const box = document.createElement('div');
      box.className = 'empty-state';
      box.id = 'detail-empty';
      const title = document.createElement('h2');
      title.textContent = M.doneTitle;
      const p = document.createElement('p');
      p.textContent = M.doneText;
      box.append(title, p);
      detail.replaceChildren(box);
      return;
    }
    return select(rest[Math.min(at, rest.length - 1)]);
  }

  async function decide(action) {
    const form = document.getElementById('decide');
    if (!form || form.dataset.busy) return;
    const valueField = form.querySelector('[name="value"]');
    const commentField = form.querySelector('[name="comment"]');
    const value = valueField.value.trim();
    if (action === 'correct' && value === '') {
      show(M.typeValue, 'error');
      valueField.focus();
      return;
    }
    const last = form.dataset.lastDecision;
    const body = { action, expected: { status: form.dataset.status, lastDecisionId: last ? Number(last) : null } };
    if (action === 'correct') body.value = value;
    if (commentField.value.trim() !== '') body.comment = commentField.value.trim();
    const id = form.dataset.valueId;
    form.dataset.busy = '1';
    for (const b of form.querySelectorAll('button')) b.disabled = true;
    show(M.saving, '');
    try {
      const response = await fetch(`/api/review/values/${encodeURIComponent(id)}/decision`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify(body),
      });
      if (response.status === 401) return toLogin();
      const data = await bodyOf(response);
      if (response.ok) {
        const to = data.decision.newValue !== null && action === 'correct' ? fill(M.to, { value }) : '';
        return await done(id, fill(M.decided, { indicator: form.dataset.indicator, document: form.dataset.document, done: M.done?.[action] ?? action, to }));
      }
      const message = messageOf(response, data);
      if (response.status === 409) {
        // Someone else decided first (or a re-run replaced the value): it waits no more, so it
        // leaves the queue as the reviewer's own decision would; the pane shows what is true now.
        flash('', '');
        const waiting = data?.reason === 'decided' && data.current?.status === 'flagged';
        if (!waiting) {
          const wasCurrent = items().findIndex((li) => li.getAttribute('aria-current') === 'true');
          const at = leaveQueue(id);
          if (at >= 0 && at === wasCurrent) gap = at;
        }
        return await loadPane(id, { text: `${M.notSaved}: ${message}.`, kind: 'conflict' });
      }
      show(message, 'error');
      if (response.status === 400 && action === 'correct') valueField.focus();
    } catch (error) {
      show(`${M.notSaved}: ${error instanceof Error ? error.message : String(error)}`, 'error');
    } finally {
      delete form.dataset.busy;
      for (const b of form.querySelectorAll('button')) b.disabled = false;
    }
  }

  document.getElementById('queue')?.addEventListener('click', (event) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const li = event.target instanceof Element ? event.target.closest('li[data-id]') : null;
    if (!li) return;
    event.preventDefault();
    select(li);
  });

  detail.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
    if (button) decide(button.dataset.action);
  });

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const typing =
      target instanceof HTMLInputElement ||
      target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement ||
      (target instanceof HTMLElement && target.isContentEditable);
    if (typing) {
      if (event.key === 'Enter' && target.id === 'correct-value') {
        event.preventDefault();
        decide('correct');
      } else if (event.key === 'Escape') {
        target.blur();
      }
      return;
    }
    switch (event.key) {
      case 'j':
        move(1);
        break;
      case 'k':
        move(-1);
        break;
      case 'a':
        decide('approve');
        break;
      case 'c':
        document.getElementById('correct-value')?.focus();
        break;
      case 'r':
        decide('reject');
        break;
      default:
        return;
    }
    event.preventDefault();
  });
})();
