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

/** A prefix of the log already checked: its length and the hash of its last entry. */
export interface VerifiedPrefix {
  length: number;
  head: string;
}

export const EMPTY_PREFIX: VerifiedPrefix = { length: 0, head: GENESIS_HASH };

/**
 * Checks the entries that follow an already verified prefix (the whole log
 * from the empty prefix); any edit, drop or reorder breaks the chain.
 */
export function verifyChain(bids: ChainedBid[], from: VerifiedPrefix = EMPTY_PREFIX): ChainCheck {
  let previous = from.head;
  for (const [index, bid] of bids.entries()) {
    const expected = from.length + index + 1;
    if (bid.seq !== expected) return { valid: false, brokenAtSeq: bid.seq, reason: `expected seq ${expected}` };
    if (chainHash(previous, bid) !== bid.hash) return { valid: false, brokenAtSeq: bid.seq, reason: "hash mismatch" };
    previous = bid.hash;
  }
  return { valid: true, length: from.length + bids.length, head: previous };
}
