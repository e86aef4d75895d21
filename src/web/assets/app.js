// Keyboard shortcuts for the timeline page. The page works without them: every shortcut follows a link
// or focuses a field that is also reachable with Tab.
'use strict';

function typing(target) {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement
    || (target instanceof HTMLElement && target.isContentEditable);
}

/** Moves focus along the zoom list with the arrow keys, like a menu. */
function moveInZoomList(event) {
  const links = Array.from(document.querySelectorAll('.zoom-in a'));
  const index = links.indexOf(document.activeElement);
  if (index < 0) return false;
  const step = event.key === 'ArrowDown' || event.key === 'ArrowRight' ? 1 : event.key === 'ArrowUp' || event.key === 'ArrowLeft' ? -1 : 0;
  if (step === 0) return false;
  links[(index + step + links.length) % links.length].focus();
  return true;
}

document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  if (typing(event.target)) {
    if (event.key === 'Escape') event.target.blur();
    return;
  }
  if (moveInZoomList(event)) {
    event.preventDefault();
    return;
  }
  if (event.key === '/') {
    const field = document.getElementById('q');
    if (field) {
      event.preventDefault();
      field.focus();
      field.select();
    }
    return;
  }
  if (event.key === '+' || event.key === '=') {
    const first = document.querySelector('.zoom-in a');
    if (first) {
      event.preventDefault();
      first.focus();
    }
    return;
  }
  const target = document.querySelector(`a[data-key="${CSS.escape(event.key)}"]`);
  if (target) {
    event.preventDefault();
    target.click();
  }
});
