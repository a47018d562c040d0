// Fahrdienst: address suggestions. The form works without this script
// (the "find address" button searches on the server and shows the same
// list); with it, the list comes as one types (where the geocoder allows
// it) or on the button without leaving the form, and choosing an address
// fills the coordinates at once.
(function () {
  "use strict";
  document.querySelectorAll("[data-geo]").forEach(function (box) {
    var form = box.closest("form");
    var results = box.querySelector(".geo-results");
    var coords = box.querySelector("input[name=coords]");
    var field = function (name) { return form.querySelector("input[name=" + name + "]"); };
    var timer = null;
    var last = "";

    function query() {
      var q = ["street", "postal_code", "city"].map(function (n) {
        var f = field(n);
        return n + "=" + encodeURIComponent(f ? f.value.trim() : "");
      });
      return q.join("&");
    }
    function search(force) {
      var street = field("street"), city = field("city");
      if (!street || !city || !street.value.trim() || !city.value.trim()) { return; }
      var q = query();
      if (q === last && !force) { return; }
      last = q;
      fetch(box.dataset.geo + "?" + q, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html !== null) { results.innerHTML = html; } })
        .catch(function () { /* the map stays */ });
    }
    if (box.hasAttribute("data-geo-live")) {
      ["street", "postal_code", "city"].forEach(function (n) {
        var f = field(n);
        if (!f) { return; }
        f.addEventListener("input", function () {
          clearTimeout(timer);
          timer = setTimeout(function () { search(false); }, 600);
        });
      });
    }
    var button = box.querySelector("[data-geo-search]");
    if (button) {
      button.addEventListener("click", function (e) { e.preventDefault(); search(true); });
    }
    // Choosing a suggestion fills the coordinates (and an empty postcode);
    // the map shows the point.
    results.addEventListener("change", function (e) {
      var pick = e.target;
      if (pick.name !== "geo_pick") { return; }
      coords.value = pick.value;
      var postal = field("postal_code");
      if (postal && !postal.value.trim() && pick.dataset.postal) { postal.value = pick.dataset.postal; }
      coords.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });
})();
