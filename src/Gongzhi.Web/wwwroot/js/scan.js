// "扫码" with the phone's camera in the browser (Components/Shared/CameraScan.razor). The browser's
// own BarcodeDetector where it has one, else jsQR (npm, copied into wwwroot/lib) fetched only when
// someone taps the button. Without script, or without a camera API (plain HTTP, old browsers), the
// button stays hidden and the input beside it is typed into as before.
// A code that links to this page fills the input from its "code" parameter; a link to another page
// of this site opens it; any other text goes into the input. Nothing is submitted: the action stays
// a deliberate tap.
(function () {
  var canCamera = !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia) && window.isSecureContext;

  function loadJsQr() {
    if (window.jsQR) return Promise.resolve(window.jsQR);
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = (document.baseURI ? new URL('lib/jsqr/jsQR.js', document.baseURI).href : '/lib/jsqr/jsQR.js');
      s.onload = function () { window.jsQR ? resolve(window.jsQR) : reject(new Error('jsQR')); };
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  // Returns a function(video, canvas) → Promise<string|null>.
  function makeDetector() {
    if ('BarcodeDetector' in window) {
      return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.indexOf('qr_code') < 0) throw new Error('no qr');
        var d = new window.BarcodeDetector({ formats: ['qr_code'] });
        return function (video) { return d.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; }); };
      }).catch(function () { return jsQrDetector(); });
    }
    return jsQrDetector();
  }

  function jsQrDetector() {
    return loadJsQr().then(function (decode) {
      return function (video, canvas) {
        var w = video.videoWidth, h = video.videoHeight;
        if (!w || !h) return Promise.resolve(null);
        canvas.width = w; canvas.height = h;
        var ctx = canvas.getContext('2d', { willReadFrequently: true });
        ctx.drawImage(video, 0, 0, w, h);
        var found = decode(ctx.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: 'dontInvert' });
        return Promise.resolve(found ? found.data : null);
      };
    });
  }

  // What a scanned text means here: a value for the input, or a page of this site to open.
  function interpret(text) {
    var url;
    try { url = new URL(text, location.href); } catch (e) { return { value: text }; }
    if (!/^https?:\/\//i.test(text) || url.origin !== location.origin) return { value: text };
    if (url.pathname === location.pathname && url.searchParams.get('code')) return { value: url.searchParams.get('code') };
    return { open: url.href };
  }

  document.querySelectorAll('[data-scan-for]').forEach(function (root) {
    if (!canCamera) return;
    root.hidden = false;
    var input = document.getElementById(root.getAttribute('data-scan-for'));
    var start = root.querySelector('[data-scan-start]');
    var stop = root.querySelector('[data-scan-stop]');
    var box = root.querySelector('[data-scan-box]');
    var video = root.querySelector('video');
    var status = root.querySelector('[data-scan-status]');
    var canvas = document.createElement('canvas');
    var stream = null, timer = null;

    function say(key) { status.textContent = root.getAttribute('data-text-' + key) || ''; }

    function end() {
      if (timer) clearTimeout(timer);
      timer = null;
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
      video.srcObject = null;
      box.hidden = true;
      start.hidden = false;
    }

    function found(text) {
      end();
      var meaning = interpret(text.trim());
      if (meaning.open) { location.href = meaning.open; return; }
      if (input) {
        input.value = meaning.value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.focus();
      }
      status.textContent = (root.getAttribute('data-text-found') || '') + ' ' + meaning.value;
    }

    start.addEventListener('click', function () {
      say('starting');
      navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then(function (s) {
        stream = s;
        video.srcObject = s;
        box.hidden = false;
        start.hidden = true;
        return video.play().then(makeDetector).then(function (detect) {
          say('looking');
          (function tick() {
            if (!stream) return;
            detect(video, canvas).then(function (text) {
              if (!stream) return;
              if (text) found(text); else timer = setTimeout(tick, 250);
            }, function () { timer = setTimeout(tick, 500); });
          })();
        });
      }).catch(function () { end(); say('denied'); });
    });
    stop.addEventListener('click', function () { end(); say('stopped'); });
  });
})();
