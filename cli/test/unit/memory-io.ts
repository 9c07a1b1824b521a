import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll } from "vitest";
import type { Io } from "../../src/context";

/** Streams that collect what a command prints, for running `main` in-process. */
export function memoryIo(env: NodeJS.ProcessEnv = {}, fetcher?: typeof fetch) {
  const chunks = { stdout: "", stderr: "" };
  const stream = (name: "stdout" | "stderr") => {
    const sink = new PassThrough();
    sink.on("data", (chunk: Buffer) => (chunks[name] += chunk.toString()));
    return sink as unknown as NodeJS.WriteStream;
  };
  const io: Io = { stdin: new PassThrough() as unknown as NodeJS.ReadStream, stdout: stream("stdout"), stderr: stream("stderr"), env: { XDG_CONFIG_HOME: "/nonexistent-gavel-test", ...env }, ...(fetcher && { fetch: fetcher }) };
  return { io, output: chunks };
}

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A temporary folder, removed after the file's tests. */
export function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "gavel-cli-unit-"));
  folders.push(folder);
  return folder;
}
