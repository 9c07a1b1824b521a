import { defineConfig } from "vitest/config";

/** The operator's command-line tools (deploy, admin, seed:categories), run with Node against a local database. */
export default defineConfig({
  test: {
    root: "scripts",
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
