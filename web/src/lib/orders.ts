import type { OrderStatus, OrderStep } from "$schema";
import { m } from "$schema/paraglide/messages.js";

const STATUS_LABELS: Record<OrderStatus, () => string> = {
  awaiting_payment: m.order_status_awaiting_payment,
  paid: m.order_status_paid,
  shipped: m.order_status_shipped,
  completed: m.order_status_completed,
  unpaid: m.order_status_unpaid,
};

const STEP_LABELS: Record<OrderStep, () => string> = {
  paid: m.order_step_paid,
  shipped: m.order_step_shipped,
  received: m.order_step_received,
  unpaid: m.order_step_unpaid,
};

export function orderStatusLabel(status: OrderStatus): string {
  return STATUS_LABELS[status]();
}

/** The button each step gets on the order page. */
export function orderStepLabel(step: OrderStep): string {
  return STEP_LABELS[step]();
}
