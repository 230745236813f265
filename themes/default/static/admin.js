// The newsroom's small progressive enhancements. Every page works without
// this file; with it, the editor gets a live preview of the article in the
// site's theme (rendered by the server, the same template as the public
// page) at a phone's or a desktop's width, a live word count, autosave of
// drafts every 15 seconds while they change, a picker for related
// articles, keyboard shortcuts, and a warning before leaving with unsaved
// changes.
'use strict';

(function () {
  const form = document.getElementById('editor');
  if (!form) return;
  const readOnly = form.dataset.readOnly === 'true';
  const status = document.getElementById('autosave-status');
  const revision = form.querySelector('input[name="revision"]');
  const button = (value) => form.querySelector(`button[name="action"][value="${value}"]`);

  function formBody(action) {
    const body = new URLSearchParams(new FormData(form));
    body.set('action', action);
    return body;
  }

  function post(action) {
    const body = formBody(action);
    body.set('format', 'json');
    // form.action would be the button named "action": read the attribute.
    return fetch(form.getAttribute('action'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    }).then((response) => response.json().then((data) => ({ status: response.status, data })));
  }

  // Word count: the same rule as content_word_count on the server (a word
  // lies between spaces and holds a letter or a digit of any script).
  const summary = document.getElementById('summary');
  const body = document.getElementById('body');
  const wordCount = document.getElementById('word-count');
  function countWords(text) {
    return text.split(/\s+/u).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
  }
  function showLength() {
    const words = countWords(summary ? summary.value : '') + countWords(body ? body.value : '');
    const minutes = Math.max(1, Math.ceil(words / 230));
    wordCount.textContent = `${words} ${words === 1 ? 'word' : 'words'} · ${minutes} min read`;
  }
  if (wordCount && !readOnly) {
    for (const field of [summary, body]) field?.addEventListener('input', showLength);
  }

  if (readOnly) return; // nothing below may change an article the user cannot change

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

  // The text fields follow the language's direction as it is typed, as
  // the server sets them (views_text_direction).
  const language = document.getElementById('language');
  const RTL = ['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ckb', 'yi', 'dv'];
  if (language) {
    language.addEventListener('input', () => {
      const primary = language.value.trim().split(/[-_]/)[0];
      const dir = RTL.includes(primary) ? 'rtl' : 'ltr';
      for (const field of form.querySelectorAll('[dir]')) field.dir = dir;
    });
  }

  // Preview in the site's theme. Without this file the Preview button
  // posts the form into the frame; here the page is fetched and written
  // into the frame instead, which adds no entry to the browser's history
  // at every keystroke and keeps the frame's scroll position.
  const previewButton = button('preview');
  const frame = document.getElementById('preview-frame');
  const viewport = document.getElementById('preview-viewport');
  function previewUrl() { return `${form.getAttribute('action')}/preview`; }
  function preview() {
    if (!previewButton || !frame) return Promise.resolve();
    return fetch(previewUrl(), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: formBody('preview').toString(),
    }).then((response) => response.text()).then((html) => {
      const view = frame.contentWindow;
      const scrolled = view.scrollY;
      view.document.open();
      view.document.write(html);
      view.document.close();
      view.scrollTo(0, scrolled);
    }).catch(() => {});
  }
  if (previewButton && frame) {
    previewButton.addEventListener('click', (event) => { event.preventDefault(); preview(); });
    let previewTimer = null;
    form.addEventListener('input', () => {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(preview, 700);
    });
  }
  const widths = document.getElementById('preview-widths');
  if (widths && viewport) {
    widths.hidden = false;
    widths.addEventListener('click', (event) => {
      const chosen = event.target.closest('button[data-width]');
      if (!chosen) return;
      viewport.classList.toggle('phone', chosen.dataset.width === 'phone');
      for (const each of widths.querySelectorAll('button')) {
        each.setAttribute('aria-pressed', String(each === chosen));
      }
    });
  }

  // Unsaved changes: typed since the page was loaded or last autosaved.
  // Leaving asks first, unless the leaving is the form's own submission.
  // A page answering a refused save (problems, a conflict) holds unsaved text.
  let edits = form.dataset.unsaved === 'true' ? 1 : 0; // grows with every change
  let savedEdits = 0; // the edits the last good autosave carried
  let submitting = false;
  form.addEventListener('input', () => { edits++; });
  form.addEventListener('change', () => { edits++; });
  form.addEventListener('submit', () => { submitting = true; });
  window.addEventListener('beforeunload', (event) => {
    if (submitting || edits === savedEdits) return;
    event.preventDefault();
    event.returnValue = ''; // older browsers show the dialog only with this
  });

  // Keyboard shortcuts, as listed on the page.
  const shortcuts = document.getElementById('shortcuts');
  if (shortcuts) shortcuts.hidden = false;
  function submitWith(target) {
    if (target) form.requestSubmit(target);
  }
  document.addEventListener('keydown', (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === 's' && !event.shiftKey) {
      event.preventDefault();
      submitWith(button('save'));
    } else if (key === 'p' && event.shiftKey) {
      event.preventDefault();
      preview();
    } else if (key === 'enter' && event.shiftKey && button('publish')) {
      event.preventDefault();
      submitWith(button('publish'));
    }
  });

  // Autosave of drafts.
  if (form.dataset.autosave !== 'true') return;
  let stopped = false;
  let triedEdits = savedEdits; // a refused autosave waits for the next change
  form.addEventListener('submit', () => { stopped = true; });
  function say(text) { if (status) status.textContent = text; }
  function autosave() {
    if (edits === triedEdits || stopped) return;
    const carried = edits;
    triedEdits = carried;
    post('autosave').then(({ status: code, data }) => {
      if (code === 200) {
        savedEdits = carried;
        revision.value = String(data.revision);
        if (data.url && form.getAttribute('action') !== data.url) {
          form.setAttribute('action', data.url);
          if (previewButton) previewButton.setAttribute('formaction', previewUrl());
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
    }).catch(() => { triedEdits = -1; say('Not saved: the newsroom cannot be reached.'); });
  }
  setInterval(autosave, 15000);
})();

// The article list: the checkbox in the heading selects every row of the
// page (without script, each row is checked by hand).
(() => {
  const all = document.querySelector('[data-select-all]');
  if (!all) return;
  const rows = () => document.querySelectorAll(`input[type=checkbox][name="${all.dataset.selectAll}"]`);
  all.addEventListener('change', () => { rows().forEach((box) => { box.checked = all.checked; }); });
})();
