import { flushSync, mount, tick, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AuctionSnapshot, ViewerStanding } from "$schema";
import type { BidOutcome, BidRequest } from "$lib/live/auction-live.svelte";
import BidBox from "./BidBox.svelte";

// A .svelte.test.ts file, so the props are $state and a test can move the auction on as the room would.

const newcomer: ViewerStanding = { alias: null, leading: false, isSeller: false, limit: null, bidCount: 0, bidsLeft: null };

const base: AuctionSnapshot = {
  id: "a1",
  format: "forward",
  status: "live",
  currency: "EUR",
  startingPrice: 2500,
  currentPrice: 3000,
  nextBidLimit: 3100,
  startsAt: 0,
  endsAt: Date.now() + 3_600_000,
  bidCount: 2,
  seq: 2,
  hasReserve: false,
  reserveMet: true,
  buyNowPrice: null,
  leaderboard: [],
  sealed: null,
  you: newcomer,
};

let component: ReturnType<typeof mount> | null = null;

interface RenderOptions {
  snapshot?: AuctionSnapshot;
  loggedIn?: boolean;
  locale?: string;
  placeBid?: (request: BidRequest) => Promise<BidOutcome>;
}

function render(options: RenderOptions = {}) {
  const target = document.createElement("div");
  document.body.appendChild(target);
  const placeBid = vi.fn(options.placeBid ?? (async (): Promise<BidOutcome> => ({ ok: true, requestId: "r", seq: 3 })));
  const props = $state({
    snapshot: options.snapshot ?? base,
    loggedIn: options.loggedIn ?? true,
    loginHref: "/login?next=/auctions/a1",
    locale: options.locale ?? "en-GB",
    placeBid,
  });
  component = mount(BidBox, { target, props });
  flushSync();
  const byTestId = <T extends HTMLElement = HTMLElement>(testId: string) => target.querySelector<T>(`[data-testid="${testId}"]`);
  /** What the room would send next: a new snapshot for the box. */
  const update = (change: Partial<AuctionSnapshot>) => {
    props.snapshot = { ...props.snapshot, ...change };
    flushSync();
  };
  /** Every message the panel shows right now, whatever its kind. */
  const messages = () => [...target.querySelectorAll(".messages p")].map((element) => element.textContent);
  return { target, placeBid, get: byTestId, update, messages };
}

function type(input: HTMLInputElement | null, value: string) {
  input!.value = value;
  input!.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
}

async function settle() {
  for (let round = 0; round < 5; round += 1) {
    await Promise.resolve();
    await tick();
  }
  flushSync();
}

function cleanUp() {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = "";
}

afterEach(cleanUp);

describe("BidBox", () => {
  it("prefills the minimum next bid and labels every field", () => {
    const { target, get } = render();
    expect(get<HTMLInputElement>("bid-amount")!.value).toBe("31.00");
    expect(get("bid-minimum")?.textContent).toBe("Minimum €31");
    for (const input of target.querySelectorAll("input")) {
      expect(target.querySelector(`label[for="${input.id}"]`)).not.toBeNull();
    }
  });

  it("refuses a bid under the minimum without sending it, and keeps focus in the box", async () => {
    const { get, placeBid } = render();
    type(get("bid-amount") as HTMLInputElement, "30");
    get("bid-submit")!.click();
    await settle();
    expect(placeBid).not.toHaveBeenCalled();
    expect(get("bid-error")?.textContent).toBe("Bid at least €31.");
    expect(document.activeElement).toBe(get("bid-amount"));
  });

  it("sends the bid and proxy maximum in minor units, disabled while sending, focus back in the box after", async () => {
    let answer: (outcome: BidOutcome) => void = () => {};
    const { target, get, placeBid } = render({ placeBid: () => new Promise<BidOutcome>((resolve) => (answer = resolve)) });
    type(get("bid-max") as HTMLInputElement, "40.50");
    get("bid-submit")!.click();
    await settle();
    expect(placeBid).toHaveBeenCalledWith({ amount: 3100, maxAmount: 4050 });
    expect(target.querySelector("fieldset")!.disabled).toBe(true);
    expect(get("bid-submit")?.textContent).toBe("Placing bid…");
    answer({ ok: true, requestId: "r", seq: 3 });
    await settle();
    expect(target.querySelector("fieldset")!.disabled).toBe(false);
    expect(get("bid-placed")?.textContent).toBe("Bid placed: €31, with a hidden maximum of €40.50.");
    expect(document.activeElement).toBe(get("bid-amount"));
  });

  it("keeps focus in the box after the room refuses a bid", async () => {
    const { get } = render({ placeBid: async () => ({ ok: false, requestId: "r", code: "BID_TOO_LOW", message: "raw" }) });
    get("bid-submit")!.click();
    await settle();
    expect(get("bid-error")?.textContent).toMatch(/at least €31/);
    expect(document.activeElement).toBe(get("bid-amount"));
  });

  it("shows one message at a time: a placed bid becomes 'highest bidder' once the room says so", async () => {
    const { get, update, messages } = render();
    get("bid-submit")!.click();
    await settle();
    expect(messages()).toEqual(["Bid placed: €31."]);
    update({ seq: 3, currentPrice: 3100, nextBidLimit: 3200, you: { ...newcomer, alias: "Bidder 1", leading: true, limit: 3100, bidCount: 1 } });
    expect(messages()).toEqual(["Bid placed: €31. You're the highest bidder."]);
    // Someone else bids later: the standing replaces the old success, never beside it.
    update({ seq: 4, currentPrice: 3200, nextBidLimit: 3300, you: { ...newcomer, alias: "Bidder 1", leading: false, limit: 3100, bidCount: 1 } });
    expect(messages()).toEqual(["You've been outbid"]);
    expect(get("bid-cue")?.closest("[role]")?.getAttribute("role")).toBe("status");
  });

  it("says when a hidden maximum outbid the bid at once", async () => {
    const { get, update, messages } = render({ placeBid: async () => ({ ok: true, requestId: "r", seq: 4 }) });
    get("bid-submit")!.click();
    await settle();
    // The bid (seq 3) and the leader's automatic answer (seq 4) came in one batch.
    update({ seq: 4, currentPrice: 3200, nextBidLimit: 3300, you: { ...newcomer, alias: "Bidder 2", leading: false, limit: 3100, bidCount: 1 } });
    expect(messages()).toEqual(["Outbid at once by an automatic bid up to €32. Bid at least €33 to lead."]);
  });

  it("clears an error once the state it describes has changed", async () => {
    const { get, update, messages } = render({ placeBid: async () => ({ ok: false, requestId: "r", code: "BID_TOO_LOW", message: "raw" }) });
    get("bid-submit")!.click();
    await settle();
    expect(messages()).toEqual(["Someone bid first, or the amount is too low: bid at least €31."]);
    update({ seq: 3, currentPrice: 3100, nextBidLimit: 3200 });
    expect(messages()).toEqual([]);
  });

  it("explains each refusal from the room", async () => {
    const cases: Array<[string, RegExp]> = [
      ["BID_TOO_LOW", /at least €31/],
      ["ALREADY_LEADING", /already the highest bidder/],
      ["SELF_BIDDING", /own auction/],
      ["AUCTION_ENDED", /has ended/],
      ["AUCTION_NOT_STARTED", /hasn't opened/],
      ["BID_CAP_REACHED", /maximum number of bids/],
      ["NOT_VERIFIED", /Verify your email/],
      ["UNAUTHENTICATED", /Log in again/],
    ];
    for (const [code, expected] of cases) {
      const { get } = render({ placeBid: async () => ({ ok: false, requestId: "r", code, message: "raw" }) });
      get("bid-submit")!.click();
      await settle();
      expect(get("bid-error")?.textContent).toMatch(expected);
      cleanUp();
    }
  });

  it("asks for confirmation when the bid is far above the minimum", async () => {
    const { get, placeBid } = render();
    type(get("bid-amount") as HTMLInputElement, "100");
    get("bid-submit")!.click();
    await settle();
    expect(placeBid).not.toHaveBeenCalled();
    expect(get("bid-confirm")!.textContent).toContain("3.2×");
    expect(get("bid-retype")).toBeNull();
    expect(document.activeElement).toBe(get("bid-confirm-yes"));
    get("bid-confirm-yes")!.click();
    await settle();
    expect(placeBid).toHaveBeenCalledWith({ amount: 10_000 });
  });

  it("asks for the amount again when the bid is more than ten times the minimum", async () => {
    const { get, placeBid, messages } = render();
    type(get("bid-amount") as HTMLInputElement, "500");
    get("bid-submit")!.click();
    await settle();
    expect(document.activeElement).toBe(get("bid-retype"));
    type(get("bid-retype") as HTMLInputElement, "50");
    get("bid-confirm-yes")!.click();
    await settle();
    expect(placeBid).not.toHaveBeenCalled();
    expect(messages()).toEqual(["The amounts don't match. Type €500 again, or change your bid."]);
    type(get("bid-retype") as HTMLInputElement, "500");
    get("bid-confirm-yes")!.click();
    await settle();
    expect(placeBid).toHaveBeenCalledWith({ amount: 50_000 });
  });

  it("accepts thousands separators in the bidder's locale", async () => {
    const english = render({ snapshot: { ...base, currentPrice: 100_000, nextBidLimit: 110_000 } });
    type(english.get("bid-amount") as HTMLInputElement, "1,200.50");
    english.get("bid-submit")!.click();
    await settle();
    expect(english.placeBid).toHaveBeenCalledWith({ amount: 120_050 });
    cleanUp();
    const german = render({ locale: "de-DE", snapshot: { ...base, currentPrice: 100_000, nextBidLimit: 110_000 } });
    type(german.get("bid-amount") as HTMLInputElement, "1.200,50");
    german.get("bid-submit")!.click();
    await settle();
    expect(german.placeBid).toHaveBeenCalledWith({ amount: 120_050 });
  });

  it("refuses amounts above the bound the API enforces", async () => {
    const { get, placeBid, messages } = render();
    type(get("bid-amount") as HTMLInputElement, "10000000001");
    get("bid-submit")!.click();
    await settle();
    expect(placeBid).not.toHaveBeenCalled();
    expect(messages()).toEqual(["The most you can bid is €10,000,000,000."]);
    expect(Number(get("bid-amount")!.getAttribute("maxlength"))).toBeLessThan(20);
  });

  describe("buy it now", () => {
    const withBuyNow = { ...base, buyNowPrice: 25_000 };

    it("is its own button with its own confirmation", async () => {
      const { get, placeBid } = render({ snapshot: withBuyNow });
      expect(get("buy-now")?.textContent).toBe("Buy it now for €250");
      get("buy-now")!.click();
      await settle();
      expect(placeBid).not.toHaveBeenCalled();
      expect(get("buy-now-confirm")?.textContent).toContain("Buy it now for €250? The auction ends at once");
      expect(document.activeElement).toBe(get("buy-now-yes"));
      get("buy-now-yes")!.click();
      await settle();
      expect(placeBid).toHaveBeenCalledWith({ amount: 25_000 });
    });

    it("asks before a typed amount at or above the price would end the auction", async () => {
      const { get, placeBid } = render({ snapshot: withBuyNow });
      type(get("bid-amount") as HTMLInputElement, "99,999");
      get("bid-submit")!.click();
      await settle();
      expect(placeBid).not.toHaveBeenCalled();
      expect(get("bid-placed")).toBeNull();
      expect(get("buy-now-confirm")?.textContent).toContain("€99,999 is at or above the buy-it-now price. Buy it now for €250?");
      get("buy-now-confirm")!.querySelector<HTMLButtonElement>("button.secondary")!.click();
      await settle();
      expect(get("buy-now-confirm")).toBeNull();
      expect(document.activeElement).toBe(get("bid-amount"));
    });

    it("is not offered once the room closed it", () => {
      const { get } = render({ snapshot: { ...withBuyNow, buyNowPrice: null } });
      expect(get("buy-now")).toBeNull();
    });
  });

  describe("after the end", () => {
    it("shows no form and the bidder's result, never 'leading'", () => {
      const { get, target, messages } = render({
        snapshot: { ...base, status: "ended", nextBidLimit: null, you: { ...newcomer, alias: "Bidder 1", leading: true, limit: 3000, bidCount: 1 } },
      });
      expect(get("bid-amount")).toBeNull();
      expect(get("bidding-closed")?.textContent).toBe("Bidding has closed.");
      expect(messages()).toEqual(["You won this auction"]);
      expect(target.textContent).not.toMatch(/highest bidder|Leading/);
    });

    it("turns an open question and a stale success into the result", async () => {
      const { get, update, messages } = render({ snapshot: { ...base, buyNowPrice: 25_000 }, placeBid: async () => ({ ok: true, requestId: "r", seq: 3 }) });
      get("buy-now")!.click();
      await settle();
      get("buy-now-yes")!.click();
      await settle();
      update({ status: "ended", seq: 3, currentPrice: 25_000, nextBidLimit: null, buyNowPrice: null, you: { ...newcomer, alias: "Bidder 1", leading: true, limit: 25_000, bidCount: 1 } });
      expect(messages()).toEqual(["You won this auction"]);
    });

    it("says when the reserve wasn't met", () => {
      const { messages } = render({
        snapshot: { ...base, status: "ended", hasReserve: true, reserveMet: false, nextBidLimit: null, you: { ...newcomer, alias: "Bidder 1", leading: true, limit: 3000, bidCount: 1 } },
      });
      expect(messages()).toEqual(["You were the highest bidder, but the reserve wasn't met"]);
    });
  });

  it("tells the bidder when they lead and when they've been outbid", () => {
    const leading = render({ snapshot: { ...base, you: { ...newcomer, alias: "Bidder 1", leading: true, limit: 2000, bidCount: 1 } } });
    expect(leading.get("bid-cue")?.textContent).toBe("You're the highest bidder");
    cleanUp();
    const outbid = render({ snapshot: { ...base, you: { ...newcomer, alias: "Bidder 1", leading: false, limit: 2000, bidCount: 1 } } });
    expect(outbid.get("bid-cue")?.textContent).toBe("You've been outbid");
  });

  it("invites anonymous visitors to log in with a button-styled link instead of the form", () => {
    const { get } = render({ loggedIn: false, snapshot: { ...base, you: null } });
    expect(get("bid-amount")).toBeNull();
    expect(get("login-to-bid")?.getAttribute("href")).toBe("/login?next=/auctions/a1");
    expect(get("login-to-bid")?.classList.contains("button")).toBe(true);
  });

  it("shows no form to the seller", () => {
    const seller = render({ snapshot: { ...base, you: { ...newcomer, isSeller: true } } });
    expect(seller.get("bid-amount")).toBeNull();
    expect(seller.target.textContent).toContain("your listing");
  });
});
