import type { ErrorCode } from "../../schema/api/errors";
import { m } from "../../schema/paraglide/messages.js";
import type { Locale } from "./language";

/**
 * The one place an error code gets its words in every language: the
 * `message` of the error envelope for requests in a language other than
 * English. Codes stay the stable English identifiers clients switch on;
 * English requests keep the precise sentence written where the error is
 * raised (docs/email.md, "Languages").
 */
const messages: Record<ErrorCode, (inputs: Record<string, never>, options: { locale: Locale }) => string> = {
  VALIDATION_FAILED: m.api_validation_failed,
  MALFORMED_JSON: m.api_malformed_json,
  UNSUPPORTED_MEDIA_TYPE: m.api_unsupported_media_type,
  PAYLOAD_TOO_LARGE: m.api_payload_too_large,
  UNAUTHENTICATED: m.api_unauthenticated,
  INVALID_CREDENTIALS: m.api_invalid_credentials,
  TOKEN_INVALID: m.api_token_invalid,
  SESSION_REVOKED: m.api_session_revoked,
  REFRESH_TOKEN_INVALID: m.api_refresh_token_invalid,
  REFRESH_TOKEN_REUSED: m.api_refresh_token_reused,
  REFRESH_CONFLICT: m.api_refresh_conflict,
  FORBIDDEN: m.api_forbidden,
  ACCOUNT_SUSPENDED: m.api_account_suspended,
  ORIGIN_NOT_ALLOWED: m.api_origin_not_allowed,
  NOT_FOUND: m.api_not_found,
  EMAIL_TAKEN: m.api_email_taken,
  RATE_LIMITED: m.api_rate_limited,
  RULE_VIOLATION: m.api_rule_violation,
  INTERNAL: m.api_internal,
  NOT_VERIFIED: m.api_not_verified,
  SELLER_ROLE_REQUIRED: m.api_seller_role_required,
  REQUEST_ID_REUSED: m.api_request_id_reused,
  LISTING_LOCKED: m.api_listing_locked,
  CATEGORY_IN_USE: m.api_category_in_use,
  CATEGORY_HAS_CHILDREN: m.api_category_has_children,
  SLUG_TAKEN: m.api_slug_taken,
  TOO_MANY_IMAGES: m.api_too_many_images,
  IMAGE_UNREADABLE: m.api_image_unreadable,
  IMAGE_TOO_LARGE: m.api_image_too_large,
  CODE_INVALID: m.api_code_invalid,
  CODE_EXPIRED: m.api_code_expired,
  REGISTRATION_CLOSED: m.api_registration_closed,
  LISTING_REMOVED: m.api_listing_removed,
  ORDER_STEP_OUT_OF_ORDER: m.api_order_step_out_of_order,
  PAYMENT_NOT_OVERDUE: m.api_payment_not_overdue,
  ORDER_THREAD_FULL: m.api_order_thread_full,
  LISTING_SOLD: m.api_listing_sold,
  SECOND_CHANCE_PENDING: m.api_second_chance_pending,
  SECOND_CHANCE_UNAVAILABLE: m.api_second_chance_unavailable,
  OFFER_EXPIRED: m.api_offer_expired,
  FEEDBACK_NOT_ALLOWED: m.api_feedback_not_allowed,
  FEEDBACK_EXISTS: m.api_feedback_exists,
  OPEN_ORDERS: m.api_open_orders,
  INVALID_AMOUNT: m.api_invalid_amount,
  DETAILS_REQUIRED: m.api_details_required,
  AUCTION_NOT_STARTED: m.api_auction_not_started,
  AUCTION_ENDED: m.api_auction_ended,
  AUCTION_CANCELLED: m.api_auction_cancelled,
  SELF_BIDDING: m.api_self_bidding,
  BID_CAP_REACHED: m.api_bid_cap_reached,
  BID_TOO_LOW: m.api_bid_too_low,
  BID_TOO_HIGH: m.api_bid_too_high,
  ALREADY_LEADING: m.api_already_leading,
  SEALED_OFFERS_ONLY: m.api_sealed_offers_only,
  NOT_SEALED: m.api_not_sealed,
  ALREADY_COMMITTED: m.api_already_committed,
  REVEAL_NOT_OPEN: m.api_reveal_not_open,
  REVEAL_CLOSED: m.api_reveal_closed,
  ALREADY_REVEALED: m.api_already_revealed,
  NO_COMMITMENT: m.api_no_commitment,
  OPENING_MISMATCH: m.api_opening_mismatch,
};

export function apiErrorMessage(code: ErrorCode, locale: Locale): string {
  return messages[code]({}, { locale });
}
