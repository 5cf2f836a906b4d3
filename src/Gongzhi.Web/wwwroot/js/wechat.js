// WeChat's JS-SDK on our pages (these scripts are rendered only for WeChat's browser): wx.config
// with the signature /wechat/jssdk computes on the server, then the buttons for photos (chooseImage +
// uploadImage → serverIds in a hidden field) and for scanning (scanQRCode). Until wx.ready the buttons
// stay hidden and the page works as in any browser.
(function () {
  var wx = window.module && window.module.exports;
  delete window.module;
  if (!wx || typeof wx.config !== 'function') return;

  fetch('/wechat/jssdk?url=' + encodeURIComponent(location.href.split('#')[0]), { credentials: 'same-origin' })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (c) {
      if (!c) return;
      wx.config({ debug: false, appId: c.appId, timestamp: c.timestamp, nonceStr: c.nonceStr, signature: c.signature,
        jsApiList: ['chooseImage', 'uploadImage', 'scanQRCode'] });
      wx.ready(function () {
        document.querySelectorAll('[data-wx-photos],[data-wx-scan]').forEach(function (b) { b.hidden = false; });
      });
    })
    .catch(function () { /* no signature: the file input and typing still work */ });

  function photos(button) {
    var field = button.getAttribute('data-wx-photos');
    var hidden = document.getElementById(field + '-media');
    var count = document.getElementById(field + '-media-count');
    var max = parseInt(button.getAttribute('data-wx-max'), 10) || 1;
    var ids = hidden.value ? hidden.value.split(',') : [];
    if (ids.length >= max) return;
    wx.chooseImage({
      count: max - ids.length, sizeType: ['compressed'], sourceType: ['album', 'camera'],
      success: function (res) {
        var queue = res.localIds.slice();
        // One upload at a time: WeChat does not take concurrent uploadImage calls.
        (function next() {
          var localId = queue.shift();
          if (!localId) return;
          wx.uploadImage({
            localId: localId, isShowProgressTips: 1,
            success: function (r) {
              ids.push(r.serverId);
              hidden.value = ids.join(',');
              count.textContent = button.getAttribute('data-wx-count').replace('{0}', String(ids.length));
              next();
            }
          });
        })();
      }
    });
  }

  function scan(button) {
    var target = button.getAttribute('data-wx-scan');
    wx.scanQRCode({
      needResult: 1, scanType: ['qrCode', 'barCode'],
      success: function (res) {
        var text = res.resultStr || '';
        var link = null;
        try { link = new URL(text); } catch (e) { link = null; }
        if (link && link.origin === location.origin) { location.href = link.href; return; }
        var input = target ? document.getElementById(target) : null;
        if (input) { input.value = text.indexOf(',') > 0 && /_/.test(text.split(',')[0]) ? text.split(',')[1] : text; input.focus(); }
      }
    });
  }

  document.addEventListener('click', function (e) {
    var b = e.target.closest('[data-wx-photos],[data-wx-scan]');
    if (!b) return;
    e.preventDefault();
    if (b.hasAttribute('data-wx-photos')) photos(b); else scan(b);
  });
})();
