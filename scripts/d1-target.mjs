// Which D1 database a command-line tool works on: the local one (the default,
// in .wrangler/state or GAVEL_STATE_DIR) or an environment's remote one (--env).
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { root, wrangler } from "./local-stack.mjs";

const environments = ["staging", "production"];

/** `--env staging|production` means the remote database; none (or `--env local`) means local. */
export function d1Target(argv) {
  const index = argv.findIndex((arg) => arg === "--env" || arg === "-e");
  const inline = argv.find((arg) => arg.startsWith("--env="));
  const environment = inline ? inline.slice("--env=".length) : index >= 0 ? argv[index + 1] : undefined;
  if (environment === undefined || environment === "local") {
    const stateDir = resolve(root, process.env.GAVEL_STATE_DIR ?? ".wrangler/state");
    return { remote: false, label: `the local database (${stateDir})`, flags: ["--local", "--persist-to", stateDir] };
  }
  if (!environments.includes(environment)) throw new Error(`--env must be one of ${environments.join(", ")} (or local)`);
  return { remote: true, environment, label: `the ${environment} database`, flags: ["--remote", "--env", environment] };
}

function execute(target, extra) {
  const result = spawnSync(wrangler, ["d1", "execute", "DB", ...target.flags, "--json", ...extra], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
  });
  if (result.status !== 0) throw new Error(`wrangler d1 execute failed on ${target.label}:\n${result.stderr || result.stdout}`);
  return JSON.parse(result.stdout);
}

/** Rows of one read. */
export function queryD1(target, sql) {
  return execute(target, ["--command", sql])[0].results;
}

/** Runs statements from a file, which keeps quoting out of the shell. */
export function executeD1(target, statements) {
  const file = join(tmpdir(), `gavel-d1-${process.pid}-${Date.now()}.sql`);
  writeFileSync(file, `${statements.join("\n")}\n`);
  try {
    execute(target, ["--file", file]);
  } finally {
    rmSync(file, { force: true });
  }
}

export const sqlString = (value) => `'${String(value).replaceAll("'", "''")}'`;
