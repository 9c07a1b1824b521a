import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Api, ApiError } from "../../src/api";
import { ConfigStore, type StoredLogin } from "../../src/config";
import { temporaryFolder } from "./memory-io";

const SERVER = "http://gavel.test";
const NOW = Date.UTC(2026, 11, 2, 17, 0, 0);

function storedLogin(overrides: Partial<StoredLogin> = {}): StoredLogin {
  return { userId: "u1", email: "a@gavel.test", displayName: "A", accessToken: "old-access", accessTokenExpiresAt: new Date(NOW + 10 * 60_000).toISOString(), refreshToken: "old-refresh", ...overrides };
}

const authResult = (access: string, refresh: string) => ({
  user: { id: "u1", email: "a@gavel.test", displayName: "A", roles: [], emailVerified: true, suspended: false, createdAt: new Date(NOW).toISOString(), preferences: { locale: null, displayCurrency: null, timeZone: null } },
  accessToken: access,
  accessTokenExpiresAt: new Date(NOW + 15 * 60_000).toISOString(),
  refreshToken: refresh,
});

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** A server that records what it was asked and answers from a script. */
function server(answer: (path: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: Array<{ path: string; authorization: string | null; body: unknown }> = [];
  const fetcher = (async (url: string | URL | Request, init: RequestInit = {}) => {
    const path = String(url).slice(SERVER.length);
    const headers = new Headers(init.headers);
    calls.push({ path, authorization: headers.get("authorization"), body: init.body ? JSON.parse(String(init.body)) : null });
    expect(headers.has("origin")).toBe(false);
    return answer(path, init);
  }) as typeof fetch;
  return { fetcher, calls };
}

async function storeWith(login: StoredLogin | null): Promise<ConfigStore> {
  const store = new ConfigStore(join(temporaryFolder(), "gavel"));
  if (login) await store.saveLogin(SERVER, login);
  return store;
}

const Ok = z.object({ ok: z.literal(true) });

describe("the API client", () => {
  it("sends the stored access token while it is fresh", async () => {
    const { fetcher, calls } = server(() => json(200, { ok: true }));
    const api = new Api(SERVER, await storeWith(storedLogin()), fetcher, () => NOW);
    await expect(api.request(Ok, "/api/me", { auth: "required" })).resolves.toEqual({ ok: true });
    expect(calls).toEqual([{ path: "/api/me", authorization: "Bearer old-access", body: null }]);
  });

  it("renews with the refresh token shortly before expiry and stores the rotated tokens", async () => {
    const store = await storeWith(storedLogin({ accessTokenExpiresAt: new Date(NOW + 20_000).toISOString() }));
    const { fetcher, calls } = server((path) => (path === "/api/auth/refresh" ? json(200, authResult("new-access", "new-refresh")) : json(200, { ok: true })));
    const api = new Api(SERVER, store, fetcher, () => NOW);
    await api.request(Ok, "/api/me", { auth: "required" });
    expect(calls).toEqual([
      { path: "/api/auth/refresh", authorization: null, body: { refreshToken: "old-refresh" } },
      { path: "/api/me", authorization: "Bearer new-access", body: null },
    ]);
    expect(await store.login(SERVER)).toMatchObject({ accessToken: "new-access", refreshToken: "new-refresh" });
  });

  it("shares one renewal between requests that need a token at the same moment", async () => {
    const store = await storeWith(storedLogin({ accessTokenExpiresAt: new Date(NOW - 1).toISOString() }));
    const { fetcher, calls } = server((path) => (path === "/api/auth/refresh" ? json(200, authResult("new-access", "new-refresh")) : json(200, { ok: true })));
    const api = new Api(SERVER, store, fetcher, () => NOW);
    await Promise.all([api.request(Ok, "/api/me", { auth: "required" }), api.request(Ok, "/api/me/profile", { auth: "required" }), api.accessToken()]);
    expect(calls.filter((call) => call.path === "/api/auth/refresh")).toHaveLength(1);
    expect(calls.filter((call) => call.path !== "/api/auth/refresh").map((call) => call.authorization)).toEqual(["Bearer new-access", "Bearer new-access"]);
  });

  it("renews once and retries when the server refuses a token it thought fresh", async () => {
    let meCalls = 0;
    const { fetcher, calls } = server((path) => {
      if (path === "/api/auth/refresh") return json(200, authResult("new-access", "new-refresh"));
      meCalls += 1;
      return meCalls === 1 ? json(401, { error: { code: "TOKEN_INVALID", message: "expired", details: {} } }) : json(200, { ok: true });
    });
    const api = new Api(SERVER, await storeWith(storedLogin()), fetcher, () => NOW);
    await expect(api.request(Ok, "/api/me", { auth: "required" })).resolves.toEqual({ ok: true });
    expect(calls.map((call) => `${call.path} ${call.authorization}`)).toEqual(["/api/me Bearer old-access", "/api/auth/refresh null", "/api/me Bearer new-access"]);
  });

  it("forgets a login whose session has ended and says to log in again", async () => {
    const store = await storeWith(storedLogin({ accessTokenExpiresAt: new Date(NOW - 1).toISOString() }));
    const { fetcher } = server(() => json(401, { error: { code: "REFRESH_TOKEN_INVALID", message: "Log in again", details: {} } }));
    const api = new Api(SERVER, store, fetcher, () => NOW);
    const failure = await api.request(Ok, "/api/me", { auth: "required" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    expect(await store.login(SERVER)).toBeNull();
  });

  it("on a refresh conflict, takes the tokens another gavel process just stored instead of reusing the old one", async () => {
    const store = await storeWith(storedLogin({ accessTokenExpiresAt: new Date(NOW - 1).toISOString() }));
    const { fetcher, calls } = server(async (path) => {
      if (path !== "/api/auth/refresh") return json(200, { ok: true });
      // The other process won the exchange and is writing its result.
      await store.saveLogin(SERVER, storedLogin({ accessToken: "their-access", refreshToken: "their-refresh" }));
      return json(409, { error: { code: "REFRESH_CONFLICT", message: "Refreshed concurrently", details: {} } });
    });
    const api = new Api(SERVER, store, fetcher, Date.now);
    await api.request(Ok, "/api/me", { auth: "required" });
    expect(calls.map((call) => `${call.path} ${call.authorization}`)).toEqual(["/api/auth/refresh null", "/api/me Bearer their-access"]);
  });

  it("reads the error envelope, and names the server when it can't be reached", async () => {
    const { fetcher } = server(() => json(422, { error: { code: "BID_TOO_LOW", message: "Bid at least 2700", details: {} } }));
    const api = new Api(SERVER, await storeWith(null), fetcher, () => NOW);
    await expect(api.send("/api/auctions/x/bids", { method: "POST", body: {} })).rejects.toMatchObject({ status: 422, code: "BID_TOO_LOW", message: "Bid at least 2700" });
    await expect(api.send("/api/me", { auth: "required" })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const offline = new Api(SERVER, await storeWith(null), (async () => {
      throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") });
    }) as unknown as typeof fetch);
    await expect(offline.send("/api/auctions")).rejects.toMatchObject({ code: "NETWORK", message: "Cannot reach http://gavel.test (connect ECONNREFUSED)" });
  });
});
