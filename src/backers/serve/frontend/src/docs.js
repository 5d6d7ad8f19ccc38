// Turn /docs into the Swagger UI explorer, from the bundle copied out of swagger-ui-dist.
const target = document.getElementById("swagger");
if (target && window.SwaggerUIBundle) {
  document.getElementById("endpoint-table")?.setAttribute("hidden", "");
  window.SwaggerUIBundle({ url: "/openapi.json", domNode: target, validatorUrl: null });
}
