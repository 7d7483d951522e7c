// rasd: article page behaviour. No inline scripts anywhere (the CSP forbids them); data come
// from data-* attributes. Clicking an event or quote in the side panel scrolls to its evidence
// in the text and flashes it; a #span-… fragment on arrival does the same.
(function () {
  "use strict";

  function flash(id) {
    var el = document.getElementById(id);
    if (!el) return false;
    document.querySelectorAll(".hl.flash").forEach(function (old) { old.classList.remove("flash"); });
    el.scrollIntoView({ block: "center" });
    el.classList.add("flash");
    document.querySelectorAll('.hl[data-id="' + CSS.escape(el.dataset.id || "") + '"]').forEach(function (part) {
      part.classList.add("flash");
    });
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.goto[data-target]");
    if (!link) return;
    if (flash(link.dataset.target)) {
      event.preventDefault();
      history.replaceState(null, "", "#" + link.dataset.target);
    }
  });

  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id) flash(id);
  }
  window.addEventListener("hashchange", fromHash);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fromHash);
  else fromHash();
})();
