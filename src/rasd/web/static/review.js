// rasd: the review page. Keyboard shortcuts (c confirm, s save edits, r reject, n next event),
// place suggestions from the gazetteer (/api/places) and the sub-type list following the type.
// No inline script (the CSP forbids it); everything hangs on ids in review_event.html.
(function () {
  "use strict";

  var form = document.getElementById("review-form");
  if (!form) return;

  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }

  function click(id) {
    var b = document.getElementById(id);
    if (b && !b.disabled && !b.closest("fieldset[disabled]")) b.click();
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    var key = e.key.toLowerCase();
    if (key === "c") { e.preventDefault(); click("btn-confirm"); }
    else if (key === "s") { e.preventDefault(); click("btn-save"); }
    else if (key === "r") {
      e.preventDefault();
      var reason = document.getElementById("f-reason");
      if (reason && !reason.value.trim()) reason.focus(); else click("btn-reject");
    } else if (key === "n") {
      var next = document.getElementById("next-link");
      if (next) { e.preventDefault(); location.href = next.href; }
    }
  });

  // Enter in the reason box rejects; Enter elsewhere in the form saves the edits.
  form.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || e.target.tagName === "TEXTAREA") return;
    e.preventDefault();
    click(e.target.id === "f-reason" ? "btn-reject" : "btn-save");
  });

  // The sub-type list shows the sub-types of the chosen type.
  var type = document.getElementById("f-event_type");
  var sub = document.getElementById("f-sub_event_type");
  function syncSubTypes() {
    if (!type || !sub) return;
    var first = null;
    Array.prototype.forEach.call(sub.options, function (o) {
      var fits = o.dataset.type === type.value;
      o.hidden = !fits;
      o.disabled = !fits;
      if (fits && !first) first = o;
    });
    if (sub.selectedOptions.length === 0 || sub.selectedOptions[0].disabled) { if (first) sub.value = first.value; }
  }
  if (type) { type.addEventListener("change", syncSubTypes); syncSubTypes(); }

  // Place suggestions: what the reviewer types is looked up in the gazetteer; choosing one of
  // the suggestions sets the hidden place_ref the server resolves.
  var input = document.getElementById("place-input");
  var list = document.getElementById("place-options");
  var ref = document.getElementById("place-ref");
  var found = {};
  var timer = null;
  function choose() {
    if (found[input.value]) ref.value = found[input.value];
  }
  if (input && list && ref) {
    input.addEventListener("input", function () {
      choose();
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q || found[input.value]) return;
      timer = setTimeout(function () {
        fetch("/api/places?limit=10&q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (places) {
            list.textContent = "";
            places.forEach(function (p) {
              found[p.label] = p.ref;
              var o = document.createElement("option");
              o.value = p.label;
              list.appendChild(o);
            });
            choose();
          });
      }, 150);
    });
    input.addEventListener("change", choose);
  }
})();
