import type { AuctionFormat } from "../../schema/api/auctions";
import type { AuctionNoticeEvent } from "../../schema/api/notifications";
import { formatMoney } from "../../schema/money";
import { m } from "../../schema/paraglide/messages.js";
import { formatDateTime, type Reader } from "../lib/language";
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
 * The words of a notification, the same in the app and in mail, in the
 * recipient's language (`reader`); each recipient's are stored with their
 * notification (docs/notifications.md). Times are relative ("in 15 minutes")
 * so they read right whenever they are read; a deadline hours away also
 * names its time in the reader's zone.
 */
export function notificationText(
  event: AuctionNoticeEvent,
  auction: NoticeSubject,
  facts: NoticeMessage["facts"],
  context: { now: number; winnerName: string | null },
  reader: Reader,
): NotificationText {
  const { locale } = reader;
  const options = { locale };
  const price = facts.price === null ? null : formatMoney(facts.price, auction.currency, locale);
  const title = auction.title;
  const offer = auction.format === "reverse";
  switch (event) {
    case "starting_soon": {
      const minutes = minutesUntil(facts.startsAt, context.now);
      return {
        title: m.notice_starting_soon_title({ title }, options),
        body: offer ? m.notice_starting_soon_offers({ title, minutes }, options) : m.notice_starting_soon_bids({ title, minutes }, options),
      };
    }
    case "started":
      return { title: m.notice_started_title({ title }, options), body: offer ? m.notice_started_offers({ title }, options) : m.notice_started_bids({ title }, options) };
    case "ending_soon": {
      const minutes = minutesUntil(facts.endsAt, context.now);
      return {
        title: m.notice_ending_soon_title({ title }, options),
        body:
          price === null
            ? m.notice_ending_soon_body({ title, minutes }, options)
            : offer
              ? m.notice_ending_soon_lowest({ title, minutes, price }, options)
              : m.notice_ending_soon_price({ title, minutes, price }, options),
      };
    }
    case "new_offer":
      return { title: m.notice_new_offer_title({ title }, options), body: m.notice_new_offer_body({ title, price: price ?? "" }, options) };
    case "outbid":
      return offer
        ? { title: m.notice_undercut_title({ title }, options), body: m.notice_undercut_body({ title, price: price ?? "" }, options) }
        : { title: m.notice_outbid_title({ title }, options), body: m.notice_outbid_body({ title, price: price ?? "" }, options) };
    case "won":
      return { title: m.notice_won_title({ title }, options), body: m.notice_won_body({ title, price: price ?? "" }, options) };
    case "ended":
      if (offer && auction.revealWindowMs) {
        return {
          title: m.notice_sealed_closed_title({ title }, options),
          body: facts.bidCount === 0 ? m.notice_closed_without_offers({ title }, options) : m.notice_sealed_closed_body({ title, count: facts.bidCount }, options),
        };
      }
      if (offer) {
        return {
          title: m.notice_request_closed_title({ title }, options),
          body: facts.bidCount === 0 ? m.notice_closed_without_offers({ title }, options) : m.notice_request_closed_body({ title, count: facts.bidCount }, options),
        };
      }
      if (context.winnerName !== null && price !== null) {
        return { title: m.notice_sold_title({ title }, options), body: m.notice_sold_body({ title, winner: context.winnerName, price }, options) };
      }
      return {
        title: m.notice_unsold_title({ title }, options),
        body: facts.bidCount === 0 ? m.notice_unsold_no_bids({ title }, options) : m.notice_unsold_reserve({ title, price: price ?? "" }, options),
      };
    case "awarded":
      return { title: m.notice_awarded_title({ title }, options), body: m.notice_awarded_body({ title, price: price ?? "" }, options) };
    case "reveal_open":
      return {
        title: m.notice_reveal_open_title({ title }, options),
        body: m.notice_reveal_open_body({ title, hours: Math.round(minutesUntil(facts.endsAt, context.now) / 60), deadline: formatDateTime(facts.endsAt, reader) }, options),
      };
    case "reveal_closing":
      return { title: m.notice_reveal_closing_title({ title }, options), body: m.notice_reveal_closing_body({ title, minutes: minutesUntil(facts.endsAt, context.now) }, options) };
    case "lost":
      if (offer) return { title: m.notice_lost_offer_title({ title }, options), body: m.notice_lost_offer_body({ title, price: price ?? "" }, options) };
      return facts.winnerId === null
        ? { title: m.notice_unsold_title({ title }, options), body: m.notice_lost_reserve_body({ title, price: price ?? "" }, options) }
        : { title: m.notice_lost_title({ title }, options), body: m.notice_lost_body({ title, price: price ?? "" }, options) };
    case "watched_ended":
      if (offer) {
        return {
          title: m.notice_watched_request_title({ title }, options),
          body: price === null ? m.notice_watched_request_body({ title }, options) : m.notice_watched_request_price({ title, price }, options),
        };
      }
      return {
        title: m.notice_watched_ended_title({ title }, options),
        body: facts.winnerId !== null && price !== null ? m.notice_watched_sold({ title, price }, options) : m.notice_watched_unsold({ title }, options),
      };
    case "cancelled":
      return {
        title: m.notice_cancelled_title({ title }, options),
        body:
          (offer ? m.notice_cancelled_request({ title }, options) : m.notice_cancelled_auction({ title }, options)) +
          (facts.cancelReason ? ` ${m.mail_cancelled_reason({ reason: facts.cancelReason }, options)}` : ""),
      };
  }
}
