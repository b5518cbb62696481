/* A density layer for Leaflet, written for this app.
 *
 * Each visible point stamps a soft disc into an off-screen canvas as alpha; the
 * accumulated alpha is then coloured through a blue-to-red ramp. Redrawn after
 * every move or zoom, on a canvas the size of the map.
 */
(function () {
  "use strict";

  var RADIUS = 14, BLUR = 10;
  var RAMP = [[0.0, [0, 0, 255]], [0.35, [0, 200, 255]], [0.55, [0, 220, 0]],
              [0.75, [255, 220, 0]], [1.0, [220, 0, 0]]];

  function stamp() {
    var size = (RADIUS + BLUR) * 2, canvas = document.createElement("canvas");
    canvas.width = canvas.height = size;
    var ctx = canvas.getContext("2d"), c = size / 2;
    var gradient = ctx.createRadialGradient(c, c, 0, c, c, RADIUS + BLUR);
    gradient.addColorStop(0, "rgba(0,0,0,1)");
    gradient.addColorStop(RADIUS / (RADIUS + BLUR), "rgba(0,0,0,0.35)");
    gradient.addColorStop(1, "rgba(0,0,0,0)");
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, size, size);
    return canvas;
  }

  function palette() {
    var colours = new Uint8ClampedArray(256 * 3);
    for (var i = 0; i < 256; i++) {
      var t = i / 255, k = 1;
      while (k < RAMP.length - 1 && RAMP[k][0] < t) k++;
      var a = RAMP[k - 1], b = RAMP[k], f = (t - a[0]) / ((b[0] - a[0]) || 1);
      for (var ch = 0; ch < 3; ch++) colours[i * 3 + ch] = a[1][ch] + (b[1][ch] - a[1][ch]) * f;
    }
    return colours;
  }

  var HeatLayer = L.Layer.extend({
    initialize: function () { this._points = []; this._stamp = null; this._palette = palette(); },

    setPoints: function (points) {
      this._points = points;
      if (this._map) this._redraw();
      return this;
    },

    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "em-heat leaflet-zoom-hide");
      map.getPanes().overlayPane.appendChild(this._canvas);
      map.on("moveend zoomend resize", this._redraw, this);
      this._redraw();
    },

    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("moveend zoomend resize", this._redraw, this);
    },

    _redraw: function () {
      var map = this._map, size = map.getSize(), canvas = this._canvas;
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      canvas.width = size.x;
      canvas.height = size.y;
      var ctx = canvas.getContext("2d");
      if (!this._stamp) this._stamp = stamp();
      var half = this._stamp.width / 2, bounds = map.getBounds().pad(0.1);
      // Each point adds a little; dense places saturate, lone events stay faint.
      ctx.globalAlpha = Math.max(0.05, Math.min(0.6, 40 / Math.max(1, this._points.length / 50)));
      for (var i = 0; i < this._points.length; i++) {
        var p = this._points[i];
        if (!bounds.contains(p)) continue;
        var xy = map.latLngToContainerPoint(p);
        ctx.drawImage(this._stamp, xy.x - half, xy.y - half);
      }
      if (!size.x || !size.y) return;
      var image = ctx.getImageData(0, 0, size.x, size.y), px = image.data, colours = this._palette;
      for (var j = 3; j < px.length; j += 4) {
        var alpha = px[j];
        if (!alpha) continue;
        px[j - 3] = colours[alpha * 3];
        px[j - 2] = colours[alpha * 3 + 1];
        px[j - 1] = colours[alpha * 3 + 2];
        px[j] = Math.min(220, alpha * 1.6);
      }
      ctx.putImageData(image, 0, 0);
    }
  });

  window.EventHeat = {layer: function () { return new HeatLayer(); }};
})();
