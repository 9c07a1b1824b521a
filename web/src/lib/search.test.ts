import { describe, expect, it } from "vitest";
import { PRICE_HINT, PRICE_ORDER_HINT, normalizeSearchParams, priceInputValue } from "./search";

describe("normalizeSearchParams", () => {
  it("turns a minimum above the maximum into one message and a search without prices", () => {
    const typed = normalizeSearchParams([["q", "clock"], ["min", "50"], ["max", "10"]]);
    expect(typed.priceErrors).toEqual({ min: PRICE_ORDER_HINT });
    expect(Object.fromEntries(typed.params)).toEqual({ q: "clock", min: "50.00", max: "10.00" });
    const linked = normalizeSearchParams([["minPrice", "5000"], ["maxPrice", "1000"]]);
    expect(linked.priceErrors).toEqual({ min: PRICE_ORDER_HINT });
    expect(linked.params.has("minPrice")).toBe(false);
  });

  it("keeps bounds in order as minor units", () => {
    const ordered = normalizeSearchParams([["min", "10"], ["max", "50"]]);
    expect(ordered.priceErrors).toEqual({});
    expect(Object.fromEntries(ordered.params)).toEqual({ minPrice: "1000", maxPrice: "5000" });
  });

  it("reads bounds in the viewer's display currency with its decimals, for the API to convert", () => {
    const inYen = normalizeSearchParams([["min", "400000"], ["max", "420000"], ["priceCurrency", "JPY"]]);
    expect(Object.fromEntries(inYen.params)).toEqual({ minPrice: "400000", maxPrice: "420000", priceCurrency: "JPY" });
    expect(normalizeSearchParams([["min", "12.5"], ["priceCurrency", "JPY"]]).priceErrors).toEqual({ min: PRICE_HINT });
    expect(priceInputValue(new URLSearchParams({ minPrice: "1250", priceCurrency: "KWD" }), "min")).toBe("1.250");
  });
});
