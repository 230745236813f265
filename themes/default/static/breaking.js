// The breaking-news banner. Pages carry an empty, hidden slot and this
// script fills it from /breaking.json, so raising or lowering a banner
// never changes a cached page: only that one small answer. The text goes
// in as text, never as markup, and the link only when it is a web address
// or a path of this site. A banner is hidden at its expiry even when a
// copy of the answer from before is still cached somewhere. The answer is
// asked for again every minute, and when the page is shown again, so a
// page left open follows the newsroom. No cookie is sent: the answer is
// the same for everyone and stays cacheable for signed-in editors too.
(function () {
  'use strict';
  var slot = document.getElementById('breaking');
  if (!slot || !window.fetch) return;
  var REFRESH_MS = 60000;
  var expiryTimer = 0;

  function safeLink(url) {
    return typeof url === 'string' &&
      (/^https?:\/\/[^\/?#]/i.test(url) || (url.charAt(0) === '/' && !/^\/[\/\\]/.test(url)));
  }

  // data-state tells what the slot last showed: "up" or "none".
  function hide() {
    clearTimeout(expiryTimer);
    slot.hidden = true;
    slot.textContent = '';
    slot.setAttribute('data-state', 'none');
  }

  function show(banner) {
    hide();
    if (!banner || typeof banner.text !== 'string' || banner.text === '') return;
    var expires = banner.expires_at ? Date.parse(banner.expires_at) : NaN;
    if (!isNaN(expires) && expires <= Date.now()) return;
    var label = document.createElement('strong');
    label.className = 'breaking-label';
    label.textContent = 'Breaking';
    var text = document.createElement(safeLink(banner.url) ? 'a' : 'span');
    text.className = 'breaking-text';
    text.textContent = banner.text;
    if (text.tagName === 'A') text.href = banner.url;
    slot.appendChild(label);
    slot.appendChild(document.createTextNode(' '));
    slot.appendChild(text);
    slot.hidden = false;
    slot.setAttribute('data-state', 'up');
    if (!isNaN(expires)) expiryTimer = setTimeout(hide, expires - Date.now());
  }

  function load() {
    fetch('/breaking.json', { credentials: 'omit' })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) { if (answer) show(answer.breaking); })
      .catch(function () { /* keep what is shown; the next refresh tries again */ });
  }

  load();
  setInterval(function () { if (!document.hidden) load(); }, REFRESH_MS);
  document.addEventListener('visibilitychange', function () { if (!document.hidden) load(); });
})();
