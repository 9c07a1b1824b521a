import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { SocketIdentity } from "../../worker/auction/room";
import { issueAccessToken } from "../../worker/auth/tokens";
import { SESSION_ENDED_CLOSE_CODE } from "../../worker/realtime/socket-scope";
import { createAuction, roomOf, verifiedAccount } from "../auction-helpers";
import { ChannelClient } from "../notifications/channel";
import { call, type Account } from "../helpers";
import { LiveClient } from "./sockets";

/**
 * Probes of what an open socket may still do once its login ended: the
 * revoked session's sockets close on every path (refresh-token reuse
 * included), and a socket bids only while its access token is valid.
 */

/** Resolves with the close code, or "open" if the socket is still open after the wait. */
function closeOf(socket: WebSocket, waitMs = 2500): Promise<number | "open"> {
  return new Promise((resolve) => {
    socket.addEventListener("close", (event) => resolve(event.code));
    setTimeout(() => resolve("open"), waitMs);
  });
}

/** The upgrade records the room on the user's channel after answering; wait until it has. */
async function roomNoted(account: Account): Promise<void> {
  const channel = env.USER_CHANNEL.get(env.USER_CHANNEL.idFromName(account.auth.user.id));
  await expect
    .poll(() => runInDurableObject(channel, (_instance, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM rooms").one().n))
    .toBe(1);
}

async function sessionOf(account: Account): Promise<string> {
  const row = await env.DB.prepare("SELECT id FROM sessions WHERE user_id = ? ORDER BY created_at LIMIT 1").bind(account.auth.user.id).first<{ id: string }>();
  return row!.id;
}

async function socketIdentities(auctionId: string): Promise<Array<SocketIdentity | null>> {
  return runInDurableObject(roomOf(auctionId), (_instance, state) =>
    state.getWebSockets().map((socket) => socket.deserializeAttachment() as SocketIdentity | null),
  );
}

describe("a revoked session's sockets", () => {
  it("close when refresh-token reuse ends the session, and bid no more", async () => {
    const seller = await verifiedAccount(["seller"]);
    const victim = await verifiedAccount();
    const auction = await createAuction(seller);
    const channel = await ChannelClient.connect(victim.auth.accessToken);
    const room = await LiveClient.connect(auction.id, { token: victim.auth.accessToken });
    await roomNoted(victim);
    const closes = [channel.socket, room.socket].map((socket) => closeOf(socket));

    const stolen = victim.auth.refreshToken!;
    const rotated = await call("/api/auth/refresh", { method: "POST", body: { refreshToken: stolen } });
    expect(rotated.status).toBe(200);
    await env.DB.prepare("UPDATE refresh_tokens SET used_at = used_at - 60000 WHERE used_at IS NOT NULL AND session_id = ?").bind(await sessionOf(victim)).run();
    const reused = await call("/api/auth/refresh", { method: "POST", body: { refreshToken: stolen } });
    expect(reused.status).toBe(401);

    expect(await Promise.all(closes)).toEqual([SESSION_ENDED_CLOSE_CODE, SESSION_ENDED_CLOSE_CODE]);
    expect((await call(`/api/auctions/${auction.id}/bids`, { token: victim.auth.accessToken })).status).toBe(401);
  });

  it("close on a change of roles, so the socket's roles are never stale", async () => {
    const seller = await verifiedAccount(["seller"]);
    const admin = await verifiedAccount(["admin"]);
    const alice = await verifiedAccount();
    const auction = await createAuction(seller);
    const channel = await ChannelClient.connect(alice.auth.accessToken);
    const room = await LiveClient.connect(auction.id, { token: alice.auth.accessToken });
    await roomNoted(alice);
    const closes = [channel.socket, room.socket].map((socket) => closeOf(socket));
    const granted = await call(`/api/admin/users/${alice.auth.user.id}`, { method: "PATCH", token: admin.auth.accessToken, body: { roles: ["seller"] } });
    expect(granted.status).toBe(200);
    expect(await Promise.all(closes)).toEqual([SESSION_ENDED_CLOSE_CODE, SESSION_ENDED_CLOSE_CODE]);
  });
});

describe("a socket's authority", () => {
  it("ends at its access token's own expiry, not fifteen minutes after connecting", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bidder = await verifiedAccount();
    const auction = await createAuction(seller);
    const config = { secret: env.JWT_SECRET, issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE };
    const ageing = await issueAccessToken(config, { userId: bidder.auth.user.id, sessionId: await sessionOf(bidder) }, Date.now() - 14 * 60 * 1000);
    const room = await LiveClient.connect(auction.id, { token: ageing.token });
    const [identity] = (await socketIdentities(auction.id)).filter((candidate) => candidate?.userId === bidder.auth.user.id);
    expect(identity!.validUntil).toBe(ageing.expiresAt);
    room.close();
  });

  it("on the notification channel also ends at the token's expiry: an expired socket is closed, not fed", async () => {
    const alice = await verifiedAccount();
    const config = { secret: env.JWT_SECRET, issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE };
    const ageing = await issueAccessToken(config, { userId: alice.auth.user.id, sessionId: await sessionOf(alice) }, Date.now() - 14 * 60 * 1000);
    const channel = await ChannelClient.connect(ageing.token);
    const stub = env.USER_CHANNEL.get(env.USER_CHANNEL.idFromName(alice.auth.user.id));
    const [validUntil] = await runInDurableObject(stub, (_instance, state) =>
      state.getWebSockets().map((socket) => (socket.deserializeAttachment() as { validUntil: number }).validUntil),
    );
    expect(validUntil).toBe(ageing.expiresAt);

    await runInDurableObject(stub, (_instance, state) => {
      for (const socket of state.getWebSockets()) socket.serializeAttachment({ validUntil: Date.now() - 1 });
    });
    const closed = closeOf(channel.socket);
    expect(await stub.push({ type: "read", now: Date.now(), unreadCount: 0 })).toBe(0);
    expect(await closed).toBe(SESSION_ENDED_CLOSE_CODE);
  });

  it("refuses a bid frame from a socket whose token has expired", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bidder = await verifiedAccount();
    const auction = await createAuction(seller);
    const room = await LiveClient.connect(auction.id, { token: bidder.auth.accessToken });
    await runInDurableObject(roomOf(auction.id), (_instance, state) => {
      for (const socket of state.getWebSockets()) {
        const identity = socket.deserializeAttachment() as SocketIdentity | null;
        if (identity) socket.serializeAttachment({ ...identity, validUntil: Date.now() - 1 });
      }
    });
    expect(await room.bid(1000)).toMatchObject({ type: "error", code: "UNAUTHENTICATED" });
    room.close();
  });
});

