import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

/**
 * The terminal client's tests (`npm run test:cli`): unit tests of formatting,
 * arguments and the live feed, then the commands run as processes against the
 * local stack, started once by the browser tests' own global setup.
 */
export default defineConfig({
  // The site's pure helpers the client shares import the schema by the site's alias.
  resolve: { alias: { $schema: resolve(import.meta.dirname, "../schema") } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "cli-unit",
          root: import.meta.dirname,
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "cli-stack",
          root: import.meta.dirname,
          include: ["test/stack/**/*.test.ts"],
          environment: "node",
          globalSetup: ["../tests/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
