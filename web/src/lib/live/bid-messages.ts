import type { AuctionFormat } from "$schema";

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
 * A sentence a bidder can act on for each error code. The room's own messages
 * quote raw minor units ("Bid at least 1600"), so known codes get ours.
 */
export function bidErrorMessage(code: string, context: MessageContext): string {
  const reverse = context.format === "reverse";
  const limit = context.limitText;
  if (!isKnown(code)) return context.serverMessage || "The bid was not accepted. Please try again.";
  switch (code) {
    case "UNAUTHENTICATED":
      return "Your session has expired. Log in again to bid.";
    case "NOT_VERIFIED":
      return "Verify your email address before bidding.";
    case "SELLER_ROLE_REQUIRED":
      return "Only accounts that can sell may make offers on service requests.";
    case "REQUEST_ID_REUSED":
      return "This bid was already sent from another session. Reload the page and try again.";
    case "INVALID_AMOUNT":
      return "Enter a valid amount.";
    case "DETAILS_REQUIRED":
      return "Describe your offer and how long the work will take.";
    case "AUCTION_NOT_STARTED":
      return "Bidding hasn't opened yet.";
    case "AUCTION_ENDED":
      return reverse ? "This request is closed to new offers." : "This auction has ended: no more bids are accepted.";
    case "AUCTION_CANCELLED":
      return "This auction was cancelled.";
    case "SELF_BIDDING":
      return reverse ? "You can't make an offer on your own request." : "You can't bid on your own auction.";
    case "BID_CAP_REACHED":
      return "You've reached the maximum number of bids allowed on this auction.";
    case "BID_TOO_LOW":
      return limit ? `Someone bid first, or the amount is too low: bid at least ${limit}.` : "Your bid is too low.";
    case "BID_TOO_HIGH":
      return limit ? `Your offer must be at most ${limit}.` : "Your offer must undercut the lowest offer.";
    case "ALREADY_LEADING":
      return reverse
        ? "You already have the lowest offer."
        : "You're already the highest bidder. To bid more, raise your maximum instead.";
    case "NOT_FOUND":
      return "This auction no longer exists.";
    case "VALIDATION_FAILED":
    case "MALFORMED_FRAME":
    case "INVALID_FRAME":
    case "FRAME_TOO_LARGE":
      return "The bid could not be read. Check the amounts and details and try again.";
    case "RATE_LIMITED":
      return "Too many bids in a short time. Wait a moment and try again.";
    case "NETWORK":
      return "You seem to be offline. Your bid was not sent; try again when you're back online.";
    case "TIMEOUT":
      return "The bid is taking long to confirm. Try again: it will never be placed twice.";
  }
}
