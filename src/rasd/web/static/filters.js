// rasd: autocomplete for the place (governorate) and actor filters. As the user types, the
// input's <datalist> is filled from GET /api/suggest (stored names, in the page's language).
(function () {
  "use strict";
  var lang = document.documentElement.lang === "en" ? "en" : "ar";
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var timer = null, asked = null;
    function load() {
      var q = input.value.trim();
      if (q === asked) return;
      asked = q;
      var url = "/api/suggest?field=" + encodeURIComponent(input.dataset.suggest) + "&lang=" + lang +
        "&q=" + encodeURIComponent(q);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (data) {
          if (asked !== q) return;  // a newer request is on its way
          list.replaceChildren();
          (data.items || []).forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.value;
            list.appendChild(option);
          });
          input.dataset.suggested = String((data.items || []).length);
          input.dataset.suggestedFor = q;
        })
        .catch(function () { /* the plain text input still works */ });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(load, 150); });
    input.addEventListener("focus", load);
  });
})();
