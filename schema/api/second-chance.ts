import { z } from "zod";
import { Money } from "./auctions";

/** A second-chance offer (docs/orders.md): the item of an unpaid order, offered to the runner-up at their own highest bid. */

export const SECOND_CHANCE_HOURS = 48;

export const SecondChanceStatus = z.enum(["pending", "accepted", "declined", "expired"]).meta({ id: "SecondChanceStatus" });
export type SecondChanceStatus = z.infer<typeof SecondChanceStatus>;

export const SecondChanceOffer = z
  .object({
    id: z.string(),
    auctionId: z.string(),
    title: z.string(),
    currency: z.string(),
    /** The runner-up's own highest bid: never more. */
    price: Money,
    status: SecondChanceStatus,
    expiresAt: z.number().int(),
    createdAt: z.number().int(),
    decidedAt: z.number().int().nullable(),
    buyer: z.object({ id: z.string(), displayName: z.string() }),
    seller: z.object({ id: z.string(), displayName: z.string() }),
    /** Set once accepted: the order it made. */
    orderId: z.string().nullable(),
  })
  .meta({ id: "SecondChanceOffer" });
export type SecondChanceOffer = z.infer<typeof SecondChanceOffer>;

/** No body, or no price: the runner-up's highest bid. A lower price is the seller's choice; a higher one is refused. */
export const SecondChanceRequest = z.strictObject({ price: Money.optional() }).meta({ id: "SecondChanceRequest" });
export type SecondChanceRequest = z.infer<typeof SecondChanceRequest>;
