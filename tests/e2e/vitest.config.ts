import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

const root = resolve(import.meta.dirname, "../..");
const stackTests = { environment: "node", testTimeout: 60_000, hookTimeout: 240_000, fileParallelism: false } as const;

/**
 * Everything that runs against the whole local stack (`npm run test:e2e`): the
 * terminal client's commands, then the browser tests. The stack is started
 * once, by this config's global setup, for both (`npm run test:cli` alone
 * starts its own); one file at a time, the terminal's first, since both
 * drive the same demo accounts and the terminal's tests time what they see.
 */
export default defineConfig({
  test: {
    globalSetup: [resolve(import.meta.dirname, "global-setup.ts")],
    projects: [
      {
        test: { ...stackTests, name: "cli-stack", root: resolve(root, "cli"), include: ["test/stack/**/*.test.ts"], sequence: { groupOrder: 0 } },
        // The site's pure helpers the terminal client shares import the schema by the site's alias.
        resolve: { alias: { $schema: resolve(root, "schema") } },
      },
      {
        test: { ...stackTests, name: "browser", root: import.meta.dirname, include: ["**/*.e2e.test.ts"], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
