// Click-to-load players. An embedded video is only a poster and a link to
// the provider's page until the reader clicks it: no third-party frame or
// script reaches a reader who did not ask for one. On a click the link is
// replaced by the provider's player, whose address the page carries in
// data-embed-src (built by the server from an allowlist and a checked id;
// checked here again). Loaded as a file, since the pages' CSP allows no
// inline script.
(function () {
  'use strict';
  var players = /^https:\/\/(www\.youtube-nocookie\.com\/embed\/|player\.vimeo\.com\/video\/|www\.dailymotion\.com\/embed\/video\/)[A-Za-z0-9_-]+\?autoplay=1$/;
  document.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('a[data-embed-src]') : null;
    if (!link) return;
    var src = link.getAttribute('data-embed-src');
    if (!players.test(src)) return;
    event.preventDefault();
    var frame = document.createElement('iframe');
    var picture = link.querySelector('img');
    frame.src = src;
    frame.title = link.getAttribute('data-embed-title') || 'Video';
    frame.className = 'embed-frame';
    frame.allow = 'autoplay; encrypted-media; fullscreen; picture-in-picture';
    frame.allowFullscreen = true;
    frame.referrerPolicy = 'strict-origin-when-cross-origin';
    if (picture) {
      frame.width = picture.getAttribute('width');
      frame.height = picture.getAttribute('height');
    }
    link.replaceWith(frame);
    frame.focus();
  });
})();
