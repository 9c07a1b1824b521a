import { env } from "cloudflare:workers";
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AuctionSnapshot, BidHistoryEntry } from "../../schema";
import { bidOver, createAuction, roomOf, verifiedAccount } from "../auction-helpers";
import { call } from "../helpers";
import { LiveClient } from "./sockets";

interface Operation {
  bidder: string;
  amount: number;
  via: "http" | "ws";
  outcome: { ok: true; seq: number } | { ok: false; code: string };
}

describe("concurrent bidding (history check)", () => {
  it("200 bids from 20 users: every ack survives, seqs are gapless, one winner at the right price", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bidders = await Promise.all(Array.from({ length: 20 }, () => verifiedAccount()));
    const auction = await createAuction(seller, { startingPrice: 100, increment: { kind: "fixed", amount: 10 } });
    const sockets = await Promise.all(bidders.slice(0, 10).map((bidder) => LiveClient.connect(auction.id, { token: bidder.auth.accessToken })));
    const watcher = await LiveClient.connect(auction.id);

    const history: Operation[] = [];
    await Promise.all(
      Array.from({ length: 200 }, async (_, index) => {
        const bidderIndex = index % 20;
        const bidder = bidders[bidderIndex]!;
        const amount = 100 + Math.floor(Math.random() * 5000);
        if (bidderIndex < 10) {
          const reply = await sockets[bidderIndex]!.bid(amount);
          history.push({
            bidder: bidder.auth.user.id,
            amount,
            via: "ws",
            outcome: reply.type === "ack" ? { ok: true, seq: reply.seq } : { ok: false, code: reply.type === "error" ? reply.code : "?" },
          });
        } else {
          const response = await bidOver(auction.id, bidder, { amount });
          const body = (await response.json()) as { seq?: number; error?: { code: string } };
          history.push({ bidder: bidder.auth.user.id, amount, via: "http", outcome: body.seq ? { ok: true, seq: body.seq } : { ok: false, code: body.error!.code } });
        }
      }),
    );

    const acked = history.filter((operation) => operation.outcome.ok);
    const failures = new Set(history.filter((operation) => !operation.outcome.ok).map((operation) => (operation.outcome as { code: string }).code));
    expect([...failures].every((code) => ["BID_TOO_LOW", "ALREADY_LEADING"].includes(code))).toBe(true);
    expect(acked.length).toBeGreaterThan(0);

    const log: BidHistoryEntry[] = [];
    for (let after = 0; ; ) {
      const page = (await (await call(`/api/auctions/${auction.id}/bids?after=${after}&limit=200`)).json()) as { items: BidHistoryEntry[]; nextAfter: number | null };
      log.push(...page.items);
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
    expect(log.map((bid) => bid.seq)).toEqual(Array.from({ length: log.length }, (_, index) => index + 1));
    const ackedSeqs = acked.map((operation) => (operation.outcome as { seq: number }).seq);
    expect(new Set(ackedSeqs).size).toBe(ackedSeqs.length);
    for (const seq of ackedSeqs) expect(log[seq - 1]).toBeDefined();

    const snapshot = (await (await call(`/api/auctions/${auction.id}`)).json()) as AuctionSnapshot;
    expect(snapshot.seq).toBe(log.length);
    const highest = Math.max(...acked.map((operation) => operation.amount));
    const earliestHighest = acked
      .filter((operation) => operation.amount === highest)
      .sort((a, b) => (a.outcome as { seq: number }).seq - (b.outcome as { seq: number }).seq)[0]!;
    const runnerUp = Math.max(100, ...acked.filter((operation) => operation.bidder !== earliestHighest.bidder).map((operation) => operation.amount));
    expect(snapshot.currentPrice).toBe(highest === runnerUp ? highest : Math.min(highest, runnerUp + 10));

    const winnerView = (await (await call(`/api/auctions/${auction.id}`, { token: bidders.find((bidder) => bidder.auth.user.id === earliestHighest.bidder)!.auth.accessToken })).json()) as AuctionSnapshot;
    expect(winnerView.you?.leading).toBe(true);

    await watcher.next((frame) => (frame.type === "bid" || frame.type === "bids") && JSON.stringify(frame).includes(`"seq":${log.length},`), 5000);
    expect(watcher.bidSeqs()).toEqual(log.map((bid) => bid.seq));
    expect(await (await call(`/api/auctions/${auction.id}/bids/verify`)).json()).toMatchObject({ valid: true, length: log.length });

    for (const socket of [...sockets, watcher]) socket.close();

    // The catalog row is refreshed once per debounce window, not once per bid.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await runDurableObjectAlarm(roomOf(auction.id));
    const catalog = await env.DB.prepare("SELECT bid_count, current_price FROM auctions WHERE id = ?").bind(auction.id).first();
    expect(catalog).toEqual({ bid_count: snapshot.bidCount, current_price: snapshot.currentPrice });
  });
});
