import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AuctionDetail, AuctionPage, AuctionSummary, ListingReport } from "../../schema";
import { REPORTS_PER_HOUR } from "../../worker/routes/reports";
import { call, expectError, type Account } from "../helpers";
import { bidOver, createAuction, flushSummary, verifiedAccount } from "../auction-helpers";
import { mailTo, waitForNotifications } from "../notifications/channel";
import { adminAccount } from "./admin-helpers";

function report(auctionId: string, reporter: Account, body: Record<string, unknown> = { reason: "counterfeit", note: "The logo is wrong." }) {
  return call(`/api/auctions/${auctionId}/reports`, { method: "POST", token: reporter.auth.accessToken, body });
}

async function hide(admin: Account, auctionId: string, reason = "Counterfeit goods"): Promise<Response> {
  return call(`/api/admin/auctions/${auctionId}/hide`, { method: "POST", token: admin.auth.accessToken, body: { reason } });
}

describe("reporting a listing", () => {
  it("takes a reason from the fixed list and a note; refuses unknown reasons, own listings and unknown ids", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    const bidder = await verifiedAccount();
    await expectError(await report(auction.id, bidder, { reason: "i-just-dislike-it" }), 400, "VALIDATION_FAILED");
    await expectError(await report(auction.id, seller), 422, "RULE_VIOLATION");
    await expectError(await report(crypto.randomUUID(), bidder), 404, "NOT_FOUND");
    await expectError(await call(`/api/auctions/${auction.id}/reports`, { method: "POST", body: { reason: "spam_or_scam" } }), 401, "UNAUTHENTICATED");
    expect((await report(auction.id, bidder)).status).toBe(201);
  });

  it("keeps one open report per user per listing under a parallel burst", async () => {
    const auction = await createAuction(await verifiedAccount(["seller"]));
    const bidder = await verifiedAccount();
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => report(auction.id, bidder)))).map((response) => response.status);
    expect(statuses.sort()).toEqual([201, 409, 409, 409, 409]);
    const rows = await env.DB.prepare("SELECT count(*) AS count FROM listing_reports WHERE auction_id = ? AND reporter_id = ?").bind(auction.id, bidder.auth.user.id).first<{ count: number }>();
    expect(rows!.count).toBe(1);
  });

  it(`allows ${REPORTS_PER_HOUR} reports an hour per user, even sent all at once`, async () => {
    const seller = await verifiedAccount(["seller"]);
    const auctions = await Promise.all(Array.from({ length: REPORTS_PER_HOUR + 5 }, () => createAuction(seller)));
    const bidder = await verifiedAccount();
    const responses = await Promise.all(auctions.map((auction) => report(auction.id, bidder)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(REPORTS_PER_HOUR);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
    expect(responses.find((response) => response.status === 429)!.headers.get("retry-after")).toBe("3600");
    // An hour later (the window start moved back) the user may report again.
    await env.DB.prepare("UPDATE action_quotas SET window_start = window_start - 3600000 WHERE user_id = ?").bind(bidder.auth.user.id).run();
    expect((await report(auctions.at(-1)!.id, bidder)).status).toBe(201);
  });

  it("lands in the admins' queue until resolved or dismissed", async () => {
    const admin = await adminAccount();
    const auction = await createAuction(await verifiedAccount(["seller"]));
    const bidder = await verifiedAccount();
    const { id } = (await (await report(auction.id, bidder)).json()) as { id: string };
    const open = (await (await call("/api/admin/reports", { token: admin.auth.accessToken })).json()) as { items: ListingReport[] };
    expect(open.items.find((item) => item.id === id)).toMatchObject({ reason: "counterfeit", note: "The logo is wrong.", status: "open", auction: { id: auction.id, hidden: false }, reporter: { id: bidder.auth.user.id } });
    const decided = await call(`/api/admin/reports/${id}/decision`, { method: "POST", token: admin.auth.accessToken, body: { status: "dismissed", note: "Genuine, checked the serial" } });
    expect(decided.status).toBe(200);
    const dismissed = (await (await call("/api/admin/reports?status=dismissed", { token: admin.auth.accessToken })).json()) as { items: ListingReport[] };
    expect(dismissed.items.map((item) => item.id)).toContain(id);
    await expectError(await call(`/api/admin/reports/${id}/decision`, { method: "POST", token: admin.auth.accessToken, body: { status: "resolved", note: "Again" } }), 409, "RULE_VIOLATION");
    // Once the report is closed, the same user may report the listing again.
    expect((await report(auction.id, bidder)).status).toBe(201);
  });
});

describe("a hidden listing", () => {
  it("vanishes from search, featured and lists, but stays visible to its owner and admins", async () => {
    const admin = await adminAccount();
    const seller = await verifiedAccount(["seller"]);
    const marker = `zyx${crypto.randomUUID().slice(0, 6)}`;
    const auction = await createAuction(seller, { title: `Rolex ${marker} Submariner` });
    const bidder = await verifiedAccount();
    expect((await call(`/api/auctions/${auction.id}/watch`, { method: "PUT", token: bidder.auth.accessToken })).status).toBe(200);
    expect((await bidOver(auction.id, bidder, { amount: 1000 })).status).toBe(201);
    await flushSummary(auction.id);
    expect((await call(`/api/admin/auctions/${auction.id}/featured`, { method: "PUT", token: admin.auth.accessToken })).status).toBe(204);

    const found = async () => ((await (await call(`/api/auctions?q=${marker}`)).json()) as AuctionPage).items.map((item) => item.id);
    const featured = async () => ((await (await call("/api/auctions/featured")).json()) as { items: AuctionSummary[] }).items.map((item) => item.id);
    const listed = async (path: string, account: Account) => ((await (await call(path, { token: account.auth.accessToken })).json()) as AuctionPage).items.map((item) => item.id);
    expect(await found()).toEqual([auction.id]);
    expect(await featured()).toContain(auction.id);
    expect(await listed("/api/me/watchlist", bidder)).toContain(auction.id);
    expect(await listed("/api/me/auctions", bidder)).toContain(auction.id);

    expect((await hide(admin, auction.id)).status).toBe(204);
    expect(await found()).toEqual([]);
    expect(await featured()).not.toContain(auction.id);
    expect(await listed("/api/me/watchlist", bidder)).not.toContain(auction.id);
    expect(await listed("/api/me/auctions", bidder)).not.toContain(auction.id);
    await expectError(await call(`/api/auctions/${auction.id}`), 404, "LISTING_REMOVED");
    await expectError(await call(`/api/auctions/${auction.id}`, { token: bidder.auth.accessToken }), 404, "LISTING_REMOVED");

    expect(await listed("/api/me/listings", seller)).toContain(auction.id);
    for (const viewer of [seller, admin]) {
      const detail = (await (await call(`/api/auctions/${auction.id}`, { token: viewer.auth.accessToken })).json()) as AuctionDetail;
      expect(detail.removed).toMatchObject({ reason: "Counterfeit goods" });
    }

    await expectError(await hide(admin, auction.id), 409, "RULE_VIOLATION");
    expect((await call(`/api/admin/auctions/${auction.id}/unhide`, { method: "POST", token: admin.auth.accessToken, body: { reason: "Seller proved it genuine" } })).status).toBe(204);
    expect(await found()).toEqual([auction.id]);
    expect(((await (await call(`/api/auctions/${auction.id}`)).json()) as AuctionDetail).removed).toBeNull();
  });
});

describe("an admin cancelling an auction", () => {
  it("needs a reason, ends it and mails each bidder and watcher once, with the reason, and the seller not at all", async () => {
    const admin = await adminAccount();
    const seller = await verifiedAccount(["seller"]);
    const title = `Suspicious Patek Philippe ${crypto.randomUUID().slice(0, 8)}`;
    const auction = await createAuction(seller, { title });
    const [first, second, watcher] = [await verifiedAccount(), await verifiedAccount(), await verifiedAccount()];
    for (const account of [second, watcher]) expect((await call(`/api/auctions/${auction.id}/watch`, { method: "PUT", token: account.auth.accessToken })).status).toBe(200);
    expect((await bidOver(auction.id, first, { amount: 1000 })).status).toBe(201);
    // No summary flush: the bid just placed counts, since the room itself knows its bidders.
    expect((await bidOver(auction.id, second, { amount: 1100 })).status).toBe(201);

    await expectError(await call(`/api/admin/auctions/${auction.id}/cancel`, { method: "POST", token: admin.auth.accessToken, body: {} }), 400, "VALIDATION_FAILED");
    expect((await call(`/api/admin/auctions/${auction.id}/cancel`, { method: "POST", token: admin.auth.accessToken, body: { reason: "Stolen goods reported by police" } })).status).toBe(204);
    const detail = (await (await call(`/api/auctions/${auction.id}`)).json()) as AuctionDetail;
    expect(detail).toMatchObject({ status: "cancelled", cancelReason: "Stolen goods reported by police" });

    const told = [first, second, watcher].map((account) => account.auth.user.id).sort();
    const cancelled = await waitForNotifications(auction.id, (rows) => rows.filter((row) => row.event === "cancelled" && row.email_status === "sent").length >= told.length);
    expect(cancelled.filter((row) => row.event === "cancelled").map((row) => row.user_id).sort()).toEqual(told);
    for (const account of [first, second, watcher]) {
      const mails = (await mailTo(account.email)).filter((mail) => mail.text_body.includes(title));
      const aboutCancel = mails.filter((mail) => !mail.subject.startsWith("You were outbid"));
      expect(aboutCancel.map((mail) => mail.subject)).toEqual([`Cancelled: ${title}`]);
      expect(aboutCancel[0]!.text_body).toContain("Reason: Stolen goods reported by police");
    }
    expect((await mailTo(seller.email)).filter((mail) => mail.subject.includes(title))).toEqual([]);
    await expectError(await call(`/api/admin/auctions/${auction.id}/cancel`, { method: "POST", token: admin.auth.accessToken, body: { reason: "Twice" } }), 409, "RULE_VIOLATION");
  });
});
