import { describe, expect, it } from "vitest";
import type { AuctionPage } from "../../schema";
import { createAuction, verifiedAccount } from "../auction-helpers";
import { call } from "../helpers";

async function search(q: string): Promise<AuctionPage> {
  const response = await call(`/api/auctions?q=${encodeURIComponent(q)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as AuctionPage;
}

/** A made-up word per test (letters only, so stemming leaves it alone), unknown to every other listing. */
function madeUpWord(): string {
  const letters = "bcdfghjklmnpqrstvwxz";
  const random = crypto.getRandomValues(new Uint8Array(8));
  return `zy${Array.from(random, (byte) => letters[byte % letters.length]).join("")}a`;
}

describe("search with one typo", () => {
  it("finds a word with two letters swapped, one missing, one extra or one wrong", async () => {
    const seller = await verifiedAccount(["seller"]);
    const word = madeUpWord();
    const listing = await createAuction(seller, { title: `Vintage ${word} chronograph`, description: "Serviced movement, strong lume, original box." });
    const swapped = `${word.slice(0, 3)}${word[4]}${word[3]}${word.slice(5)}`;
    const missing = `${word.slice(0, 4)}${word.slice(5)}`;
    const extra = `${word.slice(0, 4)}e${word.slice(4)}`;
    const wrong = `${word.slice(0, 4)}o${word.slice(5)}`;
    for (const typo of [swapped, missing, extra, wrong]) {
      expect((await search(typo)).items.map((item) => item.id), typo).toEqual([listing.id]);
    }
    // Every typed word is still required, corrected or not.
    expect((await search(`${swapped} chronograph`)).items.map((item) => item.id)).toEqual([listing.id]);
    expect((await search(`${swapped} barometer`)).total).toBe(0);
  });

  it("corrects nothing two typos away, nor words the index knows as a prefix", async () => {
    const seller = await verifiedAccount(["seller"]);
    const word = madeUpWord();
    await createAuction(seller, { title: `Brass ${word} barometer`, description: "Working, recently calibrated, oak case." });
    const twoAway = `${word.slice(0, 3)}oo${word.slice(5)}`;
    expect((await search(twoAway)).total).toBe(0);
    expect((await search(word.slice(0, 6))).total).toBe(1);
  });
});
