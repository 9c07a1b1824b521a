import { defineConfig } from "vitest/config";
import { compileMessages } from "../../scripts/i18n-compile.mjs";

// Browser tests may import messages to assert translated text; the stack compiles them too.
compileMessages();

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
