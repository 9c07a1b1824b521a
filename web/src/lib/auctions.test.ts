import { describe, expect, it } from "vitest";
import { parseMajorUnits } from "$schema/money";
import { priceLabel } from "./auctions";

describe("priceLabel", () => {
  const forward = { format: "forward" as const, currentPrice: 5000 };

  it("names the price while bidding is open", () => {
    expect(priceLabel({ ...forward, status: "live" })).toBe("Current bid");
    expect(priceLabel({ ...forward, status: "live", currentPrice: null })).toBe("Starting price");
    expect(priceLabel({ format: "reverse", status: "live", currentPrice: null })).toBe("Budget up to");
  });

  it("names the outcome once bidding is over, never 'Current bid'", () => {
    expect(priceLabel({ ...forward, status: "ended", hasReserve: false, reserveMet: true })).toBe("Sold for");
    expect(priceLabel({ ...forward, status: "ended", hasReserve: true, reserveMet: false })).toBe("Reserve not met · highest bid");
    expect(priceLabel({ ...forward, status: "ended", currentPrice: null })).toBe("Not sold · starting price");
    expect(priceLabel({ ...forward, status: "ended", result: { sold: false, reserveMet: false } })).toBe("Reserve not met · highest bid");
    expect(priceLabel({ ...forward, status: "cancelled" })).toBe("Highest bid");
    expect(priceLabel({ format: "reverse", status: "awarded", currentPrice: 900 })).toBe("Awarded for");
  });
});

describe("parseMajorUnits with the bidder's locale", () => {
  it("accepts the locale's thousands separators", () => {
    expect(parseMajorUnits("99,999", 2, "en-GB")).toBe(9_999_900);
    expect(parseMajorUnits("1,234,567.89", 2, "en-US")).toBe(123_456_789);
    expect(parseMajorUnits("1.234,5", 2, "de-DE")).toBe(123_450);
    expect(parseMajorUnits("1 234,50", 2, "fr-FR")).toBe(123_450);
  });

  it("still reads a decimal comma or point that isn't grouping", () => {
    expect(parseMajorUnits("12,50", 2, "en-GB")).toBe(1250);
    expect(parseMajorUnits("12.5", 2, "de-DE")).toBe(1250);
    expect(parseMajorUnits("1,2345", 2, "en-GB")).toBeNull();
  });

  it("guesses no separators without a locale", () => {
    expect(parseMajorUnits("1,200", 2)).toBeNull();
    expect(parseMajorUnits("1,20", 2)).toBe(120);
  });
});
