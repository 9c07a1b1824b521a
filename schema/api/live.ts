import { z } from "zod";
import { Money, ReverseBidDetails } from "./auctions";

/**
 * The live auction protocol (GET /api/auctions/:id/live), one discriminated
 * union per direction. Both the AuctionRoom and the web app import these; the
 * room parses every incoming frame as unknown against ClientFrame.
 */

export const MAX_CLIENT_FRAME_BYTES = 4096;


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
