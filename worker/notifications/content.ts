import type { AuctionFormat } from "../../schema/api/auctions";
import type { AuctionNoticeEvent } from "../../schema/api/notifications";
import { formatMoney } from "../../schema/money";
import type { NoticeMessage } from "./message";

export interface NoticeSubject {
  title: string;
  currency: string;
  format: AuctionFormat;
  /** Sealed service requests: the reveal window (absent or null for open ones). */
  revealWindowMs?: number | null;
}

export interface NotificationText {
  title: string;
  body: string;
}

/** Site-relative link of the page a notification is about. */
export function auctionLink(auctionId: string): string {
  return `/auctions/${auctionId}`;
}

function minutesUntil(at: number, now: number): number {
  return Math.max(1, Math.round((at - now) / 60_000));
}

/**
 * The words of a notification, the same in the app and in mail. Times are
 * relative ("in 15 minutes") so they read right in every time zone; the page
 * linked shows the exact time in the reader's own.
 */
export function notificationText(
  event: AuctionNoticeEvent,
  auction: NoticeSubject,
  facts: NoticeMessage["facts"],
  context: { now: number; winnerName: string | null },
): NotificationText {
  const price = facts.price === null ? null : formatMoney(facts.price, auction.currency, "en");
  const name = `“${auction.title}”`;
  const offer = auction.format === "reverse";
  switch (event) {
    case "starting_soon":
      return {
        title: `Starting soon: ${auction.title}`,
        body: `${name} opens for ${offer ? "offers" : "bids"} in ${minutesUntil(facts.startsAt, context.now)} minutes.`,
      };
    case "started":
      return { title: `Now live: ${auction.title}`, body: `${name} is open for ${offer ? "offers" : "bids"}.` };
    case "ending_soon":
      return {
        title: `Ending soon: ${auction.title}`,
        body:
          `${name} closes in ${minutesUntil(facts.endsAt, context.now)} minutes` +
          (price === null ? "." : offer ? `; the lowest offer is ${price}.` : `; the current price is ${price}.`),
      };
    case "new_offer":
      return { title: `New offer: ${auction.title}`, body: `A provider offered ${price} for ${name}. Their description and timing are on the request's page.` };
    case "outbid":
      return offer
        ? { title: `Your offer was undercut: ${auction.title}`, body: `Someone offered ${price} on ${name}, below your offer.` }
        : { title: `You were outbid: ${auction.title}`, body: `The price of ${name} is now ${price}, and you are no longer the highest bidder.` };
    case "won":
      return {
        title: `You won: ${auction.title}`,
        body: `You won ${name} for ${price}. Your order, with the seller's contact details, is under My Gavel → Bought.`,
      };
    case "ended":
      if (offer && auction.revealWindowMs) {
        return {
          title: `Your sealed request closed: ${auction.title}`,
          body:
            facts.bidCount === 0
              ? `${name} closed without offers.`
              : `${name} closed with ${facts.bidCount} sealed offers. Providers now reveal them; you can award once every offer is revealed or the reveal window closes.`,
        };
      }
      if (offer) {
        return {
          title: `Your request closed: ${auction.title}`,
          body: facts.bidCount === 0 ? `${name} closed without offers.` : `${name} closed with ${facts.bidCount} offers. Choose one to award it.`,
        };
      }
      if (context.winnerName !== null && price !== null) {
        return { title: `Sold: ${auction.title}`, body: `${name} sold to ${context.winnerName} for ${price}.` };
      }
      return {
        title: `Ended without a sale: ${auction.title}`,
        body: facts.bidCount === 0 ? `${name} ended without bids.` : `${name} ended at ${price}, below your reserve price, so it did not sell.`,
      };
    case "awarded":
      return {
        title: `Your offer was accepted: ${auction.title}`,
        body: `The requester chose your offer of ${price} for ${name}. The order, with their contact details, is under My Gavel → Sold.`,
      };
    case "reveal_open":
      return {
        title: `Reveal your sealed offer: ${auction.title}`,
        body: `${name} has closed. Reveal your offer within ${Math.round(minutesUntil(facts.endsAt, context.now) / 60)} hours; an offer not revealed is out.`,
      };
    case "reveal_closing":
      return {
        title: `Last hour to reveal: ${auction.title}`,
        body: `The reveal window of ${name} closes in ${minutesUntil(facts.endsAt, context.now)} minutes; an offer not revealed is out and recorded as unrevealed.`,
      };
    case "lost":
      if (offer) return { title: `Another offer was chosen: ${auction.title}`, body: `The requester of ${name} chose an offer of ${price}.` };
      return facts.winnerId === null
        ? { title: `Ended without a sale: ${auction.title}`, body: `${name} ended at ${price}, below the seller's reserve price, so nobody won it.` }
        : { title: `You did not win: ${auction.title}`, body: `${name} sold to another bidder for ${price}.` };
    case "watched_ended":
      if (offer) return { title: `Request closed: ${auction.title}`, body: price === null ? `${name} has closed.` : `${name} has closed; the chosen offer was ${price}.` };
      return {
        title: `Ended: ${auction.title}`,
        body: facts.winnerId !== null && price !== null ? `${name} sold for ${price}.` : `${name} ended without a sale.`,
      };
    case "cancelled":
      return {
        title: `Cancelled: ${auction.title}`,
        body: `${name} was cancelled${offer ? "" : "; no one won it and no payment is due"}.` + (facts.cancelReason ? ` Reason: ${facts.cancelReason}` : ""),
      };
  }
}
