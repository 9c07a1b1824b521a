import { availableParallelism } from "node:os";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { compileMessages } from "./scripts/i18n-compile.mjs";

/** The relay tier's tests run against a room that relays beyond 2 sockets instead of 1,000. */
const RELAY_TESTS = "tests/room/relays*.test.ts";

export default defineConfig(async () => {
  // The worker imports the compiled messages (schema/paraglide).
  compileMessages();
  const migrations = await readD1Migrations("./schema/migrations");
  const workers = (vars: Record<string, string>) =>
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: migrations,
          JWT_SECRET: "test-secret-that-is-long-enough-for-hs256-0123456789",
          MAIL_TRANSPORT: "outbox",
          SITE_URL: "https://gavel.test",
          ...vars,
        },
      },
    });
  const test = { setupFiles: ["./tests/setup/apply-migrations.ts"], testTimeout: 20_000, silent: "passed-only" as const };
  return {
    test: {
      // Each test file gets its own workerd and its own storage (D1, R2, Durable Objects), so files
      // share nothing and may run side by side. Vitest's default (cores - 1) runs them one at a time
      // on a 2-core machine, leaving one core idle (the suite took 298 s that way, 174 s with 2).
      maxWorkers: Math.max(2, availableParallelism() - 1),
      projects: [
        { extends: false, plugins: [workers({})], test: { ...test, name: "workers", include: ["tests/**/*.test.ts"], exclude: ["tests/e2e/**", RELAY_TESTS] } },
        { extends: false, plugins: [workers({ RELAY_THRESHOLD_SOCKETS: "2" })], test: { ...test, name: "relays", include: [RELAY_TESTS] } },
      ],
    },
  };
});
