import { describe, expect, it } from "vitest";
import { ORIGIN, call, expectError, registerAccount, registerBrowserAccount, uniqueEmail } from "../helpers";

describe("cross-site request forgery", () => {
  it("refuses a cookie-authenticated mutation from another origin", async () => {
    const { cookies } = await registerBrowserAccount();
    const response = await call("/api/me/sessions", { method: "DELETE", cookies, origin: "https://evil.example" });
    await expectError(response, 403, "ORIGIN_NOT_ALLOWED");
  });

  it("refuses a cookie-authenticated mutation with no Origin at all", async () => {
    const { cookies } = await registerBrowserAccount();
    const response = await call("/api/auth/logout", { method: "POST", cookies });
    await expectError(response, 403, "ORIGIN_NOT_ALLOWED");
    expect((await call("/api/me", { cookies })).status).toBe(200);
  });

  it("refuses a cross-site form-style POST whatever its content type", async () => {
    const { cookies } = await registerBrowserAccount();
    const response = await call("/api/me/password", {
      method: "POST",
      cookies,
      origin: "https://evil.example",
      rawBody: "currentPassword=x&newPassword=y",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    await expectError(response, 403, "ORIGIN_NOT_ALLOWED");
  });

  it("refuses a login posted from another origin (login CSRF)", async () => {
    const response = await call("/api/auth/login", {
      method: "POST",
      origin: "https://evil.example",
      body: { email: uniqueEmail(), password: "whatever password" },
    });
    await expectError(response, 403, "ORIGIN_NOT_ALLOWED");
  });

  it("accepts the same mutation from our own origin", async () => {
    const { cookies } = await registerBrowserAccount();
    const response = await call("/api/me/sessions", { method: "DELETE", cookies, origin: ORIGIN });
    expect(response.status).toBe(200);
  });

  it("lets reads through with cookies and no Origin", async () => {
    const { cookies } = await registerBrowserAccount();
    expect((await call("/api/me", { cookies })).status).toBe(200);
  });
});

describe("request bodies", () => {
  it("accept an empty POST without a content type, and refuse a non-JSON one", async () => {
    const account = await registerAccount();
    const empty = await call("/api/auth/logout", { method: "POST", token: account.auth.accessToken, headers: { "content-length": "0" } });
    expect(empty.status).toBe(204);
    const text = await call("/api/auth/logout", { method: "POST", token: account.auth.accessToken, rawBody: "x", headers: { "content-type": "text/plain" } });
    await expectError(text, 415, "UNSUPPORTED_MEDIA_TYPE");
  });
});

describe("request ids", () => {
  it("are on every response, errors included, and keep a well-formed upstream id", async () => {
    const error = await call("/api/me");
    expect(error.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const upstream = await call("/api/health", { headers: { "x-request-id": "web-1234abcd" } });
    expect(upstream.headers.get("x-request-id")).toBe("web-1234abcd");
    const hostile = await call("/api/health", { headers: { "x-request-id": "<script>" } });
    expect(hostile.headers.get("x-request-id")).not.toBe("<script>");
  });
});
