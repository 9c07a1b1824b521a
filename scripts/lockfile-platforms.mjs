#!/usr/bin/env node
// The npm registry reachable from our machines serves workerd's Linux builds
// only, so `npm install` drops the macOS/Windows optional packages from
// package-lock.json, and `npm ci` then refuses the lock as out of sync.
// This puts the missing entries back (npm skips them on other platforms and
// fetches them normally on a Mac or Windows machine). Run after `npm install`.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const PLATFORMS = {
  "darwin-64": { os: ["darwin"], cpu: ["x64"] },
  "darwin-arm64": { os: ["darwin"], cpu: ["arm64"] },
  "windows-64": { os: ["win32"], cpu: ["x64"] },
  "linux-64": { os: ["linux"], cpu: ["x64"] },
  "linux-arm64": { os: ["linux"], cpu: ["arm64"] },
};

const lockPath = join(import.meta.dirname, "..", "package-lock.json");
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const added = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  if (!path.endsWith("node_modules/workerd") || !entry.optionalDependencies) continue;
  const prefix = path.slice(0, -"workerd".length);
  for (const [name, version] of Object.entries(entry.optionalDependencies)) {
    const target = prefix + name;
    const platform = PLATFORMS[name.replace("@cloudflare/workerd-", "")];
    if (lock.packages[target] || !platform) continue;
    lock.packages[target] = { version, ...platform, dev: true, license: "Apache-2.0", optional: true, engines: { node: ">=16" } };
    added.push(target);
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `lockfile: restored ${added.join(", ")}` : "lockfile: nothing to restore");
