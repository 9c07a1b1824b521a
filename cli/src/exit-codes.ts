import type { BidRejectionCode } from "../../schema/api/auctions";

/**
 * Exit codes, for scripts. 0 is success; 1 an error with no code of its own;
 * 2 a mistake in the command line; 3–9 reasons any command can fail; 10 and up
 * the reasons a bid is refused, one code each, so `gavel bid` can be scripted
 * without parsing messages. These numbers are part of the interface: extend,
 * never renumber.
 */
export const EXIT = {
  OK: 0,
  ERROR: 1,
  USAGE: 2,
  NOT_LOGGED_IN: 3,
  NOT_FOUND: 4,
  UNREACHABLE: 5,
  RATE_LIMITED: 6,
  FORBIDDEN: 7,
} as const;

/** One code per refusal the room can answer a bid with, and the account checks before it. */
export const BID_EXIT_CODES: Record<BidRejectionCode | "NOT_VERIFIED" | "SELLER_ROLE_REQUIRED" | "REQUEST_ID_REUSED", number> = {
  BID_TOO_LOW: 10,
  BID_TOO_HIGH: 11,
  ALREADY_LEADING: 12,
  AUCTION_NOT_STARTED: 13,
  AUCTION_ENDED: 14,
  AUCTION_CANCELLED: 15,
  SELF_BIDDING: 16,
  BID_CAP_REACHED: 17,
  NOT_VERIFIED: 18,
  SELLER_ROLE_REQUIRED: 19,
  DETAILS_REQUIRED: 20,
  INVALID_AMOUNT: 21,
  REQUEST_ID_REUSED: 22,
  SEALED_OFFERS_ONLY: 23,
  NOT_SEALED: 24,
  ALREADY_COMMITTED: 25,
  REVEAL_NOT_OPEN: 26,
  REVEAL_CLOSED: 27,
  ALREADY_REVEALED: 28,
  NO_COMMITMENT: 29,
  OPENING_MISMATCH: 30,
};

/** Codes shared by every command, by the API error code that leads to them. */
const COMMON_EXIT_CODES: Record<string, number> = {
  UNAUTHENTICATED: EXIT.NOT_LOGGED_IN,
  TOKEN_INVALID: EXIT.NOT_LOGGED_IN,
  SESSION_REVOKED: EXIT.NOT_LOGGED_IN,
  REFRESH_TOKEN_INVALID: EXIT.NOT_LOGGED_IN,
  REFRESH_TOKEN_REUSED: EXIT.NOT_LOGGED_IN,
  INVALID_CREDENTIALS: EXIT.NOT_LOGGED_IN,
  CODE_INVALID: EXIT.NOT_LOGGED_IN,
  CODE_EXPIRED: EXIT.NOT_LOGGED_IN,
  NOT_FOUND: EXIT.NOT_FOUND,
  NETWORK: EXIT.UNREACHABLE,
  RATE_LIMITED: EXIT.RATE_LIMITED,
  FORBIDDEN: EXIT.FORBIDDEN,
  ACCOUNT_SUSPENDED: EXIT.FORBIDDEN,
  VALIDATION_FAILED: EXIT.USAGE,
};

export function exitCodeFor(code: string): number {
  return (BID_EXIT_CODES as Record<string, number>)[code] ?? COMMON_EXIT_CODES[code] ?? EXIT.ERROR;
}
