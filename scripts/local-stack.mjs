// Helpers shared by the local dev stack and the benchmark.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const wrangler = join(root, "node_modules", ".bin", "wrangler");
export const host = "127.0.0.1";

/**
 * Local settings in .dev.vars: a random JWT_SECRET on first use, and mail kept
 * in the D1 outbox (read at /dev/outbox) instead of sent. Missing keys are
 * added to an existing file; values already there are kept, except the
 * `current` ones (SITE_URL follows the port this run listens on).
 */
export function ensureDevVars(current = {}) {
  const devVars = join(root, ".dev.vars");
  const existing = existsSync(devVars) ? readFileSync(devVars, "utf8") : "";
  const wanted = { JWT_SECRET: () => randomBytes(32).toString("hex"), MAIL_TRANSPORT: () => "outbox" };
  const kept = existing.split("\n").filter((line) => line.trim() && !Object.keys(current).some((key) => line.startsWith(`${key}=`)));
  const missing = Object.entries(wanted).filter(([key]) => !kept.some((line) => line.startsWith(`${key}=`)));
  const lines = [...kept, ...missing.map(([key, value]) => `${key}=${value()}`), ...Object.entries(current).map(([key, value]) => `${key}=${value}`)];
  writeFileSync(devVars, `${lines.join("\n")}\n`);
  if (missing.length > 0) console.log(`local: added ${missing.map(([key]) => key).join(", ")} to .dev.vars`);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options });
  if (result.status !== 0) {
    console.error(`local: '${[command, ...args].join(" ")}' failed`);
    process.exit(result.status ?? 1);
  }
  return result;
}

export function applyMigrations(stateDir, env) {
  run(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir], { env: { ...env, CI: "true" } });
}

export function executeSql(stateDir, file, env) {
  // Its output is a JSON dump of every statement's result: only errors are worth showing.
  run(wrangler, ["d1", "execute", "DB", "--local", "--persist-to", stateDir, "--file", file], { env, stdio: ["ignore", "ignore", "inherit"] });
}

/** Rows of one query against the local database. */
export function queryLocal(stateDir, sql, env) {
  const result = run(wrangler, ["d1", "execute", "DB", "--local", "--persist-to", stateDir, "--json", "--command", sql], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  return JSON.parse(result.stdout)[0].results;
}

export function devSecret() {
  const line = readFileSync(join(root, ".dev.vars"), "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("JWT_SECRET="));
  if (!line) throw new Error(".dev.vars has no JWT_SECRET");
  return line.slice("JWT_SECRET=".length).trim();
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

export async function waitForOk(url, timeoutMs, isStopping = () => false) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !isStopping()) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((wake) => setTimeout(wake, 500));
  }
  return false;
}
