import { beforeAll, describe, expect, it } from "vitest";
import type { AuctionPage } from "../../../schema/api/catalog";
import { bidOverApi, configHome, gavel, liveAuction, loggedIn, register, tokenFor } from "./helpers";

let bidder: string;

beforeAll(async () => {
  bidder = await loggedIn("bidder2@gavel.test");
});

describe("gavel search and show", () => {
  it("finds a new auction by a word of its title, as JSON and as a plain table", async () => {
    const word = `zircon${crypto.randomUUID().slice(0, 6)}`;
    const auction = await liveAuction({ title: `Lamp with ${word} shade`, startingPrice: 4250 });
    const json = await gavel(configHome(), ["search", word, "--json"]);
    expect(json.code).toBe(0);
    const page = JSON.parse(json.stdout) as AuctionPage;
    expect(page.items.map((item) => item.id)).toEqual([auction.id]);

    const plain = await gavel(configHome(), ["search", word, "--format", "forward", "--status", "active", "--min", "42.50", "--max", "43", "--sort", "ending"]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain(auction.id);
    expect(plain.stdout).toContain("€42.50");
    expect(plain.stdout).not.toMatch(/\x1b\[/);
    const outOfRange = await gavel(configHome(), ["search", word, "--min", "43", "--json"]);
    expect((JSON.parse(outOfRange.stdout) as AuctionPage).items).toEqual([]);

    const shown = await gavel(configHome(), ["show", auction.id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`Lamp with ${word} shade`);
    expect(shown.stdout).toContain("Next bid at least €42.50");
    expect((await gavel(configHome(), ["show", crypto.randomUUID()])).code).toBe(4);
  });
});

describe("gavel bid exit codes", () => {
  it("0 when accepted, with the standing on stdout", async () => {
    const auction = await liveAuction({ title: "Accepted bid lamp", startingPrice: 2500 });
    const run = await gavel(bidder, ["bid", auction.id, "25"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Accepted (#1)");
    expect(run.stdout).toContain("You are the highest bidder at €25");
    const raised = await gavel(bidder, ["bid", auction.id, "30", "--max", "40", "--json"]);
    expect(raised.code, raised.stderr).toBe(0);
    expect(JSON.parse(raised.stdout)).toMatchObject({ leading: true, currentPrice: 2500, currency: "EUR" });
    const again = await gavel(bidder, ["bid", auction.id, "35"]);
    expect(again.code).toBe(12);
    expect(again.stderr).toContain("ALREADY_LEADING");
  });

  it("10 when too low, naming the minimum in the auction's currency", async () => {
    const auction = await liveAuction({ title: "Too low bid lamp", startingPrice: 2500, currency: "GBP" });
    const run = await gavel(bidder, ["bid", auction.id, "24.99"]);
    expect(run.code).toBe(10);
    expect(run.stderr).toMatch(/^gavel: BID_TOO_LOW: .*£25/m);
    expect(run.stdout).toBe("");
  });

  it("18 when the account's email is not verified", async () => {
    const auction = await liveAuction({ title: "Unverified bid lamp" });
    const { email, password } = await register("Una Verified");
    const home = await loggedIn(email, password);
    const run = await gavel(home, ["bid", auction.id, "30"]);
    expect(run.code).toBe(18);
    expect(run.stderr).toContain("NOT_VERIFIED");
  });

  it("14 when the auction has ended", async () => {
    const auction = await liveAuction({ title: "Bought outright lamp", startingPrice: 2500, buyNowPrice: 5000 });
    expect((await bidOverApi(await tokenFor("bidder1@gavel.test"), auction.id, 5000)).status).toBe(201);
    const run = await gavel(bidder, ["bid", auction.id, "60"]);
    expect(run.code).toBe(14);
    expect(run.stderr).toContain("AUCTION_ENDED");
  });

  it("3 when not logged in, 4 for an unknown auction, 21 for an amount that isn't one", async () => {
    const auction = await liveAuction({ title: "Odd input lamp" });
    expect((await gavel(configHome(), ["bid", auction.id, "30"])).code).toBe(3);
    expect((await gavel(bidder, ["bid", crypto.randomUUID(), "30"])).code).toBe(4);
    const typo = await gavel(bidder, ["bid", auction.id, "30.001"]);
    expect(typo.code).toBe(21);
    expect(typo.stderr).toContain("INVALID_AMOUNT");
  });
});
