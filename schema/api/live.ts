import { z } from "zod";
import { AuctionFormat, AuctionStatus, BidKind, bidRejectionCodes, Money, ReverseBidDetails, sealedRejectionCodes } from "./auctions";
import { Commitment, SealedView } from "./sealed";

/**
 * The live auction protocol (GET /api/auctions/:id/live), one discriminated
 * union per direction. Both the AuctionRoom and the web app import these; the
 * room parses every incoming frame as unknown against ClientFrame.
 */

export const MAX_CLIENT_FRAME_BYTES = 4096;

/**
 * Close code of a live socket whose auction is over (a relay's sockets, once
 * the auction settles): the last `status` frame came before it, and nothing
 * more will. A client keeps what it has and does not reconnect.
 */
export const AUCTION_OVER_CLOSE_CODE = 4002;

/**
 * Why a bid was refused, over the socket (`error` frames) and over HTTP (the
 * error envelope's code) alike: the rules' own refusals plus the checks of
 * who is bidding. A retried request id replays one of these.
 */
export const bidErrorCodes = [...bidRejectionCodes, ...sealedRejectionCodes, "NOT_FOUND", "UNAUTHENTICATED", "NOT_VERIFIED", "SELLER_ROLE_REQUIRED", "REQUEST_ID_REUSED"] as const;
export const BidErrorCode = z.enum(bidErrorCodes);
export type BidErrorCode = z.infer<typeof BidErrorCode>;

/** Refusals of a frame itself, before any bid is decided. */
export const frameErrorCodes = ["MALFORMED_FRAME", "INVALID_FRAME", "FRAME_TOO_LARGE", "RATE_LIMITED", "INTERNAL"] as const;

/** Every code an `error` frame can carry. Extend, never rename: other clients switch on these. */
export const LiveErrorCode = z.enum([...bidErrorCodes, ...frameErrorCodes]);
export type LiveErrorCode = z.infer<typeof LiveErrorCode>;


export const BidFrame = z.strictObject({
  type: z.literal("bid"),
  requestId: z.uuid(),
  amount: Money,
  maxAmount: Money.optional(),
  details: ReverseBidDetails.optional(),
});
export const SyncFrame = z.strictObject({ type: z.literal("sync"), since: z.number().int().min(0) });

export const ClientFrame = z.discriminatedUnion("type", [BidFrame, SyncFrame]);
export type ClientFrame = z.infer<typeof ClientFrame>;

export const LeaderboardRow = z.object({ alias: z.string(), amount: z.number().int(), leading: z.boolean() });
export type LeaderboardRow = z.infer<typeof LeaderboardRow>;

/** A logged-in viewer's own standing: in the snapshot, and in a `you` frame whenever it changes. */
export const ViewerStanding = z
  .object({
    /** The viewer's alias in this auction; null before their first bid. */
    alias: z.string().nullable(),
    leading: z.boolean(),
    isSeller: z.boolean(),
    /** Forward: the hidden maximum the room bids up to for them (nobody else sees it). Reverse: their lowest offer. Null before their first bid. */
    limit: z.number().int().nullable(),
    /** Their accepted bids (raises included, automatic proxies not): what the bid cap counts. */
    bidCount: z.number().int(),
    /** Bids they may still place under the auction's cap; null when there is no cap. */
    bidsLeft: z.number().int().nullable(),
  })
  .meta({ id: "ViewerStanding" });
export type ViewerStanding = z.infer<typeof ViewerStanding>;

/** What anyone may see of an auction; times are epoch milliseconds (UTC). */
export const AuctionSnapshot = z
  .object({
    id: z.string(),
    format: AuctionFormat,
    status: AuctionStatus,
    currency: z.string(),
    startingPrice: z.number().int(),
    currentPrice: z.number().int().nullable(),
    /** Forward: the least the next bid may be. Reverse: the most the next offer may be. */
    nextBidLimit: z.number().int().nullable(),
    startsAt: z.number().int(),
    endsAt: z.number().int(),
    bidCount: z.number().int(),
    seq: z.number().int(),
    hasReserve: z.boolean(),
    reserveMet: z.boolean(),
    buyNowPrice: z.number().int().nullable(),
    leaderboard: z.array(LeaderboardRow),
    you: ViewerStanding.nullable(),
    /** Sealed requests: counts and windows only until the offers are opened (then the leaderboard ranks valid reveals). Null for open auctions. */
    sealed: SealedView.nullable(),
  })
  .meta({ id: "AuctionSnapshot" });
export type AuctionSnapshot = z.infer<typeof AuctionSnapshot>;

export const BidEvent = z
  .object({
    seq: z.number().int(),
    amount: z.number().int(),
    bidder: z.string(),
    kind: BidKind,
    at: z.number().int(),
    endsAt: z.number().int(),
  })
  .meta({ id: "BidEvent" });
export type BidEvent = z.infer<typeof BidEvent>;

export const BidHistoryEntry = BidEvent.extend({
  /** Reverse auctions: the requester sees who offered and the offer's details; a provider sees their own details. */
  displayName: z.string().optional(),
  details: ReverseBidDetails.nullable().optional(),
  /** Sealed requests: the commitment a "commit" entry logged or a "reveal" entry opened. */
  commitment: Commitment.optional(),
}).meta({ id: "BidHistoryEntry" });
export type BidHistoryEntry = z.infer<typeof BidHistoryEntry>;

export const BidHistoryPage = z
  .object({ items: z.array(BidHistoryEntry), nextAfter: z.number().int().nullable() })
  .meta({ id: "BidHistoryPage" });

/**
 * What a batch of bids changed that the entries themselves do not say:
 * whether the hidden reserve is met and whether buy-it-now is still open
 * (hidden maxima can close it). Absent from `sync` replays.
 */
const AfterBids = {
  reserveMet: z.boolean().optional(),
  buyNowPrice: z.number().int().nullable().optional(),
};

export const StateFrame = z.object({ type: z.literal("state"), now: z.number(), auction: AuctionSnapshot });
export const BidServerFrame = BidEvent.extend({ type: z.literal("bid"), now: z.number(), ...AfterBids });
export const BidsFrame = z.object({ type: z.literal("bids"), now: z.number(), items: z.array(BidEvent), ...AfterBids });
/** To one viewer's sockets only, after the bids that changed their standing (outbid, leading, a new maximum, the cap). */
export const YouFrame = z.object({ type: z.literal("you"), now: z.number(), seq: z.number().int(), you: ViewerStanding });
export const AckFrame = z.object({ type: z.literal("ack"), now: z.number(), requestId: z.string(), seq: z.number().int() });
export const ErrorFrame = z.object({
  type: z.literal("error"),
  now: z.number(),
  requestId: z.string().nullable(),
  code: LiveErrorCode,
  message: z.string(),
});
export const StatusFrame = z.object({
  type: z.literal("status"),
  now: z.number(),
  status: AuctionStatus,
  endsAt: z.number().int(),
});
export const LeaderboardFrame = z.object({ type: z.literal("leaderboard"), now: z.number(), items: z.array(LeaderboardRow) });

export const ServerFrame = z.discriminatedUnion("type", [
  StateFrame,
  BidServerFrame,
  BidsFrame,
  AckFrame,
  ErrorFrame,
  StatusFrame,
  LeaderboardFrame,
  YouFrame,
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
