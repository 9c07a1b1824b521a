import type { OrderRole, OrderStatus, OrderStep } from "../../schema/api/orders";

/**
 * The steps of an order, as pure functions (docs/orders.md):
 * awaiting_payment → paid (seller) → shipped (seller) → completed (the buyer
 * marks it received); or awaiting_payment → unpaid (seller, once the payment
 * deadline has passed). Payment happens between the parties, off Gavel: the
 * seller confirms it, because only the seller knows it arrived.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

interface StepRule {
  by: OrderRole;
  from: OrderStatus;
  to: OrderStatus;
}

export const STEP_RULES: Record<OrderStep, StepRule> = {
  paid: { by: "seller", from: "awaiting_payment", to: "paid" },
  shipped: { by: "seller", from: "paid", to: "shipped" },
  received: { by: "buyer", from: "shipped", to: "completed" },
  unpaid: { by: "seller", from: "awaiting_payment", to: "unpaid" },
};

export type StepDecision =
  | { ok: true; to: OrderStatus }
  | { ok: false; status: 403 | 409 | 422; code: "FORBIDDEN" | "ORDER_STEP_OUT_OF_ORDER" | "PAYMENT_NOT_OVERDUE"; message: string };

export function decideStep(order: { status: OrderStatus; paymentDueAt: number }, role: OrderRole | null, step: OrderStep, now: number): StepDecision {
  const rule = STEP_RULES[step];
  if (role !== rule.by) return { ok: false, status: 403, code: "FORBIDDEN", message: `Only the ${rule.by} marks an order ${step}` };
  if (order.status !== rule.from) {
    return { ok: false, status: 409, code: "ORDER_STEP_OUT_OF_ORDER", message: `An order that is ${order.status.replace("_", " ")} cannot be marked ${step}` };
  }
  if (step === "unpaid" && now < order.paymentDueAt) {
    return { ok: false, status: 422, code: "PAYMENT_NOT_OVERDUE", message: "The buyer still has time to pay: an order can be marked unpaid after its payment deadline" };
  }
  return { ok: true, to: rule.to };
}

/** What the caller may do now, for the order page's buttons. */
export function availableSteps(order: { status: OrderStatus; paymentDueAt: number }, role: OrderRole | null, now: number): OrderStep[] {
  return (Object.keys(STEP_RULES) as OrderStep[]).filter((step) => decideStep(order, role, step, now).ok);
}
