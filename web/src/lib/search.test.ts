import { describe, expect, it } from "vitest";
import { normalizeSearchParams, priceInputValue } from "./search";

describe("normalizeSearchParams", () => {
  it("turns a minimum above the maximum into one message and a search without prices", () => {
    const typed = normalizeSearchParams([["q", "clock"], ["min", "50"], ["max", "10"]]);
    expect(typed.priceErrors).toEqual({ min: "order" });
    expect(Object.fromEntries(typed.params)).toEqual({ q: "clock", min: "50.00", max: "10.00" });
    const linked = normalizeSearchParams([["minPrice", "5000"], ["maxPrice", "1000"]]);
    expect(linked.priceErrors).toEqual({ min: "order" });
    expect(linked.params.has("minPrice")).toBe(false);
  });

  it("keeps bounds in order as minor units", () => {
    const ordered = normalizeSearchParams([["min", "10"], ["max", "50"]]);
    expect(ordered.priceErrors).toEqual({});
    expect(Object.fromEntries(ordered.params)).toEqual({ minPrice: "1000", maxPrice: "5000" });
  });

  it("reads typed bounds with the viewer's separators, and names a bound that is no amount", () => {
    expect(Object.fromEntries(normalizeSearchParams([["min", "1.200,50"], ["max", "2.000"]], "de").params)).toEqual({ minPrice: "120050", maxPrice: "200000" });
    expect(Object.fromEntries(normalizeSearchParams([["min", "1,200.50"]], "en").params)).toEqual({ minPrice: "120050" });
    expect(Object.fromEntries(normalizeSearchParams([["min", "1 200,50"]], "fr").params)).toEqual({ minPrice: "120050" });
    const typo = normalizeSearchParams([["max", "zwölf"]], "de");
    expect(typo.priceErrors).toEqual({ max: "amount" });
    expect(typo.params.get("max")).toBe("zwölf");
  });

  it("reads bounds in the viewer's display currency with its decimals, for the API to convert", () => {
    const inYen = normalizeSearchParams([["min", "400000"], ["max", "420000"], ["priceCurrency", "JPY"]]);
    expect(Object.fromEntries(inYen.params)).toEqual({ minPrice: "400000", maxPrice: "420000", priceCurrency: "JPY" });
    expect(normalizeSearchParams([["min", "12.5"], ["priceCurrency", "JPY"]]).priceErrors).toEqual({ min: "amount" });
    expect(priceInputValue(new URLSearchParams({ minPrice: "1250", priceCurrency: "KWD" }), "min")).toBe("1.250");
  });
});
