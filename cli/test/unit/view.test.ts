import { describe, expect, it } from "vitest";
import type { AuctionDetail } from "../../../schema/api/catalog";
import { makeStyle, visibleLength } from "../../src/format";
import { renderLive, type LiveModel } from "../../src/live/view";

const NOW = Date.UTC(2026, 11, 2, 17, 0, 0);

const detail = {
  id: "3b0c6c52-8a51-4a3b-9c55-0d3c1f7c8d11", format: "forward", status: "live", currency: "EUR", startingPrice: 2500, currentPrice: 2700,
  nextBidLimit: 2800, startsAt: NOW - 3_600_000, endsAt: NOW + 95_000, bidCount: 3, seq: 3, hasReserve: true, reserveMet: true, buyNowPrice: null,
  leaderboard: [{ alias: "Bidder 2", amount: 2700, leading: true }, { alias: "Bidder 1", amount: 2600, leading: false }],
  you: { alias: "Bidder 1", leading: false, isSeller: false }, title: "Gramophone with a brass horn", softCloseMinutes: 2, increment: { kind: "fixed", amount: 100 },
} as AuctionDetail;

function model(overrides: Partial<LiveModel> = {}): LiveModel {
  return {
    detail, snapshot: detail, connection: "connected", retryAt: 0, serverNow: NOW, localNow: NOW, loggedIn: true, input: { kind: "keys" }, message: null,
    bids: [
      { seq: 3, amount: 2700, bidder: "Bidder 2", kind: "bid", at: NOW - 5_000, endsAt: NOW + 95_000 },
      { seq: 2, amount: 2600, bidder: "Bidder 1", kind: "bid", at: NOW - 60_000, endsAt: NOW + 3_600_000 },
    ],
    cues: [{ kind: "outbid", by: "Bidder 2", amount: 2700, at: NOW - 1_000 }, { kind: "extended", from: NOW - 25_000, to: NOW + 95_000, at: NOW - 1_000 }],
    ...overrides,
  };
}

const screen = { width: 80, height: 24, style: makeStyle(false), time: { timeZone: "Europe/Paris", locale: "en-GB" } };

describe("the live screen", () => {
  it("shows price, limit, countdown with soft close, standing, cues, bids and leaderboard", () => {
    const text = renderLive(model(), screen).join("\n");
    expect(text).toMatch(/^Gramophone with a brass horn +● connected$/m);
    expect(text).toContain("Price     €27   3 bids · leader Bidder 2 · reserve met");
    expect(text).toContain("Next bid  at least €28");
    expect(text).toContain("1m 35s left  ends 18:01:35  soft close: a bid now extends to 2 min");
    expect(text).toContain("Bidder 1: OUTBID");
    expect(text).toContain(" OUTBID by Bidder 2 at €27 ");
    expect(text).toContain("Soft close: extended by 2m 00s to 18:01:35");
    expect(text).toMatch(/17:59:55 +€27 {2}Bidder 2 +1\. Bidder 2 {2}€27 ◀/);
    expect(text).toMatch(/17:59:00 +€26 {2}Bidder 1 \(you\) +2\. Bidder 1 {2}€26/);
    expect(text).toContain(" b  bid €28   a  amount   m  maximum   q  quit");
    expect(text).toContain("Times in Europe/Paris");
  });

  it("fits the terminal: no line wider than it, no more lines than its height, and no escape codes without colour", () => {
    for (const [width, height] of [[80, 24], [50, 20], [132, 40]] as const) {
      const lines = renderLive(model(), { ...screen, width, height });
      expect(lines.length).toBeLessThanOrEqual(height);
      for (const line of lines) expect(visibleLength(line), line).toBeLessThanOrEqual(width);
      expect(lines.join("")).not.toMatch(/\x1b/);
    }
    const coloured = renderLive(model(), { ...screen, style: makeStyle(true) });
    expect(coloured.join("")).toMatch(/\x1b\[/);
    for (const line of coloured) expect(visibleLength(line)).toBeLessThanOrEqual(80);
  });

  it("forgets cues after ten seconds, and shows the prompt, the confirmation and the reconnect countdown", () => {
    expect(renderLive(model({ localNow: NOW + 10_000 }), screen).join("\n")).not.toContain("OUTBID by");
    expect(renderLive(model({ input: { kind: "maximum", text: "45.5" } }), screen).join("\n")).toContain("Your maximum (EUR): 45.5█");
    expect(renderLive(model({ input: { kind: "confirm", amount: 5000, ratio: "1.8×" } }), screen).join("\n")).toContain("€50 is 1.8× the minimum. Send it?");
    expect(renderLive(model({ connection: "reconnecting", retryAt: NOW + 2_400 }), screen)[0]).toMatch(/○ reconnecting in 3s$/);
  });

  it("tells anonymous viewers and sellers they cannot bid here, and shows the end", () => {
    expect(renderLive(model({ loggedIn: false }), screen).join("\n")).toContain("watching anonymously: gavel login to bid");
    const ended = renderLive(model({ snapshot: { ...detail, status: "ended", you: { alias: "Bidder 1", leading: true, isSeller: false, limit: 2600, bidCount: 1, bidsLeft: null } } }), screen).join("\n");
    expect(ended).toContain("ENDED");
    expect(ended).toContain("Bidder 1: you won");
    expect(ended).not.toContain(" b  bid");
  });
});
