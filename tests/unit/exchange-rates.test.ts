import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RATE_PATTERN, RatesUpload, freshSince, type ExchangeRate } from "../../schema/api/exchange-rates";
import { approximateMinor, convertMinor, crossRate, rateRatio } from "../../schema/exchange-rates";
import { MAX_AMOUNT_MINOR, minorUnitDigits } from "../../schema/money";

const ecb = (quote: string, rate: string): ExchangeRate => ({ base: "EUR", quote, rate, date: "2026-12-02" });
/** EUR-based, as the ECB publishes them. */
const ECB_RATES = [ecb("CHF", "0.9362"), ecb("JPY", "162.47"), ecb("USD", "1.0523"), ecb("KWD", "0.3241")];

const currencies = ["EUR", "CHF", "JPY", "USD", "KWD"] as const;
const currency = fc.constantFrom(...currencies);
const amount = fc.integer({ min: 0, max: MAX_AMOUNT_MINOR });
/** Any rate the schema accepts, from 10^-10 to just under 10^9. */
const rateText = fc
  .tuple(fc.integer({ min: 0, max: 999_999_999 }), fc.option(fc.integer({ min: 1, max: 9_999_999_999 }), { nil: null }))
  .map(([whole, fraction]) => (fraction === null ? String(whole) : `${whole}.${String(fraction).padStart(10, "0")}`))
  .filter((rate) => /[1-9]/.test(rate));

describe("converting minor units", () => {
  it("crosses through the shared base with each currency's exponent: CHF 1,000.00 is about ¥173,542", () => {
    // 100000 CHF cents / 0.9362 * 162.47 = 173,541.977 yen.
    expect(approximateMinor(ECB_RATES, 100_000, "CHF", "JPY")).toBe(173_542);
    // ¥412,000 / 162.47 = €2,535.85 (EUR has 2 decimals, JPY none).
    expect(approximateMinor(ECB_RATES, 412_000, "JPY", "EUR")).toBe(253_585);
    // KWD has 3 decimals: €10.00 is 3.241 KWD.
    expect(approximateMinor(ECB_RATES, 1000, "EUR", "KWD")).toBe(3241);
  });

  it("uses the pair itself, then its inverse, and gives up when nothing connects the currencies", () => {
    expect(crossRate(ECB_RATES, "EUR", "USD")).toEqual(rateRatio("1.0523"));
    expect(crossRate(ECB_RATES, "USD", "EUR")).toEqual({ numerator: 10_000n, denominator: 10_523n });
    expect(crossRate(ECB_RATES, "USD", "GBP")).toBeNull();
    expect(approximateMinor(ECB_RATES, 5000, "SEK", "JPY")).toBeNull();
    expect(approximateMinor([], 5000, "JPY", "JPY")).toBe(5000);
  });

  it("rounds half up, once", () => {
    // 1 cent at 0.5 is half a cent: rounds up; at 0.4999 it rounds down.
    expect(convertMinor(1, "EUR", "USD", rateRatio("0.5"))).toBe(1);
    expect(convertMinor(1, "EUR", "USD", rateRatio("0.4999"))).toBe(0);
    expect(convertMinor(3, "EUR", "USD", rateRatio("0.5"))).toBe(2);
  });

  it("refuses what is not an amount and answers null above the largest amount", () => {
    expect(() => convertMinor(-1, "EUR", "USD", rateRatio("1"))).toThrow(RangeError);
    expect(() => convertMinor(0.5, "EUR", "USD", rateRatio("1"))).toThrow(RangeError);
    expect(() => convertMinor(MAX_AMOUNT_MINOR + 1, "EUR", "USD", rateRatio("1"))).toThrow(RangeError);
    expect(convertMinor(MAX_AMOUNT_MINOR, "EUR", "JPY", rateRatio("162.47"))).toBeNull();
    expect(convertMinor(MAX_AMOUNT_MINOR, "JPY", "EUR", rateRatio("0.0061"))).toBe(610_000_000_000);
  });

  it("always lands on a safe integer within the bounds, or null, for every rate the schema accepts", () => {
    fc.assert(
      fc.property(amount, currency, currency, rateText, (minor, from, to, rate) => {
        const converted = convertMinor(minor, from, to, rateRatio(rate));
        if (converted !== null) {
          expect(Number.isSafeInteger(converted)).toBe(true);
          expect(converted).toBeGreaterThanOrEqual(0);
          expect(converted).toBeLessThanOrEqual(MAX_AMOUNT_MINOR);
        }
      }),
    );
  });

  it("keeps order: a larger price never converts to a smaller one", () => {
    fc.assert(
      fc.property(amount, amount, currency, currency, rateText, (a, b, from, to, rate) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const lowConverted = convertMinor(low, from, to, rateRatio(rate));
        const highConverted = convertMinor(high, from, to, rateRatio(rate));
        if (highConverted !== null) expect(lowConverted).not.toBeNull();
        if (lowConverted !== null && highConverted !== null) expect(lowConverted).toBeLessThanOrEqual(highConverted);
      }),
    );
  });

  it("comes back within rounding after a round trip through another currency", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), currency, currency, (minor, from, to) => {
        const there = approximateMinor(ECB_RATES, minor, from, to);
        fc.pre(there !== null);
        const back = approximateMinor(ECB_RATES, there!, to, from)!;
        // One minor unit of `to` is worth this many minor units of `from`; each rounding loses at most half of one.
        const unitOfTo = approximateMinor(ECB_RATES, 10 ** minorUnitDigits(to) * 1000, to, from)! / (10 ** minorUnitDigits(to) * 1000);
        expect(Math.abs(back - minor)).toBeLessThanOrEqual(unitOfTo / 2 + 1);
      }),
    );
  });

  it("matches exact decimal arithmetic", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), rateText, (cents, rate) => {
        // EUR cents to USD cents at `rate`: cents × rate, rounded half up, computed here on scaled decimals.
        const [whole, fraction = ""] = rate.split(".");
        const scaled = BigInt(cents) * BigInt(whole! + fraction.padEnd(10, "0"));
        const expected = (scaled + 5_000_000_000n) / 10_000_000_000n;
        const converted = convertMinor(cents, "EUR", "USD", rateRatio(rate));
        expect(converted === null ? null : BigInt(converted)).toBe(expected > BigInt(MAX_AMOUNT_MINOR) ? null : expected);
      }),
    );
  });
});

describe("a day's rates", () => {
  const upload = { base: "EUR", date: "2026-12-02", source: "ECB", rates: { JPY: "162.47", CHF: "0.9362" } };

  it("take decimals as their publisher writes them", () => {
    expect(RatesUpload.safeParse(upload).success).toBe(true);
    for (const good of ["1", "0.0061538", "999999999.9999999999"]) expect(RATE_PATTERN.test(good)).toBe(true);
  });

  it.each([
    ["a rate of zero", { rates: { JPY: "0.000" } }],
    ["a float in exponent form", { rates: { JPY: "1e-7" } }],
    ["a negative rate", { rates: { JPY: "-1.2" } }],
    ["a comma decimal", { rates: { JPY: "162,47" } }],
    ["eleven decimals", { rates: { JPY: "0.00000000001" } }],
    ["a rate of a billion", { rates: { JPY: "1000000000" } }],
    ["a lowercase code", { rates: { jpy: "162.47" } }],
    ["the base against itself", { rates: { EUR: "1" } }],
    ["no rates", { rates: {} }],
    ["a date that isn't one", { date: "2026-02-30" }],
    ["no source", { source: " " }],
  ])("refuse %s", (_name, change) => {
    expect(RatesUpload.safeParse({ ...upload, ...change }).success).toBe(false);
  });

  it("stay fresh for a week", () => {
    expect(freshSince("2026-12-02")).toBe("2026-11-25");
    expect(freshSince("2026-03-03")).toBe("2026-02-24");
  });
});
