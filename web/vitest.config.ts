import { resolve } from "node:path";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";
import { compileMessages } from "../scripts/i18n-compile.mjs";

// Components import the compiled messages (schema/paraglide).
compileMessages();

/**
 * Component and browser-logic tests for the site (jsdom), apart from the worker
 * tests (workerd) and the end-to-end tests (Chromium): `npm run test:components`.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [svelte()],
  resolve: {
    alias: {
      $lib: resolve(import.meta.dirname, "src/lib"),
      $schema: resolve(import.meta.dirname, "../schema"),
    },
    // Svelte's client runtime (mount, effects), not its server renderer.
    conditions: ["browser"],
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "jsdom",
    // Messages in the browser follow <html lang> (as after hydration); a test sets document.documentElement.lang.
    setupFiles: ["./src/lib/i18n/client-locale.ts"],
    restoreMocks: true,
  },
});
