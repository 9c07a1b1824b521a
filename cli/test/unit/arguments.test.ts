import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { searchParams } from "../../src/commands/browse";
import { ConfigStore, DEFAULT_SERVER, UsageError } from "../../src/config";
import { main } from "../../src/main";
import { auctionDetail } from "./fixtures";
import { memoryIo, temporaryFolder } from "./memory-io";

const run = async (args: string[], fetcher?: typeof fetch) => {
  const { io, output } = memoryIo({}, fetcher);
  const code = await main(["node", "gavel", ...args], io);
  return { code, ...output };
};

describe("search arguments", () => {
  it("become the API's query: words, filters, and prices typed in major units sent as minor units", () => {
    const params = searchParams("  omega speedmaster ", { category: "watches", format: "forward", status: "live", min: "10", max: "20.5", sort: "ending", limit: "5" });
    expect(Object.fromEntries(params)).toEqual({ q: "omega speedmaster", category: "watches", format: "forward", status: "live", minPrice: "1000", maxPrice: "2050", sort: "ending", limit: "5" });
    expect(searchParams(undefined, {}).toString()).toBe("");
  });

  it("refuse prices that aren't amounts, a minimum above the maximum, and a bad limit", () => {
    expect(() => searchParams(undefined, { min: "ten" })).toThrow(UsageError);
    expect(() => searchParams(undefined, { min: "1.234" })).toThrow(UsageError);
    expect(() => searchParams(undefined, { min: "30", max: "20" })).toThrow("--min cannot be above --max");
    expect(() => searchParams(undefined, { limit: "0" })).toThrow(UsageError);
  });
});

describe("the command line", () => {
  it("answers --help for the program and every command, with exit code 0", async () => {
    const top = await run(["--help"]);
    expect(top.code).toBe(0);
    for (const command of ["login", "logout", "whoami", "server", "search", "show", "watch", "unwatch", "my", "notifications", "live", "bid"]) {
      expect(top.stdout).toContain(`  ${command} `);
      const help = await run([command, "--help"]);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(new RegExp(`^Usage: gavel ${command}`));
    }
    expect((await run(["bid", "--help"])).stdout).toContain("14  AUCTION_ENDED");
    expect((await run(["live", "--help"])).stdout).toContain("q quits");
  });

  it("refuses unknown commands, unknown options, bad choices and missing arguments with exit code 2", async () => {
    for (const args of [["bogus"], ["search", "--colour"], ["search", "--sort", "cheapest"], ["search", "--format", "dutch"], ["bid", "some-id"], ["my", "everything"], ["show"]]) {
      const result = await run(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toMatch(/error/);
      expect(result.stdout).toBe("");
    }
    const choices = await run(["search", "--sort", "cheapest"]);
    expect(choices.stderr).toContain("relevance, ending, newest, price_asc, price_desc, bids");
  });

  it("takes --server before or after the command, and refuses one that isn't http(s)", async () => {
    const asked: string[] = [];
    const fetcher = (async (url: string | URL | Request) => {
      asked.push(String(url));
      return new Response(JSON.stringify({ items: [], nextCursor: null, total: 0 }), { headers: { "content-type": "application/json" } });
    }) as typeof fetch;
    expect((await run(["--server", "http://one.test", "search", "lamp"], fetcher)).code).toBe(0);
    expect((await run(["search", "lamp", "--server", "http://two.test:9000/"], fetcher)).code).toBe(0);
    expect(asked).toEqual(["http://one.test/api/auctions?q=lamp", "http://two.test:9000/api/auctions?q=lamp"]);
    const bad = await run(["search", "--server", "gopher://x"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("not an http(s) address");
  });

  it("prints {items:[…]} for search --json, and a plain table without escape codes otherwise", async () => {
    const item = {
      id: "0b8f3c1e-5c1d-4d7e-9a59-2f1f0c0e7a11", title: "Brass lamp", format: "forward", status: "live", currency: "EUR", price: 2500, currentPrice: 2500,
      startingPrice: 2000, budgetMin: null, bidCount: 3, watchCount: 1, startsAt: 0, endsAt: Date.now() + 3_600_000, location: "Leeds", condition: "good",
      category: null, image: null, seller: { id: "s", displayName: "Seller" }, publishedAt: 0, result: null, yourBids: null,
    };
    const fetcher = (async () => new Response(JSON.stringify({ items: [item], nextCursor: null, total: 1 }))) as unknown as typeof fetch;
    const json = await run(["search", "--json"], fetcher);
    expect(JSON.parse(json.stdout)).toMatchObject({ items: [{ id: item.id, title: "Brass lamp" }] });
    const plain = await run(["search"], fetcher);
    expect(plain.stdout).toContain("Brass lamp");
    expect(plain.stdout).toContain("€25");
    expect(plain.stdout).not.toMatch(/\x1b\[/);
  });

  it("says so with exit code 5 when the server can't be reached, and 3 when a command needs a login", async () => {
    const offline = (async () => {
      throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:1") });
    }) as unknown as typeof fetch;
    const unreachable = await run(["search"], offline);
    expect(unreachable.code).toBe(5);
    expect(unreachable.stderr).toContain("gavel: NETWORK: Cannot reach http://127.0.0.1:8788 (connect ECONNREFUSED");
    expect((await run(["whoami"], offline)).code).toBe(3);
    expect((await run(["bid", "0b8f3c1e-5c1d-4d7e-9a59-2f1f0c0e7a11", "25"], offline)).code).toBe(3);
  });

  it("checks a bid against the currency's decimals and the API's request schema before sending anything", async () => {
    const home = temporaryFolder();
    await new ConfigStore(join(home, "gavel")).saveLogin(DEFAULT_SERVER, {
      userId: "u1", email: "a@gavel.test", displayName: "A", accessToken: "at", accessTokenExpiresAt: new Date(Date.now() + 600_000).toISOString(), refreshToken: "rt",
    });
    const bid = async (auction: object, args: string[]) => {
      const methods: string[] = [];
      const fetcher = (async (_url: string, init: RequestInit = {}) => {
        methods.push(init.method ?? "GET");
        return new Response(JSON.stringify(auction));
      }) as unknown as typeof fetch;
      const { io, output } = memoryIo({ XDG_CONFIG_HOME: home }, fetcher);
      return { code: await main(["node", "gavel", "bid", "0b8f3c1e-5c1d-4d7e-9a59-2f1f0c0e7a11", ...args], io), stderr: output.stderr, methods };
    };
    const yen = await bid(auctionDetail({ currency: "JPY" }), ["2500.5"]);
    expect(yen).toMatchObject({ code: 21, methods: ["GET"] });
    expect(yen.stderr).toContain('gavel: INVALID_AMOUNT: The amount "2500.5" is not an amount in JPY');
    const offer = await bid(auctionDetail({ format: "reverse", currency: "GBP" }), ["140", "--description", " ", "--duration", "2 days"]);
    expect(offer).toMatchObject({ code: 20, methods: ["GET"] });
    expect(offer.stderr).toContain("gavel: DETAILS_REQUIRED: details.description:");
  });
});
