import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AdminUserDetail, UserList } from "../../schema";
import { call, expectError, registerAccount } from "../helpers";
import { createAuction, verifiedAccount } from "../auction-helpers";
import { adminAccount } from "./admin-helpers";

describe("admin: users", () => {
  it("searches by email or display name, case-insensitively, treating % and _ literally", async () => {
    const admin = await adminAccount();
    const marker = crypto.randomUUID().slice(0, 8);
    const byName = await registerAccount({ displayName: `Ada ${marker} Lovelace` });
    const byEmail = await registerAccount({ email: `findme-${marker}@example.com` });
    const found = (await (await call(`/api/admin/users?q=${marker.toUpperCase()}`, { token: admin.auth.accessToken })).json()) as UserList;
    expect(found.items.map((user) => user.id).sort()).toEqual([byName.auth.user.id, byEmail.auth.user.id].sort());
    const wildcard = (await (await call(`/api/admin/users?q=${encodeURIComponent(`${marker}%`)}`, { token: admin.auth.accessToken })).json()) as UserList;
    expect(wildcard.items).toEqual([]);
  });

  it("shows a user's roles, two-factor, sessions, listings, bids and reports", async () => {
    const admin = await adminAccount();
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    const response = await call(`/api/admin/users/${seller.auth.user.id}`, { token: admin.auth.accessToken });
    expect(response.status).toBe(200);
    const detail = (await response.json()) as AdminUserDetail;
    expect(detail).toMatchObject({
      user: { id: seller.auth.user.id, roles: ["seller"], emailVerified: true, suspended: false },
      twoFactorEnabled: false,
      bids: { count: 0, auctions: 0 },
      reportsAgainst: 0,
      sellerApplication: null,
    });
    expect(detail.sessions).toHaveLength(1);
    expect(detail.listings).toEqual([expect.objectContaining({ id: auction.id, hidden: false })]);
    await expectError(await call(`/api/admin/users/${crypto.randomUUID()}`, { token: admin.auth.accessToken }), 404, "NOT_FOUND");
  });

  it("suspending ends the user's sessions with the reason kept; reinstating lets them log in again", async () => {
    const admin = await adminAccount();
    const target = await registerAccount();
    const suspend = await call(`/api/admin/users/${target.auth.user.id}/suspend`, { method: "POST", token: admin.auth.accessToken, body: { reason: "Chargebacks" } });
    expect(suspend.status).toBe(200);
    await expectError(await call("/api/me", { token: target.auth.accessToken }), 401, "SESSION_REVOKED");
    await expectError(await call(`/api/admin/users/${target.auth.user.id}/suspend`, { method: "POST", token: admin.auth.accessToken, body: { reason: "Again" } }), 409, "RULE_VIOLATION");
    const detail = (await (await call(`/api/admin/users/${target.auth.user.id}`, { token: admin.auth.accessToken })).json()) as AdminUserDetail;
    expect(detail).toMatchObject({ user: { suspended: true }, suspendedReason: "Chargebacks", sessions: [] });
    await expectError(await call("/api/auth/login", { method: "POST", body: { email: target.email, password: target.password } }), 403, "ACCOUNT_SUSPENDED");

    expect((await call(`/api/admin/users/${target.auth.user.id}/reinstate`, { method: "POST", token: admin.auth.accessToken, body: { reason: "Paid back" } })).status).toBe(200);
    expect((await call("/api/auth/login", { method: "POST", body: { email: target.email, password: target.password } })).status).toBe(200);
  });

  it("ends every session of a user but never the admin's own", async () => {
    const admin = await adminAccount();
    const target = await registerAccount();
    await call("/api/auth/login", { method: "POST", body: { email: target.email, password: target.password } });
    const ended = await call(`/api/admin/users/${target.auth.user.id}/sessions/end`, { method: "POST", token: admin.auth.accessToken });
    expect(await ended.json()).toEqual({ ended: 2 });
    await expectError(await call("/api/me", { token: target.auth.accessToken }), 401, "SESSION_REVOKED");
    await expectError(await call(`/api/admin/users/${admin.auth.user.id}/sessions/end`, { method: "POST", token: admin.auth.accessToken }), 422, "RULE_VIOLATION");
  });

  it("grants and revokes the seller capability; an admin cannot drop their own admin role", async () => {
    const admin = await adminAccount();
    const target = await verifiedAccount();
    expect((await call(`/api/admin/users/${target.auth.user.id}/roles/seller`, { method: "PUT", token: admin.auth.accessToken })).status).toBe(200);
    expect(JSON.parse((await env.DB.prepare("SELECT roles FROM users WHERE id = ?").bind(target.auth.user.id).first<{ roles: string }>())!.roles)).toEqual(["seller"]);
    expect((await call(`/api/admin/users/${target.auth.user.id}/roles/seller`, { method: "DELETE", token: admin.auth.accessToken })).status).toBe(200);
    await expectError(await call(`/api/admin/users/${admin.auth.user.id}/roles/admin`, { method: "DELETE", token: admin.auth.accessToken }), 422, "RULE_VIOLATION");
    await expectError(await call(`/api/admin/users/${target.auth.user.id}/roles/owner`, { method: "PUT", token: admin.auth.accessToken }), 400, "VALIDATION_FAILED");
  });
});
