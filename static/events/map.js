/* The journalists' map: events drawn from compact data (events/maps.py).
 *
 * Every string that reaches the page (headline, actors, outlets, titles) is put
 * in with textContent or as an attribute value set through the DOM, never as
 * HTML, so markup and template syntax in reporting stay text. Links are only made
 * for http(s) URLs. One tooltip and one popup serve all markers, so 100,000
 * events cost 100,000 small canvas markers and nothing more.
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
    var detail = el("a", {href: options.detailUrl.replace("{id}", String(data.id)), "class": "em-detail"},
                    [labels.details || "Event page"]);
    var actors = [data.actor1, data.actor2].filter(Boolean).join(" — ");
    return el("div", {"class": "em-popup"}, [
      el("strong", {dir: "auto", "class": "em-headline"}, [data.headline]),
      row(labels.date || "Date", data.date_display),
      row(labels.type || "Type", (data.event_type_display || data.event_type) + " / " +
                                 (data.sub_event_type_display || data.sub_event_type)),
      row(labels.actors || "Actors", actors),
      row(labels.fatalities || "Fatalities", data.fatalities === null ? (labels.unknown || "unknown") : data.fatalities),
      row(labels.place || "Place", data.place_display),
      el("div", {"class": "em-label"}, [(labels.sources || "Sources") + ":"]),
      sources,
      detail
    ]);
  }

  /* The columnar payload of events/maps.py:encode_rows, as arrays. */
  function decode(data) {
    var n = data.count, ids = new Array(n), lat = new Float64Array(n), lon = new Float64Array(n);
    var pk = 0;
    for (var i = 0; i < n; i++) {
      pk += data.ids[i];
      ids[i] = pk;
      lat[i] = data.lat[i] / data.scale;
      lon[i] = data.lon[i] / data.scale;
    }
    return {n: n, ids: ids, lat: lat, lon: lon, days: data.days, types: data.types,
            precisions: data.precisions, firstDay: new Date(data.firstDay + "T00:00:00Z")};
  }

  function dayLabel(events, day) {
    var date = new Date(events.firstDay.getTime() + day * 86400000);
    return date.toISOString().slice(0, 10);
  }

  var FOCUS_ZOOM = 11;  // a town and its surroundings
  var STYLE = {1: {radius: 6, fillOpacity: 0.85, dashArray: null},
               2: {radius: 9, fillOpacity: 0.45, dashArray: "4 3"},
               3: {radius: 12, fillOpacity: 0.2, dashArray: "2 4"}};

  function makeMarkers(events, options, renderer) {
    var markers = new Array(events.n), types = options.legend.types;
    for (var i = 0; i < events.n; i++) {
      var type = types[+events.types[i]] || types[0], precision = +events.precisions[i], style = STYLE[precision] || STYLE[1];
      var marker = L.circleMarker([events.lat[i], events.lon[i]], {
        renderer: renderer, radius: style.radius, color: type[1], fillColor: type[1], weight: 2,
        fillOpacity: style.fillOpacity, dashArray: style.dashArray
      });
      marker.eventIndex = i;
      markers[i] = marker;
    }
    return markers;
  }

  function legendControl(options) {
    var control = L.control({position: "bottomright"});
    control.onAdd = function () {
      var box = el("div", {"class": "em-legend leaflet-bar"}, [el("strong", {}, [options.labels.legend || "Legend"])]);
      options.legend.types.forEach(function (type) {
        var swatch = el("span", {"class": "em-swatch"});
        swatch.style.backgroundColor = type[1];
        box.appendChild(el("div", {}, [swatch, type[0]]));
      });
      box.appendChild(el("strong", {}, [options.labels.precision || "Geo precision"]));
      options.legend.precisions.forEach(function (p) {
        box.appendChild(el("div", {}, [el("span", {"class": "em-ring em-ring-" + p[0]}), p[1]]));
      });
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return control;
  }

  function fullscreenControl(map, options) {
    var control = L.control({position: "topleft"});
    control.onAdd = function () {
      var button = el("button", {type: "button", "class": "em-fullscreen leaflet-bar",
                                 title: options.labels.fullscreen || "Full screen",
                                 "aria-label": options.labels.fullscreen || "Full screen"}, ["⛶"]);
      L.DomEvent.on(button, "click", function (evt) {
        L.DomEvent.stop(evt);
        var box = map.getContainer();
        if (document.fullscreenElement) {
          document.exitFullscreen();
        } else if (box.requestFullscreen) {
          box.requestFullscreen().catch(function () { box.classList.toggle("em-fullscreen-fallback"); map.invalidateSize(); });
        } else {
          box.classList.toggle("em-fullscreen-fallback");
          map.invalidateSize();
        }
      });
      document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });
      return button;
    };
    return control;
  }

  /* A slider over the filtered period: events up to the chosen day are shown;
   * Play advances through the period. */
  function timeControl(layer, options) {
    var events = layer.events, last = 0;
    for (var i = 0; i < events.n; i++) if (events.days[i] > last) last = events.days[i];
    var control = L.control({position: "bottomleft"});
    control.onAdd = function () {
      var slider = el("input", {type: "range", min: "0", max: String(last), value: String(last), step: "1",
                                "aria-label": options.labels.period || "Period", "class": "em-slider"});
      var label = el("span", {"class": "em-period"}, []);
      var play = el("button", {type: "button", "class": "em-play"}, [options.labels.play || "Play"]);
      var box = el("div", {"class": "em-time leaflet-bar"}, [play, slider, label]);
      var timer = null;
      function show(day) {
        slider.value = String(day);
        label.textContent = dayLabel(events, 0) + " – " + dayLabel(events, day) + " (" + layer.showUntil(day) + " " + (options.labels.shown || "shown") + ")";
      }
      slider.addEventListener("input", function () { show(+slider.value); });
      play.addEventListener("click", function () {
        if (timer) { clearInterval(timer); timer = null; play.textContent = options.labels.play || "Play"; return; }
        var step = Math.max(1, Math.ceil(last / 60)), day = 0;
        play.textContent = options.labels.pause || "Pause";
        show(0);
        timer = setInterval(function () {
          day = Math.min(last, day + step);
          show(day);
          if (day >= last) { clearInterval(timer); timer = null; play.textContent = options.labels.play || "Play"; }
        }, 400);
      });
      L.DomEvent.disableClickPropagation(box);
      show(last);
      return box;
    };
    return control;
  }

  function addEvents(map, options) {
    var renderer = L.canvas({padding: 0.5});
    var loaded = null;  // called once chunked loading has added every marker
    var cluster = L.markerClusterGroup({
      chunkedLoading: true, showCoverageOnHover: false, spiderfyOnMaxZoom: true,
      removeOutsideVisibleBounds: true, chunkInterval: 1000, chunkDelay: 10,
      // Clusters are computed for every zoom level up to this one; beyond it a
      // town-level view shows its events one by one. Fewer levels: 100,000
      // events cluster in about half the time.
      disableClusteringAtZoom: FOCUS_ZOOM,
      chunkProgress: function (processed, total) {
        if (processed === total && loaded) { var done = loaded; loaded = null; done(); }
      }
    });
    var heat = window.EventHeat ? window.EventHeat.layer() : null;
    var layer = {map: map, cluster: cluster, heat: heat, events: null, markers: [], byId: {}, shownUntil: null, ready: false};
    var popup = L.popup({maxWidth: 340}), tooltip = L.tooltip({direction: "top", offset: [0, -6]});

    if (options.bounds) {
      map.fitBounds(options.bounds, {padding: [20, 20], maxZoom: options.focusId ? 8 : 9});
    }
    map.addLayer(cluster);
    var overlays = {};
    overlays[options.labels.events || "Events"] = cluster;
    if (heat) overlays[options.labels.heatmap || "Heatmap"] = heat;
    L.control.layers(null, overlays, {collapsed: false}).addTo(map);
    legendControl(options).addTo(map);
    fullscreenControl(map, options).addTo(map);

    function openPopup(marker) {
      var i = marker.eventIndex, id = layer.events.ids[i];
      popup.setLatLng(marker.getLatLng()).setContent(el("div", {}, [options.labels.loading || "Loading…"])).openOn(map);
      fetch(options.apiUrl.replace("{id}", String(id)), {headers: {Accept: "application/json"}})
        .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
        .then(function (data) { popup.setContent(popupContent(data, options)); popup.update(); })
        .catch(function () { popup.setContent(el("div", {}, [options.labels.failed || "Could not load this event."])); });
    }

    cluster.on("click", function (evt) { openPopup(evt.layer); });
    cluster.on("mouseover", function (evt) {
      var i = evt.layer.eventIndex, type = options.legend.types[+layer.events.types[i]];
      tooltip.setLatLng(evt.layer.getLatLng()).setContent(el("span", {}, [type[0] + " · " + dayLabel(layer.events, layer.events.days[i])]));
      map.openTooltip(tooltip);
    });
    cluster.on("mouseout", function () { map.closeTooltip(tooltip); });

    layer.showUntil = function (day) {
      var shown = [], points = [];
      for (var i = 0; i < layer.events.n; i++) {
        if (layer.events.days[i] <= day) { shown.push(layer.markers[i]); points.push([layer.events.lat[i], layer.events.lon[i]]); }
      }
      cluster.clearLayers();
      cluster.addLayers(shown);
      if (heat) heat.setPoints(points);
      layer.shownUntil = day;
      return shown.length;
    };
    layer.focus = function (id) {
      // markercluster's zoomToShowLayer only knows icon markers; ours are canvas
      // circles, so zoom in on the point and anchor the popup there.
      var marker = layer.byId[id];
      if (!marker) return;
      map.once("moveend", function () { openPopup(marker); });
      map.setView(marker.getLatLng(), Math.max(map.getZoom(), FOCUS_ZOOM), {animate: false});
    };

    fetch(options.dataUrl, {headers: {Accept: "application/json"}})
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (data) {
        layer.events = decode(data);
        layer.markers = makeMarkers(layer.events, options, renderer);
        for (var i = 0; i < layer.events.n; i++) layer.byId[layer.events.ids[i]] = layer.markers[i];
        var points = [];
        for (var j = 0; j < layer.events.n; j++) points.push([layer.events.lat[j], layer.events.lon[j]]);
        if (heat) heat.setPoints(points);
        loaded = function () {
          if (layer.events.n) timeControl(layer, options).addTo(map);
          layer.ready = true;
          map.getContainer().setAttribute("data-events-ready", String(layer.events.n));
          if (options.focusId) layer.focus(options.focusId);
        };
        if (layer.events.n) {
          cluster.addLayers(layer.markers, true);
        } else {
          loaded();
        }
      })
      .catch(function () {
        map.getContainer().setAttribute("data-events-ready", "error");
        var box = el("div", {"class": "em-error", role: "alert"}, [options.labels.dataFailed || "The events could not be loaded."]);
        map.getContainer().appendChild(box);
      });

    window.EventMap.layers.push(layer);
    return layer;
  }

  window.EventMap = {addEvents: addEvents, popupContent: popupContent, decode: decode, layers: []};

  // Clicking an event in the list beside the map brings the map to it.
  document.addEventListener("click", function (evt) {
    var target = evt.target.closest ? evt.target.closest("[data-event-id]") : null;
    if (!target || !window.EventMap.layers.length || !window.EventMap.layers[0].ready) return;
    evt.preventDefault();
    window.EventMap.layers[0].focus(Number(target.getAttribute("data-event-id")));
  });
})();
