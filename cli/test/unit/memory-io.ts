import { PassThrough } from "node:stream";
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
