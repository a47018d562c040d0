// Fahrdienst: the maps, drawn with Leaflet (served by this server). A pick
// map sets the coordinates field of its form on a click; the routes map
// draws each driver's stops of the day in order. Both only help: the form
// takes typed coordinates and the board lists every stop.
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }

  function base(el) {
    var c = (el.dataset.center || "51.16,10.45").split(",");
    el.innerHTML = "";
    var map = L.map(el).setView([+c[0], +c[1]], +(el.dataset.zoom || 13));
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
    return map;
  }

  function parse(v) {
    var p = (v || "").split(/[ ,]+/).filter(Boolean);
    if (p.length !== 2) { return null; }
    var lat = parseFloat(p[0]), lon = parseFloat(p[1]);
    return isFinite(lat) && isFinite(lon) ? [lat, lon] : null;
  }

  function pickMap(el) {
    var input = document.getElementById(el.dataset.coords);
    if (!input) { return; }
    var map = base(el);
    var marker = null;
    function show(ll, zoom) {
      if (!ll) { return; }
      if (marker) { marker.setLatLng(ll); } else { marker = L.marker(ll, { title: el.dataset.label || "" }).addTo(map); }
      map.setView(ll, zoom ? 17 : map.getZoom());
    }
    show(parse(input.value), true);
    map.on("click", function (e) {
      input.value = e.latlng.lat.toFixed(6) + ", " + e.latlng.lng.toFixed(6);
      show([e.latlng.lat, e.latlng.lng], false);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    input.addEventListener("change", function () { show(parse(input.value), true); });
  }

  function routesMap(el) {
    var routes = [];
    try { routes = JSON.parse(el.dataset.routes || "[]"); } catch (e) { return; }
    var map = base(el);
    var all = [];
    routes.forEach(function (r) {
      var line = r.stops.map(function (s) { return [s.lat, s.lon]; });
      all = all.concat(line);
      if (line.length > 1) { L.polyline(line, { color: r.color, weight: 4, opacity: 0.8 }).addTo(map); }
      r.stops.forEach(function (s, i) {
        var m = L.circleMarker([s.lat, s.lon], { radius: 6, color: r.color, fillOpacity: 0.9 }).addTo(map);
        var tip = document.createElement("span");
        tip.textContent = r.name + " · " + (i + 1) + ". " + s.label;
        m.bindTooltip(tip);
      });
    });
    if (all.length) { map.fitBounds(all, { padding: [20, 20], animate: false }); }
  }

  document.querySelectorAll("[data-map=pick]").forEach(pickMap);
  document.querySelectorAll("[data-map=routes]").forEach(routesMap);
})();
