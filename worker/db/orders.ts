import { and, desc, eq, lt, or } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { AuctionStatus } from "../../schema/api/auctions";
import type { OrderListQuery, OrderRole, OrderStatus } from "../../schema/api/orders";
import { MAX_ORDER_MESSAGES } from "../../schema/api/orders";
import { auctions, orderMessages, orders, users, type OrderMessageRow, type OrderRow } from "../../schema/db";
import type { KeysetPosition } from "../lib/cursor";
import { PAYMENT_DEADLINE_MS_SQL } from "./site-settings";
import type { Database } from "./client";

/** What the room's result write knows about the end of an auction. */
export interface SettledResult {
  auctionId: string;
  status: AuctionStatus;
  winnerId: string | null;
  finalPrice: number | null;
  settledAt: number;
}

/**
 * The order a result creates, as statements for the room's result batch, so
 * the result and its order commit together. The (auction, source) key makes a
 * retried batch insert nothing. No winner (no bids, reserve not met, a
 * cancellation) means no order. On a service request the requester buys from
 * the awarded provider.
 */
export function orderStatementsForResult(d1: D1Database, result: SettledResult): D1PreparedStatement[] {
  if (result.winnerId === null || result.finalPrice === null || (result.status !== "ended" && result.status !== "awarded")) return [];
  return [
    d1
      .prepare(
        `INSERT INTO orders (id, auction_id, source, buyer_id, seller_id, currency, price, status, payment_due_at, created_at, updated_at)
         SELECT ?1, a.id, 'result',
                CASE a.format WHEN 'reverse' THEN a.seller_id ELSE ?3 END,
                CASE a.format WHEN 'reverse' THEN ?3 ELSE a.seller_id END,
                a.currency, ?4, 'awaiting_payment', ?5 + ${PAYMENT_DEADLINE_MS_SQL}, ?5, ?5
         FROM auctions a WHERE a.id = ?2
         ON CONFLICT (auction_id, source) DO NOTHING`,
      )
      .bind(crypto.randomUUID(), result.auctionId, result.winnerId, result.finalPrice, result.settledAt),
  ];
}

const buyer = alias(users, "buyer");
const seller = alias(users, "seller");

export interface OrderWithParties {
  order: OrderRow;
  title: string;
  format: "forward" | "reverse";
  buyer: { id: string; displayName: string; email: string };
  seller: { id: string; displayName: string; email: string };
}

function orderSelection() {
  return {
    order: orders,
    title: auctions.title,
    format: auctions.format,
    buyer: { id: buyer.id, displayName: buyer.displayName, email: buyer.email },
    seller: { id: seller.id, displayName: seller.displayName, email: seller.email },
  };
}

export async function findOrder(db: Database, orderId: string): Promise<OrderWithParties | undefined> {
  const [row] = await db
    .select(orderSelection())
    .from(orders)
    .innerJoin(auctions, eq(auctions.id, orders.auctionId))
    .innerJoin(buyer, eq(buyer.id, orders.buyerId))
    .innerJoin(seller, eq(seller.id, orders.sellerId))
    .where(eq(orders.id, orderId));
  return row;
}

/** The caller's orders, newest first, keyset-paged on (createdAt, id). */
export async function listOrdersOf(
  db: Database,
  userId: string,
  query: Pick<OrderListQuery, "role" | "auctionId" | "limit">,
  after: KeysetPosition | undefined,
): Promise<OrderWithParties[]> {
  const mine =
    query.role === "buyer" ? eq(orders.buyerId, userId) : query.role === "seller" ? eq(orders.sellerId, userId) : or(eq(orders.buyerId, userId), eq(orders.sellerId, userId));
  return db
    .select(orderSelection())
    .from(orders)
    .innerJoin(auctions, eq(auctions.id, orders.auctionId))
    .innerJoin(buyer, eq(buyer.id, orders.buyerId))
    .innerJoin(seller, eq(seller.id, orders.sellerId))
    .where(
      and(
        mine,
        query.auctionId ? eq(orders.auctionId, query.auctionId) : undefined,
        after ? or(lt(orders.createdAt, after.createdAt), and(eq(orders.createdAt, after.createdAt), lt(orders.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(query.limit);
}

const STEP_TIME_COLUMN: Record<OrderStatus, string | null> = {
  awaiting_payment: null,
  paid: "paid_at",
  shipped: "shipped_at",
  completed: "completed_at",
  unpaid: "unpaid_at",
};

/**
 * Moves an order from one status to the next in one conditional UPDATE, so of
 * two clicks racing each other only one succeeds; null when the order was no
 * longer in `from`. Completing also records when the buyer received it.
 */
export async function advanceOrder(
  d1: D1Database,
  input: { orderId: string; from: OrderStatus; to: OrderStatus; trackingNote?: string | undefined; now: number },
): Promise<boolean> {
  const column = STEP_TIME_COLUMN[input.to]!;
  const received = input.to === "completed" ? ", received_at = ?1" : "";
  const tracking = input.trackingNote !== undefined ? ", tracking_note = ?4" : "";
  const changed = await d1
    .prepare(`UPDATE orders SET status = ?2, ${column} = ?1, updated_at = ?1${received}${tracking} WHERE id = ?3 AND status = ?5 RETURNING id`)
    .bind(input.now, input.to, input.orderId, input.trackingNote ?? null, input.from)
    .first<{ id: string }>();
  return changed !== null;
}

/** Adds a message unless the thread is full; null when it is. */
export async function addOrderMessage(d1: D1Database, input: { orderId: string; authorId: string; body: string; now: number }): Promise<OrderMessageRow | null> {
  const id = crypto.randomUUID();
  const inserted = await d1
    .prepare(
      `INSERT INTO order_messages (id, order_id, author_id, body, created_at)
       SELECT ?1, ?2, ?3, ?4, ?5 WHERE (SELECT count(*) FROM order_messages WHERE order_id = ?2) < ?6
       RETURNING id`,
    )
    .bind(id, input.orderId, input.authorId, input.body, input.now, MAX_ORDER_MESSAGES)
    .first<{ id: string }>();
  return inserted ? { id, orderId: input.orderId, authorId: input.authorId, body: input.body, createdAt: input.now } : null;
}

export async function orderThread(db: Database, orderId: string): Promise<Array<OrderMessageRow & { authorName: string }>> {
  return db
    .select({
      id: orderMessages.id,
      orderId: orderMessages.orderId,
      authorId: orderMessages.authorId,
      body: orderMessages.body,
      createdAt: orderMessages.createdAt,
      authorName: users.displayName,
    })
    .from(orderMessages)
    .innerJoin(users, eq(users.id, orderMessages.authorId))
    .where(eq(orderMessages.orderId, orderId))
    .orderBy(orderMessages.createdAt, orderMessages.id);
}

/** Which side of the order a user is on; null when neither. */
export function roleIn(order: Pick<OrderRow, "buyerId" | "sellerId">, userId: string): OrderRole | null {
  if (order.buyerId === userId) return "buyer";
  if (order.sellerId === userId) return "seller";
  return null;
}
