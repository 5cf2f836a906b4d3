// Draws each [data-qr] element's text as a QR code (SVG) inside it; the text stays below for reading out.
(function () {
  document.querySelectorAll('[data-qr]').forEach(function (el) {
    var qr = qrcode(0, 'M');
    qr.addData(el.getAttribute('data-qr'));
    qr.make();
    var box = document.createElement('div');
    box.className = 'gz-qr';
    box.innerHTML = qr.createSvgTag({ cellSize: 6, margin: 2, scalable: true });
    el.prepend(box);
  });
})();
