import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** The stack's local state (D1, R2, Durable Objects): tests that must move a stored clock edit it there. */
    stateDir: string;
  }
}

const root = resolve(import.meta.dirname, "../..");

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Starts the stack exactly as the README does (`npm run dev` = node scripts/dev.mjs) on a fresh state dir. */
export default async function setup(project: TestProject) {
  const stateDir = mkdtempSync(join(tmpdir(), "gavel-e2e-"));
  const port = await freePort();
  const stack: ChildProcess = spawn(process.execPath, [join(root, "scripts", "dev.mjs")], {
    cwd: root,
    env: { ...process.env, PORT: String(port), GAVEL_STATE_DIR: stateDir },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const baseUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack did not start:\n${output.join("")}`)), 200_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /Gavel is running at (\S+)/.exec(chunk.toString());
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    stack.stdout!.on("data", onData);
    stack.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    stack.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`stack exited with ${code}:\n${output.join("")}`));
    });
  });
  project.provide("baseUrl", baseUrl);
  project.provide("stateDir", stateDir);

  return () => {
    try {
      process.kill(-stack.pid!, "SIGTERM");
    } catch {
      // already stopped
    }
    rmSync(stateDir, { recursive: true, force: true });
  };
}
