import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { AuctionSnapshot, CreateAuctionRequest } from "../schema";
import { call, registerAccount, type Account } from "./helpers";

/** A registered account with a verified email and the given roles, set directly in D1. */
export async function verifiedAccount(roles: string[] = []): Promise<Account> {
  const account = await registerAccount();
  await env.DB.prepare("UPDATE users SET email_verified_at = ?, roles = ? WHERE id = ?")
    .bind(Date.now(), JSON.stringify(roles), account.auth.user.id)
    .run();
  return account;
}

export function auctionInput(overrides: Partial<CreateAuctionRequest> = {}): Record<string, unknown> {
  const now = Date.now();
  return {
    title: "Omega Speedmaster 1969",
    format: "forward",
    currency: "EUR",
    startingPrice: 1000,
    increment: { kind: "fixed", amount: 100 },
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + 60 * 60 * 1000).toISOString(),
    ...overrides,
  };
}

export async function createAuction(seller: Account, overrides: Partial<CreateAuctionRequest> = {}): Promise<AuctionSnapshot> {
  const response = await call("/api/auctions", { method: "POST", token: seller.auth.accessToken, body: auctionInput(overrides) });
  expect(response.status).toBe(201);
  return (await response.json()) as AuctionSnapshot;
}

export function bidOver(auctionId: string, bidder: Account, body: Record<string, unknown>, key: string = crypto.randomUUID()) {
  return call(`/api/auctions/${auctionId}/bids`, {
    method: "POST",
    token: bidder.auth.accessToken,
    headers: { "idempotency-key": key },
    body,
  });
}

export function roomOf(auctionId: string) {
  return env.AUCTION_ROOM.get(env.AUCTION_ROOM.idFromName(auctionId));
}
