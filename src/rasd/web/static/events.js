// rasd: the events page. Fetches /api/events (same filters as the page) once, then draws
// 1) a Leaflet map: the built-in governorate outline as base layer (tiles only if configured),
//    one circle marker per event coloured by event type, a popup linking to the evidence;
// 2) a timeline: events per day, stacked by type, as inline SVG.
// Everything from the data is inserted with textContent / attributes, never as HTML.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var box = document.getElementById("map");
  if (!box) return;
  var colors = JSON.parse(box.dataset.colors || "{}");
  var names = JSON.parse(box.dataset.names || "{}");
  var subNames = JSON.parse(box.dataset.subNames || "{}");
  var admin1Names = JSON.parse(box.dataset.admin1Names || "{}");
  var arabic = box.dataset.lang !== "en";
  var FALLBACK = "#34495e";

  function colorOf(type) { return colors[type] || FALLBACK; }
  function num(v) { return typeof v === "number" && isFinite(v) ? v : null; }
  function locationOf(ev) {  // an /api/events item is an event row (rasd.rows.EventRow)
    return {
      lat: num(ev.latitude),
      lon: num(ev.longitude),
      name: (arabic && ev.location_ar) || ev.location || "",
      admin1: admin1Names[ev.admin1] || ev.admin1 || "",
    };
  }
  function actorText(a) { return a && typeof a === "object" ? (a.canonical || a.text || "") : (a || ""); }
  function evidenceHref(ev) {
    var href = "/articles/" + encodeURIComponent(ev.article_id);
    if (ev.evidence && ev.evidence.length) href += "#span-" + ev.id + "-ev0";
    return href;
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function popup(ev, loc) {
    var div = el("div", "popup");
    div.dir = box.dataset.lang === "en" ? "ltr" : "rtl";
    div.appendChild(el("p", "ptype", (names[ev.event_type] || ev.event_type || "") +
      (ev.sub_event_type ? " / " + (subNames[ev.sub_event_type] || ev.sub_event_type) : "")));
    div.appendChild(el("p", "pdate", ev.event_date || ""));
    var actors = [actorText(ev.actor1), actorText(ev.actor2)].filter(Boolean).join(" × ");
    if (actors) div.appendChild(el("p", "pactors", actors));
    if (loc.name) div.appendChild(el("p", "ploc", loc.name + (loc.admin1 ? " · " + loc.admin1 : "")));
    if (ev.fatalities_known && num(ev.fatalities) !== null) div.appendChild(el("p", "pfat", box.dataset.labelFatalities + ": " + ev.fatalities));
    if (ev.article_id) {
      var a = el("a", "evidence-link", box.dataset.labelEvidence);
      a.href = evidenceHref(ev);
      div.appendChild(a);
    }
    return div;
  }

  function drawMap(events) {
    if (typeof window.L === "undefined") {
      box.appendChild(el("p", "unavailable", box.dataset.unavailable));
      return;
    }
    var L = window.L;
    var map = L.map(box, { preferCanvas: false, zoomSnap: 0.5, fadeAnimation: false }).setView([35.0, 38.5], 6.5);
    window.rasdMap = map;
    if (box.dataset.tiles) {
      L.tileLayer(box.dataset.tiles, { maxZoom: 18, attribution: box.dataset.tilesAttribution || "" }).addTo(map);
    }
    fetch(box.dataset.region).then(function (r) { return r.json(); }).then(function (geo) {
      var outline = L.geoJSON(geo, {
        style: { color: "#607d8b", weight: 1, fillColor: "#f4f1ea", fillOpacity: box.dataset.tiles ? 0.1 : 0.9 },
        interactive: false,
      }).addTo(map);
      outline.bringToBack();
      if (!events.length) map.fitBounds(outline.getBounds());
      if (geo.attribution) map.attributionControl.addAttribution(geo.attribution.replace(/[<>&]/g, ""));
    }).catch(function () { /* the markers still show without the outline */ });
    var bounds = [];
    events.forEach(function (ev) {
      var loc = locationOf(ev);
      if (loc.lat === null || loc.lon === null) return;
      var marker = L.circleMarker([loc.lat, loc.lon], {
        radius: 7, color: "#fff", weight: 1.5, fillColor: colorOf(ev.event_type), fillOpacity: 0.9,
        className: "event-marker",
      }).addTo(map);
      marker.bindPopup(popup(ev, loc));
      if (marker.getElement && marker.getElement()) {
        marker.getElement().setAttribute("data-event", ev.id || "");
        marker.getElement().setAttribute("data-article", ev.article_id || "");
      }
      bounds.push([loc.lat, loc.lon]);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [60, 60], maxZoom: 8 });
    box.dataset.markers = String(bounds.length);
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function drawTimeline(events) {
    var host = document.getElementById("timeline");
    if (!host) return;
    var perDay = {};
    events.forEach(function (ev) {
      if (!ev.event_date || !/^\d{4}-\d{2}-\d{2}$/.test(ev.event_date)) return;
      var day = perDay[ev.event_date] || (perDay[ev.event_date] = {});
      day[ev.event_type] = (day[ev.event_type] || 0) + 1;
    });
    var days = Object.keys(perDay).sort();
    if (!days.length) { host.appendChild(el("p", "empty", "—")); return; }
    // every day between the first and the last, so gaps show as gaps
    var all = [], d = new Date(days[0] + "T00:00:00Z"), end = new Date(days[days.length - 1] + "T00:00:00Z");
    for (var guard = 0; d <= end && guard < 3660; guard++) {
      all.push(d.toISOString().slice(0, 10));
      d = new Date(d.getTime() + 86400000);
    }
    var max = 1;
    all.forEach(function (day) {
      var t = 0, c = perDay[day] || {};
      Object.keys(c).forEach(function (k) { t += c[k]; });
      max = Math.max(max, t);
    });
    var barW = Math.max(4, Math.min(28, Math.floor(1100 / all.length))), gap = 2, H = 160, top = 10, bottom = 40, left = 30;
    var W = left + all.length * (barW + gap) + 10;
    var root = svg("svg", { width: W, height: H + top + bottom, role: "img", "aria-label": "timeline" });
    root.appendChild(svg("text", { x: 2, y: top + 10, class: "axis" }, max));
    root.appendChild(svg("line", { x1: left - 4, x2: W, y1: top + H, y2: top + H, stroke: "#aaa" }));
    var order = Object.keys(colors);
    var labelEvery = Math.max(1, Math.ceil(44 / (barW + gap))); // labels ~40 px wide must not overlap
    all.forEach(function (day, i) {
      var x = left + i * (barW + gap), y = top + H, c = perDay[day] || {};
      order.concat(Object.keys(c).filter(function (k) { return order.indexOf(k) < 0; })).forEach(function (type) {
        if (!c[type]) return;
        var h = Math.max(1, Math.round(c[type] / max * H));
        y -= h;
        var rect = svg("rect", { x: x, y: y, width: barW, height: h, fill: colorOf(type), class: "bar",
          "data-day": day, "data-type": type, "data-count": c[type] });
        rect.appendChild(svg("title", {}, day + " · " + (names[type] || type) + ": " + c[type]));
        root.appendChild(rect);
      });
      if (i % labelEvery === 0) {
        root.appendChild(svg("text", { x: x, y: top + H + 14, class: "axis" }, day.slice(5)));
      }
    });
    root.appendChild(svg("text", { x: left, y: top + H + 32, class: "axis" }, all[0] + " … " + all[all.length - 1]));
    host.appendChild(root);
  }

  if (!box.dataset.api) { drawMap([]); box.dataset.ready = "1"; return; }  // an unknown filter value
  fetch(box.dataset.api, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (data) {
      var events = data.items || [];
      drawMap(events);
      drawTimeline(events);
      box.dataset.ready = "1";
    })
    .catch(function () { drawMap([]); box.dataset.ready = "error"; });
})();
