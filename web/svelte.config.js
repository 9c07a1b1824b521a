import adapter from "@sveltejs/adapter-cloudflare";

/** @type {import('@sveltejs/kit').Config} */
const config = {
  kit: {
    adapter: adapter(),
    alias: { $schema: "../schema" },
    // SvelteKit's form check runs before any hook and cannot exempt the RFC 8058 one-click
    // unsubscribe POST (a form without Origin, proxied to the API); hooks.server.ts checks the
    // site's own forms instead (lib/server/site-security.ts), and the API checks /api. Its
    // replacement, trustedOrigins, cannot admit a request without Origin, hence the deprecated flag.
    csrf: { checkOrigin: false },
    // Nonces for SvelteKit's inline hydration script on every server-rendered page. Styles allow
    // 'unsafe-inline' because Svelte writes style attributes (style:, transitions).
    csp: {
      mode: "auto",
      directives: {
        "default-src": ["self"],
        "script-src": ["self"],
        "style-src": ["self", "unsafe-inline"],
        "img-src": ["self", "data:", "blob:"],
        "font-src": ["self"],
        "connect-src": ["self"],
        "object-src": ["none"],
        "base-uri": ["self"],
        "form-action": ["self"],
        "frame-ancestors": ["none"],
      },
    },
  },
};

export default config;
