import { createHash } from "node:crypto";
import type { AcceptedBid } from "./types";

/** The hash of an empty log; the first bid chains from it. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * Canonical bytes of a bid: a fixed field order joined with a separator no
 * field can contain, so two different bids never hash alike. node:crypto is
 * used because it is synchronous: the bid path must not await.
 */
export function chainHash(previousHash: string, bid: AcceptedBid): string {
  const canonical = [
    previousHash,
    bid.seq,
    bid.bidderId,
    bid.amount,
    bid.kind,
    bid.at,
    bid.endsAt,
    bid.details === null ? "" : JSON.stringify(bid.details),
  ].join("\u001f");
  return createHash("sha256").update(canonical).digest("hex");
}

export interface ChainedBid extends AcceptedBid {
  hash: string;
}

export type ChainCheck = { valid: true; length: number; head: string } | { valid: false; brokenAtSeq: number; reason: string };

/** Recomputes the chain from the first bid; any edit, drop or reorder breaks it. */
export function verifyChain(bids: ChainedBid[]): ChainCheck {
  let previous = GENESIS_HASH;
  for (const [index, bid] of bids.entries()) {
    if (bid.seq !== index + 1) return { valid: false, brokenAtSeq: bid.seq, reason: `expected seq ${index + 1}` };
    if (chainHash(previous, bid) !== bid.hash) return { valid: false, brokenAtSeq: bid.seq, reason: "hash mismatch" };
    previous = bid.hash;
  }
  return { valid: true, length: bids.length, head: previous };
}
