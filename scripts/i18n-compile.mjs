#!/usr/bin/env node
// Compiles messages/*.json (the inlang project in project.inlang/) into
// schema/paraglide/, the generated, gitignored module both the site and the
// worker import. Every entry point (dev, build:web, typecheck, the test
// configs, deploy, bench) calls compileMessages() first, so a fresh clone
// needs no extra step. A hash of the inputs skips the work when nothing changed.
// The compiler runs in a child process: the inlang SDK leaves ~30 s of timers
// behind that would keep the calling script (build, deploy, vitest) alive.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const paraglideDir = join(root, "schema", "paraglide");
const stampFile = join(paraglideDir, ".inputs-hash");

/**
 * The browser reads the locale the server rendered into <html lang> (custom-htmlLang,
 * registered by web/src/lib/i18n/client-locale.ts); the server reads it from the request's
 * AsyncLocalStorage (web/src/hooks.server.ts); the worker passes { locale } to every message.
 */
const options = {
  project: join(root, "project.inlang"),
  outdir: paraglideDir,
  strategy: ["custom-htmlLang", "baseLocale"],
  emitTsDeclarations: true,
  emitReadme: false,
  emitPrettierIgnore: false,
};

function inputsHash() {
  const hash = createHash("sha256");
  const paraglideVersion = JSON.parse(readFileSync(join(root, "node_modules", "@inlang", "paraglide-js", "package.json"), "utf8")).version;
  hash.update(`${paraglideVersion}\n${JSON.stringify(options)}\n`);
  hash.update(readFileSync(join(root, "project.inlang", "settings.json")));
  const messagesDir = join(root, "messages");
  for (const file of readdirSync(messagesDir).sort()) {
    if (!file.endsWith(".json")) continue;
    hash.update(`\n${file}\n`);
    hash.update(readFileSync(join(messagesDir, file)));
  }
  return hash.digest("hex");
}

/** Compiles the messages unless the output matches the current inputs. Synchronous, for build scripts and configs. */
export function compileMessages() {
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === inputsHash()) return;
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("i18n: compiling messages failed (scripts/i18n-compile.mjs)");
}

async function compileNow() {
  const hash = inputsHash();
  const { compile } = await import("@inlang/paraglide-js");
  await compile(options);
  // A plugin that fails to load is only a warning in paraglide's log: check that every message came out.
  const baseMessages = JSON.parse(readFileSync(join(root, "messages", "en.json"), "utf8"));
  const expected = Object.keys(baseMessages).filter((key) => key !== "$schema").length;
  const indexFile = join(paraglideDir, "messages", "_index.js");
  const compiled = existsSync(indexFile) ? readFileSync(indexFile, "utf8").split("\n").filter((line) => line.startsWith("export ")).length : 0;
  if (compiled !== expected) throw new Error(`i18n: paraglide compiled ${compiled} of the ${expected} messages in messages/en.json`);
  writeFileSync(stampFile, hash);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await compileNow();
  process.exit(0);
}
