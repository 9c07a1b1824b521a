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

interface Priced {
  format: AuctionFormat;
  currentPrice: number | null;
}

/** What the shown price means: bids raise a forward price and lower a reverse one. */
export function priceLabel(auction: Priced): string {
  if (auction.format === "reverse") return auction.currentPrice === null ? "Budget up to" : "Lowest offer";
  return auction.currentPrice === null ? "Starting price" : "Current bid";
}
