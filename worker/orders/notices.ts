import type { FeedbackRating } from "../../schema/api/feedback";
import type { OrderStep } from "../../schema/api/orders";
import { formatMoney } from "../../schema/money";
import { m } from "../../schema/paraglide/messages.js";
import type { OrderWithParties } from "../db/orders";
import { formatDateTime, type Reader } from "../lib/language";
import type { NotificationText } from "../notifications/content";
import { deliverDirect, type NoticeWords } from "../notifications/deliver";

export function orderLink(orderId: string): string {
  return `/orders/${orderId}`;
}

/** The words for the other party when one party takes a step, in their language. */
export function stepNoticeText(found: OrderWithParties, step: OrderStep): NoticeWords {
  const title = found.title;
  return ({ locale }: Reader): NotificationText => {
    const options = { locale };
    const price = formatMoney(found.order.price, found.order.currency, locale);
    const seller = found.seller.displayName;
    switch (step) {
      case "paid":
        return { title: m.notice_order_paid_title({ title }, options), body: m.notice_order_paid_body({ seller, title, price }, options) };
      case "shipped":
        return {
          title: m.notice_order_shipped_title({ title }, options),
          body: found.order.trackingNote
            ? m.notice_order_shipped_tracked({ seller, title, tracking: found.order.trackingNote }, options)
            : m.notice_order_shipped_body({ seller, title }, options),
        };
      case "received":
        return { title: m.notice_order_received_title({ title }, options), body: m.notice_order_received_body({ buyer: found.buyer.displayName, title }, options) };
      case "unpaid":
        return { title: m.notice_order_unpaid_title({ title }, options), body: m.notice_order_unpaid_body({ seller, title, price }, options) };
    }
  };
}

/** A message on an order: its first 200 characters are the body, in the writer's words. */
export function orderMessageText(found: OrderWithParties, author: string, preview: string): NoticeWords {
  return ({ locale }) => ({ title: m.notice_order_message_title({ author, title: found.title }, { locale }), body: preview });
}

/** New feedback for the member it is about: the comment quoted, else the rating in words. */
export function feedbackText(input: { title: string; author: string; rating: FeedbackRating; comment: string | null | undefined }): NoticeWords {
  return ({ locale }) => {
    const options = { locale };
    const { title, author, comment } = input;
    const titles = { positive: m.notice_feedback_positive_title, neutral: m.notice_feedback_neutral_title, negative: m.notice_feedback_negative_title };
    const bodies = { positive: m.notice_feedback_positive_body, neutral: m.notice_feedback_neutral_body, negative: m.notice_feedback_negative_body };
    return { title: titles[input.rating]({ title }, options), body: comment ? m.notice_feedback_comment({ author, comment }, options) : bodies[input.rating]({ author }, options) };
  };
}

/** The rated member's reply, for the author of the feedback. */
export function feedbackReplyText(author: string, reply: string): NoticeWords {
  return ({ locale }) => ({ title: m.notice_feedback_reply_title({ author }, { locale }), body: reply });
}

/** The runner-up's second chance; the deadline is named in their own time zone. */
export function secondChanceText(input: { title: string; seller: string; price: number; currency: string; hours: number; expiresAt: number }): NoticeWords {
  return (reader) => {
    const options = { locale: reader.locale };
    const price = formatMoney(input.price, input.currency, reader.locale);
    return {
      title: m.notice_second_chance_title({ title: input.title }, options),
      body: m.notice_second_chance_body({ seller: input.seller, title: input.title, price, hours: input.hours, deadline: formatDateTime(input.expiresAt, reader) }, options),
    };
  };
}

/** The seller's side of a second chance: the runner-up accepted or declined. */
export function secondChanceAnswerText(input: { title: string; buyer: string; price: number; currency: string; accepted: boolean }): NoticeWords {
  return ({ locale }) => {
    const options = { locale };
    return input.accepted
      ? {
          title: m.notice_second_chance_accepted_title({ title: input.title }, options),
          body: m.notice_second_chance_accepted_body({ buyer: input.buyer, price: formatMoney(input.price, input.currency, locale) }, options),
        }
      : { title: m.notice_second_chance_declined_title({ title: input.title }, options), body: m.notice_second_chance_declined_body({ buyer: input.buyer }, options) };
  };
}

/** Tells the party who did not act; keyed by order and step, so each step is told once. */
export async function tellOtherParty(
  env: Env,
  found: OrderWithParties,
  actorId: string,
  notice: { event: "order_update" | "order_message"; occurrence: string; text: NoticeWords },
  now: number,
): Promise<void> {
  const recipient = actorId === found.buyer.id ? found.seller.id : found.buyer.id;
  await deliverDirect(
    env,
    { event: notice.event, auctionId: found.order.auctionId, occurrence: notice.occurrence, link: orderLink(found.order.id), userId: recipient, text: notice.text },
    now,
  );
}
