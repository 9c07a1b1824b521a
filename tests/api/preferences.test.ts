import { describe, expect, it } from "vitest";
import type { Preferences, User } from "../../schema";
import { call, expectError, registerAccount, type Account } from "../helpers";

const read = async (account: Account) => (await call("/api/me/preferences", { token: account.auth.accessToken })).json() as Promise<Preferences>;
const change = (account: Account, body: unknown) => call("/api/me/preferences", { method: "PATCH", token: account.auth.accessToken, body });

describe("preferences (language, display currency, time zone)", () => {
  it("start unset, are stored, read back, shown on /api/me, and cleared with null", async () => {
    const account = await registerAccount();
    expect(await read(account)).toEqual({ locale: null, displayCurrency: null, timeZone: null });

    const changed = await change(account, { locale: "ja", displayCurrency: "JPY", timeZone: "Asia/Tokyo" });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ locale: "ja", displayCurrency: "JPY", timeZone: "Asia/Tokyo" });
    expect(await read(account)).toEqual({ locale: "ja", displayCurrency: "JPY", timeZone: "Asia/Tokyo" });
    const me = (await (await call("/api/me", { token: account.auth.accessToken })).json()) as { user: User };
    expect(me.user.preferences).toEqual({ locale: "ja", displayCurrency: "JPY", timeZone: "Asia/Tokyo" });

    // A field left out stays; null clears one.
    expect(await (await change(account, { displayCurrency: null })).json()).toEqual({ locale: "ja", displayCurrency: null, timeZone: "Asia/Tokyo" });
    expect(await (await change(account, { locale: "de" })).json()).toEqual({ locale: "de", displayCurrency: null, timeZone: "Asia/Tokyo" });
  });

  it("are private to their member", async () => {
    const [ada, bob] = await Promise.all([registerAccount(), registerAccount()]);
    await change(ada, { locale: "fr", timeZone: "Europe/Paris" });
    expect(await read(bob)).toEqual({ locale: null, displayCurrency: null, timeZone: null });
  });

  it("answer 401 without a login", async () => {
    await expectError(await call("/api/me/preferences"), 401, "UNAUTHENTICATED");
    await expectError(await call("/api/me/preferences", { method: "PATCH", body: { locale: "de" } }), 401, "UNAUTHENTICATED");
  });

  it("refuse unknown languages, currencies, zones and fields with 400, changing nothing", async () => {
    const account = await registerAccount();
    await change(account, { locale: "fr", displayCurrency: "EUR", timeZone: "Europe/Paris" });
    const refused: unknown[] = [
      { locale: "xx" },
      { locale: "de-DE" },
      { locale: "" },
      { displayCurrency: "eur" },
      { displayCurrency: "EURO" },
      { displayCurrency: "ABC" },
      { timeZone: "Mars/Olympus_Mons" },
      { timeZone: "" },
      { timeZone: "Europe/" + "x".repeat(80) },
      { theme: "dark" },
      { locale: 1 },
      // One bad field refuses the whole change.
      { locale: "de", timeZone: "Nowhere/Else" },
    ];
    for (const body of refused) {
      const error = await expectError(await change(account, body), 400, "VALIDATION_FAILED");
      expect(error.error.details).toHaveProperty("fieldErrors");
    }
    expect(await read(account)).toEqual({ locale: "fr", displayCurrency: "EUR", timeZone: "Europe/Paris" });
  });
});
