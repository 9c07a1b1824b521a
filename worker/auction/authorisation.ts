/**
 * Who may do what in an auction, as pure functions beside the rules: the
 * rules decide whether an action is allowed by the auction's state, these
 * whether the person asking may take it at all.
 */
import type { BidderIdentity } from "./identity";
import type { AuctionTerms, BidReply } from "./types";

export interface Refusal<Code extends string> {
  ok: false;
  code: Code;
  message: string;
}

/** Bidding needs a verified email; offers on a service request need the seller capability (the requester's own refusal comes from the rules). */
export function bidderRefusal(terms: AuctionTerms, bidder: BidderIdentity): Refusal<"NOT_VERIFIED" | "SELLER_ROLE_REQUIRED"> | null {
  if (!bidder.verified) return { ok: false, code: "NOT_VERIFIED", message: "Verify your email address before bidding" };
  if (terms.format === "reverse" && !bidder.roles.includes("seller") && bidder.userId !== terms.sellerId) {
    return { ok: false, code: "SELLER_ROLE_REQUIRED", message: "Only providers with the seller capability can make offers" };
  }
  return null;
}

/** The seller or an admin may ask to cancel; whether the state allows it is `cancelAuction`'s call. */
export function cancelRefusal(terms: AuctionTerms, actorId: string, isAdmin: boolean): Refusal<"FORBIDDEN"> | null {
  if (actorId === terms.sellerId || isAdmin) return null;
  return { ok: false, code: "FORBIDDEN", message: "Only the seller or an admin can cancel" };
}

/** Only the requester awards a service request. */
export function awardRefusal(terms: AuctionTerms, actorId: string): Refusal<"FORBIDDEN"> | null {
  if (actorId === terms.sellerId) return null;
  return { ok: false, code: "FORBIDDEN", message: "Only the requester can award" };
}

/** A request id already decided: its owner gets the first answer again; anyone else reusing it is refused. */
export function priorAnswer(prior: { bidderId: string; outcome: BidReply } | null, userId: string): BidReply | null {
  if (!prior) return null;
  if (prior.bidderId === userId) return prior.outcome;
  return { ok: false, code: "REQUEST_ID_REUSED", message: "This request id was already used by someone else" };
}
