/* Draws the survey charts from the figures embedded in the page (plotly.js is served locally). */
document.querySelectorAll("[data-chart]").forEach(function (el) {
  var fig = JSON.parse(JSON.parse(document.getElementById(el.getAttribute("data-chart") + "-data").textContent));
  Plotly.newPlot(el, fig.data, fig.layout, {responsive: true, displaylogo: false});
});
