import type { AuctionStatus } from "../../schema/api/auctions";
import { ApiError } from "../lib/errors";

/**
 * A listing (its fields, description and photos) may change while it is a
 * draft, scheduled or live; afterwards what bidders saw is the record. The
 * catalog row's status trails the room by up to a second, so a passed end
 * also locks it.
 */
export function assertListingOpen(row: { status: AuctionStatus; endsAt: number }, now: number): void {
  if (row.status !== "draft" && row.status !== "scheduled" && row.status !== "live") {
    throw new ApiError(409, "RULE_VIOLATION", `The auction is already ${row.status}`);
  }
  if (row.status !== "draft" && row.endsAt <= now) throw new ApiError(409, "RULE_VIOLATION", "The auction has ended");
}
