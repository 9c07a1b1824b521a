import { Argument, Option, type Command } from "commander";
import { auctionFormats, auctionStatuses } from "../../../schema/api/auctions";
import { AuctionDetail, AuctionPage, searchSorts, WatchState, type AuctionSummary } from "../../../schema/api/catalog";
import { BidHistoryPage, type BidHistoryEntry } from "../../../schema/api/live";
import { parseMajorUnits } from "../../../schema/money";
import { PRICE_FILTER_DIGITS } from "../../../web/src/lib/search";
import { UsageError } from "../config";
import type { Context } from "../context";
import { bidCount, dateTime, money, relative, table, wrap, zoneName, type Column } from "../format";

export interface SearchOptions {
  category?: string;
  format?: string;
  status?: string;
  min?: string;
  max?: string;
  sort?: string;
  limit?: string;
}

/** A price bound as typed ("25", "25.50") into the API's minor units (2 decimals across currencies, as on the site). */
function priceBound(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const minor = parseMajorUnits(text, PRICE_FILTER_DIGITS);
  if (minor === null) throw new UsageError(`${flag} takes an amount such as 25 or 25.50, not "${text}"`);
  return minor;
}

/** The command line's search as the query string of GET /api/auctions (and the /api/me lists). */
export function searchParams(query: string | undefined, options: SearchOptions): URLSearchParams {
  const params = new URLSearchParams();
  if (query?.trim()) params.set("q", query.trim());
  for (const name of ["category", "format", "status", "sort"] as const) {
    const value = options[name];
    if (value !== undefined) params.set(name, value);
  }
  const minPrice = priceBound(options.min, "--min");
  const maxPrice = priceBound(options.max, "--max");
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) throw new UsageError("--min cannot be above --max");
  if (minPrice !== undefined) params.set("minPrice", String(minPrice));
  if (maxPrice !== undefined) params.set("maxPrice", String(maxPrice));
  if (options.limit !== undefined) {
    const limit = Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError("--limit takes a whole number from 1 to 100");
    params.set("limit", String(limit));
  }
  return params;
}

/** When an auction starts or ends, from where it is in its life. */
function timing(auction: Pick<AuctionSummary, "status" | "startsAt" | "endsAt">, now: number, context: Context): string {
  const at = (epochMs: number) => `${relative(epochMs, now)} (${dateTime(epochMs, context.time, now)})`;
  if (auction.status === "scheduled") return `starts ${at(auction.startsAt)}`;
  if (auction.status === "live") return `ends ${at(auction.endsAt)}`;
  return `ended ${dateTime(auction.endsAt, context.time, now)}`;
}

function statusText(status: string, context: Context): string {
  const colour = status === "live" ? "green" : status === "scheduled" ? "cyan" : "dim";
  return context.style.paint(colour, status);
}

export function auctionRows(items: AuctionSummary[], context: Context, now = Date.now()): string[] {
  const columns: Array<Column<AuctionSummary>> = [
    { header: "ID", value: (item) => item.id },
    { header: "TITLE", value: (item) => (item.format === "reverse" ? `[request] ${item.title}` : item.title), width: context.io.stdout.isTTY ? Math.max(20, context.width - 95) : 60 },
    { header: "PRICE", value: (item) => money(item.price, item.currency), align: "right" },
    { header: "BIDS", value: (item) => String(item.bidCount), align: "right" },
    { header: "STATUS", value: (item) => statusText(item.status, context) },
    { header: "WHEN", value: (item) => timing(item, now, context) },
  ];
  return table(items, columns, context.style);
}

const sortHelp = `ending soonest, newest, price up/down, most bids; relevance when searching words`;

export function searchOptions(command: Command): Command {
  return command
    .addOption(new Option("--category <slug>", "a category and everything under it (see the site's category slugs)"))
    .addOption(new Option("--format <format>", "auctions or service requests").choices(auctionFormats))
    .addOption(new Option("--status <status>", "active = scheduled or live").choices(["active", "all", ...auctionStatuses]))
    .addOption(new Option("--min <amount>", "lowest current price, e.g. 25 or 25.50"))
    .addOption(new Option("--max <amount>", "highest current price"))
    .addOption(new Option("--sort <order>", sortHelp).choices(searchSorts))
    .addOption(new Option("--limit <n>", "how many, 1 to 100 (default 24)"))
    .option("--json", "print the API's answer as JSON: {items:[…], nextCursor, total}");
}

export function browseCommands(program: Command, context: Context): void {
  searchOptions(
    program
      .command("search")
      .description("search and browse published auctions")
      .argument("[query]", "words to find in titles, descriptions and category names")
      .addHelpText("after", `\nExamples:\n  gavel search speedmaster --category watches --max 2000 --sort ending\n  gavel search --status live --json | jq '.items[].id'`),
  ).action(async (query: string | undefined, options: SearchOptions & { json?: boolean }) => {
    const api = await context.api();
    const page = await api.request(AuctionPage, `/api/auctions?${searchParams(query, options)}`, { auth: "optional" });
    if (options.json) return context.json(page);
    if (page.items.length === 0) return context.print("No auctions match.");
    context.print(...auctionRows(page.items, context));
    const more = page.total > page.items.length ? ` (showing ${page.items.length}; narrow the search or use --limit)` : "";
    context.print(context.style.paint("dim", `${page.total} found${more} · times in ${zoneName(context.time)}`));
  });

  program
    .command("show")
    .description("an auction's details, its last bids and the leaderboard")
    .argument("<id>", "the auction's id (from gavel search)")
    .option("--json", "print {auction, bids} as JSON")
    .action(async (id: string, options: { json?: boolean }) => {
      const api = await context.api();
      const path = `/api/auctions/${encodeURIComponent(id)}`;
      const auction = await api.request(AuctionDetail, path, { auth: "optional" });
      const history = await api.request(BidHistoryPage, `${path}/bids?after=${Math.max(0, auction.seq - 10)}&limit=10`, { auth: "optional" });
      if (options.json) return context.json({ auction, bids: history.items });
      context.print(...detailLines(auction, history.items, context));
    });

  for (const [name, method, description] of [
    ["watch", "PUT", "add an auction to your watchlist"],
    ["unwatch", "DELETE", "remove an auction from your watchlist"],
  ] as const) {
    program
      .command(name)
      .description(description)
      .argument("<id>", "the auction's id")
      .action(async (id: string) => {
        const api = await context.api();
        const state = await api.request(WatchState, `/api/auctions/${encodeURIComponent(id)}/watch`, { method, auth: "required" });
        context.note(`${state.watching ? "Watching" : "No longer watching"} ${id} (${state.watchCount} watching)`);
      });
  }

  const lists = {
    watching: { path: "/api/me/watchlist", title: "Watching" },
    bidding: { path: "/api/me/auctions", title: "Bidding on" },
    listings: { path: "/api/me/listings", title: "Your listings" },
    won: { path: "/api/me/won", title: "Won" },
  } as const;
  type ListName = keyof typeof lists;
  searchOptions(
    program
      .command("my")
      .description("your auctions: watching, bidding, listings and won")
      .addArgument(new Argument("[list]", "one list only (all four when left out)").choices(Object.keys(lists))),
  ).action(async (list: ListName | undefined, options: SearchOptions & { json?: boolean }) => {
    const api = await context.api();
    const names = list ? [list] : (Object.keys(lists) as ListName[]);
    const params = searchParams(undefined, { status: "all", ...options });
    const pages = await Promise.all(names.map((name) => api.request(AuctionPage, `${lists[name].path}?${params}`, { auth: "required" })));
    // "/api/me/auctions" is watched-or-bid-on: bidding is the part you bid on.
    const items = pages.map((page, index) => (names[index] === "bidding" ? page.items.filter((item) => (item.yourBids?.count ?? 0) > 0) : page.items));
    if (options.json) return context.json(Object.fromEntries(names.map((name, index) => [name, { items: items[index] }])));
    names.forEach((name, index) => {
      if (index > 0) context.print("");
      context.print(context.style.paint(["bold", "cyan"], lists[name].title));
      const rows = items[index]!;
      context.print(...(rows.length ? auctionRows(rows, context) : ["  nothing yet"]));
    });
  });
}

export function detailLines(auction: AuctionDetail, bids: BidHistoryEntry[], context: Context, now = Date.now()): string[] {
  const { style } = context;
  const price = (minor: number | null) => money(minor, auction.currency);
  const reverse = auction.format === "reverse";
  const lines = [
    style.paint("bold", auction.title),
    `${statusText(auction.status, context)} · ${reverse ? "service request" : "auction"} · ${auction.categoryPath.map((category) => category.name).join(" › ")} · ${auction.id}`,
    "",
    `${reverse ? "Lowest offer" : "Current price"}: ${style.paint("bold", auction.currentPrice === null ? `none yet (${reverse ? "budget" : "starts at"} ${price(auction.startingPrice)})` : price(auction.currentPrice))} · ${bidCount(auction.bidCount, auction.format)}`,
  ];
  if (auction.nextBidLimit !== null && (auction.status === "live" || auction.status === "scheduled")) {
    lines.push(reverse ? `Next offer at most ${price(auction.nextBidLimit)}` : `Next bid at least ${price(auction.nextBidLimit)}`);
  }
  if (auction.hasReserve) lines.push(auction.reserveMet ? "Reserve met" : "Reserve not met yet");
  if (auction.buyNowPrice !== null) lines.push(`Buy it now: ${price(auction.buyNowPrice)}`);
  lines.push(`${timing(auction, now, context)} · times in ${zoneName(context.time)}`);
  if (auction.softCloseMinutes > 0 && auction.status !== "ended") lines.push(`Soft close: a bid in the last ${auction.softCloseMinutes} min extends the end by ${auction.softCloseMinutes} min`);
  if (auction.you && !auction.you.isSeller && auction.you.alias) lines.push(auction.you.leading ? style.paint("green", `You (${auction.you.alias}) are ${reverse ? "the lowest offer" : "the highest bidder"}`) : style.paint("yellow", `You (${auction.you.alias}) have been ${reverse ? "undercut" : "outbid"}`));
  if (auction.you?.isSeller) lines.push("This is your listing");
  lines.push(`Seller: ${auction.seller.displayName} · ${auction.location}${auction.condition ? ` · condition: ${auction.condition.replace("_", " ")}` : ""} · ${auction.watchCount} watching${auction.watching ? " (you too)" : ""}`);
  lines.push("", ...wrap(auction.description, Math.min(context.width, 100)));
  if (auction.leaderboard.length) {
    lines.push("", style.paint("bold", "Leaderboard"));
    auction.leaderboard.forEach((row, index) => lines.push(`  ${index + 1}. ${row.alias}  ${price(row.amount)}${row.leading ? style.paint("green", "  leading") : ""}`));
  }
  if (bids.length) {
    lines.push("", style.paint("bold", "Last bids"));
    for (const bid of [...bids].reverse()) lines.push(`  #${bid.seq}  ${dateTime(bid.at, context.time, now)}  ${price(bid.amount)}  ${bid.bidder}${bid.kind === "bid" ? "" : ` (${bid.kind.replace("_", " ")})`}`);
  }
  return lines;
}
