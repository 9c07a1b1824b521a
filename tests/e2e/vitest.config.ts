import { resolve } from "node:path";
import { defineConfig } from "vitest/config";
import { compileMessages } from "../../scripts/i18n-compile.mjs";

// Browser tests may import messages to assert translated text; the stack compiles them too.
compileMessages();

const root = resolve(import.meta.dirname, "../..");
const stackTests = {
  environment: "node",
  testTimeout: 60_000,
  hookTimeout: 240_000,
  fileParallelism: false,
  // A poll ends as soon as its condition holds; on a shared 2-core machine a page or a hashed
  // password can take longer than the default second. Latency bounds are asserted explicitly.
  expect: { poll: { timeout: 10_000 } },
} as const;

/**
 * Everything that runs against the whole local stack (`npm run test:e2e`): the
 * browser tests, then the terminal client's commands. The stack is started
 * once, by this config's global setup, for both (`npm run test:cli` alone
 * starts its own). One file at a time, the browser's first on the fresh
 * stack: both drive the same demo accounts, and both time what they see.
 * (A group order of 0 with one worker would run last, so the groups are 1 and 2.)
 */
export default defineConfig({
  test: {
    globalSetup: [resolve(import.meta.dirname, "global-setup.ts")],
    projects: [
      {
        test: { ...stackTests, name: "browser", root: import.meta.dirname, include: ["**/*.e2e.test.ts"], sequence: { groupOrder: 1 } },
      },
      {
        test: { ...stackTests, name: "cli-stack", root: resolve(root, "cli"), include: ["test/stack/**/*.test.ts"], sequence: { groupOrder: 2 } },
        // The site's pure helpers the terminal client shares import the schema by the site's alias.
        resolve: { alias: { $schema: resolve(root, "schema") } },
      },
    ],
  },
});
