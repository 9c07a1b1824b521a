import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { REFRESH_REUSE_GRACE_MS } from "../../worker/auth/sessions";
import type { AuthResult, SessionList } from "../../schema";
import { PASSWORD, call, expectError, registerAccount } from "../helpers";

async function login(email: string, password = PASSWORD): Promise<AuthResult> {
  const response = await call("/api/auth/login", { method: "POST", body: { email, password } });
  expect(response.status).toBe(200);
  return (await response.json()) as AuthResult;
}

/** Ages every used refresh token of the user past the reuse grace period. */
async function outgrowGracePeriod(userId: string) {
  await env.DB.prepare(
    "UPDATE refresh_tokens SET used_at = used_at - ? WHERE used_at IS NOT NULL AND session_id IN (SELECT id FROM sessions WHERE user_id = ?)",
  )
    .bind(REFRESH_REUSE_GRACE_MS + 1000, userId)
    .run();
}

function refresh(refreshToken: string | undefined) {
  return call("/api/auth/refresh", { method: "POST", body: { refreshToken } });
}

describe("refresh rotation", () => {
  it("exchanges a refresh token for a new pair, once", async () => {
    const { auth } = await registerAccount();
    const response = await refresh(auth.refreshToken);
    expect(response.status).toBe(200);
    const rotated = (await response.json()) as AuthResult;
    expect(rotated.refreshToken).toBeDefined();
    expect(rotated.refreshToken).not.toBe(auth.refreshToken);
    expect(rotated.accessToken).not.toBe(auth.accessToken);
    expect((await call("/api/me", { token: rotated.accessToken })).status).toBe(200);
    expect((await refresh(rotated.refreshToken)).status).toBe(200);
  });

  it("treats reuse of a rotated token as theft and ends the whole session family", async () => {
    const { auth } = await registerAccount();
    const first = (await (await refresh(auth.refreshToken)).json()) as AuthResult;
    await outgrowGracePeriod(auth.user.id);

    await expectError(await refresh(auth.refreshToken), 401, "REFRESH_TOKEN_REUSED");
    await expectError(await refresh(first.refreshToken), 401, "REFRESH_TOKEN_INVALID");
    await expectError(await call("/api/me", { token: first.accessToken }), 401, "SESSION_REVOKED");
  });

  it("answers a reuse within seconds of the exchange with 409, keeping the session", async () => {
    const { auth } = await registerAccount();
    const first = (await (await refresh(auth.refreshToken)).json()) as AuthResult;
    const again = await refresh(auth.refreshToken);
    await expectError(again, 409, "REFRESH_CONFLICT");
    expect(again.headers.getSetCookie()).toEqual([]);
    expect((await call("/api/me", { token: first.accessToken })).status).toBe(200);
    expect((await refresh(first.refreshToken)).status).toBe(200);
  });

  it("lets exactly one of two parallel exchanges of the same token win", async () => {
    const { auth } = await registerAccount();
    const responses = await Promise.all([refresh(auth.refreshToken), refresh(auth.refreshToken)]);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 409]);
    const winner = (await responses.find((response) => response.status === 200)!.json()) as AuthResult;
    expect((await refresh(winner.refreshToken)).status).toBe(200);
  });

  it("refuses an unknown or missing refresh token", async () => {
    await expectError(await refresh("not-a-token-we-issued"), 401, "REFRESH_TOKEN_INVALID");
    await expectError(await call("/api/auth/refresh", { method: "POST" }), 401, "REFRESH_TOKEN_INVALID");
  });
});

describe("session management", () => {
  it("lists sessions with the current one marked and revokes another device", async () => {
    const account = await registerAccount();
    const laptop = await login(account.email);

    const list = await call("/api/me/sessions", { token: laptop.accessToken });
    const { items } = (await list.json()) as SessionList;
    expect(items).toHaveLength(2);
    expect(items.filter((session) => session.current)).toHaveLength(1);
    const other = items.find((session) => !session.current)!;

    const revoked = await call(`/api/me/sessions/${other.id}`, { method: "DELETE", token: laptop.accessToken });
    expect(revoked.status).toBe(204);
    await expectError(await call("/api/me", { token: account.auth.accessToken }), 401, "SESSION_REVOKED");
    await expectError(await refresh(account.auth.refreshToken), 401, "REFRESH_TOKEN_INVALID");
    expect((await call("/api/me", { token: laptop.accessToken })).status).toBe(200);
  });

  it("cannot revoke another user's session, and says only 404", async () => {
    const alice = await registerAccount();
    const mallory = await registerAccount();
    const aliceSessions = (await (await call("/api/me/sessions", { token: alice.auth.accessToken })).json()) as SessionList;
    const target = aliceSessions.items[0]!.id;

    const response = await call(`/api/me/sessions/${target}`, { method: "DELETE", token: mallory.auth.accessToken });
    await expectError(response, 404, "NOT_FOUND");
    expect((await call("/api/me", { token: alice.auth.accessToken })).status).toBe(200);
  });

  it("rejects a session id that is not a UUID with 400", async () => {
    const { auth } = await registerAccount();
    const response = await call("/api/me/sessions/../../admin", { method: "DELETE", token: auth.accessToken });
    expect([400, 404]).toContain(response.status);
    await expectError(await call("/api/me/sessions/abc", { method: "DELETE", token: auth.accessToken }), 400, "VALIDATION_FAILED");
  });

  it("logs out everywhere else", async () => {
    const account = await registerAccount();
    const phone = await login(account.email);
    const tablet = await login(account.email);

    const response = await call("/api/me/sessions", { method: "DELETE", token: tablet.accessToken });
    expect(await response.json()).toEqual({ revoked: 2 });
    await expectError(await call("/api/me", { token: phone.accessToken }), 401, "SESSION_REVOKED");
    expect((await call("/api/me", { token: tablet.accessToken })).status).toBe(200);
  });

  it("logs out a token client with its bearer token", async () => {
    const { auth } = await registerAccount();
    expect((await call("/api/auth/logout", { method: "POST", token: auth.accessToken })).status).toBe(204);
    await expectError(await call("/api/me", { token: auth.accessToken }), 401, "SESSION_REVOKED");
    await expectError(await refresh(auth.refreshToken), 401, "REFRESH_TOKEN_INVALID");
  });
});

describe("change password", () => {
  it("needs the current password", async () => {
    const { auth } = await registerAccount();
    const response = await call("/api/me/password", {
      method: "POST",
      token: auth.accessToken,
      body: { currentPassword: "not my password", newPassword: "a brand new passphrase" },
    });
    await expectError(response, 403, "INVALID_CREDENTIALS");
  });

  it("applies the new-password rules", async () => {
    const { auth } = await registerAccount();
    const response = await call("/api/me/password", {
      method: "POST",
      token: auth.accessToken,
      body: { currentPassword: PASSWORD, newPassword: "qwertyuiop" },
    });
    const body = await expectError(response, 400, "VALIDATION_FAILED");
    expect(body.error.details.fieldErrors).toHaveProperty("newPassword");
  });

  it("changes the password and ends every other session", async () => {
    const account = await registerAccount();
    const other = await login(account.email);
    const newPassword = "a brand new passphrase";

    const response = await call("/api/me/password", {
      method: "POST",
      token: account.auth.accessToken,
      body: { currentPassword: PASSWORD, newPassword },
    });
    expect(response.status).toBe(204);
    await expectError(await call("/api/me", { token: other.accessToken }), 401, "SESSION_REVOKED");
    expect((await call("/api/me", { token: account.auth.accessToken })).status).toBe(200);

    const old = await call("/api/auth/login", { method: "POST", body: { email: account.email, password: PASSWORD } });
    await expectError(old, 401, "INVALID_CREDENTIALS");
    await login(account.email, newPassword);
  });
});
