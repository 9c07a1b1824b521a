import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import type { AuctionDetail, SiteSettings } from "../../schema";
import { defaultSiteSettings } from "../../schema/api/site-settings";
import { getSiteSettings } from "../../worker/db/site-settings";
import { database } from "../../worker/db/client";
import { call, expectError, uniqueEmail, PASSWORD } from "../helpers";
import { auctionInput, createAuction, verifiedAccount } from "../auction-helpers";
import { adminAccount } from "./admin-helpers";

// Settings are one row per test file's database: every test leaves the defaults behind.
afterEach(async () => {
  await env.DB.prepare("DELETE FROM site_settings").run();
});

async function saveSettings(settings: SiteSettings): Promise<Response> {
  const admin = await adminAccount();
  return call("/api/admin/settings", { method: "PUT", token: admin.auth.accessToken, body: settings });
}

const withDefaults = (listingDefaults: Partial<SiteSettings["listingDefaults"]>): SiteSettings => ({
  ...defaultSiteSettings,
  listingDefaults: { ...defaultSiteSettings.listingDefaults, ...listingDefaults },
});

describe("site settings", () => {
  it("start from the defaults, with a four-day payment deadline", async () => {
    const admin = await adminAccount();
    const response = await call("/api/admin/settings", { token: admin.auth.accessToken });
    expect(await response.json()).toEqual(defaultSiteSettings);
    expect((await getSiteSettings(database(env.DB))).paymentDeadlineDays).toBe(4);
  });

  it.each([
    ["an empty site name", { ...defaultSiteSettings, siteName: "  " }, "siteName"],
    ["a lowercase currency", withDefaults({ currency: "eur" }), "listingDefaults.currency"],
    ["a soft close over an hour", withDefaults({ softCloseMinutes: 61 }), "listingDefaults.softCloseMinutes"],
    ["an increment table not starting at 0", withDefaults({ increment: { kind: "table", bands: [{ from: 100, increment: 10 }] } }), "listingDefaults.increment.bands"],
    ["a zero bid cap", withDefaults({ bidCapPerBidder: 0 }), "listingDefaults.bidCapPerBidder"],
    ["a longest duration over 30 days", withDefaults({ maxDurationDays: 31 }), "listingDefaults.maxDurationDays"],
    ["a payment deadline of 0 days", { ...defaultSiteSettings, paymentDeadlineDays: 0 }, "paymentDeadlineDays"],
    ["an unknown key", { ...defaultSiteSettings, theme: "dark" }, ""],
  ])("refuse %s and keep what was saved", async (_name, settings, field) => {
    const body = await expectError(await saveSettings(settings as SiteSettings), 400, "VALIDATION_FAILED");
    if (field) expect(Object.keys((body.error.details as { fieldErrors: Record<string, string[]> }).fieldErrors)).toContain(field);
    expect(await getSiteSettings(database(env.DB))).toEqual(defaultSiteSettings);
  });

  it("give new listings their defaults, never changing listings that exist", async () => {
    const seller = await verifiedAccount(["seller"]);
    const before = await createAuction(seller, { softCloseMinutes: undefined, increment: undefined, currency: undefined });
    expect(before).toMatchObject({ softCloseMinutes: 2, increment: { kind: "fixed", amount: 100 }, currency: "EUR", bidCapPerBidder: null });

    const table = { kind: "table" as const, bands: [{ from: 0, increment: 50 }, { from: 10_000, increment: 500 }] };
    expect((await saveSettings(withDefaults({ softCloseMinutes: 7, currency: "CHF", increment: table, bidCapPerBidder: 3 }))).status).toBe(200);

    const after = await createAuction(seller, { softCloseMinutes: undefined, increment: undefined, currency: undefined });
    expect(after).toMatchObject({ softCloseMinutes: 7, increment: table, currency: "CHF", bidCapPerBidder: 3 });
    const explicit = await createAuction(seller, { softCloseMinutes: 0, currency: "EUR", bidCapPerBidder: null });
    expect(explicit).toMatchObject({ softCloseMinutes: 0, currency: "EUR", bidCapPerBidder: null });

    const unchanged = (await (await call(`/api/auctions/${before.id}`)).json()) as AuctionDetail;
    expect(unchanged).toMatchObject({ softCloseMinutes: 2, increment: { kind: "fixed", amount: 100 }, currency: "EUR" });
  });

  it("cap how long a new listing may run", async () => {
    expect((await saveSettings(withDefaults({ maxDurationDays: 3 }))).status).toBe(200);
    const seller = await verifiedAccount(["seller"]);
    const now = Date.now();
    const tooLong = await call("/api/auctions", {
      method: "POST",
      token: seller.auth.accessToken,
      body: auctionInput({ endsAt: new Date(now + 4 * 24 * 60 * 60 * 1000).toISOString() }),
    });
    const body = await expectError(tooLong, 400, "VALIDATION_FAILED");
    expect(body.error.details).toEqual({ fieldErrors: { endsAt: ["New listings run at most 3 days"] } });
    await createAuction(seller, { endsAt: new Date(now + 3 * 24 * 60 * 60 * 1000 - 60_000).toISOString() });
  });

  it("are public where visitors need them, and close registration when asked", async () => {
    expect((await saveSettings({ ...defaultSiteSettings, siteName: "Auction House", registrationOpen: false, maintenanceBanner: "Bidding pauses at 02:00 UTC" })).status).toBe(200);
    const site = (await (await call("/api/site")).json()) as Record<string, unknown>;
    expect(site).toEqual({ siteName: "Auction House", registrationOpen: false, maintenanceBanner: "Bidding pauses at 02:00 UTC", listingDefaults: defaultSiteSettings.listingDefaults });
    const email = uniqueEmail();
    await expectError(await call("/api/auth/register", { method: "POST", body: { email, password: PASSWORD, displayName: "Late" } }), 403, "REGISTRATION_CLOSED");
    expect(await env.DB.prepare("SELECT id FROM users WHERE email = ?").bind(email).first()).toBeNull();
  });

  it("fall back to the defaults field by field when the stored row no longer parses", async () => {
    await env.DB.prepare("INSERT INTO site_settings (id, settings, updated_at) VALUES (1, ?, 0)").bind(JSON.stringify({ siteName: "Kept", paymentDeadlineDays: 9 })).run();
    expect(await getSiteSettings(database(env.DB))).toEqual({ ...defaultSiteSettings, siteName: "Kept", paymentDeadlineDays: 9 });
  });
});
