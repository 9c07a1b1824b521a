import { describe, expect, it } from "vitest";
import { bidOver, createAuction, endNow, verifiedAccount } from "../auction-helpers";
import { call } from "../helpers";
import { settle } from "../order-helpers";
import { waitForNotifications } from "./channel";

describe("everyone hears the end", () => {
  it("tells the winner, every losing bidder with the final price, the seller, and watchers who did not bid", async () => {
    const seller = await verifiedAccount(["seller"]);
    const [winner, loser, watcher] = [await verifiedAccount(), await verifiedAccount(), await verifiedAccount()];
    const auction = await createAuction(seller, { title: "Brass sextant" });
    expect((await call(`/api/auctions/${auction.id}/watch`, { method: "PUT", token: watcher.auth.accessToken })).status).toBe(200);
    expect((await call(`/api/auctions/${auction.id}/watch`, { method: "PUT", token: loser.auth.accessToken })).status).toBe(200);
    // The loser's mail for "lost" is off: it still shows in the app.
    expect((await call("/api/me/notifications/preferences", { method: "PUT", token: loser.auth.accessToken, body: { email: { lost: false } } })).status).toBe(200);
    await bidOver(auction.id, loser, { amount: 1000 });
    await bidOver(auction.id, winner, { amount: 1500 });
    await endNow(auction.id);
    await settle(auction.id, seller);

    const ends = ["won", "lost", "ended", "watched_ended"];
    const rows = await waitForNotifications(auction.id, (found) => found.filter((row) => ends.includes(row.event)).length >= 4);
    const byUser = Object.fromEntries(rows.filter((row) => ends.includes(row.event)).map((row) => [row.user_id, row]));
    expect(Object.keys(byUser).sort()).toEqual([seller, winner, loser, watcher].map((account) => account.auth.user.id).sort());
    expect(byUser[winner.auth.user.id]).toMatchObject({ event: "won" });
    expect(byUser[loser.auth.user.id]).toMatchObject({ event: "lost", body: "“Brass sextant” sold to another bidder for €11.", email_status: "skipped" });
    expect(byUser[watcher.auth.user.id]).toMatchObject({ event: "watched_ended", body: "“Brass sextant” sold for €11." });
    expect(byUser[seller.auth.user.id]).toMatchObject({ event: "ended" });
  });

  it("tells bidders and watchers of a cancellation, not the admin's seller", async () => {
    const seller = await verifiedAccount(["seller"]);
    const admin = await verifiedAccount(["admin"]);
    const [bidder, watcher] = [await verifiedAccount(), await verifiedAccount()];
    const auction = await createAuction(seller);
    expect((await call(`/api/auctions/${auction.id}/watch`, { method: "PUT", token: watcher.auth.accessToken })).status).toBe(200);
    await bidOver(auction.id, bidder, { amount: 1000 });
    expect((await call(`/api/auctions/${auction.id}/cancel`, { method: "POST", token: admin.auth.accessToken, body: { reason: "Counterfeit" } })).status).toBe(200);
    await settle(auction.id, seller);
    const rows = await waitForNotifications(auction.id, (found) => found.filter((row) => row.event === "cancelled").length >= 2);
    expect(rows.filter((row) => row.event === "cancelled").map((row) => row.user_id).sort()).toEqual([bidder.auth.user.id, watcher.auth.user.id].sort());
    for (const row of rows.filter((found) => found.event === "cancelled")) expect(row.body).toContain("Reason: Counterfeit");
  });
});
