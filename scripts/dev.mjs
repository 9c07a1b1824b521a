#!/usr/bin/env node
// Starts Gavel locally: migrations, demo data, web build, then the site and
// the API worker together. Prints "Gavel is running at <url>" once
// /api/health/ready answers.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildWeb } from "./build-web.mjs";
import { compileMessages } from "./i18n-compile.mjs";
import { seedDemoAuctions } from "./seed-auctions.mjs";
import { signAccessToken } from "./access-tokens.mjs";
import { applyMigrations, devSecret, ensureDevVars, executeSql, freePort, host, queryLocal, root, waitForOk, wrangler } from "./local-stack.mjs";

const stateDir = resolve(root, process.env.GAVEL_STATE_DIR ?? ".wrangler/state");
const port = Number(process.env.PORT ?? 8788);
// A registry per state dir keeps two stacks on one machine (say, dev and the e2e tests) apart.
const childEnv = { ...process.env, WRANGLER_REGISTRY_PATH: join(stateDir, "registry"), WRANGLER_SEND_METRICS: "false" };

function seed() {
  const seedSql = spawnSync(process.execPath, [join(root, "scripts", "seed.ts")], { cwd: root, encoding: "utf8" });
  if (seedSql.status !== 0) {
    console.error(seedSql.stderr);
    process.exit(1);
  }
  const file = join(tmpdir(), `gavel-seed-${process.pid}.sql`);
  writeFileSync(file, seedSql.stdout);
  executeSql(stateDir, file, childEnv);
  rmSync(file, { force: true });
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

// The Request.cf warning (no internet here) and its stack trace.
const NOISE = /Request\.cf|workers\.cloudflare\.com|getaddrinfo ENOTFOUND|at GetAddrInfoReqWrap/;

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

process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

mkdirSync(stateDir, { recursive: true });
ensureDevVars({ SITE_URL: `http://${host}:${port}` });
applyMigrations(stateDir, childEnv);
seed();
// The worker imports the compiled messages too, so they are compiled even when the site build is skipped.
compileMessages();
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
/** Short-lived sessions for the demo accounts, written to D1 directly; the seed ends them when done. */
async function openDemoSessions(emails) {
  const now = Date.now();
  const users = queryLocal(stateDir, `SELECT id, email FROM users WHERE email IN (${emails.map((email) => `'${email}'`).join(", ")})`, childEnv);
  const sessions = users.map((user) => ({ ...user, sessionId: crypto.randomUUID() }));
  const inserts = sessions.map(
    (session) =>
      `INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, user_agent) ` +
      `VALUES ('${session.sessionId}', '${session.id}', ${now}, ${now}, ${now + 15 * 60_000}, 'Demo data seeding');`,
  );
  const file = join(tmpdir(), `gavel-sessions-${process.pid}.sql`);
  writeFileSync(file, inserts.join("\n"));
  executeSql(stateDir, file, childEnv);
  rmSync(file, { force: true });
  const secret = devSecret();
  return Object.fromEntries(
    await Promise.all(sessions.map(async (session) => [session.email, await signAccessToken(secret, { userId: session.id, sessionId: session.sessionId, lifetime: "15m" })])),
  );
}

/** Demo auctions need their rooms, so they are created through the API once it answers. */
async function seedAuctions() {
  try {
    const created = await seedDemoAuctions(url, openDemoSessions);
    if (created > 0) console.log(`dev: seeded ${created} demo auctions`);
    return true;
  } catch (error) {
    console.error(`dev: seeding demo auctions failed: ${error.message}`);
    return false;
  }
}

if (!(await waitForOk(`${url}/api/health/ready`, 120_000, () => stopping))) {
  console.error("dev: the stack did not become ready within 120 s");
  stop(1);
} else if (!(await seedAuctions())) {
  stop(1);
} else {
  console.log(`Gavel is running at ${url}`);
}
