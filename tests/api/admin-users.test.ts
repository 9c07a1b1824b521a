import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { User, UserList } from "../../schema";
import { call, expectError, registerAccount, type Account } from "../helpers";

async function registerAdmin(): Promise<Account> {
  const admin = await registerAccount({ displayName: "Admin" });
  await env.DB.prepare(`UPDATE users SET roles = '["admin"]' WHERE id = ?`).bind(admin.auth.user.id).run();
  return admin;
}

describe("admin users", () => {
  it("is forbidden to non-admins", async () => {
    const { auth } = await registerAccount();
    await expectError(await call("/api/admin/users", { token: auth.accessToken }), 403, "FORBIDDEN");
    const patch = await call(`/api/admin/users/${auth.user.id}`, {
      method: "PATCH",
      token: auth.accessToken,
      body: { roles: ["admin"] },
    });
    await expectError(patch, 403, "FORBIDDEN");
  });

  it("pages through users without duplicates or gaps", async () => {
    const admin = await registerAdmin();
    for (let index = 0; index < 3; index++) await registerAccount();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
      const response = await call(`/api/admin/users${query}`, { token: admin.auth.accessToken });
      expect(response.status).toBe(200);
      const page = (await response.json()) as UserList;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((user) => user.id));
      cursor = page.nextCursor;
    } while (cursor);
    const total = await env.DB.prepare("SELECT COUNT(*) AS n FROM users").first<{ n: number }>();
    expect(seen).toHaveLength(total!.n);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("refuses a forged cursor", async () => {
    const admin = await registerAdmin();
    const response = await call("/api/admin/users?cursor=bm90LWpzb24", { token: admin.auth.accessToken });
    await expectError(response, 400, "VALIDATION_FAILED");
  });

  it("grants the seller role and suspends, which locks the user out at once", async () => {
    const admin = await registerAdmin();
    const target = await registerAccount();
    const granted = await call(`/api/admin/users/${target.auth.user.id}`, {
      method: "PATCH",
      token: admin.auth.accessToken,
      body: { roles: ["seller"] },
    });
    expect(((await granted.json()) as { user: User }).user.roles).toEqual(["seller"]);

    const suspended = await call(`/api/admin/users/${target.auth.user.id}`, {
      method: "PATCH",
      token: admin.auth.accessToken,
      body: { suspended: true },
    });
    expect(((await suspended.json()) as { user: User }).user.suspended).toBe(true);
    await expectError(await call("/api/me", { token: target.auth.accessToken }), 403, "ACCOUNT_SUSPENDED");

    await call(`/api/admin/users/${target.auth.user.id}`, {
      method: "PATCH",
      token: admin.auth.accessToken,
      body: { suspended: false },
    });
    expect((await call("/api/me", { token: target.auth.accessToken })).status).toBe(200);
  });

  it("refuses fields it does not know (no mass assignment)", async () => {
    const admin = await registerAdmin();
    const target = await registerAccount();
    const response = await call(`/api/admin/users/${target.auth.user.id}`, {
      method: "PATCH",
      token: admin.auth.accessToken,
      body: { email: "hijack@example.com", passwordHash: "x" },
    });
    await expectError(response, 400, "VALIDATION_FAILED");
  });

  it("keeps admins from locking themselves out", async () => {
    const admin = await registerAdmin();
    const response = await call(`/api/admin/users/${admin.auth.user.id}`, {
      method: "PATCH",
      token: admin.auth.accessToken,
      body: { suspended: true },
    });
    await expectError(response, 422, "RULE_VIOLATION");
  });

  it("answers 404 for an unknown user", async () => {
    const admin = await registerAdmin();
    const response = await call(`/api/admin/users/${crypto.randomUUID()}`, {
      method: "PATCH",
      token: admin.auth.accessToken,
      body: { suspended: true },
    });
    await expectError(response, 404, "NOT_FOUND");
  });

  it("role changes apply to existing tokens immediately", async () => {
    const admin = await registerAdmin();
    const demoted = await registerAdmin();
    await call(`/api/admin/users/${demoted.auth.user.id}`, {
      method: "PATCH",
      token: admin.auth.accessToken,
      body: { roles: [] },
    });
    await expectError(await call("/api/admin/users", { token: demoted.auth.accessToken }), 403, "FORBIDDEN");
  });
});
