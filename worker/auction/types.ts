import type { AuctionFormat, AuctionStatus, BidKind, IncrementRule, ReverseBidDetails } from "../../schema/api/auctions";
import type { AuctionSnapshot, BidErrorCode } from "../../schema/api/live";
import type { Opening } from "../../schema/api/sealed";

/** What the seller fixed when scheduling; never changes while the auction runs. */
export interface AuctionTerms {
  id: string;
  format: AuctionFormat;
  currency: string;
  sellerId: string;
  /** Forward: the opening minimum. Reverse: the requester's budget ceiling. */
  startingPrice: number;
  increment: IncrementRule;
  reservePrice: number | null;
  buyNowPrice: number | null;
  bidCapPerBidder: number | null;
  softCloseMs: number;
  /** Soft close never extends the end beyond this (epoch ms). */
  hardCloseAt: number | null;
  startsAt: number;
  endsAt: number;
  /** Sealed requests (commit–reveal); absent or null for open ones. Soft close never applies to them. */
  sealed?: SealedTerms | null;
}

export interface SealedTerms {
  /** How long after the deadline providers may reveal their offers. */
  revealWindowMs: number;
}

/** One provider's commitment in a sealed request. */
export interface SealedCommitment {
  seq: number;
  commitment: string;
  /** seq of the reveal entry that opened it; null until then. */
  revealedSeq: number | null;
}

/** The commit–reveal part of a sealed request's state. */
export interface SealedState {
  /** By provider id: one commitment each. */
  commitments: Record<string, SealedCommitment>;
  /** Offers become visible once every commitment is revealed or the reveal window has closed. */
  opened: boolean;
}

/**
 * One bidder's standing in an auction. Persisted inside AuctionState, so
 * renaming or removing a field needs a migration of stored rooms.
 */
export interface BidderStanding {
  bidderId: string;
  alias: string;
  /** Forward: the hidden maximum the room may bid up to for them. Reverse: their lowest offer. */
  limit: number;
  /** The best amount this bidder has shown in the log: what the leaderboard may reveal. */
  bestShown: number;
  /** seq of the entry that set `limit`: of two equal maxima the earlier one leads. */
  setAtSeq: number;
  /** Attempts of theirs that were accepted (raises included, automatic proxies not): what the bid cap counts. */
  bidCount: number;
}

/** Everything the room persists about a running auction besides the bid log. */
export interface AuctionState {
  status: AuctionStatus;
  /** The current end, after soft-close extensions; the moment of purchase after a buy-it-now. */
  endsAt: number;
  /** seq of the last log entry; 0 before the first. */
  seq: number;
  /** null until the first bid. */
  currentPrice: number | null;
  leaderId: string | null;
  /** Entries in the log, automatic proxy bids included; always equal to `seq`. */
  bidCount: number;
  standings: Record<string, BidderStanding>;
  awardedSeq: number | null;
  /** Sealed requests only. */
  sealed?: SealedState;
}

/** One entry of the bid log, as the room stores, hashes and broadcasts it. */
export interface AcceptedBid {
  seq: number;
  bidderId: string;
  alias: string;
  amount: number;
  kind: BidKind;
  at: number;
  endsAt: number;
  details: ReverseBidDetails | null;
  /** Sealed requests: a "commit" entry's commitment, a "reveal" entry's commitment and nonce. */
  seal?: BidSeal | null;
}

export interface BidSeal {
  commitment: string;
  /** The opening's nonce, on reveal entries; null on commit entries. */
  nonce: string | null;
}

/** A bid as the room hands it over: identity from the authenticated caller, never from the frame. */
export interface BidAttempt {
  bidderId: string;
  alias: string;
  amount: number;
  maxAmount?: number | undefined;
  details?: ReverseBidDetails | undefined;
}

/** A bid as a caller hands it to the room; `requestId` makes a retry return the first answer. */
export interface BidRequest {
  requestId: string;
  amount: number;
  maxAmount?: number | undefined;
  details?: ReverseBidDetails | undefined;
}

/** Sealed requests: a commitment, and later its opening; `requestId` as for bids. */
export interface CommitRequest {
  requestId: string;
  commitment: string;
}

export interface RevealRequest {
  requestId: string;
  opening: Opening;
}

/** The room's answer to a bid, and what it stores so a retried request id gets the same answer. */
export type BidReply = { ok: true; seq: number } | { ok: false; code: BidErrorCode; message: string };

/** The room's answer to a seller's, requester's or admin's action (revise, cancel, award). */
export type ActionReply =
  | { ok: true; snapshot: AuctionSnapshot }
  | { ok: false; status: 403 | 404 | 409 | 422; code: "NOT_FOUND" | "FORBIDDEN" | "RULE_VIOLATION" | "LISTING_LOCKED"; message: string };

export const NO_SUCH_AUCTION = { ok: false, status: 404, code: "NOT_FOUND", message: "No such auction" } as const;
