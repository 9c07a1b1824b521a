import { Hono } from "hono";
import type { AppEnv } from "../env";

/**
 * Swagger UI's assets are served by the web app from /vendor/swagger-ui/
 * (copied from the swagger-ui-dist package at build time), so the docs work
 * offline and under a strict CSP with no third-party CDN.
 */
const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Gavel API</title>
  <link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <noscript>The interactive reference needs JavaScript; the raw specification is at <a href="/api/openapi.json">/api/openapi.json</a>.</noscript>
  <script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>`;

const INIT_SCRIPT = `window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: true });`;

export const docsRoutes = new Hono<AppEnv>();

docsRoutes.get("/", (c) =>
  c.html(DOCS_PAGE, 200, {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
  }),
);
docsRoutes.get("/init.js", (c) => c.body(INIT_SCRIPT, 200, { "Content-Type": "text/javascript; charset=utf-8" }));
