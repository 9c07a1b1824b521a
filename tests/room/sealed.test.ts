import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { commitmentPreimage, type AuctionDetail, type AuctionPage, type BidHistoryEntry, type Opening } from "../../schema";
import type { AuctionRoom } from "../../worker/auction/room";
import type { AuctionState, AuctionTerms } from "../../worker/auction/types";
import { bidOver, createAuction, flushSummary, roomOf, verifiedAccount } from "../auction-helpers";
import { call, expectError, type Account } from "../helpers";
import { LiveClient } from "./sockets";

const HOUR = 60 * 60 * 1000;
const details = { description: "Replace the cartridge and reseal the base", estimatedDuration: "2 hours" };
/** Distinctive amounts: none of them may appear anywhere before the offers are opened. */
const ALICE_AMOUNT = 23_456;
const BOB_AMOUNT = 19_876;
const SECRET_AMOUNTS = [String(ALICE_AMOUNT), String(BOB_AMOUNT)];

function randomNonce(): string {
  return [...crypto.getRandomValues(new Uint8Array(32))].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Computed here with WebCrypto, as a browser would, from the shared canonical encoding. */
async function commitmentFor(auctionId: string, providerId: string, opening: Opening): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(commitmentPreimage(auctionId, providerId, opening)));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

function commit(auctionId: string, provider: Account, commitment: string, key: string = crypto.randomUUID()) {
  return call(`/api/auctions/${auctionId}/commitments`, { method: "POST", token: provider.auth.accessToken, headers: { "idempotency-key": key }, body: { commitment } });
}

function reveal(auctionId: string, provider: Account, opening: Opening, key: string = crypto.randomUUID()) {
  return call(`/api/auctions/${auctionId}/reveals`, { method: "POST", token: provider.auth.accessToken, headers: { "idempotency-key": key }, body: opening });
}

/** Moves the room's clock: the deadline becomes `endsAt` (soft close never moves a sealed request's end). */
async function setDeadline(auctionId: string, endsAt: number): Promise<void> {
  await runInDurableObject(roomOf(auctionId), async (_instance: AuctionRoom, state) => {
    const read = (key: string) => JSON.parse(state.storage.sql.exec<{ value: string }>("SELECT value FROM room_meta WHERE key = ?", key).one().value);
    const terms = read("terms") as AuctionTerms;
    const current = read("state") as AuctionState;
    state.storage.sql.exec("UPDATE room_meta SET value = ? WHERE key = 'terms'", JSON.stringify({ ...terms, endsAt }));
    state.storage.sql.exec("UPDATE room_meta SET value = ? WHERE key = 'state'", JSON.stringify({ ...current, endsAt }));
  });
  await evictDurableObject(roomOf(auctionId));
}

/**
 * The deadline just passed. For real it always falls after the last commitment (commitments are
 * refused from the deadline on, and the log check holds them to that), so when the test ran
 * within the same millisecond the clock is first let tick past the last entry.
 */
async function passDeadline(auctionId: string): Promise<void> {
  const lastAt = await runInDurableObject(roomOf(auctionId), async (_instance: AuctionRoom, state) =>
    Number(state.storage.sql.exec<{ at: number | null }>("SELECT MAX(at) AS at FROM bids").one().at ?? 0),
  );
  while (Date.now() <= lastAt + 1) await new Promise((resolve) => setTimeout(resolve, 1));
  await setDeadline(auctionId, Date.now() - 1);
}

interface SealedSetup {
  auction: AuctionDetail;
  requester: Account;
  alice: Account;
  bob: Account;
  openings: { alice: Opening; bob: Opening };
}

async function sealedRequest(overrides: Record<string, unknown> = {}): Promise<SealedSetup> {
  const requester = await verifiedAccount();
  const [alice, bob] = [await verifiedAccount(["seller"]), await verifiedAccount(["seller"])];
  const title = `Sealed tap repair ${crypto.randomUUID().slice(0, 8)}`;
  const auction = await createAuction(requester, { format: "reverse", sealed: true, startingPrice: 50_000, title, ...overrides });
  return {
    auction,
    requester,
    alice,
    bob,
    openings: { alice: { amount: ALICE_AMOUNT, details, nonce: randomNonce() }, bob: { amount: BOB_AMOUNT, details, nonce: randomNonce() } },
  };
}

async function commitBoth(setup: SealedSetup): Promise<void> {
  const { auction, alice, bob, openings } = setup;
  expect((await commit(auction.id, alice, await commitmentFor(auction.id, alice.auth.user.id, openings.alice))).status).toBe(201);
  expect((await commit(auction.id, bob, await commitmentFor(auction.id, bob.auth.user.id, openings.bob))).status).toBe(201);
}

async function detailAs(auctionId: string, viewer?: Account): Promise<AuctionDetail> {
  return (await (await call(`/api/auctions/${auctionId}`, { token: viewer?.auth.accessToken })).json()) as AuctionDetail;
}

async function historyAs(auctionId: string, viewer?: Account): Promise<BidHistoryEntry[]> {
  return ((await (await call(`/api/auctions/${auctionId}/bids`, { token: viewer?.auth.accessToken })).json()) as { items: BidHistoryEntry[] }).items;
}

function expectNoAmount(value: unknown): void {
  const text = JSON.stringify(value);
  for (const amount of SECRET_AMOUNTS) expect(text).not.toContain(amount);
}

describe("sealed requests: posting", () => {
  it("stores the choice and the reveal window, defaulting to 24 hours, and turns soft close off", async () => {
    const { auction } = await sealedRequest();
    expect(auction).toMatchObject({ softCloseMinutes: 0, sealed: { phase: "commit", revealWindowHours: 24, commitments: 0, revealed: 0, yours: null } });
    const custom = await sealedRequest({ revealWindowHours: 6 });
    expect(custom.auction.sealed).toMatchObject({ revealWindowHours: 6, revealEndsAt: custom.auction.endsAt + 6 * HOUR });
    const open = await createAuction(await verifiedAccount(), { format: "reverse" });
    expect(open.sealed).toBeNull();
  });

  it("can be switched to sealed by an edit until the first commitment, then no longer", async () => {
    const requester = await verifiedAccount();
    const open = await createAuction(requester, { format: "reverse", startingPrice: 50_000 });
    const patch = (body: Record<string, unknown>) => call(`/api/auctions/${open.id}`, { method: "PATCH", token: requester.auth.accessToken, body });
    const sealed = await patch({ sealed: true, revealWindowHours: 12 });
    expect(sealed.status).toBe(200);
    expect(await sealed.json()).toMatchObject({ softCloseMinutes: 0, sealed: { phase: "commit", revealWindowHours: 12 } });
    const provider = await verifiedAccount(["seller"]);
    const opening = { amount: 30_000, details, nonce: randomNonce() };
    expect((await commit(open.id, provider, await commitmentFor(open.id, provider.auth.user.id, opening))).status).toBe(201);
    await expectError(await patch({ revealWindowHours: 1 }), 409, "LISTING_LOCKED");
    await expectError(await patch({ sealed: false }), 409, "LISTING_LOCKED");
  });

  it("refuses a reveal window out of bounds", async () => {
    const requester = await verifiedAccount();
    const { auctionInput } = await import("../auction-helpers");
    const response = await call("/api/auctions", { method: "POST", token: requester.auth.accessToken, body: auctionInput({ format: "reverse", sealed: true, revealWindowHours: 0 }) });
    await expectError(response, 400, "VALIDATION_FAILED");
  });
});

describe("sealed requests: windows", () => {
  it("takes commitments until the deadline and openings after it, and refuses plain offers", async () => {
    const setup = await sealedRequest();
    const { auction, alice, bob, openings } = setup;
    await expectError(await bidOver(auction.id, alice, { amount: 10_000, details }), 422, "SEALED_OFFERS_ONLY");
    await commitBoth(setup);
    await expectError(await commit(auction.id, alice, await commitmentFor(auction.id, alice.auth.user.id, openings.bob)), 409, "ALREADY_COMMITTED");
    await expectError(await reveal(auction.id, alice, openings.alice), 422, "REVEAL_NOT_OPEN");
    await expectError(await commit(auction.id, setup.requester, "a".repeat(64)), 422, "SELF_BIDDING");

    await passDeadline(auction.id);
    const carol = await verifiedAccount(["seller"]);
    await expectError(await commit(auction.id, carol, "b".repeat(64)), 422, "AUCTION_ENDED");
    expect((await reveal(auction.id, alice, openings.alice)).status).toBe(201);
    expect((await detailAs(auction.id)).sealed).toMatchObject({ phase: "reveal", commitments: 2, revealed: 1 });
    expect((await reveal(auction.id, bob, openings.bob)).status).toBe(201);
    expect((await detailAs(auction.id)).sealed).toMatchObject({ phase: "opened", revealed: 2, unrevealed: [] });
  });

  it("refuses a reveal after its window, and opens without the unrevealed offer", async () => {
    const setup = await sealedRequest();
    const { auction, alice, bob, openings } = setup;
    await commitBoth(setup);
    await passDeadline(auction.id);
    expect((await reveal(auction.id, alice, openings.alice)).status).toBe(201);
    await setDeadline(auction.id, Date.now() - 24 * HOUR - 1);
    await expectError(await reveal(auction.id, bob, openings.bob), 422, "REVEAL_CLOSED");
    const opened = await detailAs(auction.id);
    expect(opened.sealed).toMatchObject({ phase: "opened", revealed: 1, unrevealed: ["Bidder 2"] });
    expect(opened.leaderboard).toEqual([{ alias: "Bidder 1", amount: ALICE_AMOUNT, leading: true }]);
  });

  it("refuses a second reveal, but a retry with the same key gets the first answer", async () => {
    const setup = await sealedRequest();
    const { auction, alice, openings } = setup;
    await commitBoth(setup);
    await passDeadline(auction.id);
    const first = await reveal(auction.id, alice, openings.alice, "reveal-key-1");
    expect(first.status).toBe(201);
    const retried = await reveal(auction.id, alice, openings.alice, "reveal-key-1");
    expect(await retried.json()).toEqual(await first.json());
    await expectError(await reveal(auction.id, alice, openings.alice), 409, "ALREADY_REVEALED");
  });

  it("refuses an opening of someone else's commitment, and a changed opening of one's own", async () => {
    const setup = await sealedRequest();
    const { auction, alice, bob, openings } = setup;
    await commitBoth(setup);
    await passDeadline(auction.id);
    await expectError(await reveal(auction.id, bob, openings.alice), 422, "OPENING_MISMATCH");
    const carol = await verifiedAccount(["seller"]);
    await expectError(await reveal(auction.id, carol, openings.alice), 422, "NO_COMMITMENT");
    await expectError(await reveal(auction.id, alice, { ...openings.alice, amount: ALICE_AMOUNT - 1 }), 422, "OPENING_MISMATCH");
    await expectError(await reveal(auction.id, alice, { ...openings.alice, nonce: randomNonce() }), 422, "OPENING_MISMATCH");
    await expectError(await reveal(auction.id, alice, { ...openings.alice, details: { ...details, estimatedDuration: "3 hours" } }), 422, "OPENING_MISMATCH");
    // The refused attempts left the commitment open for its true opening.
    expect((await reveal(auction.id, alice, openings.alice)).status).toBe(201);
  });

  it("keeps commitments across an eviction between commit and reveal", async () => {
    const setup = await sealedRequest();
    const { auction, alice, bob, openings } = setup;
    await commitBoth(setup);
    await evictDurableObject(roomOf(auction.id));
    await passDeadline(auction.id);
    expect((await reveal(auction.id, alice, openings.alice)).status).toBe(201);
    await evictDurableObject(roomOf(auction.id));
    expect((await reveal(auction.id, bob, openings.bob)).status).toBe(201);
    expect(await (await call(`/api/auctions/${auction.id}/bids/verify`)).json()).toMatchObject({ valid: true, length: 4 });
  });

  it("reminds the providers who have not revealed an hour before the window closes", async () => {
    const setup = await sealedRequest();
    await commitBoth(setup);
    await passDeadline(setup.auction.id);
    expect((await reveal(setup.auction.id, setup.alice, setup.openings.alice)).status).toBe(201);
    await setDeadline(setup.auction.id, Date.now() - 24 * HOUR + 30 * 60 * 1000);
    // Read in the same call that brings the room up to date, well before the notice's delivery is due.
    const queued = await runInDurableObject(roomOf(setup.auction.id), async (instance: AuctionRoom, state) => {
      await instance.snapshot(null);
      return state.storage.sql.exec<{ payload: string }>("SELECT payload FROM outbox WHERE id = 'notice:reveal_closing:'").toArray();
    });
    expect(queued.map((row) => JSON.parse(row.payload).message.userIds)).toEqual([[setup.bob.auth.user.id]]);
  });

  it("tells the providers when the reveal window opens", async () => {
    const setup = await sealedRequest();
    await commitBoth(setup);
    await passDeadline(setup.auction.id);
    const queued = await runInDurableObject(roomOf(setup.auction.id), async (instance: AuctionRoom, state) => {
      await instance.snapshot(null);
      return state.storage.sql.exec<{ id: string; payload: string }>("SELECT id, payload FROM outbox WHERE id = 'notice:reveal_open:'").toArray();
    });
    expect(queued).toHaveLength(1);
    expect(JSON.parse(queued[0]!.payload).message.userIds.sort()).toEqual([setup.alice.auth.user.id, setup.bob.auth.user.id].sort());
  });
});

describe("sealed requests: award and proof", () => {
  it("lets the requester award the lowest valid reveal once opened, and the chain verifies afterwards", async () => {
    const setup = await sealedRequest();
    const { auction, requester, alice, bob, openings } = setup;
    await commitBoth(setup);
    await passDeadline(auction.id);
    const aliceReveal = (await (await reveal(auction.id, alice, openings.alice)).json()) as { seq: number };
    const award = (seq: number) => call(`/api/auctions/${auction.id}/award`, { method: "POST", token: requester.auth.accessToken, body: { seq } });
    await expectError(await award(aliceReveal.seq), 422, "RULE_VIOLATION");
    const bobReveal = (await (await reveal(auction.id, bob, openings.bob)).json()) as { seq: number };
    await expectError(await award(1), 422, "RULE_VIOLATION");

    const history = await historyAs(auction.id, requester);
    const lowest = history.filter((entry) => entry.kind === "reveal").sort((a, b) => a.amount - b.amount)[0]!;
    expect(lowest).toMatchObject({ seq: bobReveal.seq, amount: BOB_AMOUNT, details, displayName: bob.auth.user.displayName });
    const awarded = await award(lowest.seq);
    expect(awarded.status).toBe(200);
    expect(await awarded.json()).toMatchObject({ status: "awarded", currentPrice: BOB_AMOUNT });

    expect(await (await call(`/api/auctions/${auction.id}/bids/verify`)).json()).toMatchObject({ valid: true, length: 4 });
    const commitments = history.filter((entry) => entry.kind === "commit").map((entry) => entry.commitment);
    expect(history.filter((entry) => entry.kind === "reveal").map((entry) => entry.commitment)).toEqual(commitments);
    await runDurableObjectAlarm(roomOf(auction.id));
    const result = await env.DB.prepare("SELECT winner_id, final_price FROM auction_results WHERE auction_id = ?").bind(auction.id).first();
    expect(result).toEqual({ winner_id: bob.auth.user.id, final_price: BOB_AMOUNT });
  });

  it("fails verification when a stored reveal is altered, even with its hash recomputed", async () => {
    const setup = await sealedRequest();
    const { auction, alice, bob, openings } = setup;
    await commitBoth(setup);
    await passDeadline(auction.id);
    await reveal(auction.id, alice, openings.alice);
    await reveal(auction.id, bob, openings.bob);
    const { chainHash, GENESIS_HASH } = await import("../../worker/auction/bid-log");
    await runInDurableObject(roomOf(auction.id), async (_instance: AuctionRoom, state) => {
      // An operator lowering Alice's offer and rebuilding the whole chain so that its hashes agree.
      const rows = state.storage.sql.exec<Record<string, string | number | null>>("SELECT * FROM bids ORDER BY seq").toArray();
      let previous = GENESIS_HASH;
      for (const row of rows) {
        const amount = row.kind === "reveal" && row.amount === ALICE_AMOUNT ? 100 : (row.amount as number);
        const bid = {
          seq: row.seq as number,
          bidderId: row.bidder_id as string,
          alias: row.alias as string,
          amount,
          kind: row.kind as "reveal",
          at: row.at as number,
          endsAt: row.ends_at as number,
          details: row.details === null ? null : JSON.parse(row.details as string),
          seal: row.seal === null ? null : JSON.parse(row.seal as string),
        };
        previous = chainHash(previous, bid);
        state.storage.sql.exec("UPDATE bids SET amount = ?, hash = ? WHERE seq = ?", amount, previous, bid.seq);
      }
    });
    await evictDurableObject(roomOf(auction.id));
    expect(await (await call(`/api/auctions/${auction.id}/bids/verify`)).json()).toMatchObject({ valid: false, reason: "opening does not match its commitment" });
  });
});

describe("sealed requests: no amount before the offers are opened", () => {
  /** Both committed, the deadline passed, Alice revealed: Bob has not, so nothing is opened yet. */
  async function halfRevealed(): Promise<SealedSetup> {
    const setup = await sealedRequest();
    await commitBoth(setup);
    await passDeadline(setup.auction.id);
    expect((await reveal(setup.auction.id, setup.alice, setup.openings.alice)).status).toBe(201);
    return setup;
  }

  it("live frames: watchers, the requester and the other provider see no amount, as bids arrive or replayed", async () => {
    const setup = await sealedRequest();
    const { auction, requester, alice, bob, openings } = setup;
    const watchers = [await LiveClient.connect(auction.id), await LiveClient.connect(auction.id, { token: requester.auth.accessToken }), await LiveClient.connect(auction.id, { token: bob.auth.accessToken })];
    await commitBoth(setup);
    await passDeadline(auction.id);
    const late = await LiveClient.connect(auction.id, { token: requester.auth.accessToken });
    watchers.push(late);
    expect((await reveal(auction.id, alice, openings.alice)).status).toBe(201);
    for (const watcher of watchers) {
      await watcher.next((frame) => (frame.type === "bid" || frame.type === "bids") && JSON.stringify(frame).includes('"kind":"reveal"'));
      watcher.send({ type: "sync", since: 0 });
      await watcher.next((frame) => frame.type === "bids" && frame.items.length === 3);
    }
    for (const watcher of watchers) {
      expectNoAmount(watcher.frames);
      watcher.close();
    }
  });

  it("the snapshot: the state frame and GET /api/auctions/:id show counts only, to everyone", async () => {
    const { auction, requester, bob } = await halfRevealed();
    for (const viewer of [undefined, requester, bob]) {
      const detail = await detailAs(auction.id, viewer);
      expect(detail).toMatchObject({ currentPrice: null, leaderboard: [], sealed: { phase: "reveal", commitments: 2, revealed: 1 } });
      expectNoAmount(detail);
      const socket = await LiveClient.connect(auction.id, viewer ? { token: viewer.auth.accessToken } : {});
      expectNoAmount(socket.frames);
      socket.close();
    }
  });

  it("the history: GET /bids shows commitments, and reveals without amount or details, to all but their provider", async () => {
    const { auction, requester, bob, alice } = await halfRevealed();
    for (const viewer of [undefined, requester, bob]) {
      const history = await historyAs(auction.id, viewer);
      expect(history.map((entry) => [entry.kind, entry.amount])).toEqual([["commit", 0], ["commit", 0], ["reveal", 0]]);
      // A provider's own commit entry carries `details: null`; nobody sees another's details or name.
      expect(history.every((entry) => !entry.details && entry.displayName === undefined)).toBe(true);
      expectNoAmount(history);
    }
    expect((await historyAs(auction.id, alice)).at(-1)).toMatchObject({ amount: ALICE_AMOUNT, details });
  });

  it("the listing: search results and the catalog row carry no price before the offers are opened", async () => {
    const { auction } = await halfRevealed();
    await flushSummary(auction.id);
    const page = (await (await call(`/api/auctions?q=${encodeURIComponent(auction.title)}&status=all`)).json()) as AuctionPage;
    const listed = page.items.find((item) => item.id === auction.id);
    expect(listed).toMatchObject({ currentPrice: null, price: 50_000, bidCount: 2 });
    expectNoAmount(page);
    const row = await env.DB.prepare("SELECT current_price FROM auctions WHERE id = ?").bind(auction.id).first();
    expect(row).toEqual({ current_price: null });
  });
});

describe("sealed requests: the commit and reveal routes refuse abuse", () => {
  it("needs a login, the provider capability, a well-formed body and a published request", async () => {
    const setup = await sealedRequest();
    const { auction, alice, openings } = setup;
    const commitment = await commitmentFor(auction.id, alice.auth.user.id, openings.alice);
    const anonymous = await call(`/api/auctions/${auction.id}/commitments`, { method: "POST", headers: { "idempotency-key": crypto.randomUUID() }, body: { commitment } });
    await expectError(anonymous, 401, "UNAUTHENTICATED");
    await expectError(await commit(auction.id, await verifiedAccount(), commitment), 403, "SELLER_ROLE_REQUIRED");
    await expectError(await commit(auction.id, alice, "NOT-A-HASH"), 400, "VALIDATION_FAILED");
    await expectError(await reveal(auction.id, alice, { ...openings.alice, nonce: "short" }), 400, "VALIDATION_FAILED");
    await expectError(await reveal(auction.id, alice, { ...openings.alice, amount: -5 }), 400, "VALIDATION_FAILED");

    // Answered from D1 ("No auction has this id"), before any room is asked ("No such auction").
    const unknown = crypto.randomUUID();
    expect((await expectError(await commit(unknown, alice, commitment), 404, "NOT_FOUND")).error.message).toBe("No auction has this id");
    expect((await expectError(await reveal(unknown, alice, openings.alice), 404, "NOT_FOUND")).error.message).toBe("No auction has this id");

    const draft = await createAuction(setup.requester, { format: "reverse", sealed: true, publish: false });
    await expectError(await commit(draft.id, alice, commitment), 404, "NOT_FOUND");
    const open = await createAuction(setup.requester, { format: "reverse" });
    await expectError(await commit(open.id, alice, commitment), 422, "NOT_SEALED");
  });

  it("takes one commitment per provider even from a parallel burst", async () => {
    const { auction, alice, openings } = await sealedRequest();
    const commitment = await commitmentFor(auction.id, alice.auth.user.id, openings.alice);
    const responses = await Promise.all(Array.from({ length: 6 }, () => commit(auction.id, alice, commitment)));
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect((await detailAs(auction.id)).sealed).toMatchObject({ commitments: 1 });
  });

  it("a parallel burst of reveals records one", async () => {
    const setup = await sealedRequest();
    await commitBoth(setup);
    await passDeadline(setup.auction.id);
    const responses = await Promise.all(Array.from({ length: 5 }, () => reveal(setup.auction.id, setup.alice, setup.openings.alice)));
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await (await call(`/api/auctions/${setup.auction.id}/bids/verify`)).json()).toMatchObject({ valid: true, length: 3 });
  });
});
