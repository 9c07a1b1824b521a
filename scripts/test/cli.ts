import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { DatabaseSync } from "node:sqlite";

export const root = resolve(import.meta.dirname, "..", "..");

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of the package's scripts the way `npm run` does, with Node 24 (this process's node). */
export function runScript(script: string, args: string[], options: { stateDir?: string; input?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [join(root, "scripts", script), ...args], {
    cwd: root,
    encoding: "utf8",
    input: options.input ?? "",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", ...(options.stateDir ? { GAVEL_STATE_DIR: options.stateDir } : {}) },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function wrangler(args: string[], stateDir: string): string {
  const result = spawnSync(join(root, "node_modules", ".bin", "wrangler"), args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
  });
  if (result.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed (${stateDir}):\n${result.stderr}`);
  return result.stdout;
}

/**
 * Reads (or arranges) the local D1 database straight from its SQLite file, which is what
 * `wrangler d1 execute --local` writes: one spawn of wrangler less per assertion.
 */
export function queryLocal<Row>(stateDir: string, sql: string): Row[] {
  const directory = join(stateDir, "v3", "d1", "miniflare-D1DatabaseObject");
  const file = readdirSync(directory).find((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite");
  if (!file) throw new Error(`no local D1 database in ${directory}`);
  const database = new DatabaseSync(join(directory, file));
  try {
    const statement = database.prepare(sql);
    return (/^\s*select/i.test(sql) ? statement.all() : (statement.run(), [])) as Row[];
  } finally {
    database.close();
  }
}
