import type { AuctionNoticeEvent } from "../../schema/api/notifications";
import { isReserveMet } from "./rules";
import { committedProviders, isSealed, revealEndsAt } from "./sealed";
import type { AcceptedBid, AuctionState, AuctionTerms } from "./types";

/**
 * Which notifications a change of an auction calls for, and to whom. Pure:
 * the room decides with these and publishes the result; the queue consumer
 * resolves watchers and writes the words.
 */

/** How long before the start and the end the "starting soon" and "ending soon" notices go out. */
export const NOTICE_LEAD_MS = 15 * 60 * 1000;
/** Sealed requests: how long before the reveal window closes the providers who have not revealed are reminded. */
export const REVEAL_REMINDER_LEAD_MS = 60 * 60 * 1000;

export interface NoticeFacts {
  price: number | null;
  bidCount: number;
  winnerId: string | null;
  reserveMet: boolean;
  startsAt: number;
  endsAt: number;
  /** A cancellation by an admin: the reason they gave (a seller cancels before any bid, with no one to explain to). */
  cancelReason?: string;
}

/** What a transition's caller knows and the state does not: the offer a requester awarded, an admin's reason for cancelling. */
export interface TransitionCause {
  awarded?: AcceptedBid;
  cancelReason?: string;
}

export interface Notice {
  event: AuctionNoticeEvent;
  /** Tells repeatable events apart (the seq that outbid someone); empty for once-per-auction events. */
  occurrence: string;
  /** People named directly. */
  userIds: string[];
  /** Also everyone watching the auction (resolved by the consumer from D1). */
  watchers: boolean;
  /** Never told, even when watching: the person whose action caused the event. */
  excludeIds: string[];
  facts: NoticeFacts;
}

/** The timed notices already sent by a room; persisted with it so each goes out once. */
export interface TimedNoticesSent {
  startingSoon: boolean;
  endingSoon: boolean;
  /** Sealed requests; absent in rooms from before sealed requests existed. */
  revealClosing?: boolean;
}

export const NO_TIMED_NOTICES_SENT: TimedNoticesSent = { startingSoon: false, endingSoon: false };

function factsOf(terms: AuctionTerms, state: AuctionState, winnerId: string | null = null): NoticeFacts {
  return {
    price: state.currentPrice,
    bidCount: state.bidCount,
    winnerId,
    reserveMet: isReserveMet(terms, state),
    startsAt: terms.startsAt,
    endsAt: state.endsAt,
  };
}

function notice(event: AuctionNoticeEvent, facts: NoticeFacts, audience: Partial<Pick<Notice, "occurrence" | "userIds" | "watchers" | "excludeIds">>): Notice {
  return { event, facts, occurrence: "", userIds: [], watchers: false, excludeIds: [], ...audience };
}

/**
 * After accepted bids: a service request's requester hears of each new offer
 * (a sealed commitment is not an offer they may see, only count), and the
 * leader before the bids is told they lost the lead. A proxy bid that defends
 * the leader changes nobody's standing and tells no one.
 */
export function noticesForBids(terms: AuctionTerms, before: AuctionState, after: AuctionState, accepted: AcceptedBid[]): Notice[] {
  const notices =
    terms.format === "reverse"
      ? accepted
          .filter((offer) => offer.kind === "bid")
          .map((offer) => notice("new_offer", { ...factsOf(terms, after), price: offer.amount }, { occurrence: String(offer.seq), userIds: [terms.sellerId] }))
      : [];
  const previousLeader = before.leaderId;
  if (previousLeader === null || after.leaderId === previousLeader || after.leaderId === null) return notices;
  const takeover = accepted.find((bid) => bid.bidderId === after.leaderId) ?? accepted.at(-1)!;
  return [...notices, notice("outbid", factsOf(terms, after), { occurrence: String(takeover.seq), userIds: [previousLeader] })];
}

/**
 * Status changes: the start (to watchers); the end, with the result: the
 * winner hears they won, every other bidder that they lost, the seller the
 * result and the remaining watchers that it ended; an award (the chosen
 * provider won, the other providers lost); a cancellation (to bidders and
 * watchers, never the seller, with an admin's reason: the one message they get
 * about it).
 */
export function noticesForTransition(terms: AuctionTerms, before: AuctionState, after: AuctionState, cause: TransitionCause = {}): Notice[] {
  if (after.status === before.status) return [];
  const { awarded, cancelReason } = cause;
  const notices: Notice[] = [];
  const bidders = Object.keys(after.standings);
  if (after.status === "live") {
    notices.push(notice("started", factsOf(terms, after), { watchers: true, excludeIds: [terms.sellerId] }));
  }
  if (after.status === "ended") {
    const reserveMet = isReserveMet(terms, after);
    const winnerId = terms.format === "forward" && reserveMet ? after.leaderId : null;
    const facts = factsOf(terms, after, winnerId);
    if (winnerId !== null) notices.push(notice("won", facts, { userIds: [winnerId] }));
    notices.push(notice("ended", facts, { userIds: [terms.sellerId] }));
    const committed = committedProviders(after).all;
    if (isSealed(terms) && committed.length > 0) {
      notices.push(notice("reveal_open", { ...facts, endsAt: revealEndsAt(terms) }, { userIds: committed }));
    }
    // A service request's providers learn their fate at the award, not at the deadline.
    const losers = terms.format === "forward" ? bidders.filter((id) => id !== winnerId) : [];
    if (losers.length > 0) notices.push(notice("lost", facts, { userIds: losers }));
    notices.push(notice("watched_ended", facts, { watchers: true, excludeIds: [terms.sellerId, ...bidders] }));
  }
  if (after.status === "awarded" && awarded) {
    const facts = { ...factsOf(terms, after, awarded.bidderId), price: awarded.amount };
    notices.push(notice("awarded", facts, { userIds: [awarded.bidderId] }));
    const losers = bidders.filter((id) => id !== awarded.bidderId);
    if (losers.length > 0) notices.push(notice("lost", facts, { userIds: losers }));
    notices.push(notice("watched_ended", facts, { watchers: true, excludeIds: [terms.sellerId, ...bidders] }));
  }
  if (after.status === "cancelled") {
    const facts = cancelReason === undefined ? factsOf(terms, after) : { ...factsOf(terms, after), cancelReason };
    notices.push(notice("cancelled", facts, { userIds: bidders, watchers: true, excludeIds: [terms.sellerId] }));
  }
  return notices;
}

/**
 * "Starting soon" goes to watchers once the start is within NOTICE_LEAD_MS;
 * "ending soon" to watchers and bidders once the (possibly extended) end is.
 * An auction published less than the lead before its start or end gets the
 * notice at once; one that never was in that state (already ended) never.
 */
export function dueTimedNotices(
  terms: AuctionTerms,
  state: AuctionState,
  sent: TimedNoticesSent,
  now: number,
): { notices: Notice[]; sent: TimedNoticesSent } {
  const notices: Notice[] = [];
  let next = sent;
  if (!sent.startingSoon && state.status === "scheduled" && now >= terms.startsAt - NOTICE_LEAD_MS && now < terms.startsAt) {
    notices.push(notice("starting_soon", factsOf(terms, state), { watchers: true, excludeIds: [terms.sellerId] }));
    next = { ...next, startingSoon: true };
  }
  if (!sent.endingSoon && state.status === "live" && now >= state.endsAt - NOTICE_LEAD_MS && now < state.endsAt) {
    const bidders = Object.keys(state.standings);
    notices.push(notice("ending_soon", factsOf(terms, state), { watchers: true, userIds: bidders, excludeIds: [terms.sellerId] }));
    next = { ...next, endingSoon: true };
  }
  const revealClosesAt = revealEndsAt(terms);
  if (isSealed(terms) && !sent.revealClosing && state.status === "ended" && !state.sealed?.opened && now >= revealClosesAt - REVEAL_REMINDER_LEAD_MS && now < revealClosesAt) {
    const { unrevealed } = committedProviders(state);
    if (unrevealed.length > 0) notices.push(notice("reveal_closing", { ...factsOf(terms, state), endsAt: revealClosesAt }, { userIds: unrevealed }));
    next = { ...next, revealClosing: true };
  }
  return { notices, sent: next };
}

/** When the next timed notice falls due, for the room's alarm; null when none is pending. */
export function nextTimedNoticeAt(terms: AuctionTerms, state: AuctionState, sent: TimedNoticesSent): number | null {
  if (state.status === "scheduled" && !sent.startingSoon) return Math.max(terms.startsAt - NOTICE_LEAD_MS, 0);
  if (state.status === "live" && !sent.endingSoon) return state.endsAt - NOTICE_LEAD_MS;
  if (isSealed(terms) && state.status === "ended" && !state.sealed?.opened && !sent.revealClosing) return revealEndsAt(terms) - REVEAL_REMINDER_LEAD_MS;
  return null;
}
