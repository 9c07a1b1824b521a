import type { AuctionFormat, LiveErrorCode } from "$schema";

/**
 * Which sentence answers each bid error code, as a message key of
 * messages/*.json and its parameters. Pure, so the terminal client (which
 * speaks English and loads no compiled messages) shares it with the site.
 */

/** Codes from outside the live protocol: the HTTP API's body validation, and the client's own (a dropped connection, no answer in time). */
type NonLiveErrorCode = "VALIDATION_FAILED" | "NETWORK" | "TIMEOUT";

/**
 * The codes a bid can be answered with that have a sentence of their own here:
 * a typed subset of the live protocol's vocabulary (schema/api/live.ts), so a
 * renamed or removed code fails to compile. Others (the sealed-offer codes,
 * INTERNAL) keep the room's sentence.
 */
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
] as const satisfies ReadonlyArray<LiveErrorCode | NonLiveErrorCode>;
export type KnownBidErrorCode = (typeof BID_ERROR_CODES)[number];

export const REFUSAL_KEYS = [
  "bid_error_unknown",
  "bid_error_unauthenticated",
  "bid_error_not_verified",
  "bid_error_seller_role_required",
  "bid_error_request_id_reused",
  "bid_error_invalid_amount",
  "bid_error_details_required",
  "bid_error_not_started",
  "bid_error_ended_request",
  "bid_error_ended_auction",
  "bid_error_cancelled",
  "bid_error_self_request",
  "bid_error_self_auction",
  "bid_error_cap_reached",
  "bid_error_too_low_limit",
  "bid_error_too_low",
  "bid_error_too_high_limit",
  "bid_error_too_high",
  "bid_error_leading_request",
  "bid_error_leading_auction",
  "bid_error_not_found",
  "bid_error_unreadable",
  "bid_error_rate_limited",
  "bid_error_network",
  "bid_error_timeout",
] as const;
export type RefusalKey = (typeof REFUSAL_KEYS)[number];

export interface MessageContext {
  format: AuctionFormat;
  /** The current limit (forward: least next bid; reverse: most next offer), already formatted. */
  limitText: string | null;
  /** The room's own sentence, used only for codes this map doesn't know. */
  serverMessage?: string | undefined;
}

/** A message to render: its key and the one parameter any of them takes. */
export type Refusal = { key: RefusalKey; params: { limit?: string } } | { serverMessage: string };

function isKnown(code: string): code is KnownBidErrorCode {
  return (BID_ERROR_CODES as readonly string[]).includes(code);
}

const say = (key: RefusalKey, params: { limit?: string } = {}): Refusal => ({ key, params });

/**
 * The sentence a bidder can act on for each error code. The room's own
 * messages quote raw minor units ("Bid at least 1600"), so known codes get
 * ours; an unknown code keeps the room's sentence when it sent one.
 */
export function bidRefusal(code: string, context: MessageContext): Refusal {
  const reverse = context.format === "reverse";
  const limit = context.limitText;
  if (!isKnown(code)) return context.serverMessage ? { serverMessage: context.serverMessage } : say("bid_error_unknown");
  switch (code) {
    case "UNAUTHENTICATED":
      return say("bid_error_unauthenticated");
    case "NOT_VERIFIED":
      return say("bid_error_not_verified");
    case "SELLER_ROLE_REQUIRED":
      return say("bid_error_seller_role_required");
    case "REQUEST_ID_REUSED":
      return say("bid_error_request_id_reused");
    case "INVALID_AMOUNT":
      return say("bid_error_invalid_amount");
    case "DETAILS_REQUIRED":
      return say("bid_error_details_required");
    case "AUCTION_NOT_STARTED":
      return say("bid_error_not_started");
    case "AUCTION_ENDED":
      return say(reverse ? "bid_error_ended_request" : "bid_error_ended_auction");
    case "AUCTION_CANCELLED":
      return say("bid_error_cancelled");
    case "SELF_BIDDING":
      return say(reverse ? "bid_error_self_request" : "bid_error_self_auction");
    case "BID_CAP_REACHED":
      return say("bid_error_cap_reached");
    case "BID_TOO_LOW":
      return limit ? say("bid_error_too_low_limit", { limit }) : say("bid_error_too_low");
    case "BID_TOO_HIGH":
      return limit ? say("bid_error_too_high_limit", { limit }) : say("bid_error_too_high");
    case "ALREADY_LEADING":
      return say(reverse ? "bid_error_leading_request" : "bid_error_leading_auction");
    case "NOT_FOUND":
      return say("bid_error_not_found");
    case "VALIDATION_FAILED":
    case "MALFORMED_FRAME":
    case "INVALID_FRAME":
    case "FRAME_TOO_LARGE":
      return say("bid_error_unreadable");
    case "RATE_LIMITED":
      return say("bid_error_rate_limited");
    case "NETWORK":
      return say("bid_error_network");
    case "TIMEOUT":
      return say("bid_error_timeout");
  }
}
