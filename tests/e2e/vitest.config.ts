import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: "tests/e2e",
    include: ["**/*.e2e.test.ts"],
    environment: "node",
    globalSetup: ["./global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
