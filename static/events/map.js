/* Event markers for the folium maps built by events/maps.py.
 *
 * Every string that reaches the page (headline, actors, outlets, titles) is put in
 * with textContent or as an attribute value set through the DOM, never as HTML, so
 * markup and template syntax in reporting stay text. Links are only made for
 * http(s) URLs.
 */
(function () {
  "use strict";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function safeHref(url) {
    try {
      var parsed = new URL(url, window.location.href);
      return (parsed.protocol === "http:" || parsed.protocol === "https:") ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function row(label, value) {
    if (value === null || value === undefined || value === "") return null;
    return el("div", {"class": "em-row"}, [el("span", {"class": "em-label"}, [label + ": "]),
                                           el("span", {dir: "auto"}, [String(value)])]);
  }

  function popupContent(data, options) {
    var labels = options.labels || {};
    var sources = el("ul", {"class": "em-sources"}, (data.sources || []).map(function (src) {
      var title = src.title || src.url || "";
      var href = src.url ? safeHref(src.url) : null;
      var titleNode = href ? el("a", {href: href, target: "_blank", rel: "noopener noreferrer"}, [title])
                           : el("span", {}, [title]);
      titleNode.setAttribute("dir", "auto");
      return el("li", {}, [src.outlet ? el("span", {"class": "em-outlet", dir: "auto"}, [src.outlet + " — "]) : null,
                           titleNode]);
    }));
    var detail = el("a", {href: options.detailUrl.replace("{id}", String(data.id))},
                    [labels.details || "Event page"]);
    var actors = [data.actor1, data.actor2].filter(Boolean).join(" — ");
    return el("div", {"class": "em-popup"}, [
      el("strong", {dir: "auto"}, [data.headline]),
      row(labels.date || "Date", data.date_display),
      row(labels.type || "Type", data.event_type + " / " + data.sub_event_type),
      row(labels.actors || "Actors", actors),
      row(labels.fatalities || "Fatalities", data.fatalities === null ? (labels.unknown || "unknown") : data.fatalities),
      row(labels.place || "Place", data.place_display),
      el("div", {"class": "em-label"}, [(labels.sources || "Sources") + ":"]),
      sources,
      detail
    ]);
  }

  function loadPopup(marker, id, options) {
    var popup = marker.getPopup();
    fetch(options.apiUrl.replace("{id}", String(id)), {headers: {Accept: "application/json"}})
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) { popup.setContent(popupContent(data, options)); popup.update(); })
      .catch(function () { popup.setContent(el("div", {}, [(options.labels || {}).failed || "Could not load this event."])); });
  }

  function addEvents(map, options, rows) {
    var cluster = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false});
    var byId = {};
    var markers = rows.map(function (r) {
      var id = r[0], type = options.types[r[3]] || options.types[0], precision = r[4];
      var marker = L.circleMarker([r[1], r[2]], {
        radius: precision === 1 ? 7 : (precision === 2 ? 10 : 13),
        color: type[2], fillColor: type[2], weight: 2,
        fillOpacity: precision === 1 ? 0.85 : (precision === 2 ? 0.45 : 0.2),
        dashArray: precision === 1 ? null : "4 3",
        className: "em-marker em-precision-" + precision
      });
      marker.bindTooltip(el("span", {dir: "auto"}, [r[5]]));
      marker.bindPopup(el("div", {}, [(options.labels || {}).loading || "Loading…"]), {maxWidth: 340});
      marker.on("popupopen", function () { loadPopup(marker, id, options); });
      byId[id] = marker;
      return marker;
    });
    cluster.addLayers(markers);
    map.addLayer(cluster);
    if (options.fitBounds && markers.length) {
      map.fitBounds(cluster.getBounds(), {padding: [20, 20], maxZoom: 9});
    }
    var layer = {map: map, cluster: cluster, markers: byId,
                 focus: function (id) {
                   var marker = byId[id];
                   if (!marker) return;
                   cluster.zoomToShowLayer(marker, function () { marker.openPopup(); });
                 }};
    window.EventMap.layers.push(layer);
    return layer;
  }

  window.EventMap = {addEvents: addEvents, popupContent: popupContent, layers: []};

  // Clicking an event in the list beside the map brings the map to it.
  document.addEventListener("click", function (evt) {
    var target = evt.target.closest ? evt.target.closest("[data-event-id]") : null;
    if (!target || !window.EventMap.layers.length) return;
    evt.preventDefault();
    window.EventMap.layers[0].focus(Number(target.getAttribute("data-event-id")));
  });
})();
