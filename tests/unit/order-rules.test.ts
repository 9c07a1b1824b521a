import { describe, expect, it } from "vitest";
import type { OrderStatus } from "../../schema";
import { decideFeedback, FEEDBACK_AFTER_SHIPPED_MS, FEEDBACK_WINDOW_MS, feedbackOpensAt } from "../../worker/orders/feedback-rules";
import { availableSteps, DAY_MS, decideStep } from "../../worker/orders/rules";

const NOW = Date.parse("2030-03-01T12:00:00Z");
const order = (status: OrderStatus, dueIn = DAY_MS) => ({ status, paymentDueAt: NOW + dueIn });

describe("order steps (fixed clock)", () => {
  it("lets each step happen only from its state, by its party", () => {
    expect(availableSteps(order("awaiting_payment"), "seller", NOW)).toEqual(["paid"]);
    expect(availableSteps(order("awaiting_payment", -1), "seller", NOW)).toEqual(["paid", "unpaid"]);
    expect(availableSteps(order("paid"), "seller", NOW)).toEqual(["shipped"]);
    expect(availableSteps(order("shipped"), "buyer", NOW)).toEqual(["received"]);
    expect(availableSteps(order("shipped"), "seller", NOW)).toEqual([]);
    for (const status of ["completed", "unpaid"] as const) {
      expect(availableSteps(order(status, -1), "seller", NOW)).toEqual([]);
      expect(availableSteps(order(status, -1), "buyer", NOW)).toEqual([]);
    }
    expect(availableSteps(order("awaiting_payment", -1), null, NOW)).toEqual([]);
  });

  it("answers 403 for the wrong party, 409 out of order, 422 before the payment deadline", () => {
    expect(decideStep(order("awaiting_payment"), "buyer", "paid", NOW)).toMatchObject({ ok: false, status: 403 });
    expect(decideStep(order("awaiting_payment"), "seller", "shipped", NOW)).toMatchObject({ ok: false, status: 409, code: "ORDER_STEP_OUT_OF_ORDER" });
    expect(decideStep(order("awaiting_payment", 0), "seller", "unpaid", NOW)).toEqual({ ok: true, to: "unpaid" });
    expect(decideStep(order("awaiting_payment", 1), "seller", "unpaid", NOW)).toMatchObject({ ok: false, status: 422, code: "PAYMENT_NOT_OVERDUE" });
    expect(decideStep(order("shipped"), "buyer", "received", NOW)).toEqual({ ok: true, to: "completed" });
  });
});

describe("feedback window (fixed clock)", () => {
  it("opens at completion or 14 days after shipping, whichever is first, and closes 60 days later", () => {
    expect(feedbackOpensAt({ completedAt: null, shippedAt: null })).toBeNull();
    expect(feedbackOpensAt({ completedAt: null, shippedAt: NOW })).toBe(NOW + FEEDBACK_AFTER_SHIPPED_MS);
    expect(feedbackOpensAt({ completedAt: NOW + DAY_MS, shippedAt: NOW })).toBe(NOW + DAY_MS);
    expect(feedbackOpensAt({ completedAt: NOW + 20 * DAY_MS, shippedAt: NOW })).toBe(NOW + FEEDBACK_AFTER_SHIPPED_MS);

    const completed = { completedAt: NOW, shippedAt: NOW - DAY_MS };
    expect(decideFeedback(completed, "buyer", NOW)).toEqual({ ok: true });
    expect(decideFeedback(completed, "seller", NOW + FEEDBACK_WINDOW_MS)).toEqual({ ok: true });
    expect(decideFeedback(completed, "seller", NOW + FEEDBACK_WINDOW_MS + 1)).toMatchObject({ ok: false, code: "FEEDBACK_NOT_ALLOWED" });
    expect(decideFeedback({ completedAt: null, shippedAt: NOW }, "seller", NOW + FEEDBACK_AFTER_SHIPPED_MS - 1)).toMatchObject({ ok: false, status: 422 });
    expect(decideFeedback(completed, null, NOW)).toMatchObject({ ok: false, status: 403 });
  });
});
