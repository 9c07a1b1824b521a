import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { ExchangeRate } from "$schema";
import type { ViewerMoney } from "$lib/display-currency";
import "$lib/i18n/client-locale";
import ApproxPrice from "./ApproxPrice.svelte";

const ecb = (quote: string, rate: string): ExchangeRate => ({ base: "EUR", quote, rate, date: "2026-12-02" });
const rates = [ecb("CHF", "0.9362"), ecb("JPY", "162.47")];
const inYen: ViewerMoney = { displayCurrency: "JPY", rates, asOf: "2026-12-02" };

let component: ReturnType<typeof mount> | null = null;

function render(props: { minor: number; currency: string; money: ViewerMoney | null; locale?: string }) {
  const target = document.createElement("div");
  document.body.appendChild(target);
  component = mount(ApproxPrice, { target, props: { locale: "en", ...props } });
  flushSync();
  return target.querySelector<HTMLElement>('[data-testid="approx-price"]');
}

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = "";
  document.documentElement.lang = "";
});

describe("ApproxPrice", () => {
  it("shows a CHF price in yen, marked and explained as approximate", () => {
    // CHF 2,374.00 / 0.9362 × 162.47 = ¥411,989.
    const shown = render({ minor: 237_400, currency: "CHF", money: inYen })!;
    expect(shown.querySelector('[aria-hidden="true"]')!.textContent).toBe("≈ ¥411,989");
    expect(shown.title).toBe("Approximately ¥411,989: converted from CHF at the exchange rate of Dec 2, 2026. Bids are in CHF.");
    expect(shown.querySelector(".visually-hidden")!.textContent).toBe(shown.title);
  });

  it("formats in the viewer's locale", () => {
    const shown = render({ minor: 100_000, currency: "JPY", money: { ...inYen, displayCurrency: "CHF" }, locale: "de-CH" })!;
    // ¥100,000 / 162.47 × 0.9362 = CHF 576.23.
    expect(shown.querySelector('[aria-hidden="true"]')!.textContent).toBe(`≈ ${new Intl.NumberFormat("de-CH", { style: "currency", currency: "CHF" }).format(576.23)}`);
  });

  it("shows nothing in the auction's own currency, without a display currency, or without a rate", () => {
    expect(render({ minor: 100_000, currency: "JPY", money: inYen })).toBeNull();
    expect(render({ minor: 100_000, currency: "CHF", money: { ...inYen, displayCurrency: null } })).toBeNull();
    expect(render({ minor: 100_000, currency: "SEK", money: inYen })).toBeNull();
    expect(render({ minor: 100_000, currency: "CHF", money: null })).toBeNull();
    expect(document.body.textContent).toBe("");
  });

  it.each([
    ["de", "Ungefähr", "Geboten wird in CHF."],
    ["fr", "Environ", "Les offres se font en CHF."],
    ["ja", "約", "入札はCHFで行います。"],
  ])("explains itself in %s, in that language's formats", (locale, approximately, bidsInChf) => {
    document.documentElement.lang = locale;
    const shown = render({ minor: 237_400, currency: "CHF", money: inYen, locale })!;
    const yen = new Intl.NumberFormat(locale, { style: "currency", currency: "JPY" }).format(411_989);
    expect(shown.title.startsWith(`${approximately}`)).toBe(true);
    expect(shown.title).toContain(yen);
    expect(shown.title.endsWith(bidsInChf)).toBe(true);
    expect(shown.title).not.toContain("2026-12-02");
  });
});
