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

// The inlang SDK (under Paraglide, the message compiler) ships native builds the same way.
const LIX_PLATFORMS = {
  "darwin-arm64": { os: ["darwin"], cpu: ["arm64"] },
  "linux-arm64": { os: ["linux"], cpu: ["arm64"] },
  "linux-x64": { os: ["linux"], cpu: ["x64"] },
  "win32-x64": { os: ["win32"], cpu: ["x64"] },
};
const FAMILIES = [
  { parent: "workerd", prefix: "@cloudflare/workerd-", platforms: PLATFORMS, extra: { license: "Apache-2.0", engines: { node: ">=16" } } },
  { parent: "@lix-js/sdk", prefix: "@lix-js/sdk-", platforms: LIX_PLATFORMS, extra: {} },
];

const lockPath = join(import.meta.dirname, "..", "package-lock.json");
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const added = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  const family = FAMILIES.find((candidate) => path.endsWith(`node_modules/${candidate.parent}`));
  if (!family || !entry.optionalDependencies) continue;
  const prefix = path.slice(0, -family.parent.length);
  for (const [name, version] of Object.entries(entry.optionalDependencies)) {
    const target = prefix + name;
    const platform = family.platforms[name.replace(family.prefix, "")];
    if (lock.packages[target] || !platform) continue;
    lock.packages[target] = { version, ...platform, dev: true, ...family.extra, optional: true };
    added.push(target);
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `lockfile: restored ${added.join(", ")}` : "lockfile: nothing to restore");
