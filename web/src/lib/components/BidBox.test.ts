import { flushSync, mount, tick, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AuctionSnapshot } from "$schema";
import type { BidOutcome, BidRequest } from "$lib/live/auction-live.svelte";
import BidBox from "./BidBox.svelte";

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
  you: { alias: null, leading: false, isSeller: false, limit: null, bidCount: 0, bidsLeft: null },
};

let component: ReturnType<typeof mount> | null = null;

function render(props: { snapshot?: AuctionSnapshot; loggedIn?: boolean; placeBid?: (request: BidRequest) => Promise<BidOutcome> } = {}) {
  const target = document.createElement("div");
  document.body.appendChild(target);
  const placeBid = props.placeBid ?? vi.fn(async (): Promise<BidOutcome> => ({ ok: true, requestId: "r", seq: 3 }));
  component = mount(BidBox, {
    target,
    props: { snapshot: props.snapshot ?? base, loggedIn: props.loggedIn ?? true, loginHref: "/login?next=/auctions/a1", locale: "en-GB", placeBid },
  });
  flushSync();
  const $ = <T extends Element = HTMLElement>(testId: string) => target.querySelector<T & HTMLElement>(`[data-testid="${testId}"]`);
  return { target, placeBid, $ };
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

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = "";
});

describe("BidBox", () => {
  it("prefills the minimum next bid and labels every field", () => {
    const { target, $ } = render();
    const amount = $<HTMLInputElement>("bid-amount") as HTMLInputElement;
    expect(amount.value).toBe("31.00");
    expect($("bid-minimum")?.textContent).toBe("Minimum €31");
    for (const input of target.querySelectorAll("input")) {
      expect(target.querySelector(`label[for="${input.id}"]`)).not.toBeNull();
    }
  });

  it("refuses a bid under the minimum without sending it", async () => {
    const { $, placeBid } = render();
    type($("bid-amount") as HTMLInputElement, "30");
    $("bid-submit")!.click();
    await settle();
    expect(placeBid).not.toHaveBeenCalled();
    expect($("bid-error")?.textContent).toBe("Bid at least €31.");
  });

  it("sends the bid and proxy maximum in minor units, disabled while sending", async () => {
    let answer: (outcome: BidOutcome) => void = () => {};
    const placeBid = vi.fn((_request: BidRequest) => new Promise<BidOutcome>((resolve) => (answer = resolve)));
    const { target, $ } = render({ placeBid });
    type($("bid-max") as HTMLInputElement, "40.50");
    $("bid-submit")!.click();
    await settle();
    expect(placeBid).toHaveBeenCalledWith({ amount: 3100, maxAmount: 4050 });
    expect(target.querySelector("fieldset")!.disabled).toBe(true);
    expect($("bid-submit")?.textContent).toBe("Placing bid…");
    answer({ ok: true, requestId: "r", seq: 3 });
    await settle();
    expect(target.querySelector("fieldset")!.disabled).toBe(false);
    expect($("bid-placed")?.textContent).toContain("€31");
  });

  it("asks for confirmation when the bid is far above the minimum", async () => {
    const { $, placeBid } = render();
    type($("bid-amount") as HTMLInputElement, "100");
    $("bid-submit")!.click();
    await settle();
    expect(placeBid).not.toHaveBeenCalled();
    const confirm = $("bid-confirm")!;
    expect(confirm.textContent).toContain("3.2×");
    const yes = confirm.querySelector("button")!;
    expect(document.activeElement).toBe(yes);
    yes.click();
    await settle();
    expect(placeBid).toHaveBeenCalledWith({ amount: 10_000 });
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
      const { $ } = render({ placeBid: async () => ({ ok: false, requestId: "r", code, message: "raw" }) });
      $("bid-submit")!.click();
      await settle();
      expect($("bid-error")?.textContent).toMatch(expected);
      unmount(component!);
      component = null;
      document.body.innerHTML = "";
    }
  });

  it("tells the bidder when they lead and when they've been outbid", () => {
    const leading = render({ snapshot: { ...base, you: { alias: "Bidder 1", leading: true, isSeller: false, limit: 2000, bidCount: 1, bidsLeft: null } } });
    expect(leading.$("bid-cue")?.textContent).toBe("You're the highest bidder");
    unmount(component!);
    const outbid = render({ snapshot: { ...base, you: { alias: "Bidder 1", leading: false, isSeller: false, limit: 2000, bidCount: 1, bidsLeft: null } } });
    expect(outbid.$("bid-cue")?.textContent).toBe("You've been outbid");
    expect(outbid.$("bid-cue")?.getAttribute("role")).toBe("status");
  });

  it("invites anonymous visitors to log in instead of showing the form", () => {
    const { $ } = render({ loggedIn: false, snapshot: { ...base, you: null } });
    expect($("bid-amount")).toBeNull();
    expect($("login-to-bid")?.getAttribute("href")).toBe("/login?next=/auctions/a1");
  });

  it("shows no form to the seller or once bidding has closed", () => {
    const seller = render({ snapshot: { ...base, you: { alias: null, leading: false, isSeller: true, limit: null, bidCount: 0, bidsLeft: null } } });
    expect(seller.$("bid-amount")).toBeNull();
    expect(seller.target.textContent).toContain("your listing");
    unmount(component!);
    const ended = render({ snapshot: { ...base, status: "ended", nextBidLimit: null } });
    expect(ended.$("bid-amount")).toBeNull();
    expect(ended.target.textContent).toContain("Bidding has closed");
  });
});
