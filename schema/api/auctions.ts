import { z } from "zod";
import { MAX_AMOUNT_MINOR } from "../money";

export const auctionFormats = ["forward", "reverse"] as const;
export const AuctionFormat = z.enum(auctionFormats);
export type AuctionFormat = z.infer<typeof AuctionFormat>;

export const auctionStatuses = ["draft", "scheduled", "live", "ended", "cancelled", "awarded"] as const;
export const AuctionStatus = z.enum(auctionStatuses);
export type AuctionStatus = z.infer<typeof AuctionStatus>;

/**
 * "bid": placed by the bidder; "proxy": placed for a bidder by their maximum;
 * "raise": the leader raised their hidden maximum; "buy_now": ended the auction.
 * Sealed requests: "commit" is a provider's commitment (no amount, shown as 0);
 * "reveal" its opening (the amount stays 0 for others until the offers are opened).
 */
export const BidKind = z.enum(["bid", "proxy", "raise", "buy_now", "commit", "reveal"]);
export type BidKind = z.infer<typeof BidKind>;

/** Money is integer minor units (cents) of the auction's currency, up to MAX_AMOUNT_MINOR. */
export const Money = z.number().int().positive().max(MAX_AMOUNT_MINOR, { message: "That amount is too large" });

export const IncrementRule = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("fixed"), amount: Money }),
  z.strictObject({
    kind: z.literal("table"),
    bands: z
      .array(z.strictObject({ from: z.number().int().min(0).max(MAX_AMOUNT_MINOR), increment: Money }))
      .min(1)
      .max(30)
      .refine((bands) => bands[0]?.from === 0, { message: "The first band must start at 0" })
      .refine((bands) => bands.every((band, index) => index === 0 || band.from > bands[index - 1]!.from), {
        message: "Bands must be sorted by `from`, without duplicates",
      }),
  }),
]);
export type IncrementRule = z.infer<typeof IncrementRule>;

export const ReverseBidDetails = z.strictObject({
  description: z.string().trim().min(1).max(2000),
  estimatedDuration: z.string().trim().min(1).max(100),
  notes: z.string().trim().max(1000).optional(),
});
export type ReverseBidDetails = z.infer<typeof ReverseBidDetails>;

export const bidRejectionCodes = [
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
] as const;

/** Refusals of commitments and reveals on sealed requests (worker/auction/sealed.ts). */
export const sealedRejectionCodes = [
  "SEALED_OFFERS_ONLY",
  "NOT_SEALED",
  "ALREADY_COMMITTED",
  "REVEAL_NOT_OPEN",
  "REVEAL_CLOSED",
  "ALREADY_REVEALED",
  "NO_COMMITMENT",
  "OPENING_MISMATCH",
] as const;
export type BidRejectionCode = (typeof bidRejectionCodes)[number] | (typeof sealedRejectionCodes)[number];

export const MAX_AUCTION_DURATION_MS = 30 * 24 * 60 * 60 * 1000;
export const MIN_AUCTION_DURATION_MS = 60 * 1000;

export const PlaceBidRequest = z
  .strictObject({ amount: Money, maxAmount: Money.optional(), details: ReverseBidDetails.optional() })
  .meta({ id: "PlaceBidRequest" });
export type PlaceBidRequest = z.infer<typeof PlaceBidRequest>;

export const BidAccepted = z.object({ seq: z.number().int() }).meta({ id: "BidAccepted" });

export const AwardRequest = z.strictObject({ seq: z.number().int().min(1) }).meta({ id: "AwardRequest" });
