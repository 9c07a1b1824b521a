import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chooseServer, ConfigStore, configDirectory, DEFAULT_SERVER, normalizeServer, UsageError } from "../../src/config";
import { temporaryFolder } from "./memory-io";

const login = { userId: "u1", email: "a@gavel.test", displayName: "A", accessToken: "at", accessTokenExpiresAt: new Date().toISOString(), refreshToken: "rt" };

describe("config file", () => {
  it("lives in XDG_CONFIG_HOME/gavel, or ~/.config/gavel when that is unset or relative", () => {
    expect(configDirectory({ XDG_CONFIG_HOME: "/x/config" })).toBe("/x/config/gavel");
    expect(configDirectory({ XDG_CONFIG_HOME: "relative" })).toMatch(/\/\.config\/gavel$/);
    expect(configDirectory({})).toMatch(/\/\.config\/gavel$/);
  });

  it("keeps tokens readable by the user only, one login per server", async () => {
    const directory = join(temporaryFolder(), "gavel");
    const store = new ConfigStore(directory);
    await store.saveLogin("http://a.test", login);
    await store.saveLogin("http://b.test", { ...login, email: "b@gavel.test" });
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(statSync(directory).mode & 0o777).toBe(0o700);
    expect((await store.login("http://a.test"))?.email).toBe("a@gavel.test");
    await store.forgetLogin("http://a.test");
    expect(await store.login("http://a.test")).toBeNull();
    expect((await store.login("http://b.test"))?.email).toBe("b@gavel.test");
  });
});

describe("server address", () => {
  it("comes from --server, then GAVEL_SERVER, then the config file, then the local stack", () => {
    const config = { server: "https://from-file.test", logins: {} };
    expect(chooseServer("https://flag.test/", { GAVEL_SERVER: "https://env.test" }, config)).toBe("https://flag.test");
    expect(chooseServer(undefined, { GAVEL_SERVER: "https://env.test" }, config)).toBe("https://env.test");
    expect(chooseServer(undefined, {}, config)).toBe("https://from-file.test");
    expect(chooseServer(undefined, {}, { logins: {} })).toBe(DEFAULT_SERVER);
  });

  it("accepts host:port and refuses what isn't http(s)", () => {
    expect(normalizeServer("localhost:8788")).toBe("http://localhost:8788");
    expect(normalizeServer("https://gavel.example/base/")).toBe("https://gavel.example/base");
    expect(normalizeServer("ftp://gavel.example")).toBeNull();
    expect(() => chooseServer("ftp://x", {}, { logins: {} })).toThrow(UsageError);
  });
});
