// The programme report's bar chart: Koshi's arrivals beside the published figures (data from the page's JSON).
(function () {
  var d = JSON.parse(document.getElementById("report-data").textContent);
  var traces = [{type: "bar", name: d.koshi, x: d.regions, y: d.persons}];
  if (d.published.some(function (v) { return v !== null; })) {
    traces.push({type: "bar", name: d.pub, x: d.regions, y: d.published});
  }
  // numbers in the page's language: 1 250 in Kazakh and Russian, 1,250 in English
  var separators = document.documentElement.lang === "en" ? ".," : ",\u00a0";
  Plotly.newPlot("report-chart", traces, {barmode: "group", margin: {t: 10, b: 120}, separators: separators},
                 {responsive: true, displaylogo: false});
})();
