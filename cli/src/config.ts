import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import { z } from "zod";

/** `npm run dev`'s address: the stack a new user starts first. */
export const DEFAULT_SERVER = "http://127.0.0.1:8788";

/** One login per server, so a local stack and a deployment can both stay logged in. */
export const StoredLogin = z.object({
  userId: z.string(),
  email: z.string(),
  displayName: z.string(),
  accessToken: z.string(),
  accessTokenExpiresAt: z.string(),
  refreshToken: z.string(),
});
export type StoredLogin = z.infer<typeof StoredLogin>;

const ConfigFile = z.object({
  server: z.string().optional(),
  logins: z.record(z.string(), StoredLogin).default({}),
});
export type ConfigFile = z.infer<typeof ConfigFile>;

/** `$XDG_CONFIG_HOME/gavel`, or `~/.config/gavel` (the XDG spec ignores a relative value). */
export function configDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir(), ".config");
  return join(base, "gavel");
}

/** A server address as typed ("localhost:8788", "https://gavel.example/"), or null when it isn't one. */
export function normalizeServer(text: string): string | null {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/**
 * The config file: the default server and the tokens. It holds refresh
 * tokens, so the folder is 0700 and the file 0600, written to a private
 * temporary file and renamed, so a reader never sees half a file and the
 * tokens are never readable by others, not even for a moment.
 */
export class ConfigStore {
  readonly directory: string;
  readonly path: string;

  constructor(directory: string = configDirectory()) {
    this.directory = directory;
    this.path = join(directory, "config.json");
  }

  async read(): Promise<ConfigFile> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { logins: {} };
      throw error;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new Error(`${this.path} is not valid JSON; fix or delete it`);
    }
    const parsed = ConfigFile.safeParse(raw);
    if (!parsed.success) throw new Error(`${this.path} is not a gavel config file; fix or delete it`);
    return parsed.data;
  }

  /** Re-reads the file, applies `change` and writes it back, so a second gavel process's changes are kept. */
  async update(change: (config: ConfigFile) => void): Promise<ConfigFile> {
    const config = await this.read();
    change(config);
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const temporary = join(this.directory, `.config-${randomUUID()}.json`);
    try {
      await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600, flag: "wx" });
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return config;
  }

  async login(server: string): Promise<StoredLogin | null> {
    return (await this.read()).logins[server] ?? null;
  }

  async saveLogin(server: string, login: StoredLogin): Promise<void> {
    await this.update((config) => {
      config.logins[server] = login;
    });
  }

  async forgetLogin(server: string): Promise<void> {
    await this.update((config) => {
      delete config.logins[server];
    });
  }
}

/** `--server`, else `GAVEL_SERVER`, else the config file's, else the local stack. */
export function chooseServer(flag: string | undefined, env: NodeJS.ProcessEnv, config: ConfigFile): string {
  const candidates: Array<[string | undefined, string]> = [
    [flag, "--server"],
    [env.GAVEL_SERVER || undefined, "GAVEL_SERVER"],
    [config.server, "the config file's server"],
  ];
  for (const [value, source] of candidates) {
    if (value === undefined) continue;
    const server = normalizeServer(value);
    if (!server) throw new UsageError(`${source} is not an http(s) address: ${value}`);
    return server;
  }
  return DEFAULT_SERVER;
}

/** A mistake in how gavel was called: exit code 2, like other command-line tools. */
export class UsageError extends Error {}
