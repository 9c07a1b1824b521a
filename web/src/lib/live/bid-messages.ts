import { m } from "$schema/paraglide/messages.js";
import { bidRefusal, type MessageContext, type RefusalKey } from "./bid-refusals";

export { BID_ERROR_CODES, type KnownBidErrorCode, type MessageContext } from "./bid-refusals";

/** One function per sentence, named statically so the bundle keeps only these messages. */
const SENTENCES: Record<RefusalKey, (params: { limit: string }) => string> = {
  bid_error_unknown: () => m.bid_error_unknown(),
  bid_error_unauthenticated: () => m.bid_error_unauthenticated(),
  bid_error_not_verified: () => m.bid_error_not_verified(),
  bid_error_seller_role_required: () => m.bid_error_seller_role_required(),
  bid_error_request_id_reused: () => m.bid_error_request_id_reused(),
  bid_error_invalid_amount: () => m.bid_error_invalid_amount(),
  bid_error_details_required: () => m.bid_error_details_required(),
  bid_error_not_started: () => m.bid_error_not_started(),
  bid_error_ended_request: () => m.bid_error_ended_request(),
  bid_error_ended_auction: () => m.bid_error_ended_auction(),
  bid_error_cancelled: () => m.bid_error_cancelled(),
  bid_error_self_request: () => m.bid_error_self_request(),
  bid_error_self_auction: () => m.bid_error_self_auction(),
  bid_error_cap_reached: () => m.bid_error_cap_reached(),
  bid_error_too_low_limit: ({ limit }) => m.bid_error_too_low_limit({ limit }),
  bid_error_too_low: () => m.bid_error_too_low(),
  bid_error_too_high_limit: ({ limit }) => m.bid_error_too_high_limit({ limit }),
  bid_error_too_high: () => m.bid_error_too_high(),
  bid_error_leading_request: () => m.bid_error_leading_request(),
  bid_error_leading_auction: () => m.bid_error_leading_auction(),
  bid_error_not_found: () => m.bid_error_not_found(),
  bid_error_unreadable: () => m.bid_error_unreadable(),
  bid_error_rate_limited: () => m.bid_error_rate_limited(),
  bid_error_network: () => m.bid_error_network(),
  bid_error_timeout: () => m.bid_error_timeout(),
};

/** The refusal for `code` as a sentence in the page's language (bid-refusals.ts picks which). */
export function bidErrorMessage(code: string, context: MessageContext): string {
  const refusal = bidRefusal(code, context);
  if ("serverMessage" in refusal) return refusal.serverMessage;
  return SENTENCES[refusal.key]({ limit: refusal.params.limit ?? "" });
}
