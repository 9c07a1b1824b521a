import { m } from "$schema/paraglide/messages.js";
import type { AuctionFormat, AuctionStatus, ItemCondition, SearchSort, StatusFilter } from "$schema";

// Labels are functions, not constants: each call reads the viewer's language at render time.
const STATUS_MESSAGES: Record<AuctionStatus, () => string> = {
  draft: m.auction_status_draft,
  scheduled: m.auction_status_scheduled,
  live: m.auction_status_live,
  ended: m.auction_status_ended,
  cancelled: m.auction_status_cancelled,
  awarded: m.auction_status_awarded,
};

const STATUS_FILTER_MESSAGES: Record<StatusFilter, () => string> = {
  active: m.auction_status_filter_active,
  live: m.auction_status_filter_live,
  scheduled: m.auction_status_filter_scheduled,
  ended: m.auction_status_filter_ended,
  awarded: m.auction_status_filter_awarded,
  cancelled: m.auction_status_filter_cancelled,
  draft: m.auction_status_filter_draft,
  all: m.auction_status_filter_all,
};

const FORMAT_MESSAGES: Record<AuctionFormat, () => string> = {
  forward: m.auction_format_forward,
  reverse: m.auction_format_reverse,
};

const CONDITION_MESSAGES: Record<ItemCondition, () => string> = {
  new: m.auction_condition_new,
  like_new: m.auction_condition_like_new,
  good: m.auction_condition_good,
  fair: m.auction_condition_fair,
  for_parts: m.auction_condition_for_parts,
};

const SORT_MESSAGES: Record<SearchSort, () => string> = {
  relevance: m.search_sort_relevance,
  ending: m.search_sort_ending,
  newest: m.search_sort_newest,
  price_asc: m.search_sort_price_asc,
  price_desc: m.search_sort_price_desc,
  bids: m.search_sort_bids,
};

export const statusLabel = (status: AuctionStatus): string => STATUS_MESSAGES[status]();
export const statusFilterLabel = (filter: StatusFilter): string => STATUS_FILTER_MESSAGES[filter]();
export const formatLabel = (format: AuctionFormat): string => FORMAT_MESSAGES[format]();
export const conditionLabel = (condition: ItemCondition): string => CONDITION_MESSAGES[condition]();
export const sortLabel = (sort: SearchSort): string => SORT_MESSAGES[sort]();

/** "1 bid", "12 bids": the count in the viewer's digits and plural. */
export function bidCountText(count: number): string {
  return m.auction_bid_count({ count });
}

/** "1 offer", "12 offers", for service requests. */
export function offerCountText(count: number): string {
  return m.auction_offer_count({ count });
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
    if (auction.status === "awarded") return m.auction_price_awarded_for();
    if (auction.currentPrice === null) return auction.format === "reverse" ? m.auction_price_no_offers_budget() : m.auction_price_not_sold_starting();
    if (auction.status === "cancelled") return auction.format === "reverse" ? m.auction_price_lowest_offer() : m.auction_price_highest_bid();
    if (auction.format === "reverse") return m.auction_price_lowest_offer();
    const reserveMissed = auction.result ? !auction.result.sold && !auction.result.reserveMet : auction.hasReserve === true && auction.reserveMet === false;
    if (reserveMissed) return m.auction_price_reserve_not_met_highest();
    return m.auction_price_sold_for();
  }
  if (auction.format === "reverse") return auction.currentPrice === null ? m.auction_price_budget_up_to() : m.auction_price_lowest_offer();
  return auction.currentPrice === null ? m.auction_price_starting() : m.auction_price_current_bid();
}
