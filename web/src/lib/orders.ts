import type { OrderStatus, OrderStep } from "$schema";

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  awaiting_payment: "Awaiting payment",
  paid: "Paid",
  shipped: "Shipped",
  completed: "Completed",
  unpaid: "Unpaid",
};

/** The button each step gets on the order page. */
export const ORDER_STEP_LABELS: Record<OrderStep, string> = {
  paid: "Mark as paid",
  shipped: "Mark as shipped",
  received: "I received it",
  unpaid: "Mark as unpaid",
};
