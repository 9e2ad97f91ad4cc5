// A new year redraws the page (no inline handler: the Content-Security-Policy allows none).
document.querySelectorAll("[data-submit-on-change]").forEach(function (el) {
  el.addEventListener("change", function () { el.form.submit(); });
});
// Draw the regions choropleth from the page's JSON data and the locally served GeoJSON (no other host).
(function () {
  var script = document.getElementById("geo-map-script");
  var data = JSON.parse(document.getElementById("geo-map-data").textContent);
  var hasValues = data.z.some(function (v) { return v !== null; });
  // A colour scale needs two different values: one region alone would get a scale of 3,019.6 ... 3,020.4.
  var distinct = data.z.filter(function (v, i, all) { return v !== null && all.indexOf(v) === i; }).length;
  // Numbers in the page's language: 1 250 000 in Kazakh and Russian, 1,250,000 in English (counts: no decimals).
  var separators = document.documentElement.lang === "en" ? ".," : ",\u00a0";
  fetch(script.dataset.shapes, {credentials: "same-origin"})
    .then(function (r) { return r.json(); })
    .then(function (geojson) {
      var trace = {
        type: "choropleth",
        geojson: geojson,
        featureidkey: "id",
        locations: data.locations,
        z: data.z.map(function (v) { return v === null ? 0 : v; }),
        text: data.names,
        hovertemplate: "%{text}<br>" + script.dataset.label + ": %{z:,}<extra></extra>",
        colorscale: "YlGnBu",
        reversescale: true,
        showscale: hasValues && distinct > 1,
        colorbar: {tickformat: ",d"},
        marker: {line: {color: "#ffffff", width: 0.8}}
      };
      // The regions the data does not name are drawn grey beneath, so the country is whole (a quota map names
      // only the receiving regions; an officer's map only their own).
      var named = {};
      data.locations.forEach(function (code) { named[code] = true; });
      var rest = geojson.features.filter(function (f) { return !named[f.id]; });
      var traces = [trace];
      if (rest.length) {
        traces.unshift({
          type: "choropleth", geojson: geojson, featureidkey: "id",
          locations: rest.map(function (f) { return f.id; }),
          z: rest.map(function () { return 0; }),
          text: rest.map(function (f) { return f.properties.name || f.id; }),
          hovertemplate: "%{text}<br>" + (script.dataset.none || "—") + "<extra></extra>",
          colorscale: [[0, "#e5e7eb"], [1, "#e5e7eb"]], showscale: false,
          marker: {line: {color: "#ffffff", width: 0.8}}
        });
      }
      var layout = {
        geo: {fitbounds: "locations", visible: false, projection: {type: "mercator"}},
        margin: {l: 0, r: 0, t: 0, b: 0},
        separators: separators
      };
      // No base map is drawn (geo.visible is false), but plotly.js still asks for its world topojson, by
      // default from a CDN: hand it an empty one, so that no request leaves this host.
      var empty = {type: "GeometryCollection", geometries: []};
      window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};
      window.PlotlyGeoAssets.topojson.world_110m = {
        type: "Topology", arcs: [],
        objects: {coastlines: empty, land: empty, ocean: empty, lakes: empty, rivers: empty, countries: empty, subunits: empty}
      };
      Plotly.newPlot("geo-map", traces, layout, {responsive: true, displaylogo: false, topojsonURL: "/static/geo/topojson/"});
    });
})();
