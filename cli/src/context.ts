import { Api, ApiError } from "./api";
import { chooseServer, ConfigStore, configDirectory } from "./config";
import { colourWanted, makeStyle, type Style, type TimeOptions } from "./format";

/** The process's streams and environment, handed in so tests can run commands in-process. */
export interface Io {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}

export interface GlobalOptions {
  server?: string;
}

/** What every command works with: where the server is, the API client, and how to print. */
export class Context {
  readonly store: ConfigStore;
  readonly style: Style;
  readonly errStyle: Style;
  readonly time: TimeOptions = {};
  readonly io: Io;
  readonly #options: () => GlobalOptions;
  #api: Api | null = null;

  constructor(io: Io, options: () => GlobalOptions) {
    this.io = io;
    this.#options = options;
    this.store = new ConfigStore(configDirectory(io.env));
    this.style = makeStyle(colourWanted(io.stdout, io.env));
    this.errStyle = makeStyle(colourWanted(io.stderr, io.env));
  }

  async api(): Promise<Api> {
    if (!this.#api) {
      const server = chooseServer(this.#options().server, this.io.env, await this.store.read());
      this.#api = new Api(server, this.store, this.io.fetch ?? fetch);
    }
    return this.#api;
  }

  /** Output lines on stdout. */
  print(...lines: string[]): void {
    for (const line of lines) this.io.stdout.write(`${line}\n`);
  }

  json(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Progress and confirmations that aren't the command's output: stderr, so pipes get only data. */
  note(line: string): void {
    this.io.stderr.write(`${line}\n`);
  }

  get width(): number {
    return this.io.stdout.isTTY ? this.io.stdout.columns || 80 : 100;
  }
}

export { ApiError };
