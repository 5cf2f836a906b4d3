// Draws the intake-by-channel chart of an Insight dashboard from the JSON block the server rendered; the table
// beside it holds the same numbers, so nothing is lost without JavaScript.
(function () {
  'use strict';
  var block = document.getElementById('insight-data');
  var el = document.getElementById('insight-channels');
  if (!block || !el || typeof echarts === 'undefined') return;
  var data = JSON.parse(block.textContent);
  if (!data.channels.length) { el.style.display = 'none'; return; }
  var still = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  var chart = echarts.init(el, null, { renderer: 'svg' });
  chart.setOption({
    animation: !still,
    color: ['#c8102e', '#1f6feb', '#2da44e', '#bf8700', '#8250df', '#57606a'],
    tooltip: { trigger: 'item' },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: data.channels, label: { formatter: '{b} {c}' } }]
  });
  window.addEventListener('resize', function () { chart.resize(); });
})();
