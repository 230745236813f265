// Click-to-load players. An embed is only a placeholder (a poster or a few
// words) and a link to the provider's page until the reader clicks it: no
// third-party frame or script reaches a reader who did not ask for one. On
// a click the link is replaced by the provider's player, whose address the
// page carries in data-embed-src (built by the server from an allowlist and
// a checked id, src/media/embed.c; checked here again, one pattern per
// provider, each matching exactly the addresses the server builds, so a
// stray data-embed-src can frame nothing else). Loaded as a file, since the
// pages' CSP allows no inline script.
(function () {
  'use strict';
  var encodedPath = '(?:[A-Za-z0-9._-]|%2F)+';
  var players = [
    /^https:\/\/www\.youtube-nocookie\.com\/embed\/[A-Za-z0-9_-]{11}\?autoplay=1$/,
    /^https:\/\/player\.vimeo\.com\/video\/[0-9]{1,12}\?autoplay=1$/,
    /^https:\/\/www\.dailymotion\.com\/embed\/video\/[A-Za-z0-9]{5,12}\?autoplay=1$/,
    /^https:\/\/platform\.twitter\.com\/embed\/Tweet\.html\?id=[0-9]{1,20}&dnt=true$/,
    /^https:\/\/www\.instagram\.com\/p\/[A-Za-z0-9_-]{5,40}\/embed$/,
    new RegExp('^https://www\\.facebook\\.com/plugins/(?:post|video)\\.php\\?href=' +
               'https%3A%2F%2Fwww\\.facebook\\.com%2F(?:' + encodedPath +
               '|watch%2F%3Fv%3D[0-9]{1,20})$'),
    /^https:\/\/www\.tiktok\.com\/embed\/v2\/[0-9]{1,20}$/,
    new RegExp('^https://w\\.soundcloud\\.com/player/\\?url=https%3A%2F%2Fsoundcloud\\.com%2F' +
               encodedPath + '$'),
    /^https:\/\/open\.spotify\.com\/embed\/(?:track|album|playlist|episode|show)\/[A-Za-z0-9]{22}$/,
    /^https:\/\/www\.google\.com\/maps\?q=[A-Za-z0-9._~+,%-]{1,400}(?:&z=[0-9]{1,2})?&output=embed$/,
    /^https:\/\/datawrapper\.dwcdn\.net\/[A-Za-z0-9]{5}\/(?:[0-9]{1,4}\/)?$/,
    /^https:\/\/flo\.uri\.sh\/visualisation\/[0-9]{1,12}\/embed$/
  ];
  var kinds = /^(?:video|post|audio|map|chart)$/;
  var providers = /^[a-z]{1,20}$/;

  function allowed(src) {
    for (var i = 0; i < players.length; i++) {
      if (players[i].test(src)) return true;
    }
    return false;
  }

  document.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('a[data-embed-src]') : null;
    if (!link) return;
    var src = link.getAttribute('data-embed-src');
    if (!allowed(src)) return;
    event.preventDefault();
    var kind = link.getAttribute('data-embed-kind') || 'video';
    var provider = link.getAttribute('data-embed-provider') || '';
    var frame = document.createElement('iframe');
    var picture = link.querySelector('img');
    frame.src = src;
    frame.title = link.getAttribute('data-embed-title') || 'Video';
    frame.className = 'embed-frame' + (kinds.test(kind) ? ' embed-' + kind : '') +
      (providers.test(provider) ? ' embed-' + provider : '');
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
