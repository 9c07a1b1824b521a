import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/** The relay tier's tests run against a room that relays beyond 2 sockets instead of 1,000. */
const RELAY_TESTS = "tests/room/relays*.test.ts";

export default defineConfig(async () => {
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
      projects: [
        { extends: false, plugins: [workers({})], test: { ...test, name: "workers", include: ["tests/**/*.test.ts"], exclude: ["tests/e2e/**", RELAY_TESTS] } },
        { extends: false, plugins: [workers({ RELAY_THRESHOLD_SOCKETS: "2" })], test: { ...test, name: "relays", include: [RELAY_TESTS] } },
      ],
    },
  };
});
