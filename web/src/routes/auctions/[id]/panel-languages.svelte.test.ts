import { flushSync, mount, tick, unmount } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { AuctionSnapshot, Award, ViewerStanding } from "$schema";
import type { BidOutcome } from "$lib/live/auction-live.svelte";
import { formatPrice } from "$lib/i18n/format";
import { LOCALES, type Locale } from "$lib/i18n/locale";
import BidBox from "$lib/components/BidBox.svelte";
import OfferBox from "$lib/components/OfferBox.svelte";
import PricePanel from "./PricePanel.svelte";

/**
 * The bid box and the auction panel in every language: each state renders in
 * de, fr and ja without a word of the English rendering (Paraglide falls back
 * to English silently when a message is missing), without a raw message key,
 * and with prices written the way the language writes them.
 */

const TRANSLATED: Locale[] = LOCALES.filter((locale) => locale !== "en");
const KEY = /\b(?:auction|bid|offer|sealed|search|sell|request|listing)_[a-z0-9_]+\b/;

const newcomer: ViewerStanding = { alias: null, leading: false, isSeller: false, limit: null, bidCount: 0, bidsLeft: null };
const forward: AuctionSnapshot = {
  id: "a1",
  format: "forward",
  status: "live",
  currency: "EUR",
  startingPrice: 2500,
  currentPrice: 3000,
  nextBidLimit: 3100,
  startsAt: 0,
  endsAt: Date.now() + 3 * 3_600_000,
  bidCount: 1234,
  seq: 2,
  hasReserve: true,
  reserveMet: false,
  buyNowPrice: 125_050,
  leaderboard: [],
  sealed: null,
  you: { ...newcomer, alias: "Bidder 1", leading: false, limit: 3000, bidCount: 2, bidsLeft: 3 },
};
const reverse: AuctionSnapshot = {
  ...forward,
  format: "reverse",
  startingPrice: 50_000,
  currentPrice: 45_000,
  nextBidLimit: 44_900,
  hasReserve: false,
  reserveMet: true,
  buyNowPrice: null,
  you: { ...newcomer },
};
const award: Award = { at: Date.UTC(2026, 11, 1, 9, 0), price: 45_000, provider: { id: "u2", displayName: "Ada's Repairs" } };

let mounted: Array<ReturnType<typeof mount>> = [];

afterEach(() => {
  for (const component of mounted) unmount(component);
  mounted = [];
  document.body.innerHTML = "";
  document.documentElement.lang = "";
});

async function settle() {
  for (let round = 0; round < 5; round += 1) {
    await Promise.resolve();
    await tick();
  }
  flushSync();
}

type Scene = (target: HTMLElement, locale: Locale) => Promise<void>;

/** Renders a scene in `locale` (as the page would: <html lang> for messages, the prop for formatting) and returns what a reader gets. */
async function render(scene: Scene, locale: Locale): Promise<{ target: HTMLElement; phrases: string[]; text: string }> {
  document.documentElement.lang = locale;
  const target = document.createElement("div");
  document.body.appendChild(target);
  await scene(target, locale);
  await settle();
  const phrases: string[] = [];
  const walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) phrases.push(node.textContent ?? "");
  for (const element of target.querySelectorAll("*")) {
    // <Time>'s tooltip is the RFC 7231 date (toUTCString), the same in every language by design of that shared component.
    const attributes = element.localName === "time" && !element.closest('[data-testid="countdown"]') ? ["aria-label"] : ["aria-label", "placeholder", "alt", "title"];
    for (const attribute of attributes) {
      const value = element.getAttribute(attribute);
      if (value) phrases.push(value);
    }
  }
  const cleaned = phrases.map((phrase) => phrase.replace(/\s+/g, " ").trim()).filter(Boolean);
  return { target, phrases: cleaned, text: cleaned.join(" | ") };
}

/** Words a reader would take for English: the English rendering's phrases that have a word of three letters or more. */
const words = (phrases: string[]) => phrases.filter((phrase) => /[A-Za-z]{3,}/.test(phrase) && !/^(?:EUR|Bidder \d+|Ada's Repairs)$/.test(phrase));

async function expectTranslated(scene: Scene) {
  const english = words((await render(scene, "en")).phrases);
  expect(english.length).toBeGreaterThan(0);
  for (const locale of TRANSLATED) {
    for (const component of mounted) unmount(component);
    mounted = [];
    document.body.innerHTML = "";
    const { text } = await render(scene, locale);
    expect(text, `${locale}: a raw message key`).not.toMatch(KEY);
    for (const phrase of english) expect(text, `${locale} shows the English "${phrase}"`).not.toContain(phrase);
  }
}

function bidBox(snapshot: AuctionSnapshot, options: { loggedIn?: boolean; answer?: BidOutcome } = {}): Scene {
  return async (target, locale) => {
    const answer = options.answer ?? { ok: true, requestId: "r", seq: 3 };
    mounted.push(mount(BidBox, { target, props: { snapshot, loggedIn: options.loggedIn ?? true, loginHref: "/login", locale, placeBid: async () => answer } }));
  };
}

function pricePanel(auction: AuctionSnapshot, extra: { award?: Award; softCloseMinutes?: number } = {}): Scene {
  return async (target) => {
    mounted.push(mount(PricePanel, { target, props: { auction, award: extra.award ?? null, softCloseMinutes: extra.softCloseMinutes ?? 2 } }));
  };
}

const click = (target: HTMLElement, testId: string) => target.querySelector<HTMLElement>(`[data-testid="${testId}"]`)!.click();
function type(target: HTMLElement, testId: string, value: string) {
  const input = target.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`)!;
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
}

describe("the bid box in every language", () => {
  it("has every label, hint, button and standing translated", async () => {
    await expectTranslated(bidBox(forward));
  });

  it("translates the confirmation for a bid far above the minimum", async () => {
    await expectTranslated(async (target, locale) => {
      await bidBox(forward)(target, locale);
      flushSync();
      type(target, "bid-amount", "100");
      click(target, "bid-submit");
    });
  });

  it("translates the buy-it-now question", async () => {
    await expectTranslated(async (target, locale) => {
      await bidBox(forward)(target, locale);
      flushSync();
      click(target, "buy-now");
    });
  });

  it("translates the room's refusals and the bid just placed", async () => {
    for (const code of ["BID_TOO_LOW", "ALREADY_LEADING", "AUCTION_ENDED", "BID_CAP_REACHED", "RATE_LIMITED", "NETWORK"]) {
      await expectTranslated(async (target, locale) => {
        await bidBox(forward, { answer: { ok: false, requestId: "r", code, message: "raw" } })(target, locale);
        flushSync();
        click(target, "bid-submit");
      });
    }
    await expectTranslated(async (target, locale) => {
      await bidBox(forward)(target, locale);
      flushSync();
      type(target, "bid-max", "40");
      click(target, "bid-submit");
    });
  });

  it("translates the closed states: won, reserve missed, logged out, the seller's own listing", async () => {
    const ended = { ...forward, status: "ended" as const, nextBidLimit: null, buyNowPrice: null };
    await expectTranslated(bidBox({ ...ended, reserveMet: true, you: { ...newcomer, alias: "Bidder 1", leading: true } }));
    await expectTranslated(bidBox({ ...ended, you: { ...newcomer, alias: "Bidder 1", leading: true } }));
    await expectTranslated(bidBox({ ...forward, you: null }, { loggedIn: false }));
    await expectTranslated(bidBox({ ...ended, you: null }, { loggedIn: false }));
    await expectTranslated(bidBox({ ...forward, you: { ...newcomer, isSeller: true } }));
    await expectTranslated(bidBox({ ...forward, status: "scheduled" }));
  });

  it("writes prices and prefills the amount the language's way, and reads it back", async () => {
    const written: Record<Locale, { minimum: string; buyNow: string; prefilled: string }> = {
      en: { minimum: "€31", buyNow: "€1,250.50", prefilled: "31.00" },
      de: { minimum: "31 €", buyNow: "1.250,50 €", prefilled: "31,00" },
      fr: { minimum: "31 €", buyNow: "1 250,50 €", prefilled: "31,00" },
      ja: { minimum: "€31", buyNow: "€1,250.50", prefilled: "31.00" },
    };
    for (const locale of LOCALES) {
      const sent: number[] = [];
      const { target, text } = await render(async (into) => {
        mounted.push(mount(BidBox, { target: into, props: { snapshot: forward, loggedIn: true, loginHref: "/login", locale, placeBid: async (request) => (sent.push(request.amount), { ok: true, requestId: "r", seq: 3 }) } }));
      }, locale);
      const expected = written[locale];
      // Intl's own spaces (narrow no-break in fr) compared as plain spaces.
      const plain = (value: string) => value.replace(/[\u00a0\u202f]/g, " ");
      expect(plain(text)).toContain(expected.minimum);
      expect(plain(text)).toContain(expected.buyNow);
      expect(target.querySelector<HTMLInputElement>('[data-testid="bid-amount"]')!.value).toBe(expected.prefilled);
      click(target, "bid-submit");
      await settle();
      expect(sent, locale).toEqual([3100]);
      for (const component of mounted) unmount(component);
      mounted = [];
      document.body.innerHTML = "";
    }
  });
});

describe("the offer box in every language", () => {
  it("translates the provider's form and the requester-only notes", async () => {
    await expectTranslated(async (target, locale) => {
      mounted.push(mount(OfferBox, { target, props: { snapshot: reverse, loggedIn: true, canOffer: true, loginHref: "/login", locale, placeBid: async () => ({ ok: true, requestId: "r", seq: 3 }) } }));
    });
    await expectTranslated(async (target, locale) => {
      mounted.push(mount(OfferBox, { target, props: { snapshot: reverse, loggedIn: true, canOffer: false, loginHref: "/login", locale, placeBid: async () => ({ ok: true, requestId: "r", seq: 3 }) } }));
    });
    await expectTranslated(async (target, locale) => {
      mounted.push(mount(OfferBox, { target, props: { snapshot: reverse, loggedIn: true, canOffer: true, loginHref: "/login", locale, placeBid: async () => ({ ok: false, requestId: "r", code: "BID_TOO_HIGH", message: "raw" }) } }));
      flushSync();
      target.querySelector<HTMLTextAreaElement>('[data-testid="offer-description"]')!.value = "x";
      click(target, "offer-submit");
    });
  });
});

describe("the auction panel in every language", () => {
  it("translates a live auction's facts: price label, reserve, buy it now, bids left, countdown", async () => {
    await expectTranslated(pricePanel(forward));
  });

  it("announces a soft-close extension in the language, with its plural", async () => {
    const messages: Record<Locale, string> = {
      en: "Extended by 2 minutes",
      de: "Um 2 Minuten verlängert",
      fr: "Prolongée de 2 minutes",
      ja: "2分延長されました",
    };
    for (const locale of LOCALES) {
      document.documentElement.lang = locale;
      const target = document.createElement("div");
      document.body.appendChild(target);
      const props = $state({ auction: forward, softCloseMinutes: 2 });
      mounted.push(mount(PricePanel, { target, props }));
      flushSync();
      props.auction = { ...forward, endsAt: forward.endsAt + 120_000, seq: 3 };
      flushSync();
      expect(target.querySelector('[data-testid="soft-close-notice"]')?.textContent).toContain(messages[locale]);
      for (const component of mounted) unmount(component);
      mounted = [];
      document.body.innerHTML = "";
    }
  });

  it("translates the closed outcomes and a service request's award", async () => {
    await expectTranslated(pricePanel({ ...forward, status: "ended", nextBidLimit: null }));
    await expectTranslated(pricePanel({ ...forward, status: "scheduled", currentPrice: null }));
    await expectTranslated(pricePanel({ ...reverse, status: "awarded" }, { award }));
    await expectTranslated(pricePanel({ ...reverse, status: "live" }));
  });

  it("writes the price and the bid count the language's way", async () => {
    const written: Record<Locale, { price: string; count: string }> = {
      en: { price: "€30", count: "1,234" },
      de: { price: "30 €", count: "1.234" },
      fr: { price: "30 €", count: "1 234" },
      ja: { price: "€30", count: "1,234" },
    };
    for (const locale of LOCALES) {
      const { target } = await render(pricePanel(forward), locale);
      const plain = (value: string | null | undefined) => (value ?? "").replace(/[\u00a0\u202f]/g, " ");
      expect(plain(target.querySelector('[data-testid="auction-price"]')?.textContent)).toBe(written[locale].price);
      expect(plain(target.querySelector('[data-testid="bid-count"]')?.textContent)).toBe(written[locale].count);
      expect(formatPrice(3000, "EUR", locale).replace(/[\u00a0\u202f]/g, " ")).toBe(written[locale].price);
      for (const component of mounted) unmount(component);
      mounted = [];
      document.body.innerHTML = "";
    }
  });
});
