import { describe, expect, it } from "vitest";
import { call } from "../helpers";

describe("API reference", () => {
  it("generates OpenAPI 3.1 that lists every route", async () => {
    const response = await call("/api/openapi.json");
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toBe("3.1.0");
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        "GET /api/health",
        "GET /api/health/ready",
        "POST /api/auth/register",
        "POST /api/auth/login",
        "POST /api/auth/refresh",
        "POST /api/auth/logout",
        "GET /api/me",
        "POST /api/me/password",
        "GET /api/me/sessions",
        "DELETE /api/me/sessions",
        "DELETE /api/me/sessions/{id}",
        "GET /api/admin/users",
        "PATCH /api/admin/users/{id}",
        "POST /api/auctions",
        "GET /api/auctions/{id}",
        "GET /api/auctions/{id}/live",
        "POST /api/auctions/{id}/bids",
        "GET /api/auctions/{id}/bids",
        "GET /api/auctions/{id}/bids/verify",
        "POST /api/auctions/{id}/cancel",
        "POST /api/auctions/{id}/award",
        "GET /api/auctions",
        "GET /api/auctions/featured",
        "PATCH /api/auctions/{id}",
        "DELETE /api/auctions/{id}",
        "POST /api/auctions/{id}/publish",
        "PUT /api/auctions/{id}/watch",
        "DELETE /api/auctions/{id}/watch",
        "GET /api/categories",
        "POST /api/admin/categories",
        "PATCH /api/admin/categories/{id}",
        "DELETE /api/admin/categories/{id}",
        "PUT /api/admin/auctions/{id}/featured",
        "DELETE /api/admin/auctions/{id}/featured",
        "POST /api/images",
        "GET /api/images/{key}",
        "DELETE /api/images/{id}",
        "GET /api/users/{id}",
        "GET /api/me/watchlist",
        "GET /api/me/auctions",
        "GET /api/me/listings",
        "GET /api/me/won",
        "GET /api/me/profile",
        "POST /api/auth/verify-email",
        "POST /api/auth/verify-email/resend",
        "POST /api/auth/password-reset/request",
        "POST /api/auth/password-reset/check",
        "POST /api/auth/password-reset/confirm",
        "POST /api/auth/login/2fa",
        "GET /api/auth/two-factor",
        "POST /api/auth/two-factor/setup",
        "DELETE /api/auth/two-factor/setup",
        "POST /api/auth/two-factor/enable",
        "POST /api/auth/two-factor/disable",
        "GET /api/me/notifications",
        "GET /api/me/notifications/unread-count",
        "POST /api/me/notifications/read",
        "GET /api/me/notifications/preferences",
        "PUT /api/me/notifications/preferences",
        "GET /api/me/notifications/live",
        "GET /api/notifications/unsubscribe",
        "POST /api/notifications/unsubscribe",
        "POST /api/notifications/unsubscribe/one-click",
        "GET /api/dev/outbox",
        "GET /api/orders",
        "GET /api/orders/{id}",
        "POST /api/orders/{id}/steps",
        "POST /api/orders/{id}/messages",
        "POST /api/auctions/{id}/relist",
        "POST /api/orders/{id}/feedback",
        "POST /api/feedback/{id}/reply",
        "GET /api/users/{id}/feedback",
        "GET /api/users/{id}/listings",
        "PATCH /api/me",
        "DELETE /api/me",
        "POST /api/me/email",
        "POST /api/me/email/confirm",
        "GET /api/me/export",
        "POST /api/auth/two-factor/recovery-codes",
        "POST /api/orders/{id}/second-chance",
        "GET /api/second-chance/{id}",
        "POST /api/second-chance/{id}/accept",
        "POST /api/second-chance/{id}/decline",
      ].sort(),
    );
  });

  it("serves the interactive docs page without third-party scripts", async () => {
    const response = await call("/api/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain("/api/openapi.json");
    expect(html).not.toMatch(/https?:\/\/(?!127\.)/);
  });
});
