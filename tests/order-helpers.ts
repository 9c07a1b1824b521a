import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { AuctionDetail, OrderDetail, OrderPage } from "../schema";
import { bidOver, createAuction, endNow, roomOf, verifiedAccount } from "./auction-helpers";
import { call, type Account } from "./helpers";

export interface Sale {
  seller: Account;
  buyer: Account;
  /** Bid 1,000 and lost to the buyer's 1,100. */
  runnerUp: Account;
  auction: AuctionDetail;
  orderId: string;
}

/** Settles an auction whose end has been moved into the past: a request settles it, the alarm writes the result. */
export async function settle(auctionId: string, anyone: Account): Promise<void> {
  await call(`/api/auctions/${auctionId}`, { token: anyone.auth.accessToken });
  await runDurableObjectAlarm(roomOf(auctionId));
}

/** A forward auction won by `buyer` for 1,100 over `runnerUp`'s 1,000, with its order written. */
export async function soldAuction(overrides: Record<string, unknown> = {}): Promise<Sale> {
  const seller = await verifiedAccount(["seller"]);
  const buyer = await verifiedAccount();
  const runnerUp = await verifiedAccount();
  const auction = await createAuction(seller, overrides);
  expect((await bidOver(auction.id, runnerUp, { amount: 1000 })).status).toBe(201);
  expect((await bidOver(auction.id, buyer, { amount: 1100 })).status).toBe(201);
  await endNow(auction.id);
  await settle(auction.id, seller);
  const orderId = await orderIdOf(auction.id);
  return { seller, buyer, runnerUp, auction, orderId };
}

export async function orderIdOf(auctionId: string, source = "result"): Promise<string> {
  const row = await env.DB.prepare("SELECT id FROM orders WHERE auction_id = ? AND source = ?").bind(auctionId, source).first<{ id: string }>();
  if (!row) throw new Error(`no ${source} order for auction ${auctionId}`);
  return row.id;
}

export async function orderOf(orderId: string, viewer: Account): Promise<OrderDetail> {
  const response = await call(`/api/orders/${orderId}`, { token: viewer.auth.accessToken });
  expect(response.status).toBe(200);
  return (await response.json()) as OrderDetail;
}

export async function ordersOf(viewer: Account, query = ""): Promise<OrderPage> {
  const response = await call(`/api/orders${query}`, { token: viewer.auth.accessToken });
  expect(response.status).toBe(200);
  return (await response.json()) as OrderPage;
}

export function takeStep(orderId: string, actor: Account, body: Record<string, unknown>) {
  return call(`/api/orders/${orderId}/steps`, { method: "POST", token: actor.auth.accessToken, body });
}

/** Moves an order's payment deadline into the past, as if the days had gone by. */
export async function passPaymentDeadline(orderId: string): Promise<void> {
  await env.DB.prepare("UPDATE orders SET payment_due_at = ? WHERE id = ?").bind(Date.now() - 1, orderId).run();
}
