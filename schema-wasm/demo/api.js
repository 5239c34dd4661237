// The API page: Swagger UI (installed from npm by `make run`, served from here, no CDN) on the
// service's own /openapi.json; "Try it out" calls this server.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#api", deepLinking: true });
