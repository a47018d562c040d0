// Fahrdienst: a little progressive enhancement. Every page works without
// this script; it only saves time: results as you type, and parts of a page
// that refresh themselves (the day board, a booking's state).
(function () {
  "use strict";

  function fetchInto(url, target) {
    return fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html !== null && target.innerHTML !== html) { target.innerHTML = html; }
      })
      .catch(function () { /* offline for a moment: keep what is shown */ });
  }

  // Search as you type: input[data-live] fills #data-target from a fragment.
  document.querySelectorAll("input[data-live]").forEach(function (input) {
    var target = document.getElementById(input.dataset.target);
    var timer = null;
    var last = input.value;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (input.value === last) { return; }
        last = input.value;
        fetchInto(input.dataset.live + "?q=" + encodeURIComponent(input.value), target);
      }, 150);
    });
    // Arrow down from the search box goes to the first result.
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        var first = target.querySelector("a");
        if (first) { e.preventDefault(); first.focus(); }
      }
    });
  });

  // Live parts: [data-poll] reloads from its URL every few seconds, but
  // never while the person works inside it.
  document.querySelectorAll("[data-poll]").forEach(function (el) {
    setInterval(function () {
      if (document.hidden || el.contains(document.activeElement)) { return; }
      fetchInto(el.dataset.poll, el);
    }, 3000);
  });
})();

// Address suggestions and maps live in their own files, loaded only on
// the pages that have them (see geo.js and map.js).
(function () {
  "use strict";
  function load(src, done) {
    var s = document.createElement("script");
    s.src = src;
    s.onload = done || null;
    document.head.appendChild(s);
  }
  if (document.querySelector("[data-geo]")) { load("/static/geo.js"); }
  if (document.querySelector("[data-map]")) {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    // The map is laid out by its stylesheet: draw it only once that is in.
    css.onload = function () { load("/static/leaflet/leaflet.js", function () { load("/static/map.js"); }); };
    css.href = "/static/leaflet/leaflet.css";
    document.head.appendChild(css);
  }
})();
