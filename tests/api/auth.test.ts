import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AuthResult, ErrorBody } from "../../schema";
import { hashPassword } from "../../worker/auth/password";
import { ORIGIN, PASSWORD, call, cookiesFrom, expectError, registerAccount, uniqueEmail } from "../helpers";

describe("register", () => {
  it("creates an account, logs it in and returns the public user", async () => {
    const email = uniqueEmail();
    const response = await call("/api/auth/register", {
      method: "POST",
      body: { email: `  ${email.toUpperCase()} `, password: PASSWORD, displayName: "Ada Lovelace" },
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as AuthResult;
    expect(body.user).toMatchObject({ email, displayName: "Ada Lovelace", roles: [], emailVerified: false, suspended: false });
    expect(body.user).not.toHaveProperty("passwordHash");
    expect(body.refreshToken).toBeTypeOf("string");

    const me = await call("/api/me", { token: body.accessToken });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { id: string } }).user.id).toBe(body.user.id);
  });

  it("refuses a duplicate email, whatever its case, with 409", async () => {
    const { email } = await registerAccount();
    const response = await call("/api/auth/register", {
      method: "POST",
      body: { email: email.toUpperCase(), password: PASSWORD, displayName: "Copy Cat" },
    });
    await expectError(response, 409, "EMAIL_TAKEN");
  });

  it.each([
    ["too short", "short1234"],
    ["a common password", "Password123"],
    ["one repeated character", "zzzzzzzzzzzz"],
    ["over 1,024 bytes", "é".repeat(513)],
  ])("refuses a password that is %s with a field error", async (_, password) => {
    const response = await call("/api/auth/register", {
      method: "POST",
      body: { email: uniqueEmail(), password, displayName: "Weak" },
    });
    const body = await expectError(response, 400, "VALIDATION_FAILED");
    expect(body.error.details.fieldErrors).toHaveProperty("password");
  });

  it("reports every invalid field at once and refuses unknown fields", async () => {
    const response = await call("/api/auth/register", {
      method: "POST",
      body: { email: "not-an-email", password: "x", displayName: "", role: "admin" },
    });
    const body = await expectError(response, 400, "VALIDATION_FAILED");
    const fieldErrors = body.error.details.fieldErrors as Record<string, string[]>;
    expect(Object.keys(fieldErrors)).toEqual(expect.arrayContaining(["email", "password", "displayName"]));
    expect(JSON.stringify(fieldErrors)).toContain("role");
  });

  it("answers malformed JSON with 400 MALFORMED_JSON", async () => {
    const response = await call("/api/auth/register", {
      method: "POST",
      rawBody: '{"email": "a@b.c", ',
      headers: { "content-type": "application/json" },
    });
    await expectError(response, 400, "MALFORMED_JSON");
  });

  it("refuses JSON sent as text/plain with 415", async () => {
    const response = await call("/api/auth/register", {
      method: "POST",
      rawBody: JSON.stringify({ email: uniqueEmail(), password: PASSWORD, displayName: "Plain" }),
      headers: { "content-type": "text/plain" },
    });
    await expectError(response, 415, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("refuses bodies over the size limit with 413", async () => {
    const response = await call("/api/auth/register", {
      method: "POST",
      body: { email: uniqueEmail(), password: PASSWORD, displayName: "x".repeat(70_000) },
    });
    await expectError(response, 413, "PAYLOAD_TOO_LARGE");
  });
});

describe("login", () => {
  it("logs in with the right password", async () => {
    const { email } = await registerAccount();
    const response = await call("/api/auth/login", { method: "POST", body: { email, password: PASSWORD } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as AuthResult;
    expect(body.user.email).toBe(email);
    expect(body.accessToken.split(".")).toHaveLength(3);
  });

  it("answers a wrong password and an unknown email identically", async () => {
    const { email } = await registerAccount();
    const wrong = await call("/api/auth/login", { method: "POST", body: { email, password: `${PASSWORD}!` } });
    const unknown = await call("/api/auth/login", {
      method: "POST",
      body: { email: uniqueEmail("nobody"), password: PASSWORD },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    const headerNames = (response: Response) =>
      [...response.headers.keys()].filter((name) => name !== "x-request-id").sort();
    expect(headerNames(wrong)).toEqual(headerNames(unknown));
  });

  it("never truncates long Unicode passwords and matches any normalisation form", async () => {
    const password = `${"ß∂ƒ©˙∆˚¬…æ".repeat(30)}😀`; // ~ 900 bytes
    const { email } = await registerAccount({ password });
    const almost = await call("/api/auth/login", {
      method: "POST",
      body: { email, password: `${password.slice(0, -2)}😁` },
    });
    await expectError(almost, 401, "INVALID_CREDENTIALS");

    const composed = "Ångström-Köln-2026";
    const account = await registerAccount({ password: composed.normalize("NFC") });
    const decomposed = await call("/api/auth/login", {
      method: "POST",
      body: { email: account.email, password: composed.normalize("NFD") },
    });
    expect(decomposed.status).toBe(200);
  });

  it("refuses a login password over 1,024 bytes before hashing", async () => {
    const { email } = await registerAccount();
    const response = await call("/api/auth/login", { method: "POST", body: { email, password: "a".repeat(1025) } });
    await expectError(response, 400, "VALIDATION_FAILED");
  });

  it("upgrades a hash made with older parameters on the next login", async () => {
    const { email, auth } = await registerAccount();
    const weaker = await hashPassword(PASSWORD, { logN: 14, r: 8, p: 1 });
    await env.DB.prepare("UPDATE users SET password_hash = ? WHERE id = ?").bind(weaker, auth.user.id).run();

    const response = await call("/api/auth/login", { method: "POST", body: { email, password: PASSWORD } });
    expect(response.status).toBe(200);
    const row = await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?").bind(auth.user.id).first<{ password_hash: string }>();
    expect(row?.password_hash).toMatch(/^\$scrypt\$ln=14,r=8,p=5\$/);
  });

  it("rate-limits repeated attempts on one email with 429 and Retry-After", async () => {
    const { email } = await registerAccount();
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let attempt = 0; attempt < 12; attempt++) {
      const response = await call("/api/auth/login", { method: "POST", body: { email, password: "wrong password!" } });
      statuses.push(response.status);
      if (response.status === 429) {
        limited = response;
        break;
      }
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(limited).toBeDefined();
    expect(limited!.headers.get("retry-after")).toBe("60");
    await expectError(limited!, 429, "RATE_LIMITED");
  });

  it("rate-limits one IP trying many emails, more loosely than one email", async () => {
    const ip = "10.200.200.1";
    // Twice the limit, all at once: even if the burst straddles two limiter windows, one of them overflows.
    const responses = await Promise.all(
      Array.from({ length: 121 }, () => call("/api/auth/login", { method: "POST", ip, body: { email: uniqueEmail("spray"), password: "wrong password!" } })),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401).length).toBeGreaterThanOrEqual(60);
    expect(statuses).toContain(429);
  });
});

describe("browser sessions", () => {
  it("sets __Host- HttpOnly Secure SameSite=Lax cookies and keeps the refresh token out of the body", async () => {
    const response = await call("/api/auth/register", {
      method: "POST",
      origin: ORIGIN,
      body: { email: uniqueEmail(), password: PASSWORD, displayName: "Browser" },
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as AuthResult;
    expect(body.refreshToken).toBeUndefined();
    const setCookies = response.headers.getSetCookie();
    expect(setCookies).toHaveLength(2);
    for (const line of setCookies) {
      expect(line).toMatch(/^__Host-gavel_(at|rt)=/);
      expect(line).toContain("Path=/");
      expect(line).toContain("HttpOnly");
      expect(line).toContain("Secure");
      expect(line).toContain("SameSite=Lax");
      expect(line).not.toContain("Domain");
    }
  });

  it("authenticates with the cookie and refreshes through it", async () => {
    const registered = await call("/api/auth/register", {
      method: "POST",
      origin: ORIGIN,
      body: { email: uniqueEmail(), password: PASSWORD, displayName: "Cookie" },
    });
    const cookies = cookiesFrom(registered);
    expect((await call("/api/me", { cookies })).status).toBe(200);

    const refreshed = await call("/api/auth/refresh", { method: "POST", origin: ORIGIN, cookies, body: {} });
    expect(refreshed.status).toBe(200);
    const rotated = cookiesFrom(refreshed);
    expect(rotated).toContain("__Host-gavel_rt=");
    expect(rotated).not.toEqual(cookies);
    expect((await call("/api/me", { cookies: rotated })).status).toBe(200);
  });

  it("logs out: the session ends, cookies are cleared, the refresh cookie stops working", async () => {
    const registered = await call("/api/auth/register", {
      method: "POST",
      origin: ORIGIN,
      body: { email: uniqueEmail(), password: PASSWORD, displayName: "Leaving" },
    });
    const cookies = cookiesFrom(registered);
    const logout = await call("/api/auth/logout", { method: "POST", origin: ORIGIN, cookies });
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie().every((line) => /Max-Age=0/i.test(line))).toBe(true);

    await expectError(await call("/api/me", { cookies }), 401, "SESSION_REVOKED");
    const refresh = await call("/api/auth/refresh", { method: "POST", origin: ORIGIN, cookies, body: {} });
    await expectError(refresh, 401, "REFRESH_TOKEN_INVALID");
  });
});

describe("suspension", () => {
  it("a suspended user can neither log in nor use an existing token", async () => {
    const account = await registerAccount();
    await env.DB.prepare("UPDATE users SET suspended_at = ? WHERE id = ?").bind(Date.now(), account.auth.user.id).run();

    const me = await call("/api/me", { token: account.auth.accessToken });
    await expectError(me, 403, "ACCOUNT_SUSPENDED");
    const login = await call("/api/auth/login", {
      method: "POST",
      body: { email: account.email, password: PASSWORD },
    });
    await expectError(login, 403, "ACCOUNT_SUSPENDED");
    const refresh = await call("/api/auth/refresh", {
      method: "POST",
      body: { refreshToken: account.auth.refreshToken },
    });
    await expectError(refresh, 403, "ACCOUNT_SUSPENDED");
  });

  it("does not reveal suspension to someone without the password", async () => {
    const account = await registerAccount();
    await env.DB.prepare("UPDATE users SET suspended_at = ? WHERE id = ?").bind(Date.now(), account.auth.user.id).run();
    const response = await call("/api/auth/login", {
      method: "POST",
      body: { email: account.email, password: "not the password" },
    });
    const body: ErrorBody = await expectError(response, 401, "INVALID_CREDENTIALS");
    expect(body.error.message).not.toMatch(/suspend/i);
  });
});
