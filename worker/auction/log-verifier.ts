import { EMPTY_PREFIX, verifyChain, type ChainCheck, type VerifiedPrefix } from "./bid-log";
import type { RoomStorage } from "./room-storage";
import { isSealed, verifyOpenings } from "./sealed";
import type { AuctionTerms } from "./types";

/** Checks the bid log's chain incrementally: each entry's hash once per wake, not on every request. */
export class LogVerifier {
  private verified: VerifiedPrefix = EMPTY_PREFIX;

  check(terms: AuctionTerms, store: RoomStorage): ChainCheck {
    const check = verifyChain(store.bidsAfter(this.verified.length, Number.MAX_SAFE_INTEGER), this.verified);
    if (!check.valid) return check;
    this.verified = { length: check.length, head: check.head };
    if (!isSealed(terms)) return check;
    // A sealed log is two entries per provider at most: its openings are rechecked whole each time.
    return verifyOpenings(terms, store.bidsAfter(0, Number.MAX_SAFE_INTEGER)) ?? check;
  }
}
