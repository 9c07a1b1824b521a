import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { SellerApplication } from "../../schema";
import { call, expectError, registerAccount } from "../helpers";
import { auctionInput, verifiedAccount } from "../auction-helpers";
import { adminAccount } from "./admin-helpers";

const NOTE = "I restore vintage film cameras and want to sell them.";

async function apply(token: string, note = NOTE): Promise<Response> {
  return call("/api/me/seller-application", { method: "POST", token, body: { note } });
}

async function mailTo(address: string): Promise<Array<{ subject: string; text_body: string }>> {
  const { results } = await env.DB.prepare("SELECT subject, text_body FROM mail_outbox WHERE to_address = ? ORDER BY sent_at").bind(address).all<{ subject: string; text_body: string }>();
  return results;
}

describe("seller applications", () => {
  it("need a verified account, a note, and no seller role yet", async () => {
    const unverified = await registerAccount();
    await expectError(await apply(unverified.auth.accessToken), 403, "NOT_VERIFIED");
    const seller = await verifiedAccount(["seller"]);
    await expectError(await apply(seller.auth.accessToken), 409, "RULE_VIOLATION");
    const bidder = await verifiedAccount();
    await expectError(await apply(bidder.auth.accessToken, "short"), 400, "VALIDATION_FAILED");
    await expectError(await call("/api/me/seller-application", { method: "POST", body: { note: NOTE } }), 401, "UNAUTHENTICATED");
  });

  it("allow one pending request per user, even when sent twice at once", async () => {
    const bidder = await verifiedAccount();
    const responses = await Promise.all([apply(bidder.auth.accessToken), apply(bidder.auth.accessToken), apply(bidder.auth.accessToken)]);
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409]);
    const mine = (await (await call("/api/me/seller-application", { token: bidder.auth.accessToken })).json()) as { application: SellerApplication };
    expect(mine.application).toMatchObject({ status: "pending", note: NOTE, decisionReason: null });
  });

  it("approved: the user can list items and is told so by mail", async () => {
    const admin = await adminAccount();
    const bidder = await verifiedAccount();
    const { application } = (await (await apply(bidder.auth.accessToken)).json()) as { application: SellerApplication };
    const queue = (await (await call("/api/admin/seller-applications", { token: admin.auth.accessToken })).json()) as { items: SellerApplication[] };
    expect(queue.items.map((item) => item.id)).toContain(application.id);

    const decided = await call(`/api/admin/seller-applications/${application.id}/decision`, { method: "POST", token: admin.auth.accessToken, body: { decision: "approve", reason: "Good references" } });
    expect(decided.status).toBe(200);
    expect(((await decided.json()) as { application: SellerApplication }).application).toMatchObject({ status: "approved", decisionReason: "Good references" });
    const listing = await call("/api/auctions", { method: "POST", token: bidder.auth.accessToken, body: auctionInput() });
    expect(listing.status).toBe(201);
    const mail = await mailTo(bidder.email);
    expect(mail.map((message) => message.subject)).toContain("You can sell on Gavel");
    expect(mail.at(-1)!.text_body).toContain("Good references");

    const again = await call(`/api/admin/seller-applications/${application.id}/decision`, { method: "POST", token: admin.auth.accessToken, body: { decision: "decline", reason: "Changed my mind" } });
    await expectError(again, 409, "RULE_VIOLATION");
  });

  it("declined: no role, the reason by mail, and the user may ask again", async () => {
    const admin = await adminAccount();
    const bidder = await verifiedAccount();
    const { application } = (await (await apply(bidder.auth.accessToken)).json()) as { application: SellerApplication };
    const decided = await call(`/api/admin/seller-applications/${application.id}/decision`, { method: "POST", token: admin.auth.accessToken, body: { decision: "decline", reason: "Describe what you sell" } });
    expect(decided.status).toBe(200);
    const row = await env.DB.prepare("SELECT roles FROM users WHERE id = ?").bind(bidder.auth.user.id).first<{ roles: string }>();
    expect(JSON.parse(row!.roles)).toEqual([]);
    expect((await mailTo(bidder.email)).at(-1)!.text_body).toContain("Describe what you sell");
    expect((await apply(bidder.auth.accessToken)).status).toBe(201);
  });

  it("two admins deciding at once: one decision wins", async () => {
    const [first, second] = [await adminAccount(), await adminAccount()];
    const bidder = await verifiedAccount();
    const { application } = (await (await apply(bidder.auth.accessToken)).json()) as { application: SellerApplication };
    const responses = await Promise.all([
      call(`/api/admin/seller-applications/${application.id}/decision`, { method: "POST", token: first.auth.accessToken, body: { decision: "approve", reason: "Fine" } }),
      call(`/api/admin/seller-applications/${application.id}/decision`, { method: "POST", token: second.auth.accessToken, body: { decision: "decline", reason: "Not fine" } }),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    const entries = await env.DB.prepare("SELECT count(*) AS count FROM audit_log WHERE target_id = ? AND action LIKE 'seller_application.%'").bind(bidder.auth.user.id).first<{ count: number }>();
    expect(entries!.count).toBe(1);
  });

  it("unknown ids answer 404", async () => {
    const admin = await adminAccount();
    await expectError(await call(`/api/admin/seller-applications/${crypto.randomUUID()}/decision`, { method: "POST", token: admin.auth.accessToken, body: { decision: "approve", reason: "Fine" } }), 404, "NOT_FOUND");
  });
});
