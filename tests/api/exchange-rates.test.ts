import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AdminRates, AuctionPage, CurrentRates, RatesUpload } from "../../schema";
import { utcDate } from "../../schema/api/exchange-rates";
import { createAuction, verifiedAccount } from "../auction-helpers";
import { call, expectError, ORIGIN, type Account } from "../helpers";
import { adminAccount, auditEntriesOf, newRequestId } from "../admin/admin-helpers";

const DAY_MS = 24 * 60 * 60 * 1000;
const today = () => utcDate(Date.now());
const daysAgo = (days: number) => utcDate(Date.now() - days * DAY_MS);

/**
 * Currency codes of this test alone (any three capitals are a well-formed ISO
 * 4217 code to Intl, with 2 decimals), so the rates tests load never meet.
 */
function codes(count: number): string[] {
  return Array.from({ length: count }, () => Array.from(crypto.getRandomValues(new Uint8Array(3)), (byte) => String.fromCharCode(65 + (byte % 26))).join(""));
}

function loadRates(admin: Account, upload: unknown, headers: Record<string, string> = {}) {
  return call("/api/admin/rates", { method: "PUT", token: admin.auth.accessToken, body: upload, headers });
}

async function publicRates(): Promise<CurrentRates> {
  const response = await call("/api/exchange-rates");
  expect(response.status).toBe(200);
  return (await response.json()) as CurrentRates;
}

describe("loading exchange rates", () => {
  it("replaces one base's rates for a day, records who did it, and publishes them with a cache lifetime", async () => {
    const admin = await adminAccount();
    const [base, usd, jpy] = codes(3) as [string, string, string];
    const first: RatesUpload = { base, date: today(), source: "ECB", rates: { [usd]: "1.0523", [jpy]: "162.47" } };
    expect((await loadRates(admin, first)).status).toBe(200);

    const requestId = newRequestId();
    const second = { ...first, source: "ECB (corrected)", rates: { [usd]: "1.0600" } };
    const response = await loadRates(admin, second, { "x-request-id": requestId });
    expect(response.status).toBe(200);
    const listed = (await response.json()) as AdminRates;
    const mine = listed.items.filter((rate) => rate.base === base);
    // The same day loaded again replaces it: the JPY rate of the first load is gone for that day.
    expect(mine).toEqual([
      { base, quote: usd, rate: "1.0600", date: today(), source: "ECB (corrected)", loadedAt: expect.any(Number), loadedBy: { id: admin.auth.user.id, email: admin.email }, stale: false },
    ]);
    const [entry] = await auditEntriesOf(requestId);
    expect(entry).toMatchObject({ actor_id: admin.auth.user.id, action: "rates.update", target_type: "exchange_rates", target_id: `${base}@${today()}` });
    expect(JSON.parse(entry!.before!)).toEqual({ [usd]: "1.0523", [jpy]: "162.47" });
    expect(JSON.parse(entry!.after!)).toEqual(second);

    const published = await call("/api/exchange-rates");
    expect(published.headers.get("cache-control")).toBe("public, max-age=300");
    const body = (await published.json()) as CurrentRates;
    expect(body.rates.filter((rate) => rate.base === base)).toEqual([{ base, quote: usd, rate: "1.0600", date: today() }]);
    expect(body.staleAfterDays).toBe(7);
  });

  it("keeps each pair's newest day, marks rates older than a week stale and leaves them out of the public rates", async () => {
    const admin = await adminAccount();
    const [base, fresh, old] = codes(3) as [string, string, string];
    expect((await loadRates(admin, { base, date: daysAgo(8), source: "ECB", rates: { [old]: "3" } })).status).toBe(200);
    expect((await loadRates(admin, { base, date: daysAgo(3), source: "ECB", rates: { [fresh]: "2" } })).status).toBe(200);
    expect((await loadRates(admin, { base, date: daysAgo(1), source: "ECB", rates: { [fresh]: "2.5" } })).status).toBe(200);

    const listed = (await (await call("/api/admin/rates", { token: admin.auth.accessToken })).json()) as AdminRates;
    expect(listed.items.filter((rate) => rate.base === base).map(({ quote, rate, stale }) => ({ quote, rate, stale }))).toEqual(
      [
        { quote: fresh, rate: "2.5", stale: false },
        { quote: old, rate: "3", stale: true },
      ].sort((a, b) => a.quote.localeCompare(b.quote)),
    );
    const published = await publicRates();
    expect(published.rates.filter((rate) => rate.base === base)).toEqual([{ base, quote: fresh, rate: "2.5", date: daysAgo(1) }]);
  });

  it("is for admins only: 401 without a login, 403 for other accounts, and nothing is loaded", async () => {
    const [base, quote] = codes(2) as [string, string];
    const upload = { base, date: today(), source: "ECB", rates: { [quote]: "1.5" } };
    await expectError(await call("/api/admin/rates", { method: "PUT", body: upload }), 401, "UNAUTHENTICATED");
    await expectError(await call("/api/admin/rates"), 401, "UNAUTHENTICATED");
    const seller = await verifiedAccount(["seller"]);
    await expectError(await loadRates(seller, upload), 403, "FORBIDDEN");
    await expectError(await call("/api/admin/rates", { token: seller.auth.accessToken }), 403, "FORBIDDEN");
    const stored = await env.DB.prepare("SELECT count(*) AS count FROM exchange_rates WHERE base = ?").bind(base).first<{ count: number }>();
    expect(stored!.count).toBe(0);
  });

  it("checks Origin when an admin's browser loads rates with cookies", async () => {
    const admin = await adminAccount();
    const login = await call("/api/auth/login", { method: "POST", origin: ORIGIN, body: { email: admin.email, password: admin.password } });
    const cookies = login.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
    const [base, quote] = codes(2) as [string, string];
    const upload = { base, date: today(), source: "ECB", rates: { [quote]: "1.5" } };
    await expectError(await call("/api/admin/rates", { method: "PUT", cookies, origin: "https://evil.example", body: upload }), 403, "ORIGIN_NOT_ALLOWED");
    expect((await call("/api/admin/rates", { method: "PUT", cookies, origin: ORIGIN, body: upload })).status).toBe(200);
  });

  it.each([
    ["a rate as a float", { rates: { XAA: 1.05 } }, "rates.XAA"],
    ["a rate of zero", { rates: { XAA: "0" } }, "rates.XAA"],
    ["a rate in exponent form", { rates: { XAA: "1e3" } }, "rates.XAA"],
    ["a rate of a billion", { rates: { XAA: "1000000000" } }, "rates.XAA"],
    ["a lowercase currency", { base: "eur" }, "base"],
    ["the base quoted against itself", { base: "XAA" }, "rates.XAA"],
    ["more than 200 rates", { rates: Object.fromEntries(Array.from({ length: 201 }, (_, index) => [`Q${String.fromCharCode(65 + Math.floor(index / 26))}${String.fromCharCode(65 + (index % 26))}`, "1"])) }, "rates"],
    ["a date in the future", { date: utcDate(Date.now() + 3 * DAY_MS) }, "date"],
    ["a date that does not exist", { date: "2026-02-30" }, "date"],
    ["an unknown field", { fetchFrom: "https://example.com" }, "fetchFrom"],
  ])("refuses %s and loads nothing", async (_name, change, field) => {
    const admin = await adminAccount();
    const [base] = codes(1) as [string];
    const upload = { base, date: today(), source: "ECB", rates: { XAA: "1.5" }, ...change };
    const body = await expectError(await loadRates(admin, upload), 400, "VALIDATION_FAILED");
    expect(Object.keys((body.error.details as { fieldErrors: Record<string, string[]> }).fieldErrors)).toContain(field);
    const stored = await env.DB.prepare("SELECT count(*) AS count FROM exchange_rates WHERE base = ?").bind(upload.base).first<{ count: number }>();
    expect(stored!.count).toBe(0);
  });

  it("refuses a body that is not JSON", async () => {
    const admin = await adminAccount();
    await expectError(await call("/api/admin/rates", { method: "PUT", token: admin.auth.accessToken, rawBody: "{", headers: { "content-type": "application/json" } }), 400, "MALFORMED_JSON");
  });
});

describe("the search price filter in the viewer's currency", () => {
  async function search(query: string): Promise<AuctionPage> {
    const response = await call(`/api/auctions?${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as AuctionPage;
  }

  it("converts the bounds into each auction's currency, and compares the same amount where no rate exists", async () => {
    const admin = await adminAccount();
    const seller = await verifiedAccount(["seller"]);
    const [viewer, listed, unrated] = codes(3) as [string, string, string];
    // One unit of the viewer's currency buys 100 of the listing currency (both with 2 decimals).
    expect((await loadRates(admin, { base: viewer, date: today(), source: "test", rates: { [listed]: "100" } })).status).toBe(200);
    // A stale rate is not used: that currency is compared by the same amount.
    expect((await loadRates(admin, { base: viewer, date: daysAgo(8), source: "test", rates: { [unrated]: "1000" } })).status).toBe(200);
    const location = `Town ${crypto.randomUUID()}`;
    const cheap = await createAuction(seller, { currency: listed, startingPrice: 5_000, location }); // 50.00 listed = 0.50 viewer
    const dear = await createAuction(seller, { currency: listed, startingPrice: 500_000, location }); // 5,000.00 listed = 50.00 viewer
    const sameNumber = await createAuction(seller, { currency: unrated, startingPrice: 3_000, location }); // 30.00, no rate

    const ids = (page: AuctionPage) => page.items.map((item) => item.id).sort();
    const found = await search(`location=${encodeURIComponent(location)}&priceCurrency=${viewer}&minPrice=1000&maxPrice=10000`);
    expect(ids(found)).toEqual([dear.id, sameNumber.id].sort());
    expect(found.total).toBe(2);
    expect(found.priceFilter).toEqual({ currency: viewer, unconverted: expect.arrayContaining([unrated]) });
    expect(found.priceFilter!.unconverted).not.toContain(listed);

    const cheapOnly = await search(`location=${encodeURIComponent(location)}&priceCurrency=${viewer}&maxPrice=100`);
    expect(ids(cheapOnly)).toEqual([cheap.id]);
    // Without a currency the bounds meet each auction's minor units as they are, as before.
    const raw = await search(`location=${encodeURIComponent(location)}&minPrice=1000&maxPrice=10000`);
    expect(ids(raw)).toEqual([cheap.id, sameNumber.id].sort());
    expect(raw.priceFilter).toBeNull();
  });

  it("converts between exponents: ¥ bounds find a CHF auction through EUR rates", async () => {
    const admin = await adminAccount();
    const seller = await verifiedAccount(["seller"]);
    expect((await loadRates(admin, { base: "EUR", date: today(), source: "ECB", rates: { CHF: "0.9362", JPY: "162.47" } })).status).toBe(200);
    const location = `Town ${crypto.randomUUID()}`;
    const watch = await createAuction(seller, { currency: "CHF", startingPrice: 237_400, location }); // CHF 2,374.00 ≈ ¥412,000
    const near = (min: number, max: number) => search(`location=${encodeURIComponent(location)}&priceCurrency=JPY&minPrice=${min}&maxPrice=${max}`);
    expect((await near(400_000, 420_000)).items.map((item) => item.id)).toEqual([watch.id]);
    expect((await near(420_000, 500_000)).items).toEqual([]);
    // Bounds beyond the largest amount match nothing above and limit nothing below.
    expect((await near(0, Number.MAX_SAFE_INTEGER)).items.map((item) => item.id)).toEqual([watch.id]);
    expect((await search(`location=${encodeURIComponent(location)}&priceCurrency=JPY&minPrice=${Number.MAX_SAFE_INTEGER}`)).items).toEqual([]);
  });

  it("refuses a currency that is not a code", async () => {
    await expectError(await call("/api/auctions?priceCurrency=yen&minPrice=5"), 400, "VALIDATION_FAILED");
    await expectError(await call(`/api/auctions?${new URLSearchParams({ priceCurrency: "JPY", minPrice: "-1" })}`), 400, "VALIDATION_FAILED");
  });
});
