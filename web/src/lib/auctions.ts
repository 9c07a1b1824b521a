import type { AuctionFormat, AuctionStatus, ItemCondition, SearchSort, StatusFilter } from "$schema";

export const STATUS_LABELS: Record<AuctionStatus, string> = {
  draft: "Draft",
  scheduled: "Upcoming",
  live: "Live",
  ended: "Ended",
  cancelled: "Cancelled",
  awarded: "Awarded",
};

export const STATUS_FILTER_LABELS: Record<StatusFilter, string> = {
  active: "Live and upcoming",
  live: "Live now",
  scheduled: "Upcoming",
  ended: "Ended",
  awarded: "Awarded",
  cancelled: "Cancelled",
  draft: "Drafts",
  all: "Any status",
};

export const FORMAT_LABELS: Record<AuctionFormat, string> = {
  forward: "Items for sale",
  reverse: "Service requests",
};

export const CONDITION_LABELS: Record<ItemCondition, string> = {
  new: "New",
  like_new: "Like new",
  good: "Good",
  fair: "Fair",
  for_parts: "For parts or not working",
};

export const SORT_LABELS: Record<SearchSort, string> = {
  relevance: "Best match",
  ending: "Ending soonest",
  newest: "Newly listed",
  price_asc: "Price: lowest first",
  price_desc: "Price: highest first",
  bids: "Most bids",
};

export function bidCountText(count: number): string {
  return `${count} ${count === 1 ? "bid" : "bids"}`;
}

/** An auction's own page knows the reserve; lists know the settled result. */
interface Settled {
  format: AuctionFormat;
  status: AuctionStatus;
  currentPrice: number | null;
  hasReserve?: boolean;
  reserveMet?: boolean;
  result?: { sold: boolean; reserveMet: boolean } | null;
}

/** Past bidding: an ended, cancelled or awarded auction never shows "Current bid" or "Live". */
export function isClosed(status: AuctionStatus): boolean {
  return status === "ended" || status === "cancelled" || status === "awarded";
}

/**
 * What the shown price means: bids raise a forward price and lower a reverse
 * one; once closed, the outcome ("Sold for", "Not sold", "Reserve not met").
 */
export function priceLabel(auction: Settled): string {
  if (isClosed(auction.status)) {
    if (auction.status === "awarded") return "Awarded for";
    if (auction.currentPrice === null) return auction.format === "reverse" ? "No offers · budget up to" : "Not sold · starting price";
    if (auction.status === "cancelled") return auction.format === "reverse" ? "Lowest offer" : "Highest bid";
    if (auction.format === "reverse") return "Lowest offer";
    const reserveMissed = auction.result ? !auction.result.sold && !auction.result.reserveMet : auction.hasReserve === true && auction.reserveMet === false;
    if (reserveMissed) return "Reserve not met · highest bid";
    return "Sold for";
  }
  if (auction.format === "reverse") return auction.currentPrice === null ? "Budget up to" : "Lowest offer";
  return auction.currentPrice === null ? "Starting price" : "Current bid";
}
