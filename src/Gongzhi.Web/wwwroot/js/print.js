// Buttons marked data-print print the page (the Content-Security-Policy allows no inline handlers).
document.addEventListener('click', function (e) {
    var button = e.target.closest && e.target.closest('[data-print]');
    if (button) window.print();
});
