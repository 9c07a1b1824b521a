import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { NotificationList, NotificationPreferences } from "../../schema";
import type { AuctionRoom } from "../../worker/auction/room";
import type { AuctionState, AuctionTerms } from "../../worker/auction/types";
import { unsubscribeToken } from "../../worker/notifications/unsubscribe";
import { SESSION_ENDED_CLOSE_CODE } from "../../worker/realtime/socket-scope";
import { bidOver, createAuction, endNow, roomOf, verifiedAccount } from "../auction-helpers";
import { call, expectError, ORIGIN, PASSWORD, type Account } from "../helpers";
import { LiveClient } from "../room/sockets";
import { ChannelClient, mailTo, notificationsOf, waitForNotifications } from "./channel";

const MINUTE = 60_000;

function watch(account: Account, auctionId: string) {
  return call(`/api/auctions/${auctionId}/watch`, { method: "PUT", token: account.auth.accessToken });
}

/** Moves an auction's clock by rewriting its stored times, then reloads the room from storage. */
async function retime(auctionId: string, change: (terms: AuctionTerms, state: AuctionState) => { terms: AuctionTerms; state: AuctionState }) {
  await runInDurableObject(roomOf(auctionId), async (_instance: AuctionRoom, state) => {
    const read = (key: string) => JSON.parse(state.storage.sql.exec<{ value: string }>("SELECT value FROM room_meta WHERE key = ?", key).one().value);
    const next = change(read("terms") as AuctionTerms, read("state") as AuctionState);
    state.storage.sql.exec("UPDATE room_meta SET value = ? WHERE key = 'terms'", JSON.stringify(next.terms));
    state.storage.sql.exec("UPDATE room_meta SET value = ? WHERE key = 'state'", JSON.stringify(next.state));
  });
  await evictDurableObject(roomOf(auctionId));
}

describe("outbid, live and by mail", () => {
  it("reaches the previous leader's open page at once and their inbox with an unsubscribe link", async () => {
    const seller = await verifiedAccount(["seller"]);
    const alice = await verifiedAccount();
    const bob = await verifiedAccount();
    const auction = await createAuction(seller);
    const page = await ChannelClient.connect(alice.auth.accessToken);

    expect((await bidOver(auction.id, alice, { amount: 1000 })).status).toBe(201);
    expect((await bidOver(auction.id, bob, { amount: 1500 })).status).toBe(201);

    const frame = await page.next((candidate) => candidate.type === "notification");
    expect(frame).toMatchObject({
      type: "notification",
      unreadCount: 1,
      notification: { event: "outbid", auctionId: auction.id, link: `/auctions/${auction.id}`, readAt: null },
    });
    const mail = await (async () => {
      for (let tries = 0; tries < 50; tries += 1) {
        const found = (await mailTo(alice.email)).find((message) => message.subject.startsWith("You were outbid"));
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error("no outbid mail");
    })();
    expect(mail.text_body).toContain(`${env.SITE_URL}/auctions/${auction.id}`);
    const unsubscribe = /(\S+\/unsubscribe\?token=\S+)/.exec(mail.text_body)![1]!;
    expect(unsubscribe.startsWith(`${env.SITE_URL}/unsubscribe?token=`)).toBe(true);
    expect(mail.html_body).toContain("Turn these emails off");
    expect(mail.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail.headers["List-Unsubscribe"]).toMatch(new RegExp(`^<${env.SITE_URL}/api/notifications/unsubscribe/one-click\\?token=[^>]+>$`));
    // The new leader and the seller hear nothing about it.
    expect((await notificationsOf(auction.id)).map((row) => row.user_id)).toEqual([alice.auth.user.id]);

    const token = new URL(unsubscribe).searchParams.get("token")!;
    const preview = await call(`/api/notifications/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(await preview.json()).toMatchObject({ event: "outbid" });
    const unchanged = (await (await call("/api/me/notifications/preferences", { token: alice.auth.accessToken })).json()) as NotificationPreferences;
    expect(unchanged.email.outbid).toBe(true);
    const result = await call("/api/notifications/unsubscribe", { method: "POST", body: { token } });
    expect(await result.json()).toMatchObject({ event: "outbid" });
    const preferences = (await (await call("/api/me/notifications/preferences", { token: alice.auth.accessToken })).json()) as NotificationPreferences;
    expect(preferences.email.outbid).toBe(false);
    expect(preferences.email.won).toBe(true);
    page.close();
  });
});

describe("end of an auction", () => {
  it("tells the winner they won and the seller who bought it for how much", async () => {
    const seller = await verifiedAccount(["seller"]);
    const alice = await verifiedAccount();
    const bob = await verifiedAccount();
    const auction = await createAuction(seller);
    await bidOver(auction.id, alice, { amount: 1000 });
    await bidOver(auction.id, bob, { amount: 2000 });
    await endNow(auction.id);
    await runDurableObjectAlarm(roomOf(auction.id));

    const rows = await waitForNotifications(auction.id, (found) => found.some((row) => row.event === "ended") && found.some((row) => row.event === "won"));
    const won = rows.find((row) => row.event === "won")!;
    const ended = rows.find((row) => row.event === "ended")!;
    expect(won.user_id).toBe(bob.auth.user.id);
    expect(won.body).toContain("€11");
    expect(ended.user_id).toBe(seller.auth.user.id);
    expect(ended.body).toBe(`“${auction.title}” sold to ${bob.auth.user.displayName} for €11.`);
    // The alarm firing again (or any later request) publishes nothing new.
    await runDurableObjectAlarm(roomOf(auction.id));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await notificationsOf(auction.id)).filter((row) => row.event === "won" || row.event === "ended")).toHaveLength(2);
  });
});

describe("timed notices, fired by the room's alarm", () => {
  it("sends 'ending soon' once to watchers and bidders when the end is 15 minutes away", async () => {
    const seller = await verifiedAccount(["seller"]);
    const watcher = await verifiedAccount();
    const bidder = await verifiedAccount();
    const auction = await createAuction(seller);
    expect((await watch(watcher, auction.id)).status).toBe(200);
    await bidOver(auction.id, bidder, { amount: 1000 });

    await runDurableObjectAlarm(roomOf(auction.id));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await notificationsOf(auction.id)).filter((row) => row.event === "ending_soon")).toEqual([]);

    const endsAt = Date.now() + 10 * MINUTE;
    await retime(auction.id, (terms, state) => ({ terms: { ...terms, endsAt }, state: { ...state, endsAt } }));
    expect(await runDurableObjectAlarm(roomOf(auction.id))).toBe(true);
    const rows = await waitForNotifications(auction.id, (found) => found.filter((row) => row.event === "ending_soon").length === 2);
    expect(rows.filter((row) => row.event === "ending_soon").map((row) => row.user_id).sort()).toEqual([watcher.auth.user.id, bidder.auth.user.id].sort());
    expect(rows.find((row) => row.event === "ending_soon")!.body).toMatch(/closes in 10 minutes/);

    await evictDurableObject(roomOf(auction.id));
    await runDurableObjectAlarm(roomOf(auction.id));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await notificationsOf(auction.id)).filter((row) => row.event === "ending_soon")).toHaveLength(2);
  });

  it("sends 'starting soon' to watchers 15 minutes before a scheduled start, then 'started'", async () => {
    const seller = await verifiedAccount(["seller"]);
    const watcher = await verifiedAccount();
    const now = Date.now();
    const auction = await createAuction(seller, { startsAt: new Date(now + 2 * 60 * MINUTE).toISOString(), endsAt: new Date(now + 3 * 60 * MINUTE).toISOString() });
    expect((await watch(watcher, auction.id)).status).toBe(200);

    const startsAt = Date.now() + 10 * MINUTE;
    await retime(auction.id, (terms, state) => ({ terms: { ...terms, startsAt }, state }));
    await runDurableObjectAlarm(roomOf(auction.id));
    const soon = await waitForNotifications(auction.id, (found) => found.some((row) => row.event === "starting_soon"));
    expect(soon.map((row) => [row.user_id, row.event])).toEqual([[watcher.auth.user.id, "starting_soon"]]);

    await retime(auction.id, (terms, state) => ({ terms: { ...terms, startsAt: Date.now() - 1 }, state }));
    await runDurableObjectAlarm(roomOf(auction.id));
    const started = await waitForNotifications(auction.id, (found) => found.some((row) => row.event === "started"));
    expect(started.filter((row) => row.event === "started").map((row) => row.user_id)).toEqual([watcher.auth.user.id]);
  });
});

describe("notifications API", () => {
  async function outbidTwice(): Promise<{ auctionId: string; alice: Account; bob: Account }> {
    const seller = await verifiedAccount(["seller"]);
    const alice = await verifiedAccount();
    const bob = await verifiedAccount();
    // Outbid notices coalesce per auction, so Alice is outbid in two auctions to get two notifications.
    const [first, second] = [await createAuction(seller), await createAuction(seller)];
    await bidOver(first.id, alice, { amount: 1000 });
    await bidOver(first.id, bob, { amount: 1200 });
    await bidOver(first.id, alice, { amount: 1500 });
    await waitForNotifications(first.id, (found) => found.length === 2);
    await bidOver(second.id, alice, { amount: 1000 });
    await bidOver(second.id, bob, { amount: 2000 });
    await waitForNotifications(second.id, (found) => found.length === 1);
    return { auctionId: second.id, alice, bob };
  }

  it("lists newest first in pages, counts unread, and marks read only the caller's own", async () => {
    const { alice, bob } = await outbidTwice();
    const first = (await (await call("/api/me/notifications?limit=1", { token: alice.auth.accessToken })).json()) as NotificationList;
    expect(first.unreadCount).toBe(2);
    expect(first.items).toHaveLength(1);
    const second = (await (await call(`/api/me/notifications?limit=1&cursor=${first.nextCursor}`, { token: alice.auth.accessToken })).json()) as NotificationList;
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(second.items[0]!.createdAt).toBeLessThanOrEqual(first.items[0]!.createdAt);

    const bobs = (await (await call("/api/me/notifications", { token: bob.auth.accessToken })).json()) as NotificationList;
    const otherPage = await ChannelClient.connect(alice.auth.accessToken);
    const markOthers = await call("/api/me/notifications/read", { method: "POST", token: alice.auth.accessToken, body: { ids: [bobs.items[0]!.id, first.items[0]!.id] } });
    expect(await markOthers.json()).toEqual({ unreadCount: 1 });
    expect(await otherPage.next((frame) => frame.type === "read")).toMatchObject({ unreadCount: 1 });
    expect(await (await call("/api/me/notifications/unread-count", { token: bob.auth.accessToken })).json()).toEqual({ unreadCount: 1 });

    const unreadOnly = (await (await call("/api/me/notifications?unread=true", { token: alice.auth.accessToken })).json()) as NotificationList;
    expect(unreadOnly.items.map((item) => item.id)).toEqual([second.items[0]!.id]);
    const all = await call("/api/me/notifications/read", { method: "POST", token: alice.auth.accessToken, body: { all: true } });
    expect(await all.json()).toEqual({ unreadCount: 0 });
    otherPage.close();
  });

  it("refuses bad input with the error shape", async () => {
    const alice = await verifiedAccount();
    const token = alice.auth.accessToken;
    await expectError(await call("/api/me/notifications"), 401, "UNAUTHENTICATED");
    await expectError(await call("/api/me/notifications?cursor=garbage!", { token }), 400, "VALIDATION_FAILED");
    await expectError(await call("/api/me/notifications/read", { method: "POST", token, body: { ids: [] } }), 400, "VALIDATION_FAILED");
    await expectError(await call("/api/me/notifications/read", { method: "POST", token, body: { all: false } }), 400, "VALIDATION_FAILED");
    await expectError(await call("/api/me/notifications/preferences", { method: "PUT", token, body: { email: { exploded: true } } }), 400, "VALIDATION_FAILED");
    await expectError(await call("/api/me/notifications/preferences", { method: "PUT", token, body: { email: { outbid: "yes" } } }), 400, "VALIDATION_FAILED");
    await expectError(await call("/api/notifications/unsubscribe", { method: "POST", body: { token: "not-a-token" } }), 400, "VALIDATION_FAILED");
    await expectError(await call("/api/notifications/unsubscribe?token=not-a-token"), 400, "VALIDATION_FAILED");
    await expectError(await call("/api/notifications/unsubscribe"), 400, "VALIDATION_FAILED");
    // A login token is no unsubscribe token, however valid.
    await expectError(await call("/api/notifications/unsubscribe", { method: "POST", body: { token } }), 400, "VALIDATION_FAILED");
  });

  it("turns an email off with RFC 8058 one-click: the form POST a mail client sends, without login or Origin", async () => {
    const alice = await verifiedAccount();
    const token = await unsubscribeToken(env.JWT_SECRET, { userId: alice.auth.user.id, event: "ending_soon" });
    const oneClick = (body: string, contentType = "application/x-www-form-urlencoded") =>
      call(`/api/notifications/unsubscribe/one-click?token=${encodeURIComponent(token)}`, { method: "POST", rawBody: body, headers: { "content-type": contentType } });

    await expectError(await oneClick("List-Unsubscribe=Yes"), 400, "VALIDATION_FAILED");
    await expectError(await oneClick(JSON.stringify({ "List-Unsubscribe": "One-Click" }), "application/json"), 415, "UNSUPPORTED_MEDIA_TYPE");
    await expectError(await oneClick(`List-Unsubscribe=One-Click&padding=${"x".repeat(2000)}`), 413, "PAYLOAD_TOO_LARGE");
    const preferencesBefore = (await (await call("/api/me/notifications/preferences", { token: alice.auth.accessToken })).json()) as NotificationPreferences;
    expect(preferencesBefore.email.ending_soon).toBe(true);

    const done = await oneClick("List-Unsubscribe=One-Click");
    expect(await done.json()).toMatchObject({ event: "ending_soon" });
    const preferences = (await (await call("/api/me/notifications/preferences", { token: alice.auth.accessToken })).json()) as NotificationPreferences;
    expect(preferences.email.ending_soon).toBe(false);
    expect(preferences.email.outbid).toBe(true);
  });

  it("keeps preferences per event, defaults for the rest", async () => {
    const alice = await verifiedAccount();
    const token = alice.auth.accessToken;
    const defaults = (await (await call("/api/me/notifications/preferences", { token })).json()) as NotificationPreferences;
    expect(defaults.email).toMatchObject({ outbid: true, won: true, started: false });
    const updated = await call("/api/me/notifications/preferences", { method: "PUT", token, body: { email: { started: true, won: false } } });
    expect(((await updated.json()) as NotificationPreferences).email).toMatchObject({ outbid: true, won: false, started: true });
  });
});

describe("the notification channel", () => {
  it("needs a login and a same-site origin, and answers anything but ping with an error", async () => {
    const alice = await verifiedAccount();
    const live = (headers: Record<string, string>) => exports.default.fetch(new Request(`${ORIGIN}/api/me/notifications/live`, { headers }));
    await expectError(await live({ upgrade: "websocket" }), 401, "UNAUTHENTICATED");
    await expectError(await live({ upgrade: "websocket", authorization: `Bearer ${alice.auth.accessToken}`, origin: "https://evil.example" }), 403, "ORIGIN_NOT_ALLOWED");
    await expectError(await live({ authorization: `Bearer ${alice.auth.accessToken}` }), 400, "VALIDATION_FAILED");

    const page = await ChannelClient.connect(alice.auth.accessToken);
    page.socket.send("{not json");
    expect(await page.next((frame) => frame.type === "error")).toMatchObject({ code: "NOT_ACCEPTED" });
    page.close();
  });

  /** A second login of the same account, as another device would have. */
  async function secondSession(account: Account): Promise<string> {
    const response = await call("/api/auth/login", { method: "POST", body: { email: account.email, password: account.password } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  /** Resolves "closed" with the close code, or "open" if the socket is still open after the wait. */
  function closeOf(socket: WebSocket, waitMs = 2500): Promise<number | "open"> {
    return new Promise((resolve) => {
      socket.addEventListener("close", (event) => resolve(event.code));
      setTimeout(() => resolve("open"), waitMs);
    });
  }

  it("closes the sockets of the other sessions on a password change, and keeps this one's", async () => {
    const seller = await verifiedAccount(["seller"]);
    const alice = await verifiedAccount();
    const auction = await createAuction(seller);
    const otherDevice = await secondSession(alice);
    const otherChannel = await ChannelClient.connect(otherDevice);
    const otherRoom = await LiveClient.connect(auction.id, { token: otherDevice });
    const thisChannel = await ChannelClient.connect(alice.auth.accessToken);
    const thisRoom = await LiveClient.connect(auction.id, { token: alice.auth.accessToken });
    const watcher = await LiveClient.connect(auction.id);
    const closes = [otherRoom.socket, thisChannel.socket, thisRoom.socket, watcher.socket].map((socket) => closeOf(socket));
    // The upgrade records the room on the user's channel after answering.
    await new Promise((resolve) => setTimeout(resolve, 200));

    const changed = await call("/api/me/password", {
      method: "POST",
      token: alice.auth.accessToken,
      body: { currentPassword: PASSWORD, newPassword: "a different long passphrase" },
    });
    expect(changed.status).toBe(204);

    expect((await otherChannel.closed).code).toBe(SESSION_ENDED_CLOSE_CODE);
    expect(await Promise.all(closes)).toEqual([SESSION_ENDED_CLOSE_CODE, "open", "open", "open"]);
    for (const client of [thisChannel, thisRoom, watcher]) client.close();
  });

  it("closes only the logged-out session's sockets on logout, and every socket on a suspension", async () => {
    const seller = await verifiedAccount(["seller"]);
    const admin = await verifiedAccount(["admin"]);
    const alice = await verifiedAccount();
    const auction = await createAuction(seller);
    const otherDevice = await secondSession(alice);
    const leaving = await ChannelClient.connect(otherDevice);
    const leavingRoom = await LiveClient.connect(auction.id, { token: otherDevice });
    const staying = await ChannelClient.connect(alice.auth.accessToken);
    const stayingRoom = await LiveClient.connect(auction.id, { token: alice.auth.accessToken });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const afterLogout = [leavingRoom.socket, stayingRoom.socket].map((socket) => closeOf(socket));
    expect((await call("/api/auth/logout", { method: "POST", token: otherDevice })).status).toBe(204);
    expect((await leaving.closed).code).toBe(SESSION_ENDED_CLOSE_CODE);
    expect(await Promise.all(afterLogout)).toEqual([SESSION_ENDED_CLOSE_CODE, "open"]);

    const afterSuspension = closeOf(stayingRoom.socket);
    const suspended = await call(`/api/admin/users/${alice.auth.user.id}`, { method: "PATCH", token: admin.auth.accessToken, body: { suspended: true } });
    expect(suspended.status).toBe(200);
    expect((await staying.closed).code).toBe(SESSION_ENDED_CLOSE_CODE);
    expect(await afterSuspension).toBe(SESSION_ENDED_CLOSE_CODE);
  });
});
