// Draws one step chart per parameter from the JSON the page embeds (no inline script, no CDN).
(function () {
  var node = document.getElementById("law-chart-data");
  if (!node || !window.Plotly) { return; }
  var charts = JSON.parse(node.textContent);
  Object.keys(charts).forEach(function (id) {
    var c = charts[id];
    var target = document.getElementById(id);
    if (!target) { return; }
    var y = c.y.map(function (v) { return v === true ? 1 : (v === false ? 0 : v); });
    window.Plotly.newPlot(target, [{x: c.x, y: y, type: "scatter", mode: "lines+markers", line: {shape: "hv"}}],
      {margin: {l: 70, r: 10, t: 10, b: 30}, yaxis: {title: c.unit, rangemode: "tozero"}, xaxis: {type: "date"}},
      {displaylogo: false, responsive: true});
  });
})();
