// Draws the charts of /cases/metrics from the JSON block the server rendered into the page. The tables on the
// page carry the same numbers, so without JavaScript (or with a screen reader) nothing is missing.
(function () {
  'use strict';
  var block = document.getElementById('metrics-data');
  if (!block || typeof echarts === 'undefined') return;
  var data = JSON.parse(block.textContent);
  var colors = ['#c8102e', '#1f6feb', '#2da44e'];
  var still = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  var percent = function (v) { return v === null || v === undefined ? data.noData : v + '%'; };
  var drawn = [];

  function bar(chart) {
    // Groups down the side: long names and many groups still read on a phone.
    return {
      yAxis: { type: 'category', data: chart.labels, inverse: true, axisLabel: { width: 96, overflow: 'truncate' } },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: chart.series.map(function (s) {
        return { name: s.name, type: 'bar', data: s.values, barMaxWidth: 14, label: { show: true, position: 'right', fontSize: 10, formatter: function (p) { return p.value === null ? '' : p.value + '%'; } } };
      })
    };
  }

  function line(chart) {
    return {
      xAxis: { type: 'category', data: chart.labels, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: chart.series.map(function (s) {
        return { name: s.name, type: 'line', data: s.values, connectNulls: false, symbolSize: 6 };
      })
    };
  }

  data.charts.forEach(function (chart) {
    var el = document.getElementById(chart.id);
    if (!el || chart.labels.length === 0) return;
    if (chart.kind === 'bar') el.style.height = Math.max(220, chart.labels.length * 64 + 70) + 'px';
    var option = chart.kind === 'bar' ? bar(chart) : line(chart);
    option.color = colors;
    option.animation = !still;
    option.legend = { top: 0 };
    option.grid = { top: 36, left: 8, right: 36, bottom: 8, containLabel: true };
    option.tooltip = { trigger: 'axis', valueFormatter: percent };
    var instance = echarts.init(el, null, { renderer: 'svg' });
    instance.setOption(option);
    drawn.push(instance);
  });

  var pending = 0;
  window.addEventListener('resize', function () {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(function () { drawn.forEach(function (c) { c.resize(); }); });
  });
})();
