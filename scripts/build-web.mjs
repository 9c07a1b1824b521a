#!/usr/bin/env node
// Builds the SvelteKit site for Pages. Swagger UI's assets are copied into the
// site's static files so /api/docs loads them from our own origin.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compileMessages } from "./i18n-compile.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export function buildWeb() {
  compileMessages();
  const vendor = join(root, "web", "static", "vendor", "swagger-ui");
  mkdirSync(vendor, { recursive: true });
  for (const file of ["swagger-ui.css", "swagger-ui-bundle.js"]) {
    copyFileSync(join(root, "node_modules", "swagger-ui-dist", file), join(vendor, file));
  }
  const result = spawnSync(join(root, "node_modules", ".bin", "vite"), ["build", "--logLevel", "warn"], {
    cwd: join(root, "web"),
    stdio: "inherit",
    // The browser tests start the stack from vitest, which sets NODE_ENV=test; that would ship SvelteKit's dev build.
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("web build failed");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildWeb();
