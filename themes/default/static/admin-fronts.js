// The fronts' arranger, as progressive enhancement: rows of top stories
// and of blocks are dragged into a new order, and their order numbers are
// renumbered to match, so the form sends what the editor sees (without
// script, editors type the numbers).
'use strict';

(function () {
  function renumber(list) {
    let position = 1;
    for (const row of list.querySelectorAll(':scope > .front-row')) {
      const field = row.querySelector('input.position');
      if (field) field.value = String(position++);
    }
  }

  function rowAt(list, y) {
    let after = null;
    for (const row of list.querySelectorAll(':scope > .front-row:not(.dragging)')) {
      const box = row.getBoundingClientRect();
      if (y < box.top + box.height / 2) return row;
      after = row;
    }
    return after ? null : list.firstElementChild;
  }

  for (const list of document.querySelectorAll('ol.front-rows')) {
    let dragged = null;
    list.addEventListener('dragstart', (event) => {
      dragged = event.target.closest('.front-row');
      if (!dragged) return;
      dragged.classList.add('dragging');
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', dragged.dataset.row || '');
    });
    list.addEventListener('dragover', (event) => {
      if (!dragged) return;
      event.preventDefault();
      const before = rowAt(list, event.clientY);
      if (before !== dragged) list.insertBefore(dragged, before);
    });
    list.addEventListener('drop', (event) => {
      if (!dragged) return;
      event.preventDefault();
      renumber(list);
    });
    list.addEventListener('dragend', () => {
      if (dragged) dragged.classList.remove('dragging');
      dragged = null;
      renumber(list);
    });
  }
}());
