import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { AuctionDetail } from "../schema";
import type { AuctionRoom } from "../worker/auction/room";
import type { AuctionState, AuctionTerms } from "../worker/auction/types";
import { call, registerAccount, type Account } from "./helpers";

/** A registered account with a verified email and the given roles, set directly in D1. */
export async function verifiedAccount(roles: string[] = []): Promise<Account> {
  const account = await registerAccount();
  await env.DB.prepare("UPDATE users SET email_verified_at = ?, roles = ? WHERE id = ?")
    .bind(Date.now(), JSON.stringify(roles), account.auth.user.id)
    .run();
  return account;
}

/** A category every test may list in; created by the setup file. */
export const TEST_CATEGORY_ID = "00000000-0000-4000-8000-00000000c0de";

/** A published forward listing by default; `{ format: "reverse" }` makes it a service request. */
export function auctionInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Date.now();
  const common = {
    title: "Omega Speedmaster 1969",
    description: "Calibre 861, serviced last year, original bracelet and box.",
    categoryId: TEST_CATEGORY_ID,
    location: "Zurich, CH",
    currency: "EUR",
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + 60 * 60 * 1000).toISOString(),
    publish: true,
  };
  if (overrides.format === "reverse") {
    const { startingPrice, ...rest } = overrides;
    return {
      ...common,
      title: "Fix a leaking tap",
      description: "The kitchen tap drips constantly; the cartridge probably needs replacing.",
      budgetMin: 5_000,
      budgetMax: startingPrice ?? 20_000,
      deadline: new Date(now + 7 * 24 * 60 * 60 * 1000).toISOString(),
      ...rest,
    };
  }
  return {
    ...common,
    format: "forward",
    condition: "good",
    startingPrice: 1000,
    increment: { kind: "fixed", amount: 100 },
    ...overrides,
  };
}

export async function createAuction(seller: Account, overrides: Record<string, unknown> = {}): Promise<AuctionDetail> {
  const response = await call("/api/auctions", { method: "POST", token: seller.auth.accessToken, body: auctionInput(overrides) });
  expect(response.status).toBe(201);
  return (await response.json()) as AuctionDetail;
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

/** Moves the auction's clock: rewrites the stored end (and start) as if time had passed. */
export async function endNow(auctionId: string): Promise<void> {
  await runInDurableObject(roomOf(auctionId), async (_instance: AuctionRoom, state) => {
    const read = (key: string) => JSON.parse(state.storage.sql.exec<{ value: string }>("SELECT value FROM room_meta WHERE key = ?", key).one().value);
    const terms = read("terms") as AuctionTerms;
    const current = read("state") as AuctionState;
    const past = Date.now() - 1;
    state.storage.sql.exec("UPDATE room_meta SET value = ? WHERE key = 'terms'", JSON.stringify({ ...terms, endsAt: past }));
    state.storage.sql.exec("UPDATE room_meta SET value = ? WHERE key = 'state'", JSON.stringify({ ...current, endsAt: past }));
  });
  await evictDurableObject(roomOf(auctionId));
}


/** Waits out the room's summary debounce and runs its alarm, which copies price and bid count to D1. */
export async function flushSummary(auctionId: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await runDurableObjectAlarm(roomOf(auctionId));
}

