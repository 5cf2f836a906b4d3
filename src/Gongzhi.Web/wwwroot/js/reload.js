// The organiser's rotating check-in code: reloads the page after the seconds given in the
// data-reload-after attribute. A script rather than <meta http-equiv="refresh">, which axe counts
// as a critical failure (WCAG 2.2.1: a timed refresh the reader cannot stop).
(function () {
  var el = document.querySelector('[data-reload-after]');
  if (!el) return;
  var seconds = parseInt(el.getAttribute('data-reload-after'), 10);
  if (!(seconds > 0)) return;
  setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
