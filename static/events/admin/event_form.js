/* The event form's place picker: a search box over the configured geocoder, and a
   Leaflet map whose marker the editor clicks or drags to set latitude/longitude.
   Settings come from the data-* attributes of .map-picker (no inline script). */
(function () {
  "use strict";

  var DECIMALS = 100000;

  function round(x) { return Math.round(x * DECIMALS) / DECIMALS; }

  function init(root) {
    var latInput = document.getElementById(root.dataset.latInput);
    var lonInput = document.getElementById(root.dataset.lonInput);
    var locationInput = document.getElementById(root.dataset.locationInput);
    var countryInput = document.getElementById(root.dataset.countryInput);
    var searchInput = root.querySelector("input[type=search]");
    var results = root.querySelector(".map-picker-results");
    var map = L.map(root.querySelector(".map-picker-map"), { worldCopyJump: true });
    var marker = null;

    L.tileLayer(root.dataset.tilesUrl, { attribution: root.dataset.attribution, maxZoom: 18 }).addTo(map);

    function typedPoint() {
      var lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
      if (!isFinite(lat) || !isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) { return null; }
      return L.latLng(lat, lon);
    }

    function write(latlng) {
      latlng = latlng.wrap();
      latInput.value = round(latlng.lat);
      lonInput.value = round(latlng.lng);
    }

    function show(latlng, zoom) {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, keyboard: true }).addTo(map);
        marker.on("dragend", function () { write(marker.getLatLng()); });
      } else {
        marker.setLatLng(latlng);
      }
      if (zoom) { map.setView(latlng, zoom); }
    }

    map.on("click", function (e) { show(e.latlng); write(e.latlng); });
    [latInput, lonInput].forEach(function (input) {
      input.addEventListener("change", function () {
        var point = typedPoint();
        if (point) { show(point, map.getZoom()); }
      });
    });

    function message(text) {
      var li = document.createElement("li");
      li.textContent = text;
      results.replaceChildren(li);
    }

    function choose(candidate) {
      var latlng = L.latLng(candidate.lat, candidate.lon);
      show(latlng, 9);
      write(latlng);
      if (locationInput && candidate.name) { locationInput.value = candidate.name; }
      if (countryInput && candidate.country) { countryInput.value = candidate.country; }
      results.replaceChildren();
    }

    function offer(data) {
      if (data.error) { message(data.error); return; }
      if (!data.candidates.length) { message(root.dataset.emptyLabel); return; }
      results.replaceChildren();
      data.candidates.forEach(function (candidate) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button map-picker-candidate";
        button.textContent = candidate.name + " — " + (candidate.country_name || candidate.country || "?") +
          (candidate.feature ? " (" + candidate.feature + ")" : "");
        button.dataset.lat = candidate.lat;
        button.dataset.lon = candidate.lon;
        button.addEventListener("click", function () { choose(candidate); });
        li.appendChild(button);
        results.appendChild(li);
      });
    }

    function search() {
      var query = searchInput.value.trim();
      if (!query) { return; }
      message(root.dataset.loadingLabel);
      fetch(root.dataset.searchUrl + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin", headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.json(); })
        .then(offer)
        .catch(function () { message(root.dataset.errorLabel); });
    }

    root.querySelector(".map-picker-find").addEventListener("click", search);
    searchInput.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); search(); }  // not the admin form's submit
    });

    var start = typedPoint();
    if (start) { show(start, 8); } else { map.setView([28, 15], 3); }
  }

  function ready() { document.querySelectorAll(".map-picker").forEach(init); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
