import type { AuctionFormat } from "$schema";
import { m } from "$schema/paraglide/messages.js";

/** Everything the room, the HTTP API or the client itself can answer a bid with. */
export const BID_ERROR_CODES = [
  "UNAUTHENTICATED",
  "NOT_VERIFIED",
  "SELLER_ROLE_REQUIRED",
  "REQUEST_ID_REUSED",
  "INVALID_AMOUNT",
  "DETAILS_REQUIRED",
  "AUCTION_NOT_STARTED",
  "AUCTION_ENDED",
  "AUCTION_CANCELLED",
  "SELF_BIDDING",
  "BID_CAP_REACHED",
  "BID_TOO_LOW",
  "BID_TOO_HIGH",
  "ALREADY_LEADING",
  "NOT_FOUND",
  "VALIDATION_FAILED",
  "RATE_LIMITED",
  "MALFORMED_FRAME",
  "INVALID_FRAME",
  "FRAME_TOO_LARGE",
  "NETWORK",
  "TIMEOUT",
] as const;
export type KnownBidErrorCode = (typeof BID_ERROR_CODES)[number];

export interface MessageContext {
  format: AuctionFormat;
  /** The current limit (forward: least next bid; reverse: most next offer), already formatted. */
  limitText: string | null;
  /** The room's own sentence, used only for codes this map doesn't know. */
  serverMessage?: string | undefined;
}

function isKnown(code: string): code is KnownBidErrorCode {
  return (BID_ERROR_CODES as readonly string[]).includes(code);
}

/**
 * A sentence a bidder can act on for each error code, in the viewer's language. The room's own messages
 * quote raw minor units ("Bid at least 1600"), so known codes get ours.
 */
export function bidErrorMessage(code: string, context: MessageContext): string {
  const reverse = context.format === "reverse";
  const limit = context.limitText;
  if (!isKnown(code)) return context.serverMessage || m.bid_error_unknown();
  switch (code) {
    case "UNAUTHENTICATED":
      return m.bid_error_unauthenticated();
    case "NOT_VERIFIED":
      return m.bid_error_not_verified();
    case "SELLER_ROLE_REQUIRED":
      return m.bid_error_seller_role_required();
    case "REQUEST_ID_REUSED":
      return m.bid_error_request_id_reused();
    case "INVALID_AMOUNT":
      return m.bid_error_invalid_amount();
    case "DETAILS_REQUIRED":
      return m.bid_error_details_required();
    case "AUCTION_NOT_STARTED":
      return m.bid_error_not_started();
    case "AUCTION_ENDED":
      return reverse ? m.bid_error_ended_request() : m.bid_error_ended_auction();
    case "AUCTION_CANCELLED":
      return m.bid_error_cancelled();
    case "SELF_BIDDING":
      return reverse ? m.bid_error_self_request() : m.bid_error_self_auction();
    case "BID_CAP_REACHED":
      return m.bid_error_cap_reached();
    case "BID_TOO_LOW":
      return limit ? m.bid_error_too_low_limit({ limit }) : m.bid_error_too_low();
    case "BID_TOO_HIGH":
      return limit ? m.bid_error_too_high_limit({ limit }) : m.bid_error_too_high();
    case "ALREADY_LEADING":
      return reverse ? m.bid_error_leading_request() : m.bid_error_leading_auction();
    case "NOT_FOUND":
      return m.bid_error_not_found();
    case "VALIDATION_FAILED":
    case "MALFORMED_FRAME":
    case "INVALID_FRAME":
    case "FRAME_TOO_LARGE":
      return m.bid_error_unreadable();
    case "RATE_LIMITED":
      return m.bid_error_rate_limited();
    case "NETWORK":
      return m.bid_error_network();
    case "TIMEOUT":
      return m.bid_error_timeout();
  }
}
