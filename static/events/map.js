/* The journalists' map: clusters aggregated on the server (events/public/grid.py).
 *
 * The map asks for the blocks of grid cells that cover the view at its zoom
 * (/map/blocks/{z}/{x}/{y}.json with the page's filters); a block is cached here
 * and by HTTP (ETag), so panning back costs nothing. A cell holding one event is
 * a coloured circle (type and geo precision, as in the legend); a cluster shows
 * its exact count: a click zooms to its extent, or, when its events share one
 * point or the map cannot zoom further, lists them a page at a time.
 *
 * Every string that reaches the page (headline, actors, outlets, titles) is put
 * in with textContent or as an attribute value set through the DOM, never as
 * HTML, so markup and template syntax in reporting stay text. Links are only made
 * for http(s) URLs.
 */
(function () {
  "use strict";

  var UNITS = Math.pow(2, 24) / 360;   // grid units per degree (events/models/mapdata.py)
  var BLOCK_CELLS = 16;
  var FOCUS_ZOOM = 13;
  var SVG = "http://www.w3.org/2000/svg";
  var STYLE = {1: {radius: 6, fillOpacity: 0.85, dashArray: null},
               2: {radius: 9, fillOpacity: 0.45, dashArray: "4 3"},
               3: {radius: 12, fillOpacity: 0.2, dashArray: "2 4"}};

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

  function getJSON(url) {
    return fetch(url, {headers: {Accept: "application/json"}}).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    });
  }

  /* A block is worth a second try: a busy server or a dropped connection should not
   * leave a hole in the map. */
  function getJSONRetrying(url, retries) {
    return getJSON(url).catch(function (error) {
      if (retries <= 0 || String(error.message).charAt(0) === "4") throw error;
      return new Promise(function (resolve) { setTimeout(resolve, 300); })
        .then(function () { return getJSONRetrying(url, retries - 1); });
    });
  }

  function row(label, value) {
    if (value === null || value === undefined || value === "") return null;
    return el("div", {"class": "em-row"}, [el("span", {"class": "em-label"}, [label + ": "]),
                                           el("bdi", {}, [String(value)])]);
  }

  function popupContent(data, options) {
    var labels = options.labels || {};
    var sources = el("ul", {"class": "em-sources"}, (data.sources || []).map(function (src) {
      var title = src.title || src.url || "";
      var href = src.url ? safeHref(src.url) : null;
      var titleNode = href ? el("a", {href: href, target: "_blank", rel: "noopener noreferrer"}, [el("bdi", {}, [title])])
                           : el("bdi", {}, [title]);
      // Outlet and title each isolated, so an Arabic outlet and a French title keep their order.
      return el("li", {}, [src.outlet ? el("bdi", {"class": "em-outlet"}, [src.outlet]) : null,
                           src.outlet ? " — " : null, titleNode]);
    }));
    var detail = el("a", {href: options.urls.detail.replace("{id}", String(data.id)), "class": "em-detail"},
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

  function svgIcon() {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("d", "M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5");
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", "2");
    svg.appendChild(path);
    return svg;
  }

  function legendControl(map, options) {
    var control = L.control({position: "bottomright"});
    control.onAdd = function () {
      var labels = options.labels;
      var body = el("div", {"class": "em-legend-body", id: "em-legend-body"}, []);
      options.legend.types.forEach(function (type) {
        var swatch = el("span", {"class": "em-swatch"});
        swatch.style.backgroundColor = type[1];
        body.appendChild(el("div", {}, [swatch, type[0]]));
      });
      body.appendChild(el("strong", {}, [labels.precision || "Geo precision"]));
      options.legend.precisions.forEach(function (p) {
        body.appendChild(el("div", {}, [el("span", {"class": "em-ring em-ring-" + p[0]}), p[1]]));
      });
      var toggle = el("button", {type: "button", "class": "em-legend-toggle", "aria-controls": "em-legend-body"}, []);
      var box = el("div", {"class": "em-legend leaflet-bar"}, [toggle, body]);
      function setOpen(open) {
        box.classList.toggle("em-collapsed", !open);
        toggle.setAttribute("aria-expanded", String(open));
        toggle.textContent = open ? "× " + (labels.legend || "Legend") : (labels.showLegend || "Legend");
        toggle.title = open ? (labels.hideLegend || "Hide the legend") : (labels.showLegend || "Legend");
      }
      // A small map (an embed in an article) starts with the legend folded away.
      var size = map.getSize();
      setOpen(size.x >= 600 && size.y >= 420);
      toggle.addEventListener("click", function () { setOpen(box.classList.contains("em-collapsed")); });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    return control;
  }

  function fullscreenControl(map, options) {
    var control = L.control({position: "topleft"});
    control.onAdd = function () {
      var label = options.labels.fullscreen || "Full screen";
      var button = el("button", {type: "button", "class": "em-fullscreen leaflet-bar", title: label, "aria-label": label}, []);
      button.appendChild(svgIcon());
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

  function monthEnd(period) {  // "2015-03" -> "2015-03-31"
    var parts = period.split("-"), last = new Date(Date.UTC(+parts[0], +parts[1], 0));
    return last.toISOString().slice(0, 10);
  }

  /* A slider over the filtered period, from the per-month counts of the summary:
   * the map shows the events up to the chosen month; Play advances through them. */
  function timeControl(layer, options) {
    var periods = options.periods, cumulative = [], total = 0;
    periods.forEach(function (p) { total += p[1]; cumulative.push(total); });
    var lastIndex = periods.length - 1;
    var control = L.control({position: "bottomleft"});
    control.onAdd = function () {
      var labels = options.labels;
      var slider = el("input", {type: "range", min: "0", max: String(lastIndex), value: String(lastIndex), step: "1",
                                "aria-label": labels.period || "Period", "class": "em-slider"});
      var label = el("span", {"class": "em-period"}, []);
      var play = el("button", {type: "button", "class": "em-play"}, [labels.play || "Play"]);
      var box = el("div", {"class": "em-time leaflet-bar"}, [play, slider, label]);
      var timer = null, pending = null;
      function show(index, immediate) {
        slider.value = String(index);
        label.textContent = periods[0][0] + " – " + periods[index][0] + " (" + cumulative[index] + " " + (labels.shown || "shown") + ")";
        var until = index === lastIndex ? null : monthEnd(periods[index][0]);
        clearTimeout(pending);
        if (immediate) layer.setUntil(until);
        else pending = setTimeout(function () { layer.setUntil(until); }, 250);
      }
      layer.shownCount = function () { return cumulative[+slider.value]; };
      slider.addEventListener("input", function () { show(+slider.value, false); });
      play.addEventListener("click", function () {
        if (timer) { clearInterval(timer); timer = null; play.textContent = labels.play || "Play"; return; }
        var step = Math.max(1, Math.ceil(lastIndex / 40)), index = 0;
        play.textContent = labels.pause || "Pause";
        show(0, true);
        timer = setInterval(function () {
          index = Math.min(lastIndex, index + step);
          show(index, true);
          if (index >= lastIndex) { clearInterval(timer); timer = null; play.textContent = labels.play || "Play"; }
        }, 700);
      });
      L.DomEvent.disableClickPropagation(box);
      label.textContent = periods[0][0] + " – " + periods[lastIndex][0] + " (" + total + " " + (labels.shown || "shown") + ")";
      return box;
    };
    return control;
  }

  function clusterIcon(count) {
    var size = count < 10 ? "small" : count < 1000 ? "medium" : "large";
    var text = count < 10000 ? String(count) : Math.round(count / 1000) + "k";
    var inner = el("div", {}, [el("span", {}, [text])]);
    return L.divIcon({html: inner, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40)});
  }

  var ICON_PX = 40;  // a cluster icon's width and height (clusterIcon)

  /* A cell's extent as [south, west, north, east]: a cluster's own, a single event's point. */
  function extent(cell) {
    return cell[2] > 1 ? [cell[4], cell[5], cell[6], cell[7]] : [cell[0], cell[1], cell[0], cell[1]];
  }

  /* Grid cells are a quarter tile (64 px) wide and a cluster sits at its events'
   * centroid, so the icons of two neighbouring cells whose events lie near their
   * common edge cover each other. Those are drawn as one cluster: counts add up (they
   * stay exact), its point is the weighted centroid, and a click zooms to both
   * extents. Not at the last zoom, where a cluster's click lists its own cell's
   * events; two single events are never merged (they are dots, not icons). */
  function mergeOverlapping(map, z, cells, maxZoom) {
    if (z >= maxZoom) return cells;
    var kept = [];
    cells.forEach(function (cell) {
      var point = map.project([cell[0], cell[1]], z);
      for (var i = 0; i < kept.length; i++) {
        var other = kept[i];
        if ((other.cell[2] > 1 || cell[2] > 1) && Math.abs(other.point.x - point.x) < ICON_PX &&
            Math.abs(other.point.y - point.y) < ICON_PX) {
          var a = extent(other.cell), b = extent(cell), n = other.cell[2] + cell[2];
          var lat = (other.cell[0] * other.cell[2] + cell[0] * cell[2]) / n;
          var lon = (other.cell[1] * other.cell[2] + cell[1] * cell[2]) / n;
          other.cell = [lat, lon, n, false, Math.min(a[0], b[0]), Math.min(a[1], b[1]),
                        Math.max(a[2], b[2]), Math.max(a[3], b[3])];
          other.point = map.project([lat, lon], z);
          return;
        }
      }
      kept.push({cell: cell, point: point});
    });
    return kept.map(function (entry) { return entry.cell; });
  }

  function addEvents(map, options) {
    var labels = options.labels;
    // The page's map element carries the filtered summary (count, bounds, per-month counts).
    var summary = map.getContainer().getAttribute("data-summary");
    if (summary) {
      summary = JSON.parse(summary);
      options.count = summary.count;
      options.bounds = summary.bounds;
      options.periods = summary.periods;
    }
    var renderer = L.canvas({padding: 0.3});
    var markers = L.layerGroup().addTo(map);
    var heat = (L.heatLayer ? L.heatLayer([], {radius: 25, blur: 18, minOpacity: 0.25}) : null);
    var layer = {map: map, markers: markers, heat: heat, cache: {}, until: null, ready: false, generation: 0,
                 cells: []};
    var popup = L.popup({maxWidth: 340}), tooltip = L.tooltip({direction: "top", offset: [0, -6]});
    var container = map.getContainer();

    var overlays = {};
    overlays[labels.events || "Events"] = markers;
    if (heat) overlays[labels.heatmap || "Heatmap"] = heat;
    L.control.layers(null, overlays, {collapsed: false}).addTo(map);
    legendControl(map, options).addTo(map);
    fullscreenControl(map, options).addTo(map);
    if (options.periods && options.periods.length > 1) timeControl(layer, options).addTo(map);

    function blockUrl(z, x, y) {
      var url = options.urls.blocks.replace("{z}", z).replace("{x}", x).replace("{y}", y);
      return layer.until ? url + (url.indexOf("?") < 0 ? "?" : "&") + "until=" + layer.until : url;
    }

    function cellUrl(z, x, y, page) {
      var url = options.urls.cell.replace("{z}", z).replace("{x}", x).replace("{y}", y);
      url += (url.indexOf("?") < 0 ? "?" : "&") + "page=" + page;
      return layer.until ? url + "&until=" + layer.until : url;
    }

    function visibleBlocks() {
      var z = Math.round(map.getZoom()), bounds = map.getBounds();
      var size = Math.pow(2, 22 - z) * BLOCK_CELLS, side = Math.max(1, Math.pow(2, z - 2));
      function clamp(v) { return Math.max(0, Math.min(side - 1, v)); }
      var west = Math.max(-180, bounds.getWest()), east = Math.min(180, bounds.getEast());
      var north = Math.min(90, bounds.getNorth()), south = Math.max(-90, bounds.getSouth());
      var x0 = clamp(Math.floor((west + 180) * UNITS / size)), x1 = clamp(Math.floor((east + 180) * UNITS / size));
      var y0 = clamp(Math.floor((90 - north) * UNITS / size)), y1 = clamp(Math.floor((90 - south) * UNITS / size));
      var blocks = [];
      for (var x = x0; x <= x1; x++) for (var y = y0; y <= y1; y++) blocks.push([z, x, y]);
      return blocks;
    }

    function openPopup(id, latlng) {
      popup.setLatLng(latlng).setContent(el("div", {}, [labels.loading || "Loading…"])).openOn(map);
      getJSON(options.urls.api.replace("{id}", String(id)))
        .then(function (data) { popup.setContent(popupContent(data, options)); popup.update(); })
        .catch(function () { popup.setContent(el("div", {}, [labels.failed || "Could not load this event."])); });
    }

    /* A cluster that cannot be split by zooming: its events, a page at a time. */
    function openList(z, cell, latlng) {
      var list = el("ol", {"class": "em-stack-list"}, []);
      var head = el("strong", {}, [String(cell[2]) + " " + (labels.eventsHere || "events at this place")]);
      var more = el("button", {type: "button", "class": "em-more"}, [labels.more || "More"]);
      var box = el("div", {"class": "em-stack"}, [head, list, more]);
      var page = 0;
      function load() {
        page += 1;
        more.disabled = true;
        getJSON(cellUrl(z, cell[8], cell[9], page)).then(function (data) {
          data.events.forEach(function (item) {
            var link = el("a", {href: options.urls.detail.replace("{id}", String(item[0])), "data-stack-id": String(item[0])},
                          [el("bdi", {}, [item[1]])]);
            link.addEventListener("click", function (evt) {
              // Stop the click here: once the list is replaced by the event, Leaflet would
              // no longer see it came from a popup and would close it as a map click.
              L.DomEvent.stop(evt);
              setTimeout(function () { openPopup(item[0], L.latLng(item[3], item[4])); }, 0);
            });
            list.appendChild(el("li", {}, [link, " · " + item[2]]));
          });
          more.disabled = false;
          more.hidden = data.page >= data.pages;
        }).catch(function () { list.appendChild(el("li", {}, [labels.failed || "Could not load this event."])); });
      }
      more.addEventListener("click", load);
      popup.setLatLng(latlng).setContent(box).openOn(map);
      load();
    }

    function draw(z, blocks) {
      markers.clearLayers();
      var points = [], max = 1, types = options.legend.types, cells = [];
      blocks.forEach(function (block) { if (block) cells = cells.concat(block.cells); });
      cells = mergeOverlapping(map, z, cells, options.maxZoom);
      cells.forEach(function (cell) {
        var latlng = L.latLng(cell[0], cell[1]);
        points.push([cell[0], cell[1], cell[2]]);
        if (cell[2] > max) max = cell[2];
        if (cell[2] === 1) {
          var type = types[cell[4]] || types[0], style = STYLE[cell[5]] || STYLE[1];
          var marker = L.circleMarker(latlng, {renderer: renderer, radius: style.radius, color: type[1], fillColor: type[1],
                                               weight: 2, fillOpacity: style.fillOpacity, dashArray: style.dashArray});
          marker.on("click", function () { openPopup(cell[3], latlng); });
          marker.on("mouseover", function () {
            tooltip.setLatLng(latlng).setContent(el("span", {}, [type[0]]));
            map.openTooltip(tooltip);
          });
          marker.on("mouseout", function () { map.closeTooltip(tooltip); });
          markers.addLayer(marker);
        } else {
          var cluster = L.marker(latlng, {icon: clusterIcon(cell[2]), keyboard: true, title: String(cell[2])});
          cluster.on("click", function () {
            if (cell[3] || z >= options.maxZoom) {
              openList(z, cell, latlng);
            } else {
              map.fitBounds([[cell[4], cell[5]], [cell[6], cell[7]]], {maxZoom: Math.max(z + 1, Math.min(options.maxZoom, z + 4)), padding: [30, 30]});
            }
          });
          markers.addLayer(cluster);
        }
      });
      layer.cells = cells;
      if (heat) { heat.options.max = max; heat.setLatLngs(points); }
      container.setAttribute("data-clusters", String(cells.length));
    }

    function refresh() {
      var generation = ++layer.generation, blocks = visibleBlocks(), z = blocks.length ? blocks[0][0] : 0;
      Promise.all(blocks.map(function (b) {
        var url = blockUrl(b[0], b[1], b[2]);
        if (!layer.cache[url]) {
          layer.cache[url] = getJSONRetrying(url, 2).catch(function (error) { delete layer.cache[url]; throw error; });
        }
        return layer.cache[url];
      })).then(function (results) {
        if (generation !== layer.generation) return;
        draw(z, results);
        if (!layer.ready) {
          layer.ready = true;
          container.setAttribute("data-events-ready", String(options.count));
          if (options.focus) openPopup(options.focus.id, L.latLng(options.focus.lat, options.focus.lon));
        }
        container.setAttribute("data-view-ready", String(generation));
      }).catch(function () {
        container.setAttribute("data-events-ready", "error");
        if (!container.querySelector(".em-error")) {
          container.appendChild(el("div", {"class": "em-error", role: "alert"}, [labels.dataFailed || "The events could not be loaded."]));
        }
      });
    }

    layer.setUntil = function (until) {
      if (until === layer.until) return;
      layer.until = until;
      refresh();
    };
    /* Bring the map to one event; without its coordinates, the API gives them. */
    layer.focus = function (id, lat, lon) {
      if (lat === undefined || lon === undefined || isNaN(lat) || isNaN(lon)) {
        getJSON(options.urls.api.replace("{id}", String(id))).then(function (data) {
          if (data.latitude !== null) layer.focus(id, data.latitude, data.longitude);
        });
        return;
      }
      map.setView([lat, lon], Math.max(map.getZoom(), FOCUS_ZOOM), {animate: false});
      openPopup(id, L.latLng(lat, lon));
    };
    layer.refresh = refresh;

    if (options.focus) {
      map.setView([options.focus.lat, options.focus.lon], FOCUS_ZOOM, {animate: false});
    } else if (options.bounds) {
      map.fitBounds(options.bounds, {padding: [20, 20], maxZoom: 9, animate: false});
    }
    map.on("moveend", refresh);
    refresh();
    window.EventMap.layers.push(layer);
    return layer;
  }

  window.EventMap = {addEvents: addEvents, popupContent: popupContent, layers: []};

  // Clicking an event in the list beside the map brings the map to it.
  document.addEventListener("click", function (evt) {
    var target = evt.target.closest ? evt.target.closest("[data-event-id]") : null;
    if (!target || !window.EventMap.layers.length || !target.hasAttribute("data-lat")) return;
    evt.preventDefault();
    window.EventMap.layers[0].focus(Number(target.getAttribute("data-event-id")),
                                    Number(target.getAttribute("data-lat")), Number(target.getAttribute("data-lon")));
  });
})();
