import type { OrderStep } from "../../schema/api/orders";
import { formatMoney } from "../../schema/money";
import type { OrderWithParties } from "../db/orders";
import type { NotificationText } from "../notifications/content";
import { deliverDirect } from "../notifications/deliver";

export function orderLink(orderId: string): string {
  return `/orders/${orderId}`;
}

/** The words for the other party when one party takes a step. */
export function stepNoticeText(found: OrderWithParties, step: OrderStep): NotificationText {
  const item = `“${found.title}”`;
  const price = formatMoney(found.order.price, found.order.currency, "en");
  switch (step) {
    case "paid":
      return { title: `Payment confirmed: ${found.title}`, body: `${found.seller.displayName} confirmed your payment of ${price} for ${item}.` };
    case "shipped":
      return {
        title: `Shipped: ${found.title}`,
        body: `${found.seller.displayName} sent ${item}.` + (found.order.trackingNote ? ` Tracking: ${found.order.trackingNote}` : ""),
      };
    case "received":
      return { title: `Received: ${found.title}`, body: `${found.buyer.displayName} received ${item}; the order is complete. You can now leave feedback.` };
    case "unpaid":
      return { title: `Marked unpaid: ${found.title}`, body: `${found.seller.displayName} marked your order of ${item} for ${price} unpaid after the payment deadline.` };
  }
}

/** Tells the party who did not act; keyed by order and step, so each step is told once. */
export async function tellOtherParty(
  env: Env,
  found: OrderWithParties,
  actorId: string,
  notice: { event: "order_update" | "order_message"; occurrence: string; text: NotificationText },
  now: number,
): Promise<void> {
  const recipient = actorId === found.buyer.id ? found.seller.id : found.buyer.id;
  await deliverDirect(
    env,
    { event: notice.event, auctionId: found.order.auctionId, occurrence: notice.occurrence, link: orderLink(found.order.id), userId: recipient, ...notice.text },
    now,
  );
}
