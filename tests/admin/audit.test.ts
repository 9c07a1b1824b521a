import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AuditPage } from "../../schema";
import { defaultSiteSettings } from "../../schema/api/site-settings";
import { call, registerAccount, type Account } from "../helpers";
import { createAuction, TEST_CATEGORY_ID, verifiedAccount } from "../auction-helpers";
import { adminAccount, auditEntriesOf, newRequestId } from "./admin-helpers";

interface AdminAction {
  action: string;
  /** Creates what the action works on; returns the request to send and the target id. */
  prepare: (admin: Account) => Promise<{ path: string; method: string; body?: unknown; targetId: string | null }>;
  expectedStatus: number;
  /** The entry's before (null for things that did not exist) and after (null for deletions). */
  before: "present" | null;
  after: "present" | null;
}

async function pendingApplication(): Promise<{ id: string; userId: string }> {
  const applicant = await verifiedAccount();
  const response = await call("/api/me/seller-application", { method: "POST", token: applicant.auth.accessToken, body: { note: "Vintage cameras from my late uncle's shop." } });
  expect(response.status).toBe(201);
  const { application } = (await response.json()) as { application: { id: string } };
  return { id: application.id, userId: applicant.auth.user.id };
}

async function createCategory(admin: Account): Promise<string> {
  const response = await call("/api/admin/categories", { method: "POST", token: admin.auth.accessToken, body: { name: `Audit ${crypto.randomUUID().slice(0, 8)}`, parentId: null } });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

const user = async () => (await registerAccount()).auth.user.id;

async function openReport(): Promise<string> {
  const auction = await createAuction(await verifiedAccount(["seller"]));
  const reporter = await verifiedAccount();
  const response = await call(`/api/auctions/${auction.id}/reports`, { method: "POST", token: reporter.auth.accessToken, body: { reason: "misleading" } });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function hiddenAuction(admin: Account): Promise<string> {
  const auction = await createAuction(await verifiedAccount(["seller"]));
  expect((await call(`/api/admin/auctions/${auction.id}/hide`, { method: "POST", token: admin.auth.accessToken, body: { reason: "Fake" } })).status).toBe(204);
  return auction.id;
}

async function deadLetter(): Promise<string> {
  const messageId = `dead-${crypto.randomUUID()}`;
  await env.DB.prepare("INSERT INTO notification_dead_letters (message_id, body, attempts, received_at) VALUES (?, '{}', 6, ?)").bind(messageId, Date.now()).run();
  return messageId;
}

const actions: AdminAction[] = [
  { action: "user.suspend", expectedStatus: 200, before: "present", after: "present", prepare: async () => { const id = await user(); return { method: "POST", path: `/api/admin/users/${id}/suspend`, body: { reason: "Shill bidding" }, targetId: id }; } },
  {
    action: "user.reinstate", expectedStatus: 200, before: "present", after: "present",
    prepare: async (admin) => {
      const id = await user();
      expect((await call(`/api/admin/users/${id}/suspend`, { method: "POST", token: admin.auth.accessToken, body: { reason: "Shill bidding" } })).status).toBe(200);
      return { method: "POST", path: `/api/admin/users/${id}/reinstate`, body: { reason: "Appeal upheld" }, targetId: id };
    },
  },
  { action: "user.roles", expectedStatus: 200, before: "present", after: "present", prepare: async () => { const id = await user(); return { method: "PUT", path: `/api/admin/users/${id}/roles/seller`, targetId: id }; } },
  {
    action: "user.roles", expectedStatus: 200, before: "present", after: "present",
    prepare: async () => { const seller = await verifiedAccount(["seller"]); return { method: "DELETE", path: `/api/admin/users/${seller.auth.user.id}/roles/seller`, targetId: seller.auth.user.id }; },
  },
  { action: "user.sessions_end", expectedStatus: 200, before: "present", after: "present", prepare: async () => { const id = await user(); return { method: "POST", path: `/api/admin/users/${id}/sessions/end`, targetId: id }; } },
  { action: "user.update", expectedStatus: 200, before: "present", after: "present", prepare: async () => { const id = await user(); return { method: "PATCH", path: `/api/admin/users/${id}`, body: { roles: ["seller"] }, targetId: id }; } },
  {
    action: "settings.update", expectedStatus: 200, before: "present", after: "present",
    prepare: async () => ({ method: "PUT", path: "/api/admin/settings", body: defaultSiteSettings, targetId: null }),
  },
  {
    action: "seller_application.approve", expectedStatus: 200, before: "present", after: "present",
    prepare: async () => { const application = await pendingApplication(); return { method: "POST", path: `/api/admin/seller-applications/${application.id}/decision`, body: { decision: "approve", reason: "Welcome aboard" }, targetId: application.userId }; },
  },
  {
    action: "seller_application.decline", expectedStatus: 200, before: "present", after: "present",
    prepare: async () => { const application = await pendingApplication(); return { method: "POST", path: `/api/admin/seller-applications/${application.id}/decision`, body: { decision: "decline", reason: "Tell us more first" }, targetId: application.userId }; },
  },
  { action: "category.create", expectedStatus: 201, before: null, after: "present", prepare: async () => ({ method: "POST", path: "/api/admin/categories", body: { name: `Audited ${crypto.randomUUID().slice(0, 8)}`, parentId: null }, targetId: "created" }) },
  {
    action: "category.update", expectedStatus: 200, before: "present", after: "present",
    prepare: async (admin) => { const id = await createCategory(admin); return { method: "PATCH", path: `/api/admin/categories/${id}`, body: { name: "Renamed by audit", parentId: TEST_CATEGORY_ID }, targetId: id }; },
  },
  { action: "category.delete", expectedStatus: 204, before: "present", after: null, prepare: async (admin) => { const id = await createCategory(admin); return { method: "DELETE", path: `/api/admin/categories/${id}`, targetId: id }; } },
  {
    action: "auction.feature", expectedStatus: 204, before: "present", after: "present",
    prepare: async () => { const auction = await createAuction(await verifiedAccount(["seller"])); return { method: "PUT", path: `/api/admin/auctions/${auction.id}/featured`, targetId: auction.id }; },
  },
  {
    action: "auction.unfeature", expectedStatus: 204, before: "present", after: "present",
    prepare: async () => { const auction = await createAuction(await verifiedAccount(["seller"])); return { method: "DELETE", path: `/api/admin/auctions/${auction.id}/featured`, targetId: auction.id }; },
  },
  {
    action: "auction.hide", expectedStatus: 204, before: "present", after: "present",
    prepare: async () => { const auction = await createAuction(await verifiedAccount(["seller"])); return { method: "POST", path: `/api/admin/auctions/${auction.id}/hide`, body: { reason: "Counterfeit" }, targetId: auction.id }; },
  },
  { action: "auction.unhide", expectedStatus: 204, before: "present", after: "present", prepare: async (admin) => { const id = await hiddenAuction(admin); return { method: "POST", path: `/api/admin/auctions/${id}/unhide`, body: { reason: "Genuine" }, targetId: id }; } },
  {
    action: "auction.cancel", expectedStatus: 204, before: "present", after: "present",
    prepare: async () => { const auction = await createAuction(await verifiedAccount(["seller"])); return { method: "POST", path: `/api/admin/auctions/${auction.id}/cancel`, body: { reason: "Stolen goods" }, targetId: auction.id }; },
  },
  {
    action: "auction.cancel", expectedStatus: 200, before: "present", after: "present",
    prepare: async () => { const auction = await createAuction(await verifiedAccount(["seller"])); return { method: "POST", path: `/api/auctions/${auction.id}/cancel`, body: { reason: "Stolen goods" }, targetId: auction.id }; },
  },
  { action: "report.resolve", expectedStatus: 200, before: "present", after: "present", prepare: async () => { const id = await openReport(); return { method: "POST", path: `/api/admin/reports/${id}/decision`, body: { status: "resolved", note: "Hidden" }, targetId: id }; } },
  { action: "report.dismiss", expectedStatus: 200, before: "present", after: "present", prepare: async () => { const id = await openReport(); return { method: "POST", path: `/api/admin/reports/${id}/decision`, body: { status: "dismissed", note: "Fine" }, targetId: id }; } },
  { action: "dead_letter.discard", expectedStatus: 204, before: "present", after: null, prepare: async () => { const id = await deadLetter(); return { method: "DELETE", path: `/api/admin/operations/dead-letters/${id}`, targetId: id }; } },
];

describe("the audit log", () => {
  it.each(actions.map((action) => [action.action, action] as const))("%s writes exactly one entry with actor, target, before, after, request id and IP", async (_name, spec) => {
    const admin = await adminAccount();
    const { method, path, body, targetId } = await spec.prepare(admin);
    const requestId = newRequestId();
    const ip = "192.0.2.44";
    const response = await call(path, { method, body, token: admin.auth.accessToken, headers: { "x-request-id": requestId }, ip });
    expect(response.status, await response.clone().text()).toBe(spec.expectedStatus);
    const entries = await auditEntriesOf(requestId);
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({ actor_id: admin.auth.user.id, action: spec.action, request_id: requestId, ip });
    if (targetId === "created") expect(entry!.target_id).toBe(((await response.json()) as { id: string }).id);
    else expect(entry!.target_id).toBe(targetId);
    expect(entry!.before === null ? null : "present").toBe(spec.before);
    expect(entry!.after === null ? null : "present").toBe(spec.after);
    expect(Math.abs(entry!.at - Date.now())).toBeLessThan(60_000);
  });

  it("records a suspension's reason and the roles before and after a grant", async () => {
    const admin = await adminAccount();
    const target = await registerAccount();
    const requestId = newRequestId();
    await call(`/api/admin/users/${target.auth.user.id}/suspend`, { method: "POST", token: admin.auth.accessToken, body: { reason: "Shill bidding" }, headers: { "x-request-id": requestId } });
    const [entry] = await auditEntriesOf(requestId);
    expect(JSON.parse(entry!.before!)).toMatchObject({ suspended: false });
    expect(JSON.parse(entry!.after!)).toMatchObject({ suspended: true, suspendedReason: "Shill bidding", reason: "Shill bidding" });
  });

  it("writes nothing when the action is refused", async () => {
    const admin = await adminAccount();
    for (const [path, body] of [
      [`/api/admin/users/${crypto.randomUUID()}/suspend`, { reason: "Nobody" }],
      [`/api/admin/users/${admin.auth.user.id}/suspend`, { reason: "Myself" }],
      [`/api/admin/users/${admin.auth.user.id}/suspend`, { reason: "" }],
    ] as const) {
      const requestId = newRequestId();
      const response = await call(path, { method: "POST", body, token: admin.auth.accessToken, headers: { "x-request-id": requestId } });
      expect([400, 404, 422]).toContain(response.status);
      expect(await auditEntriesOf(requestId)).toEqual([]);
    }
  });

  it("is listed newest first and filtered by action, actor and target", async () => {
    const admin = await adminAccount();
    const target = await registerAccount();
    for (const path of [`/api/admin/users/${target.auth.user.id}/roles/seller`]) {
      expect((await call(path, { method: "PUT", token: admin.auth.accessToken })).status).toBe(200);
      expect((await call(path, { method: "DELETE", token: admin.auth.accessToken })).status).toBe(200);
    }
    const byTarget = (await (await call(`/api/admin/audit?target=${target.auth.user.id}`, { token: admin.auth.accessToken })).json()) as AuditPage;
    expect(byTarget.items.map((entry) => [entry.action, entry.after])).toEqual([
      ["user.roles", { roles: [] }],
      ["user.roles", { roles: ["seller"] }],
    ]);
    expect(byTarget.items[0]!.actor).toEqual({ id: admin.auth.user.id, email: admin.email });
    const byActor = (await (await call(`/api/admin/audit?actor=${encodeURIComponent(admin.email)}&action=user.roles&limit=1`, { token: admin.auth.accessToken })).json()) as AuditPage;
    expect(byActor.items).toHaveLength(1);
    expect(byActor.nextCursor).not.toBeNull();
    const next = (await (await call(`/api/admin/audit?actor=${encodeURIComponent(admin.email)}&action=user.roles&limit=1&cursor=${byActor.nextCursor}`, { token: admin.auth.accessToken })).json()) as AuditPage;
    expect(next.items.map((entry) => entry.after)).toEqual([{ roles: ["seller"] }]);
    const nobody = (await (await call(`/api/admin/audit?actor=nobody%40example.com`, { token: admin.auth.accessToken })).json()) as AuditPage;
    expect(nobody.items).toEqual([]);
  });

  it("cannot be changed through the API", async () => {
    const admin = await adminAccount();
    const [row] = (await env.DB.prepare("SELECT id FROM audit_log LIMIT 1").all<{ id: string }>()).results;
    for (const method of ["DELETE", "PATCH", "PUT", "POST"]) {
      const response = await call(`/api/admin/audit${method === "POST" ? "" : `/${row?.id ?? crypto.randomUUID()}`}`, { method, token: admin.auth.accessToken, body: method === "DELETE" ? undefined : {} });
      expect(response.status).toBe(404);
    }
  });
});
