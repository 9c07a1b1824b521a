import type { OrderRole } from "../../schema/api/orders";
import type { OrderRow } from "../../schema/db";
import { DAY_MS } from "./rules";

/**
 * When the parties of an order may rate each other: from completion (the
 * buyer marked it received) or 14 days after it was shipped, whichever comes
 * first (a buyer who never confirms cannot block the seller's feedback), and
 * for 60 days from then.
 */
export const FEEDBACK_AFTER_SHIPPED_MS = 14 * DAY_MS;
export const FEEDBACK_WINDOW_MS = 60 * DAY_MS;

export function feedbackOpensAt(order: Pick<OrderRow, "completedAt" | "shippedAt">): number | null {
  const candidates = [order.completedAt, order.shippedAt === null ? null : order.shippedAt + FEEDBACK_AFTER_SHIPPED_MS].filter(
    (at): at is number => at !== null,
  );
  return candidates.length > 0 ? Math.min(...candidates) : null;
}

export type FeedbackDecision = { ok: true } | { ok: false; status: 403 | 422; code: "FORBIDDEN" | "FEEDBACK_NOT_ALLOWED"; message: string };

export function decideFeedback(order: Pick<OrderRow, "completedAt" | "shippedAt">, role: OrderRole | null, now: number): FeedbackDecision {
  if (role === null) return { ok: false, status: 403, code: "FORBIDDEN", message: "Only the buyer and the seller rate an order" };
  const opensAt = feedbackOpensAt(order);
  if (opensAt === null || now < opensAt) {
    return { ok: false, status: 422, code: "FEEDBACK_NOT_ALLOWED", message: "Feedback opens when the order completes, or 14 days after it was shipped" };
  }
  if (now > opensAt + FEEDBACK_WINDOW_MS) {
    return { ok: false, status: 422, code: "FEEDBACK_NOT_ALLOWED", message: "Feedback closes 60 days after the order completed" };
  }
  return { ok: true };
}
