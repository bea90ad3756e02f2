// The submission page in the browser. On the upload page: a file dropped on the zone or chosen
// with the picker is sent as it is (application/octet-stream, its name in X-File-Name) with the
// session's CSRF token, and the browser goes on to its reading. On a reading: while the report
// is read the progress is asked for every second (GET /api/submissions/:id) and the page is
// loaded again when the reading is done; "show page" puts that page's image beside the values;
// "misread", "the reading is right" and "submit" go to the JSON API. The words shown come from
// the page (the server's catalogue) or from the server's answers.
(() => {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
  const M = JSON.parse(document.getElementById('page-data')?.textContent ?? '{}').messages ?? {};

  function say(el, text, kind) {
    if (!el) return;
    el.textContent = text;
    el.className = `message ${kind}`;
    el.dataset.kind = kind;
  }

  async function answer(response) {
    if (response.status === 401) {
      location.href = `/login?next=${encodeURIComponent(location.pathname)}`;
      return null;
    }
    try {
      return await response.json();
    } catch {
      return {};
    }
  }

  // ---- the upload page
  const form = document.getElementById('upload');
  if (form) {
    const input = document.getElementById('file-input');
    const message = document.getElementById('upload-message');
    let sending = false;
    async function send(file) {
      if (!file || sending) return;
      sending = true;
      form.classList.add('busy');
      say(message, `${M.uploading ?? ''}${file.name}`, 'info');
      try {
        const response = await fetch('/api/submissions', {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name), 'x-csrf-token': csrf },
          body: file,
        });
        const body = await answer(response);
        if (!body) return;
        if (response.status === 201 && body.url) {
          location.href = body.url;
          return;
        }
        say(message, body.message ?? M.uploadFailed, 'error');
      } catch {
        say(message, M.uploadFailed, 'error');
      } finally {
        sending = false;
        form.classList.remove('busy');
        input.value = '';
      }
    }
    input.addEventListener('change', () => send(input.files?.[0]));
    form.addEventListener('submit', (event) => event.preventDefault());
    for (const name of ['dragenter', 'dragover']) {
      form.addEventListener(name, (event) => {
        event.preventDefault();
        form.classList.add('dragging');
      });
    }
    form.addEventListener('dragleave', () => form.classList.remove('dragging'));
    form.addEventListener('drop', (event) => {
      event.preventDefault();
      form.classList.remove('dragging');
      send(event.dataTransfer?.files?.[0]);
    });
  }

  // ---- one upload's reading
  const submission = document.getElementById('submission');
  if (!submission) return;
  const id = submission.dataset.uploadId;
  const state = submission.dataset.state;

  if (state === 'reading' || state === 'queued') {
    const bar = document.getElementById('progress-bar');
    const text = document.getElementById('progress-text');
    const poll = async () => {
      try {
        const response = await fetch(`/api/submissions/${id}`, { headers: { accept: 'application/json' } });
        const body = await answer(response);
        if (!body) return;
        if (body.state !== 'reading' && body.state !== 'queued') {
          location.reload();
          return;
        }
        const p = body.progress;
        if (p?.pages && bar) {
          bar.max = p.pages;
          bar.value = p.page ?? 0;
        }
        if (body.progressText && text) text.textContent = body.progressText;
      } catch {
        // The next poll tries again.
      }
      setTimeout(poll, 1000);
    };
    setTimeout(poll, 500);
  }

  const image = document.getElementById('page-image');
  const caption = document.getElementById('page-caption');
  for (const button of document.querySelectorAll('.show-page')) {
    button.addEventListener('click', () => {
      if (!image) return;
      image.src = `/submit/${id}/pages/${button.dataset.page}.png`;
      image.alt = button.dataset.alt ?? '';
      if (caption) caption.textContent = button.dataset.alt ?? '';
      for (const li of document.querySelectorAll('.sub-value[aria-current]')) li.removeAttribute('aria-current');
      button.closest('.sub-value')?.setAttribute('aria-current', 'true');
    });
  }

  async function post(path, json) {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(json ?? {}),
    });
    return { response, body: await answer(response) };
  }

  for (const remark of document.querySelectorAll('.remark-form')) {
    remark.addEventListener('submit', async (event) => {
      event.preventDefault();
      const message = remark.querySelector('.message');
      const data = new FormData(remark);
      try {
        const { response, body } = await post(`/api/submissions/${id}/remarks`, {
          valueId: Number(remark.dataset.valueId),
          value: String(data.get('value') ?? ''),
          comment: String(data.get('comment') ?? ''),
        });
        if (!body) return;
        if (response.status === 201) {
          say(message, M.remarkSent, 'ok');
          location.reload();
          return;
        }
        say(message, body.message ?? M.uploadFailed, 'error');
      } catch {
        say(message, M.uploadFailed, 'error');
      }
    });
  }

  const actionMessage = document.getElementById('action-message');
  for (const button of document.querySelectorAll('#actions button[data-action]')) {
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const { response, body } = await post(`/api/submissions/${id}/${button.dataset.action}`, {});
        if (!body) return;
        if (response.ok) {
          location.reload();
          return;
        }
        say(actionMessage, body.message ?? M.uploadFailed, 'error');
      } catch {
        say(actionMessage, M.uploadFailed, 'error');
      } finally {
        button.disabled = false;
      }
    });
  }
})();
