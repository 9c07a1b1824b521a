import { z } from "zod";
import { AuctionFormat, Money } from "./auctions";
import { OrderFeedback } from "./feedback";
import { SecondChanceOffer } from "./second-chance";

/**
 * Orders: what follows a sale (docs/orders.md). The buyer and the seller see
 * each other's name and email on the order; nobody else but admins sees it.
 */

export const OrderStatus = z.enum(["awaiting_payment", "paid", "shipped", "completed", "unpaid"]).meta({ id: "OrderStatus" });
export type OrderStatus = z.infer<typeof OrderStatus>;

/** What a party can mark: the seller "paid", "shipped" and "unpaid", the buyer "received" (which completes the order). */
export const OrderStep = z.enum(["paid", "shipped", "received", "unpaid"]).meta({ id: "OrderStep" });
export type OrderStep = z.infer<typeof OrderStep>;

export const OrderRole = z.enum(["buyer", "seller"]).meta({ id: "OrderRole" });
export type OrderRole = z.infer<typeof OrderRole>;

export const MAX_TRACKING_NOTE_LENGTH = 500;
export const MAX_ORDER_MESSAGE_LENGTH = 2000;
/** A thread is a few practical messages; the cap keeps one order from growing without bound. */
export const MAX_ORDER_MESSAGES = 200;

const Party = z.object({ id: z.string(), displayName: z.string() });

export const OrderSummary = z
  .object({
    id: z.string(),
    auctionId: z.string(),
    title: z.string(),
    format: AuctionFormat,
    currency: z.string(),
    price: Money,
    status: OrderStatus,
    buyer: Party,
    seller: Party,
    /** The caller's side of this order; null for an admin who is neither. */
    role: OrderRole.nullable(),
    paymentDueAt: z.number().int(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .meta({ id: "OrderSummary" });
export type OrderSummary = z.infer<typeof OrderSummary>;

export const OrderMessage = z
  .object({ id: z.string(), authorId: z.string(), authorName: z.string(), body: z.string(), createdAt: z.number().int() })
  .meta({ id: "OrderMessage" });
export type OrderMessage = z.infer<typeof OrderMessage>;

const PartyWithContact = Party.extend({ email: z.string() });

export const OrderDetail = OrderSummary.extend({
  buyer: PartyWithContact,
  seller: PartyWithContact,
  source: z.enum(["result", "second_chance"]),
  trackingNote: z.string().nullable(),
  paidAt: z.number().int().nullable(),
  shippedAt: z.number().int().nullable(),
  receivedAt: z.number().int().nullable(),
  completedAt: z.number().int().nullable(),
  unpaidAt: z.number().int().nullable(),
  /** The steps the caller may take now (the unpaid step only once the payment deadline has passed). */
  steps: z.array(OrderStep),
  messages: z.array(OrderMessage),
  feedback: OrderFeedback,
  /** After an unpaid order: the offer to the runner-up, if one was made (parties and admins only). */
  secondChance: SecondChanceOffer.nullable(),
}).meta({ id: "OrderDetail" });
export type OrderDetail = z.infer<typeof OrderDetail>;

export const OrderPage = z
  .object({ items: z.array(OrderSummary), nextCursor: z.string().nullable() })
  .meta({ id: "OrderPage" });
export type OrderPage = z.infer<typeof OrderPage>;

export const OrderListQuery = z.object({
  /** "buyer": what you bought; "seller": what you sold; both when absent. */
  role: OrderRole.optional(),
  /** Only the orders of this auction (an auction page asks for the caller's order there). */
  auctionId: z.uuid().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type OrderListQuery = z.infer<typeof OrderListQuery>;

export const OrderStepRequest = z
  .strictObject({
    step: OrderStep,
    /** Only with "shipped": a carrier and tracking number, or how it was sent. */
    trackingNote: z.string().trim().max(MAX_TRACKING_NOTE_LENGTH).optional(),
  })
  .refine((request) => request.trackingNote === undefined || request.step === "shipped", {
    message: "A tracking note goes with the shipped step only",
    path: ["trackingNote"],
  })
  .meta({ id: "OrderStepRequest" });
export type OrderStepRequest = z.infer<typeof OrderStepRequest>;

export const OrderMessageRequest = z
  .strictObject({ body: z.string().trim().min(1, "Write a message").max(MAX_ORDER_MESSAGE_LENGTH) })
  .meta({ id: "OrderMessageRequest" });
export type OrderMessageRequest = z.infer<typeof OrderMessageRequest>;
