// Swagger UI for /docs, started from a static file so that the CSP needs no inline script.
(function () {
  "use strict";
  var el = document.getElementById("swagger-ui");
  if (!el || typeof window.SwaggerUIBundle !== "function") return;
  window.SwaggerUIBundle({ url: el.dataset.url, dom_id: "#swagger-ui", deepLinking: false });
})();
