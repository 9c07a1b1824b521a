import type { IncrementRule } from "$schema";
import { majorUnitsText } from "$schema/money";

/**
 * The engine's auction options as the sell, request and edit forms hold them:
 * an increment (one amount or a table by price), a cap on bids per bidder,
 * and soft or hard close. Every value is a string, as forms post them.
 */
export const AUCTION_OPTION_INPUTS = ["incrementKind", "incrementTable", "bidCapPerBidder", "closing", "softCloseMinutes"] as const;
export type AuctionOptionInput = (typeof AUCTION_OPTION_INPUTS)[number];

/** The table's rows are posted as repeated pairs of these; the server joins them into `incrementTable`. */
export const BAND_FROM_FIELD = "bandFrom";
export const BAND_INCREMENT_FIELD = "bandIncrement";
/** Rows the table offers beyond the ones filled in, so it works without JavaScript. */
export const EMPTY_BAND_ROWS = 3;

export interface BandRow {
  from: string;
  increment: string;
}

/** `incrementTable` is one band a line, "from=increment" in major units. */
export function bandRows(table: string): BandRow[] {
  return table
    .split("\n")
    .map((line) => line.split("="))
    .filter((parts) => parts.length === 2 && (parts[0]!.trim() !== "" || parts[1]!.trim() !== ""))
    .map(([from = "", increment = ""]) => ({ from: from.trim(), increment: increment.trim() }));
}

export function bandTable(rows: BandRow[]): string {
  return rows
    .filter((row) => row.from.trim() !== "" || row.increment.trim() !== "")
    .map((row) => `${row.from.trim()}=${row.increment.trim()}`)
    .join("\n");
}

/** The option inputs for a stored listing. */
export function auctionOptionValues(
  listing: { increment: IncrementRule; bidCapPerBidder: number | null; softCloseMinutes: number },
  digits: number,
): Record<AuctionOptionInput, string> {
  const major = (minor: number) => majorUnitsText(minor, digits);
  const rule = listing.increment;
  return {
    incrementKind: rule.kind,
    incrementTable: rule.kind === "table" ? bandTable(rule.bands.map((band) => ({ from: major(band.from), increment: major(band.increment) }))) : "",
    bidCapPerBidder: listing.bidCapPerBidder === null ? "" : String(listing.bidCapPerBidder),
    closing: listing.softCloseMinutes === 0 ? "hard" : "soft",
    softCloseMinutes: listing.softCloseMinutes === 0 ? "2" : String(listing.softCloseMinutes),
  };
}
