// The newsroom's small progressive enhancements. Every page works without
// this file; with it, the editor gets a live preview of the body (rendered
// by the server, the same code as the public page), autosave of drafts
// every 15 seconds while they change, and a picker for related articles.
'use strict';

(function () {
  const form = document.getElementById('editor');
  if (!form) return;
  const status = document.getElementById('autosave-status');
  const revision = form.querySelector('input[name="revision"]');

  function post(action) {
    const body = new URLSearchParams(new FormData(form));
    body.set('action', action);
    body.set('format', 'json');
    // form.action would be the button named "action": read the attribute.
    return fetch(form.getAttribute('action'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    }).then((response) => response.json().then((data) => ({ status: response.status, data })));
  }

  // Related picker: adds the chosen article's number to the ordered list.
  const picker = document.getElementById('related-picker');
  const related = document.getElementById('related');
  if (picker && related) {
    picker.addEventListener('change', () => {
      const id = picker.value;
      const ids = related.value.split(/[\s,]+/).filter(Boolean);
      if (id && !ids.includes(id)) ids.push(id);
      related.value = ids.join(' ');
      picker.value = '';
      related.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }

  // Live preview of the body.
  const body = document.getElementById('body');
  const live = document.getElementById('live-preview');
  const language = document.getElementById('language');
  let previewTimer = null;
  if (body && live) {
    body.addEventListener('input', () => {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(() => {
        post('preview').then(({ status: code, data }) => {
          if (code !== 200 || typeof data.preview_html !== 'string') return;
          live.querySelector('.article-body').innerHTML = data.preview_html;
          live.dir = language && /^(ar|fa|he|ur)\b/.test(language.value) ? 'rtl' : 'ltr';
          live.hidden = false;
        }).catch(() => {});
      }, 700);
    });
  }

  // Autosave of drafts.
  if (form.dataset.autosave !== 'true') return;
  let dirty = false;
  let stopped = false;
  form.addEventListener('input', () => { dirty = true; });
  form.addEventListener('submit', () => { stopped = true; });
  function say(text) { if (status) status.textContent = text; }
  function autosave() {
    if (!dirty || stopped) return;
    dirty = false;
    post('autosave').then(({ status: code, data }) => {
      if (code === 200) {
        revision.value = String(data.revision);
        if (data.url && form.getAttribute('action') !== data.url) {
          form.setAttribute('action', data.url);
          history.replaceState(null, '', data.url);
        }
        say(`Draft saved at ${data.saved_at}.`);
      } else if (code === 409) {
        stopped = true;
        say(`Not saved: ${data.by} saved this article at ${data.at}. Press Save to compare.`);
      } else if (code === 422) {
        say('Not saved yet: ' + (data.problems || []).join(' '));
      } else {
        stopped = true;
        say('Autosave is off for this article: use the buttons.');
      }
    }).catch(() => { dirty = true; say('Not saved: the newsroom cannot be reached.'); });
  }
  setInterval(autosave, 15000);
})();
