// The editor's search and social fields: each one's length, live, against
// what search engines and social networks show before cutting it
// (data-shown). The page already holds the count for the text it was
// rendered with, so this only keeps it current while typing. Characters
// are counted as code points (Array.from), as the server counts them.
(function () {
  'use strict';

  function update(field, counter) {
    var count = Array.from(field.value).length;
    var shown = Number(field.getAttribute('data-shown'));
    counter.textContent = count + ' / ' + shown + ' characters';
    counter.classList.toggle('over', count > shown);
  }

  function start() {
    var counters = document.querySelectorAll('[data-length-of]');
    Array.prototype.forEach.call(counters, function (counter) {
      var field = document.getElementById(counter.getAttribute('data-length-of'));
      if (!field) return;
      field.addEventListener('input', function () { update(field, counter); });
      update(field, counter);
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
