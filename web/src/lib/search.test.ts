import { describe, expect, it } from "vitest";
import { m } from "$schema/paraglide/messages.js";
import { normalizeSearchParams } from "./search";

const PRICE_ORDER_HINT = m.search_price_order();

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
});
