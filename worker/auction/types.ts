import type { AuctionFormat, AuctionStatus, BidKind, IncrementRule, ReverseBidDetails } from "../../schema/api/auctions";

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
}

/** A bidder's standing: their proxy maximum (forward) or best offer (reverse). */
export interface BidderStanding {
  bidderId: string;
  alias: string;
  /** Forward: the most this bidder will pay. Reverse: their lowest offer. */
  limit: number;
  /** The highest (forward) or lowest (reverse) amount this bidder has shown in the log. */
  bestShown: number;
  /** seq at which `limit` was set: the earlier limit wins a tie. */
  setAtSeq: number;
  bidCount: number;
}

export interface AuctionState {
  status: AuctionStatus;
  endsAt: number;
  seq: number;
  currentPrice: number | null;
  leaderId: string | null;
  bidCount: number;
  standings: Record<string, BidderStanding>;
  awardedSeq: number | null;
}

export interface AcceptedBid {
  seq: number;
  bidderId: string;
  alias: string;
  amount: number;
  kind: BidKind;
  at: number;
  endsAt: number;
  details: ReverseBidDetails | null;
}

export interface BidAttempt {
  bidderId: string;
  alias: string;
  amount: number;
  maxAmount?: number | undefined;
  details?: ReverseBidDetails | undefined;
}
