// The newsroom's media library, as progressive enhancement: uploads by
// file picker and by drag and drop (several at once, each with its own
// progress bar), the focal point set by clicking the picture, and in the
// article editor a picker for the lead picture and for pictures in the
// body. The server checks every file from its bytes; what it refuses is
// shown with its reason.
'use strict';

(function () {
  // ---- uploads ---------------------------------------------------------
  const zone = document.getElementById('drop-zone');
  const input = document.getElementById('upload-files');
  const list = document.getElementById('upload-list');

  // Sends one file with its own progress bar in the list into; resolves
  // with the server's answer when it was stored, null when not.
  function uploadOne(file, csrf, into, alt) {
    const row = document.createElement('li');
    const name = document.createElement('span');
    name.className = 'upload-name';
    name.textContent = file.name;
    const bar = document.createElement('progress');
    bar.max = 100;
    bar.value = 0;
    const note = document.createElement('span');
    note.className = 'upload-note';
    row.append(name, ' ', bar, ' ', note);
    into.append(row);
    return new Promise((resolve) => {
      const request = new XMLHttpRequest();
      request.open('POST', '/admin/media/upload');
      request.setRequestHeader('content-type', 'application/octet-stream');
      request.setRequestHeader('x-file-name', encodeURIComponent(file.name));
      request.setRequestHeader('x-csrf-token', csrf);
      if (alt) request.setRequestHeader('x-alt-text', encodeURIComponent(alt));
      request.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable) bar.value = Math.round((event.loaded / event.total) * 100);
      });
      request.addEventListener('load', () => {
        let answer = {};
        try { answer = JSON.parse(request.responseText); } catch (error) { answer = {}; }
        if (request.status === 201) {
          bar.value = 100;
          row.className = 'upload-done';
          const link = document.createElement('a');
          link.href = answer.url;
          link.textContent = 'Stored: add alt text and a caption';
          note.append(link);
        } else {
          row.className = 'upload-refused';
          note.textContent = answer.error || `Not stored (${request.status}).`;
        }
        resolve(request.status === 201 ? answer : null);
      });
      request.addEventListener('error', () => {
        row.className = 'upload-refused';
        note.textContent = 'The upload was cut off: try again.';
        resolve(null);
      });
      request.send(file);
    });
  }

  function uploadAll(files) {
    const csrf = zone.dataset.csrf;
    // One after another: a newsroom's line is shared, and each file's
    // progress stays readable.
    return [...files].reduce((done, file) => done.then(() => uploadOne(file, csrf, list)), Promise.resolve());
  }

  if (zone && input && list) {
    input.addEventListener('change', () => { uploadAll(input.files); input.value = ''; });
    zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('over'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('over');
      uploadAll(event.dataTransfer.files);
    });
  }

  // ---- focal point -----------------------------------------------------
  const image = document.getElementById('focus-image');
  const marker = document.getElementById('focus-marker');
  const across = document.getElementById('focus_x');
  const down = document.getElementById('focus_y');
  function showMarker() {
    if (!marker || !image || across.value === '' || down.value === '') return;
    marker.style.left = `${Number(across.value) * 100}%`;
    marker.style.top = `${Number(down.value) * 100}%`;
    marker.hidden = false;
  }
  if (image && across && down) {
    image.addEventListener('click', (event) => {
      const box = image.getBoundingClientRect();
      const x = Math.min(Math.max((event.clientX - box.left) / box.width, 0), 1);
      const y = Math.min(Math.max((event.clientY - box.top) / box.height, 0), 1);
      across.value = x.toFixed(4);
      down.value = y.toFixed(4);
      showMarker();
    });
    showMarker();
  }

  // ---- the editor's picker ----------------------------------------------
  const lead = document.getElementById('lead_image');
  const body = document.getElementById('body');
  if (!lead) return;

  const dialog = document.createElement('dialog');
  dialog.id = 'media-picker';
  dialog.innerHTML = '<form method="dialog"><h2>Media library</h2>'
    + '<input type="search" id="media-picker-q" placeholder="Caption, credit, file name">'
    + '<ul class="media-grid" id="media-picker-list"></ul>'
    + '<fieldset class="media-picker-new"><legend>Or upload a new one</legend>'
    + '<label for="media-picker-alt">Alt text</label><input id="media-picker-alt">'
    + '<label for="media-picker-file">File</label>'
    + '<input type="file" id="media-picker-file" accept="image/jpeg,image/png,image/gif,image/webp,image/avif,image/heic,video/mp4,video/quicktime,video/webm">'
    + '<ul class="upload-list" id="media-picker-uploads" aria-live="polite"></ul></fieldset>'
    + '<button value="cancel">Close</button></form>';
  document.body.append(dialog);
  const search = dialog.querySelector('#media-picker-q');
  const choices = dialog.querySelector('#media-picker-list');
  let choose = null;

  function fill() {
    fetch(`/admin/media.json?q=${encodeURIComponent(search.value)}`, { credentials: 'same-origin' })
      .then((response) => response.json())
      .then((answer) => {
        choices.replaceChildren();
        for (const item of answer.items || []) {
          const entry = document.createElement('li');
          const button = document.createElement('button');
          button.type = 'button';
          button.dataset.reference = item.reference;
          const picture = document.createElement('img');
          picture.src = item.thumb || '/static/placeholder.svg';
          picture.alt = item.alt;
          picture.width = 120;
          picture.height = 120;
          const label = document.createElement('span');
          label.textContent = item.file_name;
          button.append(picture, label);
          button.addEventListener('click', () => { choose(item); dialog.close(); });
          entry.append(button);
          choices.append(entry);
        }
      });
  }
  search.addEventListener('input', fill);

  // Upload in place: stored in the library, then chosen as if picked.
  const file = dialog.querySelector('#media-picker-file');
  const altText = dialog.querySelector('#media-picker-alt');
  const csrfField = document.querySelector('form input[name="csrf"]');
  file.addEventListener('change', () => {
    if (!file.files.length || !csrfField) return;
    const uploads = dialog.querySelector('#media-picker-uploads');
    uploadOne(file.files[0], csrfField.value, uploads, altText.value.trim()).then((answer) => {
      file.value = '';
      if (!answer) return; // the reason stays in the dialog
      choose({ reference: `media:${answer.id}`, alt: altText.value.trim(), file_name: answer.file });
      altText.value = '';
      dialog.close();
    });
  });

  function open(onChoose) {
    choose = onChoose;
    fill();
    dialog.showModal();
  }

  function addButton(after, text, onChoose) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'media-pick';
    button.textContent = text;
    button.addEventListener('click', () => open(onChoose));
    after.insertAdjacentElement('afterend', button);
  }

  addButton(lead, 'Choose from the library', (item) => {
    lead.value = item.reference;
    lead.dispatchEvent(new Event('input', { bubbles: true }));
  });
  if (body) {
    addButton(body, 'Insert a picture from the library', (item) => {
      const at = body.selectionStart ?? body.value.length;
      const text = `\n\n![${item.alt.replace(/[\[\]]/g, '')}](${item.reference})\n\n`;
      body.value = body.value.slice(0, at) + text + body.value.slice(body.selectionEnd ?? at);
      body.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }
}());
