import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { PrivateProfile } from "$schema";
import { englishLeftovers } from "$lib/testing/untranslated";
import ProfileCounts from "./ProfileCounts.svelte";

const busy: PrivateProfile = {
  id: "u1",
  displayName: "Ada",
  memberSince: Date.UTC(2026, 0, 5),
  counts: { listings: 0, sold: 3, completedRequests: 0, bids: 1234, auctionsBidOn: 12, watching: 0, won: 1 },
  feedback: { positive: 0, neutral: 0, negative: 0, score: 0 },
};
const idle: PrivateProfile = {
  ...busy,
  counts: { listings: 0, sold: 0, completedRequests: 0, bids: 0, auctionsBidOn: 0, watching: 0, won: 0 },
};

let component: ReturnType<typeof mount> | null = null;

function render(locale: string, profile: PrivateProfile): HTMLElement {
  document.documentElement.lang = locale;
  const target = document.createElement("div");
  document.body.appendChild(target);
  component = mount(ProfileCounts, { target, props: { profile } });
  flushSync();
  return target;
}

const counts = (target: HTMLElement) =>
  [...target.querySelectorAll(".count")].map((count) => [count.querySelector("dt")?.textContent, count.querySelector("dd")?.textContent?.trim()]);

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = "";
  document.documentElement.lang = "";
});

describe("ProfileCounts", () => {
  it("in English, as before: counts with something in them, the rest named in a sentence", () => {
    const target = render("en", busy);
    expect(counts(target)).toEqual([
      ["Bids placed", "1,234 (bids placed)"],
      ["Auctions bid on", "12 (auctions bid on)"],
      ["Won", "1 (won)"],
      ["Items sold", "3 (items sold)"],
    ]);
    expect(target.querySelector("p.nothing")?.textContent).toBe("None yet: watching, listings published, and requests completed as provider.");
  });

  it("in German: labels, numbers grouped the German way, nouns kept capitalised in the sentence", () => {
    const target = render("de", busy);
    expect(counts(target)).toEqual([
      ["Abgegebene Gebote", "1.234 (abgegebene Gebote)"],
      ["Auktionen mit Gebot", "12 (Auktionen mit Gebot)"],
      ["Gewonnen", "1 (gewonnene Auktionen)"],
      ["Verkaufte Artikel", "3 (verkaufte Artikel)"],
    ]);
    expect(target.querySelector("p.nothing")?.textContent).toBe(
      "Noch keine: beobachtete Auktionen, veröffentlichte Inserate und als Anbieter erledigte Anfragen.",
    );
    expect(englishLeftovers(target.textContent ?? "", "de", ["profile_"])).toEqual([]);
  });

  it("in Japanese, with the links of an account that has done nothing yet in the language's order", () => {
    const target = render("ja", idle);
    const links = [...target.querySelectorAll("a")].map((link) => [link.textContent, link.getAttribute("href")]);
    expect(links).toEqual([
      ["入札するものを探す", "/search"],
      ["商品を出品しましょう", "/sell"],
    ]);
    expect(target.textContent?.trim()).toBe("まだアクティビティはありません。入札するものを探すか、商品を出品しましょう。");
    expect(englishLeftovers(target.textContent ?? "", "ja", ["profile_"])).toEqual([]);
  });
});
