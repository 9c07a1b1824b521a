#!/usr/bin/env node
// Starts Gavel locally: migrations, demo data, web build, then the site and
// the API worker together. Prints "Gavel is running at <url>" once
// /api/health/ready answers.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildWeb } from "./build-web.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const wrangler = join(root, "node_modules", ".bin", "wrangler");
const stateDir = resolve(root, process.env.GAVEL_STATE_DIR ?? ".wrangler/state");
const port = Number(process.env.PORT ?? 8788);
const host = "127.0.0.1";
// A registry per state dir keeps two stacks on one machine (say, dev and the e2e tests) apart.
const childEnv = { ...process.env, WRANGLER_REGISTRY_PATH: join(stateDir, "registry"), WRANGLER_SEND_METRICS: "false" };

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, env: childEnv, stdio: "inherit", ...options });
  if (result.status !== 0) {
    console.error(`dev: '${[command, ...args].join(" ")}' failed`);
    process.exit(result.status ?? 1);
  }
  return result;
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, host, () => {
      const { port: free } = server.address();
      server.close(() => resolvePort(free));
    });
  });
}

function ensureDevSecret() {
  const devVars = join(root, ".dev.vars");
  if (!existsSync(devVars)) {
    writeFileSync(devVars, `JWT_SECRET=${randomBytes(32).toString("hex")}\n`);
    console.log("dev: wrote a random JWT_SECRET to .dev.vars");
  }
}

function seed() {
  const seedSql = spawnSync(process.execPath, [join(root, "scripts", "seed.ts")], { cwd: root, encoding: "utf8" });
  if (seedSql.status !== 0) {
    console.error(seedSql.stderr);
    process.exit(1);
  }
  const file = join(tmpdir(), `gavel-seed-${process.pid}.sql`);
  writeFileSync(file, seedSql.stdout);
  run(wrangler, ["d1", "execute", "DB", "--local", "--persist-to", stateDir, "--file", file]);
}

const children = [];
let stopping = false;

function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  setTimeout(() => process.exit(code), 500).unref();
}

const NOISE = /Request\.cf|workers\.cloudflare\.com|getaddrinfo ENOTFOUND/;

function start(name, args, cwd) {
  const child = spawn(wrangler, args, { cwd, env: childEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream.on("data", (chunk) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) if (line.trim() && !NOISE.test(line)) console.log(`[${name}] ${line}`);
    });
  }
  child.on("exit", (code) => {
    if (!stopping) {
      console.error(`dev: ${name} exited (${code}); stopping`);
      stop(1);
    }
  });
}

async function waitForHealth(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((wake) => setTimeout(wake, 500));
  }
  return false;
}

process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

mkdirSync(stateDir, { recursive: true });
ensureDevSecret();
run(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir], {
  env: { ...childEnv, CI: "true" },
});
seed();
if (process.env.GAVEL_SKIP_BUILD !== "1") buildWeb();

// One workerd process runs the site and the API worker, so the API service
// binding connects in-process (no dev registry between two wrangler processes).
start(
  "gavel",
  [
    "pages", "dev", ".svelte-kit/cloudflare",
    "--config", "wrangler.toml", "--config", "../wrangler.toml",
    "--ip", host, "--port", String(port),
    "--persist-to", stateDir,
    "--inspector-port", String(await freePort()),
    "--show-interactive-dev-session=false",
  ],
  join(root, "web"),
);

const url = `http://${host}:${port}`;
if (await waitForHealth(`${url}/api/health/ready`, 120_000)) {
  console.log(`Gavel is running at ${url}`);
} else {
  console.error("dev: the stack did not become ready within 120 s");
  stop(1);
}
