// rasd: the analyst's workbench (events page and dashboard). No inline scripts (the CSP forbids
// them): URLs, labels and colours come from data-* attributes written by the templates.
// 1) The map (#map): the built-in base layer (the region's countries and the outlines of their
//    first-level units; tiles only if configured), events in marker clusters, the view fitted to the
//    filtered events, RTL popups with the evidence link. When the server aggregated (GET /api/map
//    says "aggregated": true) or the page capped the events it drew, a visible notice says so.
// 2) Charts (.chart): counts per day, week or month from GET /api/counts (stacked by event type, or
//    fatalities), drawn with uPlot; a brush (drag) sets the date filter in the URL, and the page,
//    with its events list, follows. Without a counts endpoint the events are binned here.
// Everything from the data is inserted with textContent / attributes, never as HTML.
(function () {
  "use strict";
  var FALLBACK = "#34495e";
  var DAY = 86400;

  function json(el, key) { try { return JSON.parse(el.dataset[key] || "{}"); } catch (e) { return {}; } }
  function num(v) { return typeof v === "number" && isFinite(v) ? v : null; }
  function digits(text, style) {  // as rasd.web.i18n.digits: Arabic-Indic dates take slashes
    text = String(text);
    if (style !== "arab") return text;
    if (/^\d{4}-\d{2}(-\d{2})?$/.test(text)) text = text.replace(/-/g, "/");
    return text.replace(/[0-9]/g, function (d) { return "٠١٢٣٤٥٦٧٨٩"[+d]; });
  }
  function ltr(text) { return "\u2066" + text + "\u2069"; }  // a date isolated left-to-right inside RTL text
  function fill(template, values, style) {
    return String(template || "").replace(/\{(\w+)\}/g, function (_, k) {
      var v = values[k];
      return typeof v === "number" ? digits(v.toLocaleString("en-US"), style) : (v == null ? "" : String(v));
    });
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); });
  }

  // ---------------------------------------------------------------- map
  function drawMap(box) {
    var colors = json(box, "colors"), names = json(box, "names"), subNames = json(box, "subNames");
    var admin1Names = json(box, "admin1Names");
    var lang = box.dataset.lang, style = box.dataset.digits, arabic = lang !== "en";
    var notice = document.getElementById("map-notice");
    var typeIndex = Object.keys(colors);

    function say(text) {
      if (!notice) return;
      notice.textContent = text;
      notice.hidden = !text;
    }
    if (typeof window.L === "undefined") {
      box.appendChild(el("p", "unavailable", box.dataset.unavailable));
      box.dataset.ready = "1";
      return;
    }
    var L = window.L;
    var map = L.map(box, { zoomSnap: 0.5, fadeAnimation: false, minZoom: 2, maxZoom: 14 });
    window.rasdMap = map;
    map.setView([26, 30], 4);  // the Arab world, until the data say where to look
    if (box.dataset.tiles) {
      L.tileLayer(box.dataset.tiles, { maxZoom: 18, attribution: box.dataset.tilesAttribution || "" }).addTo(map);
    }
    var regionBounds = null;
    // the base layer has a pane of its own, under the events' (overlay 400, markers 600) whenever it loads
    map.createPane("base").style.zIndex = 350;
    var region = getJSON(box.dataset.region).then(function (geo) {
      var tiles = !!box.dataset.tiles;
      var layer = L.geoJSON(geo, {
        interactive: false, pane: "base",
        filter: function (f) { return f.geometry && f.geometry.type !== "Point"; },
        style: function (f) {
          var p = f.properties || {};
          if (p.kind === "country") {
            return { className: "base-country" + (p.arab ? " arab" : ""), stroke: false,
                     fillColor: p.arab ? "#f4f1ea" : "#e3e6e8", fillOpacity: tiles ? 0.1 : 1 };
          }
          return { className: "base-admin1 c-" + (p.country || "x"), color: "#a9b5be", weight: 0.8, fill: false };
        },
      }).addTo(map);
      // country borders over the first-level units' (drawn once more, stroke only): stronger
      var borders = L.geoJSON(geo, {
        interactive: false, pane: "base",
        filter: function (f) { return f.geometry && (f.properties || {}).kind === "country"; },
        style: function () { return { className: "base-border", color: "#6f808c", weight: 1.3, fill: false }; },
      }).addTo(map);
      // first-level units named on the map (`label`): Who's On First's points with their Arabic
      // names, Syria's OCHA outlines at their centre; the neighbours' units go unnamed
      var labels = L.layerGroup();
      (geo.features || []).forEach(function (f) {
        var p = f.properties || {};
        if (p.kind !== "admin1" || !p.label) return;
        var at = f.geometry.type === "Point" ? L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0])
          : L.geoJSON(f).getBounds().getCenter();
        var name = (arabic ? p.name_ar : p.name) || p.name || "";
        if (!name) return;
        L.marker(at, { interactive: false, keyboard: false,
                       icon: L.divIcon({ className: "admin1-label", html: "", iconSize: null }) })
          .on("add", function (e) { var n = e.target.getElement(); if (n) { n.textContent = name; n.dir = "auto"; } })
          .addTo(labels);
      });
      labels.addTo(map);
      function zoomClass() { box.classList.toggle("show-admin1", map.getZoom() >= 5.5); }
      map.on("zoomend", zoomClass);
      zoomClass();
      var arab = geo.features.filter(function (f) { return (f.properties || {}).arab; });
      regionBounds = L.geoJSON({ type: "FeatureCollection", features: arab }).getBounds();
      if (geo.attribution) map.attributionControl.addAttribution(String(geo.attribution).replace(/[<>&]/g, ""));
      box.dataset.base = String(layer.getLayers().length);
    }).catch(function () { box.dataset.base = "0"; });

    function locationOf(ev, coords) {
      return {
        lat: coords ? coords[1] : num(ev.latitude),
        lon: coords ? coords[0] : num(ev.longitude),
        name: (arabic && ev.location_ar) || ev.location || "",
        admin1: (arabic && admin1Names[ev.admin1]) || ev.admin1 || "",
      };
    }
    function actorOf(ev, side) {
      var v = (arabic && ev[side + "_text"]) || ev[side];
      return v && typeof v === "object" ? (v.canonical || v.text || "") : (v || "");
    }
    function evidenceHref(ev) {
      if (ev.href && ev.href.indexOf("/articles/") === 0) return ev.href;  // GET /api/map gives it
      var href = "/articles/" + encodeURIComponent(ev.article_id);
      var id = ev.id || ev.event_id;
      if (ev.evidence && id) href += "#span-" + id + "-ev0";
      return href;
    }
    function popup(ev, loc) {
      var div = el("div", "popup");
      div.dir = arabic ? "rtl" : "ltr";
      div.lang = lang;
      div.appendChild(el("p", "ptype", (names[ev.event_type] || ev.event_type || "") +
        (ev.sub_event_type ? " / " + (subNames[ev.sub_event_type] || ev.sub_event_type) : "")));
      var date = el("p", "pdate");
      date.appendChild(el("bdi", "", digits(ev.event_date || "", style))).dir = "ltr";
      div.appendChild(date);
      var actors = [actorOf(ev, "actor1"), actorOf(ev, "actor2")].filter(Boolean).join(" × ");
      if (actors) div.appendChild(el("p", "pactors", actors));
      if (loc.name) div.appendChild(el("p", "ploc", loc.name + (loc.admin1 ? " · " + loc.admin1 : "")));
      var known = ev.fatalities_known === undefined ? num(ev.fatalities) > 0 : ev.fatalities_known;
      if (known && num(ev.fatalities) !== null) {
        div.appendChild(el("p", "pfat", box.dataset.labelFatalities + ": " + digits(ev.fatalities, style)));
      }
      if (ev.article_id) {
        var a = el("a", "evidence-link", box.dataset.labelEvidence);
        a.href = evidenceHref(ev);
        div.appendChild(a);
      }
      return div;
    }
    function dot(ev) {
      var i = typeIndex.indexOf(ev.event_type);
      return L.divIcon({ className: "event-dot et-" + (i < 0 ? "x" : i), html: "", iconSize: [14, 14] });
    }
    function clusterIcon(cluster) {
      var n = cluster.getChildCount();
      var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
      var icon = L.divIcon({ html: "", className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
      icon.createIcon = function (old) {
        var div = L.DivIcon.prototype.createIcon.call(this, old);
        var inner = el("div"), span = el("span", "", digits(n, style));
        inner.appendChild(span);
        div.appendChild(inner);
        return div;
      };
      return icon;
    }

    function drawEvents(events) {
      // chunked loading keeps the page responsive for thousands of markers; it adds them
      // asynchronously, so the map says it is ready only once the last chunk is in
      var chunked = events.length > 2000;
      var group = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 45,
        chunkedLoading: chunked, iconCreateFunction: clusterIcon,
        chunkProgress: function (done, total) {
          if (done === total) { delete box.dataset.loading; box.dataset.ready = "1"; } } }) : L.featureGroup();
      if (chunked) box.dataset.loading = "1";
      var bounds = [];
      events.forEach(function (item) {
        var ev = item.ev, loc = locationOf(ev, item.coords);
        if (loc.lat === null || loc.lon === null) return;
        var marker = L.marker([loc.lat, loc.lon], { icon: dot(ev), title: names[ev.event_type] || ev.event_type || "" });
        marker.bindPopup(popup(ev, loc));
        marker.on("add", function () {
          var n = marker.getElement();
          if (n) { n.setAttribute("data-event", ev.id || ev.event_id || ""); n.setAttribute("data-article", ev.article_id || ""); }
        });
        group.addLayer(marker);
        bounds.push([loc.lat, loc.lon]);
      });
      current = group.addTo(map);
      window.rasdEvents = group;
      box.dataset.markers = String(bounds.length);
      return bounds;
    }
    function drawCells(cells) {
      var group = L.featureGroup(), bounds = [], max = 1;
      cells.forEach(function (c) { max = Math.max(max, c.count); });
      cells.forEach(function (c) {
        var r = 6 + 18 * Math.sqrt(c.count / max);
        var m = L.circleMarker([c.lat, c.lon], { radius: r, color: "#fff", weight: 1, fillColor: "#b03a2e",
          fillOpacity: 0.75, className: "agg-cell" });
        m.bindTooltip(fill(box.dataset.msgCell, { count: c.count }, style), { direction: "top" });
        if (c.cell) {  // a click zooms into the cell; the map then asks the server for that view
          m.on("click", function () { map.fitBounds([[c.cell[1], c.cell[0]], [c.cell[3], c.cell[2]]]); });
        }
        group.addLayer(m);
        bounds.push([c.lat, c.lon]);
      });
      current = group.addTo(map);
      box.dataset.cells = String(cells.length);
      return bounds;
    }
    function core(points) {  // the bulk of the points: a few geocoded far away do not zoom out the view
      if (points.length < 10) return points;
      var lats = points.map(function (p) { return p[0]; }).sort(function (a, b) { return a - b; });
      var lons = points.map(function (p) { return p[1]; }).sort(function (a, b) { return a - b; });
      var lo = Math.floor(points.length * 0.05), hi = Math.ceil(points.length * 0.95) - 1;
      return [[lats[lo], lons[lo]], [lats[hi], lons[hi]]];
    }
    function fit(bounds) {
      if (bounds.length) {
        // not animated: the view is settled when the map says it is ready (a zoom asked for during
        // Leaflet's zoom animation is dropped)
        map.fitBounds(core(bounds), { padding: [40, 40], maxZoom: 8, animate: false });
      } else {
        region.then(function () {
          if (regionBounds && regionBounds.isValid()) map.fitBounds(regionBounds, { animate: false });
        });
      }
    }

    if (!box.dataset.api) { fit([]); box.dataset.ready = "1"; return; }  // an unknown filter value
    var current = null;  // the layer of events or cells on the map
    function draw(data) {  // -> the drawn points' positions
      if (current) { map.removeLayer(current); current = null; }
      delete box.dataset.aggregated;
      say("");
      var bounds;
      if (data.type === "FeatureCollection") {  // GET /api/map: events, or cells when aggregated
        var feats = (data.features || []).filter(function (f) { return f.geometry && f.geometry.coordinates; });
        if (data.aggregated) {
          var cells = feats.map(function (f) {
            var p = f.properties || {};
            return { lat: f.geometry.coordinates[1], lon: f.geometry.coordinates[0], count: p.count || 0, cell: p.cell };
          });
          bounds = drawCells(cells);
          box.dataset.aggregated = "1";
          say(fill(box.dataset.msgAggregated, { total: data.total || 0, cells: cells.length }, style));
        } else {
          bounds = drawEvents(feats.map(function (f) { return { ev: f.properties || {}, coords: f.geometry.coordinates }; }));
        }
      } else {  // GET /api/events: the newest events up to the cap; say so past it
        var items = data.items || [];
        bounds = drawEvents(items.map(function (ev) { return { ev: ev }; }));
        if ((data.total || 0) > items.length) {
          box.dataset.aggregated = "capped";
          say(fill(box.dataset.msgCapped, { shown: items.length, total: data.total }, style));
        }
      }
      if (!bounds.length && !box.dataset.aggregated) say(box.dataset.msgEmpty);
      return bounds;
    }

    // Past the cap the server sends cells; zooming in asks again for the view (bbox and zoom), so
    // the cells get finer and, once few enough events are in view, become the events themselves.
    var asked = 0;
    function follow() {
      var b = map.getBounds(), n = ++asked;
      var bbox = [Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()), Math.min(180, b.getEast()),
                  Math.min(90, b.getNorth())].map(function (v) { return v.toFixed(4); }).join(",");
      var url = box.dataset.api + "&zoom=" + Math.max(0, Math.min(18, Math.round(map.getZoom()))) +
        "&bbox=" + encodeURIComponent(bbox);
      box.dataset.ready = "0";
      getJSON(url).then(function (data) {
        if (n !== asked) return;  // a newer view was asked for meanwhile
        draw(data);
        if (!box.dataset.loading) box.dataset.ready = "1";
      }).catch(function (e) { box.dataset.error = String(e && e.stack || e); box.dataset.ready = "error"; });
    }

    if (!box.dataset.api) { fit([]); box.dataset.ready = "1"; return; }  // an unknown filter value
    getJSON(box.dataset.api).then(function (data) {
      var bounds = draw(data);
      fit(bounds);
      if (data.type === "FeatureCollection" && data.aggregated) {
        var timer = null;
        setTimeout(function () {  // after the fitted view settles: follow the user's moves
          map.on("moveend", function () { clearTimeout(timer); timer = setTimeout(follow, 250); });
        }, 600);
      }
      if (!box.dataset.loading) box.dataset.ready = "1";
    }).catch(function (e) { box.dataset.error = String(e && e.stack || e); fit([]); box.dataset.ready = "error"; });
  }

  // ---------------------------------------------------------------- charts
  function iso(ts) { return new Date(ts * 1000).toISOString().slice(0, 10); }
  function tsOf(day) { return Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) / 1000; }
  function binOf(day, by) {
    if (by === "month") return day.slice(0, 7) + "-01";
    if (by === "week") {
      var t = tsOf(day), dow = (new Date(t * 1000).getUTCDay() + 6) % 7;  // Monday = 0
      return iso(t - dow * DAY);
    }
    return day;
  }
  function nextBin(day, by) {
    if (by === "month") {
      var y = +day.slice(0, 4), m = +day.slice(5, 7);
      return (m === 12 ? (y + 1) + "-01" : y + "-" + String(m + 1).padStart(2, "0")) + "-01";
    }
    return iso(tsOf(day) + (by === "week" ? 7 : 1) * DAY);
  }
  function autoBin(first, last) {  // about 30 to 200 bars whatever the range
    var days = (tsOf(last) - tsOf(first)) / DAY;
    return days <= 120 ? "day" : days <= 3 * 366 ? "week" : "month";
  }
  // buckets (any bin) -> {period: {counts, fatalities}} in bin `by`
  function rebin(buckets, by) {
    var out = {};
    buckets.forEach(function (b) {
      if (!b.period || !/^\d{4}-\d{2}-\d{2}/.test(b.period)) return;
      var key = binOf(b.period.slice(0, 10), by);
      var o = out[key] || (out[key] = { counts: {}, fatalities: 0 });
      Object.keys(b.counts || {}).forEach(function (t) { o.counts[t] = (o.counts[t] || 0) + (b.counts[t] || 0); });
      o.fatalities += b.fatalities || 0;
    });
    return out;
  }
  function bucketsFromEvents(items) {
    var perDay = {};
    items.forEach(function (ev) {
      var d = ev.event_date;
      if (!d || !/^\d{4}-\d{2}-\d{2}$/.test(d)) return;
      var b = perDay[d] || (perDay[d] = { period: d, counts: {}, fatalities: 0 });
      b.counts[ev.event_type] = (b.counts[ev.event_type] || 0) + 1;
      if (ev.fatalities_known && num(ev.fatalities) !== null) b.fatalities += ev.fatalities;
    });
    return Object.keys(perDay).map(function (k) { return perDay[k]; });
  }
  function loadBuckets(host, by) {
    if (host.dataset.counts) {
      var url = host.dataset.counts + (host.dataset.counts.indexOf("?") < 0 ? "?" : "&") +
        "by=" + by + (host.dataset.stack ? "&stack=" + host.dataset.stack : "");
      return getJSON(url).then(function (data) { return data.buckets || []; });
    }
    return getJSON(host.dataset.events).then(function (data) { return bucketsFromEvents(data.items || []); });
  }

  // The range the chart shows: all buckets, unless a few stray dates (a misread year, a 2007
  // event in 2015 news) would squeeze the bulk into a sliver; then the 2nd-98th percentile of the
  // events, and the page says how many are left out and their dates.
  function trim(buckets) {
    var sorted = buckets.filter(function (b) { return b.period; })
      .sort(function (a, b) { return a.period < b.period ? -1 : a.period > b.period ? 1 : 0; });
    var w = sorted.map(function (b) {
      var n = 0;
      Object.keys(b.counts || {}).forEach(function (t) { n += b.counts[t] || 0; });
      return n || b.events || 0;
    });
    var total = w.reduce(function (a, b) { return a + b; }, 0);
    var whole = { buckets: sorted, outside: 0 };
    if (sorted.length < 3 || !total) return whole;
    var lo = 0, hi = sorted.length - 1, acc = 0, i;
    for (i = 0; i < sorted.length; i++) { acc += w[i]; if (acc > total * 0.02) { lo = i; break; } }
    for (acc = 0, i = sorted.length - 1; i >= 0; i--) { acc += w[i]; if (acc > total * 0.02) { hi = i; break; } }
    var span = tsOf(sorted[sorted.length - 1].period.slice(0, 10)) - tsOf(sorted[0].period.slice(0, 10));
    var coreSpan = tsOf(sorted[hi].period.slice(0, 10)) - tsOf(sorted[lo].period.slice(0, 10));
    if (span <= 3 * Math.max(coreSpan, 30 * DAY)) return whole;
    var outside = 0;
    for (i = 0; i < sorted.length; i++) if (i < lo || i > hi) outside += w[i];
    return { buckets: sorted.slice(lo, hi + 1), outside: outside,
             first: sorted[0].period.slice(0, 10), last: sorted[sorted.length - 1].period.slice(0, 10) };
  }

  function axisFormatter(by, lang, style) {
    var locale = (lang === "en" ? "en-GB" : "ar") + "-u-nu-" + (style === "arab" ? "arab" : "latn");
    var opts = by === "month" ? { month: "short", year: "numeric", timeZone: "UTC" }
      : { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" };
    var f = new Intl.DateTimeFormat(locale, opts);
    return function (ts) { return f.format(new Date(ts * 1000)); };
  }

  function drawChart(host) {
    var kind = host.dataset.chart, lang = host.dataset.lang, style = host.dataset.digits;
    var colors = json(host, "colors"), names = json(host, "names");
    if (!host.dataset.counts && !host.dataset.events) { host.dataset.ready = "1"; return; }
    if (typeof window.uPlot === "undefined") {
      host.appendChild(el("p", "unavailable", host.dataset.unavailable));
      host.dataset.ready = "1";
      return;
    }
    var fixed = host.dataset.by;
    loadBuckets(host, fixed || "day").then(function (all) {
      var kept = trim(all), buckets = kept.buckets;
      if (kept.outside) {
        var note = el("p", "hint outside", fill(host.dataset.msgOutside, {
          count: kept.outside, first: ltr(digits(kept.first, style)), last: ltr(digits(kept.last, style)) }, style));
        host.parentNode.insertBefore(note, host.nextSibling);
        host.dataset.outside = String(kept.outside);
      }
      var periods = buckets.map(function (b) { return b.period; }).filter(Boolean).sort();
      if (!periods.length) { host.appendChild(el("p", "empty", "—")); host.dataset.ready = "1"; return; }
      var by = fixed || autoBin(periods[0], periods[periods.length - 1]);
      var title = host.dataset["title" + by.charAt(0).toUpperCase() + by.slice(1)];
      var heading = document.getElementById("timeline-title");
      if (title && heading && kind === "types") heading.textContent = title;
      var binned = rebin(buckets, by);
      var keys = Object.keys(binned).sort();
      var xs = [], day = keys[0];
      for (var guard = 0; day <= keys[keys.length - 1] && guard < 5000; guard++) { xs.push(day); day = nextBin(day, by); }
      var series = [{}], data = [xs.map(tsOf)], raw = [null];
      if (kind === "fatalities") {
        raw.push(xs.map(function (d) { return binned[d] ? binned[d].fatalities : 0; }));
        data.push(raw[1]);
        series.push({ label: host.dataset.labelFatalities, fill: "#c0392b", stroke: "#922b21", width: 0,
                      paths: uPlot.paths.bars({ size: [0.8, 60] }), points: { show: false } });
      } else {
        var types = Object.keys(colors);
        Object.keys(binned).forEach(function (k) {
          Object.keys(binned[k].counts).forEach(function (t) { if (types.indexOf(t) < 0) types.push(t); });
        });
        types = types.filter(function (t) { return xs.some(function (d) { return binned[d] && binned[d].counts[t]; }); });
        // stacked bars: each series is the running total; drawn last type first so the smaller totals
        // paint over the larger ones
        var running = xs.map(function () { return 0; }), stacks = [];
        types.forEach(function (t) {
          var own = xs.map(function (d) { return binned[d] ? (binned[d].counts[t] || 0) : 0; });
          running = running.map(function (v, i) { return v + own[i]; });
          stacks.push({ type: t, own: own, total: running.slice() });
        });
        stacks.reverse().forEach(function (s) {
          raw.push(s.own);
          data.push(s.total);
          series.push({ label: names[s.type] || s.type, fill: colors[s.type] || FALLBACK, stroke: colors[s.type] || FALLBACK,
                        width: 0, paths: uPlot.paths.bars({ size: [0.8, 60] }), points: { show: false } });
        });
      }
      var fmt = axisFormatter(by, lang, style);
      var xsTs = data[0], step = xsTs.length > 1 ? xsTs[1] - xsTs[0] : (by === "month" ? 30 : by === "week" ? 7 : 1) * DAY;
      var space = by === "day" ? 110 : 100;
      var opts = {
        width: Math.max(280, host.clientWidth - 16), height: kind === "fatalities" ? 180 : 220,
        tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"); },
        scales: {
          x: { time: true, range: function () { return [xsTs[0] - step / 2, xsTs[xsTs.length - 1] + step / 2]; } },
          y: { range: function (u, min, max) { return [0, Math.max(1, Math.ceil(max * 1.1))]; } },
        },
        legend: { show: false },
        cursor: { drag: { x: host.dataset.brush !== "false" && kind !== "fatalities", y: false, setScale: false },
                  points: { show: false } },
        series: series,
        axes: [
          { // ticks on bin starts (every k-th, as many as fit), each label with its year
            splits: function (u) {
              var fit = Math.max(1, Math.floor(u.bbox.width / uPlot.pxRatio / space));
              var every = Math.max(1, Math.ceil(xsTs.length / fit));
              return xsTs.filter(function (_, i) { return i % every === 0; });
            },
            values: function (u, splits) {
              var labels = splits.map(function (ts) { return fmt(ts); });
              host.dataset.xLabels = labels.join("|");
              return labels;
            }, size: 36 },
          { values: function (u, splits) { return splits.map(function (v) { return digits(v, style); }); }, size: 44,
            incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000] },
        ],
        hooks: {
          setCursor: [function (u) {  // a one-line readout of the bar under the pointer
            var i = u.cursor.idx;
            if (i == null) { readout.textContent = "\u00a0"; return; }
            var parts = [];
            for (var si = 1; si < series.length; si++) {
              if (raw[si][i]) parts.push(series[si].label + ": " + digits(raw[si][i], style));
            }
            readout.textContent = fmt(xsTs[i]) + (parts.length ? " — " + parts.join("، ") : "");
          }],
          setSelect: [function (u) {
            if (u.select.width < 3) return;
            var from = u.posToVal(u.select.left, "x"), to = u.posToVal(u.select.left + u.select.width, "x");
            var first = binOf(iso(Math.max(from, data[0][0])), by);
            var lastStart = binOf(iso(Math.min(to, data[0][data[0].length - 1])), by);
            var last = iso(tsOf(nextBin(lastStart, by)) - DAY);
            var url = new URL(window.location.href);
            url.searchParams.set("date_from", first);
            url.searchParams.set("date_to", last);
            url.searchParams.delete("page");
            host.dataset.brushed = first + "/" + last;
            window.location.assign(url.toString());
          }],
        },
      };
      var plot = new uPlot(opts, data, host);
      var readout = el("p", "readout", "\u00a0");
      readout.dir = lang === "en" ? "ltr" : "rtl";
      host.appendChild(readout);
      host.dataset.by = by;
      host.dataset.bars = String(xs.length);
      host.dataset.ready = "1";
      host.rasdPlot = plot;
      var width = host.clientWidth;
      window.addEventListener("resize", function () {
        if (host.clientWidth !== width) { width = host.clientWidth; plot.setSize({ width: Math.max(280, width - 16), height: opts.height }); }
      });
    }).catch(function (e) { host.dataset.error = String(e && e.stack || e); host.dataset.ready = "error"; });
  }

  var box = document.getElementById("map");
  if (box) drawMap(box);
  document.querySelectorAll(".chart[data-chart]").forEach(drawChart);
})();
