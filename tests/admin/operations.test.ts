import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OperationsOverview } from "../../schema";
import type { NoticeMessage } from "../../worker/notifications/message";
import { call, expectError } from "../helpers";
import { bidOver, createAuction, verifiedAccount } from "../auction-helpers";
import { notificationsOf } from "../notifications/channel";
import { adminAccount, auditEntriesOf, newRequestId } from "./admin-helpers";

async function storeDeadLetter(body: unknown): Promise<string> {
  const messageId = `dead-${crypto.randomUUID()}`;
  await env.DB.prepare("INSERT INTO notification_dead_letters (message_id, body, attempts, received_at) VALUES (?, ?, 6, ?)").bind(messageId, JSON.stringify(body), Date.now()).run();
  return messageId;
}

async function outbidLetter(): Promise<{ messageId: string; auctionId: string; bidderId: string }> {
  const auction = await createAuction(await verifiedAccount(["seller"]));
  const bidder = await verifiedAccount();
  expect((await bidOver(auction.id, bidder, { amount: 1000 })).status).toBe(201);
  const now = Date.now();
  const notice: NoticeMessage = {
    v: 1,
    auctionId: auction.id,
    event: "outbid",
    occurrence: "7",
    userIds: [bidder.auth.user.id],
    watchers: false,
    excludeIds: [],
    facts: { price: 1100, bidCount: 2, winnerId: null, reserveMet: true, startsAt: now, endsAt: now + 3_600_000 },
    publishedAt: now,
  };
  return { messageId: await storeDeadLetter(notice), auctionId: auction.id, bidderId: bidder.auth.user.id };
}

describe("operations", () => {
  it("shows health, counts and the dead letters", async () => {
    const admin = await adminAccount();
    const messageId = await storeDeadLetter({ broken: true });
    const overview = (await (await call("/api/admin/operations", { token: admin.auth.accessToken })).json()) as OperationsOverview;
    expect(overview.health).toMatchObject({ d1: true, r2: true, durableObjects: true, queue: false });
    expect(overview.counts.deadLetters).toBeGreaterThanOrEqual(1);
    expect(overview.counts.newUsersToday).toBeGreaterThanOrEqual(1);
    expect(overview.deadLetters.map((letter) => letter.messageId)).toContain(messageId);
  });

  it("replays a dead letter: delivered once, removed, audited; a second replay finds nothing", async () => {
    const admin = await adminAccount();
    const { messageId, auctionId, bidderId } = await outbidLetter();
    const [first, second] = await Promise.all([
      call(`/api/admin/operations/dead-letters/${messageId}/replay`, { method: "POST", token: admin.auth.accessToken }),
      call(`/api/admin/operations/dead-letters/${messageId}/replay`, { method: "POST", token: admin.auth.accessToken }),
    ]);
    expect([first!.status, second!.status].sort()).toEqual([204, 404]);
    const delivered = (await notificationsOf(auctionId)).filter((row) => row.user_id === bidderId && row.event === "outbid");
    expect(delivered).toHaveLength(1);
    expect(await env.DB.prepare("SELECT 1 FROM notification_dead_letters WHERE message_id = ?").bind(messageId).first()).toBeNull();
    const audited = await env.DB.prepare("SELECT action FROM audit_log WHERE target_id = ?").bind(messageId).all<{ action: string }>();
    expect(audited.results).toEqual([{ action: "dead_letter.replay" }]);
  });

  it("keeps a letter that does not parse (discard only), and discards with an audit entry", async () => {
    const admin = await adminAccount();
    const messageId = await storeDeadLetter({ broken: true });
    await expectError(await call(`/api/admin/operations/dead-letters/${messageId}/replay`, { method: "POST", token: admin.auth.accessToken }), 422, "RULE_VIOLATION");
    expect(await env.DB.prepare("SELECT 1 FROM notification_dead_letters WHERE message_id = ?").bind(messageId).first()).not.toBeNull();
    const requestId = newRequestId();
    expect((await call(`/api/admin/operations/dead-letters/${messageId}`, { method: "DELETE", token: admin.auth.accessToken, headers: { "x-request-id": requestId } })).status).toBe(204);
    const [entry] = await auditEntriesOf(requestId);
    expect(entry).toMatchObject({ action: "dead_letter.discard", target_id: messageId, after: null });
    expect(JSON.parse(entry!.before!)).toMatchObject({ body: JSON.stringify({ broken: true }) });
    await expectError(await call(`/api/admin/operations/dead-letters/${messageId}`, { method: "DELETE", token: admin.auth.accessToken }), 404, "NOT_FOUND");
  });
});
