import { describe, expect, it } from "vitest";
import { bidRejectionCodes } from "$schema";
import { nextBidLimit } from "$schema/prices";
import { backoffDelay } from "./backoff";
import { BID_ERROR_CODES, bidErrorMessage } from "./bid-messages";
import { checkForwardBid, checkReverseOffer, ratioOf } from "./bid-checks";
import { needsConfirmation, ratioText } from "./bidding";
import { coarseAnnouncement, countdownText, isEndingSoon } from "./countdown";
import { BidSequence } from "./sequence";

const money = (minor: number) => `€${(minor / 100).toFixed(2)}`;
const entry = (seq: number, amount = 1000 + seq * 100) => ({ seq, amount, bidder: `Bidder ${seq % 3}`, kind: "bid" as const, at: seq, endsAt: 10_000 });

describe("bid error messages", () => {
  it("has its own sentence for every rejection code the room sends, and for the socket and network ones", () => {
    for (const code of [...bidRejectionCodes, "UNAUTHENTICATED", "NOT_VERIFIED", "SELLER_ROLE_REQUIRED", "REQUEST_ID_REUSED", "NETWORK"]) {
      expect(BID_ERROR_CODES).toContain(code);
      const text = bidErrorMessage(code, { format: "forward", limitText: "€16.00", serverMessage: "Bid at least 1600" });
      expect(text).not.toContain("1600");
      expect(text.length).toBeGreaterThan(10);
    }
  });

  it("quotes the current minimum for BID_TOO_LOW and the maximum for BID_TOO_HIGH", () => {
    expect(bidErrorMessage("BID_TOO_LOW", { format: "forward", limitText: "€16.00" })).toContain("€16.00");
    expect(bidErrorMessage("BID_TOO_HIGH", { format: "reverse", limitText: "€400.00" })).toContain("€400.00");
  });

  it("speaks of requests and offers in reverse auctions", () => {
    expect(bidErrorMessage("SELF_BIDDING", { format: "reverse", limitText: null })).toMatch(/own request/);
    expect(bidErrorMessage("ALREADY_LEADING", { format: "forward", limitText: null })).toMatch(/highest bidder/);
  });

  it("falls back to the server's message for unknown codes", () => {
    expect(bidErrorMessage("SOMETHING_NEW", { format: "forward", limitText: null, serverMessage: "Try later" })).toBe("Try later");
  });
});

describe("bid checks and confirmation", () => {
  it("asks to confirm a bid more than 50 % above the minimum", () => {
    expect(needsConfirmation(1500, 1000)).toBe(false);
    expect(needsConfirmation(1501, 1000)).toBe(true);
    expect(needsConfirmation(100_000, null)).toBe(false);
    expect(ratioText(3200, 1000)).toBe("3.2×");
    expect(ratioText(25_000, 1000)).toBe("25×");
    expect(ratioOf(3200, 1000, "de")).toBe("3,2");
  });

  it("refuses a bid under the minimum or a maximum under the bid before sending", () => {
    expect(checkForwardBid(900, null, 1000, money)).toEqual({ ok: false, message: "Bid at least €10.00." });
    expect(checkForwardBid(1000, 900, 1000, money)).toMatchObject({ ok: false });
    expect(checkForwardBid(null, null, 1000, money)).toMatchObject({ ok: false });
    expect(checkForwardBid(1000, 5000, 1000, money)).toEqual({ ok: true });
    expect(checkReverseOffer(50_100, 50_000, money)).toEqual({ ok: false, message: "Offer at most €500.00." });
    expect(checkReverseOffer(45_000, 50_000, money)).toEqual({ ok: true });
  });
});

describe("countdown text", () => {
  it("formats and announces only at coarse steps", () => {
    expect(countdownText(245_000, "ends")).toBe("4m 05s left");
    expect(countdownText(0, "ends")).toBe("Ending…");
    expect(countdownText(7_200_000, "starts")).toBe("Starts in 2h 0m");
    expect(coarseAnnouncement(4 * 60_000 + 59_000)).toBe("Less than 5 minutes left");
    expect(coarseAnnouncement(4 * 60_000)).toBe(coarseAnnouncement(3 * 60_000));
    expect(coarseAnnouncement(59_000)).toBe("Less than 1 minute left");
    expect(coarseAnnouncement(0)).toBe("Bidding has closed");
    expect(coarseAnnouncement(3 * 86_400_000)).toBe("More than 1 day left");
    expect(isEndingSoon(4 * 60_000)).toBe(true);
    expect(isEndingSoon(6 * 60_000)).toBe(false);
  });

  it("speaks the page's language", () => {
    try {
      document.documentElement.lang = "de";
      expect(coarseAnnouncement(4 * 60_000)).toBe("Weniger als 5 Minuten übrig");
      expect(countdownText(0, "starts")).toBe("Startet…");
      document.documentElement.lang = "ja";
      expect(coarseAnnouncement(20_000)).toBe("残り30秒未満");
      expect(countdownText(0, "ends")).toBe("まもなく終了…");
    } finally {
      document.documentElement.lang = "";
    }
  });
});

describe("reconnect backoff", () => {
  it("doubles from 500 ms, caps at 30 s and jitters by ±50 %", () => {
    expect(backoffDelay(0, () => 0.5)).toBe(500);
    expect(backoffDelay(3, () => 0.5)).toBe(4000);
    expect(backoffDelay(20, () => 0.5)).toBe(30_000);
    expect(backoffDelay(2, () => 0)).toBe(1000);
    expect(backoffDelay(2, () => 0.999)).toBeLessThan(3000);
  });
});

describe("next bid limit", () => {
  it("follows the room: the starting price, then one increment past the price", () => {
    const fixed = { kind: "fixed" as const, amount: 100 };
    expect(nextBidLimit({ format: "forward", increment: fixed, startingPrice: 2500 }, null)).toBe(2500);
    expect(nextBidLimit({ format: "forward", increment: fixed, startingPrice: 2500 }, 3000)).toBe(3100);
    const table = { kind: "table" as const, bands: [{ from: 0, increment: 50 }, { from: 10_000, increment: 500 }] };
    expect(nextBidLimit({ format: "forward", increment: table, startingPrice: 100 }, 12_000)).toBe(12_500);
    expect(nextBidLimit({ format: "reverse", increment: { kind: "fixed", amount: 1000 }, startingPrice: 50_000 }, 45_000)).toBe(44_000);
  });
});

describe("bid sequence", () => {
  it("adds each seq once, whatever replays it, and tracks the contiguous high-water mark", () => {
    const sequence = new BidSequence(2, [entry(1), entry(2)]);
    expect(sequence.add([entry(3)]).map((bid) => bid.seq)).toEqual([3]);
    expect(sequence.add([entry(5)]).map((bid) => bid.seq)).toEqual([5]);
    expect(sequence.contiguous).toBe(3);
    expect(sequence.hasGap).toBe(true);
    expect(sequence.add([entry(3), entry(4), entry(5)]).map((bid) => bid.seq)).toEqual([4]);
    expect(sequence.contiguous).toBe(5);
    expect(sequence.hasGap).toBe(false);
    expect(sequence.newestFirst().map((bid) => bid.seq)).toEqual([5, 4, 3, 2, 1]);
  });

  it("keeps details a richer history brings for a bid it already holds", () => {
    const sequence = new BidSequence(0);
    sequence.add([entry(1)]);
    expect(sequence.add([{ ...entry(1), displayName: "Sam", details: { description: "Paint", estimatedDuration: "2 days" } }])).toEqual([]);
    expect(sequence.newestFirst()[0]?.details?.description).toBe("Paint");
  });
});
