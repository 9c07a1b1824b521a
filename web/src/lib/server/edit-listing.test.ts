import { describe, expect, it } from "vitest";
import type { AuctionDetail } from "$schema";
import { fitWithin } from "$lib/image-upload";
import { servicesFirst } from "$lib/request-form";
import { formValuesOf, listingChanges } from "./edit-listing";

const HOUR = 60 * 60 * 1000;
const now = Date.parse("2030-01-01T12:00:00Z");

function forward(overrides: Partial<AuctionDetail> = {}): AuctionDetail {
  return {
    id: "8c0b7e5e-5b7a-4f47-9d53-0d2f6d0d9a11",
    format: "forward",
    status: "scheduled",
    currency: "EUR",
    startingPrice: 1250,
    currentPrice: null,
    nextBidLimit: 1250,
    startsAt: now + HOUR,
    endsAt: now + 48 * HOUR,
    bidCount: 0,
    seq: 0,
    hasReserve: false,
    reserveMet: false,
    buyNowPrice: null,
    leaderboard: [],
    sealed: null,
    you: null,
    title: "Brass ship chronometer",
    description: "A marine chronometer in a brass case, keeps time well.",
    categoryPath: [{ id: "5d1c3a5e-8f0e-4c4b-9a55-0c5e1f4b7a21", slug: "clocks", name: "Clocks" }],
    condition: "good",
    location: "Lisbon, Portugal",
    requirements: null,
    budgetMin: null,
    deadline: null,
    increment: { kind: "fixed", amount: 100 },
    softCloseMinutes: 2,
    hardCloseAt: null,
    bidCapPerBidder: null,
    seller: { id: "u1", displayName: "Seller", memberSince: 0 },
    images: [],
    watchCount: 0,
    watching: null,
    award: null,
    cancelReason: null,
    removed: null,
    publishedAt: now,
    createdAt: now,
    reservePrice: null,
    autoRelist: 0,
    autoSecondChance: false,
    relistedFromId: null,
    ...overrides,
  };
}

describe("listingChanges", () => {
  it("sends only the fields that differ from the stored listing", () => {
    const detail = forward();
    const values = { ...formValuesOf(detail), title: "Brass ship chronometer, boxed" };
    const built = listingChanges(detail, values, [], now);
    expect(built).toEqual({ ok: true, changes: { title: "Brass ship chronometer, boxed" } });
  });

  it("sends nothing when nothing changed, prices and minute-precision times included", () => {
    const detail = forward({ startsAt: now + HOUR + 17_345, endsAt: now + 48 * HOUR + 999 });
    const values = formValuesOf(detail);
    expect(values.startingPrice).toBe("12.50");
    expect(listingChanges(detail, values, [], now)).toEqual({ ok: true, changes: {} });
  });

  it("converts a changed price to minor units and reports the shared schema's cross-field errors", () => {
    const detail = forward();
    const changed = listingChanges(detail, { ...formValuesOf(detail), startingPrice: "20", reservePrice: "30" }, [], now);
    expect(changed).toEqual({ ok: true, changes: { startingPrice: 2000, reservePrice: 3000 } });
    const invalid = listingChanges(detail, { ...formValuesOf(detail), startingPrice: "20", reservePrice: "15" }, [], now);
    expect(invalid.ok).toBe(false);
    if (!invalid.ok) expect(invalid.fieldErrors.reservePrice).toEqual(["The reserve cannot be below the starting price"]);
  });

  it("keeps an increment table as it is, and replaces it when the table's rows change", () => {
    const detail = forward({ increment: { kind: "table", bands: [{ from: 0, increment: 50 }, { from: 10_000, increment: 500 }] } });
    const values = formValuesOf(detail);
    expect(values.incrementKind).toBe("table");
    expect(values.incrementTable).toBe("0.00=0.50\n100.00=5.00");
    expect(listingChanges(detail, values, [], now)).toEqual({ ok: true, changes: {} });
    const changed = listingChanges(detail, { ...values, incrementTable: "0=1\n500=10" }, [], now);
    expect(changed).toEqual({ ok: true, changes: { increment: { kind: "table", bands: [{ from: 0, increment: 100 }, { from: 50_000, increment: 1000 }] } } });
    const fixed = listingChanges(detail, { ...values, incrementKind: "fixed", increment: "2" }, [], now);
    expect(fixed).toEqual({ ok: true, changes: { increment: { kind: "fixed", amount: 200 } } });
  });

  it("sets a bid cap and hard close, and explains an increment table it can't use", () => {
    const detail = forward();
    const values = formValuesOf(detail);
    expect(values.closing).toBe("soft");
    expect(listingChanges(detail, { ...values, bidCapPerBidder: "5", closing: "hard" }, [], now)).toEqual({ ok: true, changes: { bidCapPerBidder: 5, softCloseMinutes: 0 } });
    const noZero = listingChanges(detail, { ...values, incrementKind: "table", incrementTable: "10=1" }, [], now);
    expect(noZero.ok).toBe(false);
    if (!noZero.ok) expect(noZero.fieldErrors.increment).toEqual(["The first row of the increment table must start at 0"]);
    const badCap = listingChanges(detail, { ...values, bidCapPerBidder: "0" }, [], now);
    expect(badCap.ok).toBe(false);
    if (!badCap.ok) expect(badCap.fieldErrors.bidCapPerBidder).toEqual(["Enter a whole number of bids from 1 to 1,000, or leave it empty for no limit"]);
  });

  it("diffs a service request's budget (the ceiling is stored as the starting price) and photo order", () => {
    const detail = forward({
      format: "reverse",
      condition: null,
      startingPrice: 25000,
      budgetMin: 10000,
      deadline: now + 96 * HOUR,
      requirements: "Insured",
      images: [
        { id: "0b6c1c52-6f7e-4a53-9b3b-1d1a5e0c2f01", url: "/a", contentType: "image/png", width: 1, height: 1, bytes: 1 },
        { id: "0b6c1c52-6f7e-4a53-9b3b-1d1a5e0c2f02", url: "/b", contentType: "image/png", width: 1, height: 1, bytes: 1 },
      ],
    });
    const values = { ...formValuesOf(detail), budgetMax: "300" };
    expect(formValuesOf(detail).budgetMax).toBe("250.00");
    const reordered = ["0b6c1c52-6f7e-4a53-9b3b-1d1a5e0c2f02", "0b6c1c52-6f7e-4a53-9b3b-1d1a5e0c2f01"];
    expect(listingChanges(detail, values, reordered, now)).toEqual({ ok: true, changes: { budgetMax: 30000, imageIds: reordered } });
  });
});

describe("helpers", () => {
  it("scales the long side down to the limit and never up", () => {
    expect(fitWithin(3000, 2000, 2048)).toEqual({ width: 2048, height: 1365 });
    expect(fitWithin(1000, 4096, 2048)).toEqual({ width: 500, height: 2048 });
    expect(fitWithin(800, 600, 2048)).toEqual({ width: 800, height: 600 });
  });

  it("moves the service subtrees to the front, each kept whole", () => {
    const tree = [
      { slug: "antiques", depth: 0 },
      { slug: "clocks", depth: 1 },
      { slug: "professional-services", depth: 0 },
      { slug: "design", depth: 1 },
      { slug: "home-services", depth: 0 },
      { slug: "plumbing", depth: 1 },
    ];
    expect(servicesFirst(tree).map((category) => category.slug)).toEqual(["home-services", "plumbing", "professional-services", "design", "antiques", "clocks"]);
  });
});
