import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../worker/index";
import type { NoticeMessage } from "../../worker/notifications/message";
import { NOTIFICATION_RETENTION_MS, sweepOldNotifications } from "../../worker/notifications/retention";
import { createAuction, verifiedAccount } from "../auction-helpers";
import { call, registerAccount, type Account } from "../helpers";
import { mailTo, notificationsOf } from "./channel";

function outbidNotice(auctionId: string, userIds: string[], overrides: Partial<NoticeMessage> = {}): NoticeMessage {
  const now = Date.now();
  return {
    v: 1,
    auctionId,
    event: "outbid",
    occurrence: "2",
    userIds,
    watchers: false,
    excludeIds: [],
    facts: { price: 1100, bidCount: 2, winnerId: null, reserveMet: true, startsAt: now, endsAt: now + 3_600_000 },
    publishedAt: now,
    ...overrides,
  };
}

/** Runs the queue handler on one batch, as the queue would deliver it. */
async function deliver(queue: string, messages: Array<{ id: string; body: unknown; attempts?: number }>, bindings: Env = env) {
  const batch = createMessageBatch(
    queue,
    messages.map((message) => ({ id: message.id, timestamp: Date.now(), attempts: message.attempts ?? 1, body: message.body })),
  );
  const ctx = createExecutionContext();
  await worker.queue!(batch, bindings);
  return getQueueResult(batch, ctx);
}

/** The production mail path (the send_email binding) with a mail service that is down. */
function withMailDown(): Env {
  const unavailable = { send: () => Promise.reject(new Error("mail service unavailable")) } as unknown as SendEmail;
  return { ...env, MAIL_TRANSPORT: "cloudflare", EMAIL: unavailable };
}

async function auctionWithBidder(): Promise<{ auctionId: string; bidder: Account }> {
  const seller = await verifiedAccount(["seller"]);
  const bidder = await verifiedAccount();
  return { auctionId: (await createAuction(seller)).id, bidder };
}

const outbidMail = async (account: Account) => (await mailTo(account.email)).filter((mail) => mail.subject.startsWith("You were outbid"));

describe("notification queue consumer", () => {
  it("delivers a redelivered batch once: one notification and one mail per recipient", async () => {
    const { auctionId, bidder } = await auctionWithBidder();
    const messages = [{ id: crypto.randomUUID(), body: outbidNotice(auctionId, [bidder.auth.user.id]) }];

    const first = await deliver("gavel-notifications", messages);
    const second = await deliver("gavel-notifications", messages);

    expect(first.explicitAcks).toEqual([messages[0]!.id]);
    expect(second.explicitAcks).toEqual([messages[0]!.id]);
    expect(first.retryMessages).toEqual([]);
    const rows = await notificationsOf(auctionId);
    expect(rows.map((row) => [row.user_id, row.event, row.occurrence, row.email_status])).toEqual([[bidder.auth.user.id, "outbid", "", "sent"]]);
    expect(await outbidMail(bidder)).toHaveLength(1);
  });

  it("stays at once when the same notice arrives twice at the same moment, or republished under a new message id", async () => {
    const { auctionId, bidder } = await auctionWithBidder();
    const notice = outbidNotice(auctionId, [bidder.auth.user.id]);
    await Promise.all([
      deliver("gavel-notifications", [{ id: crypto.randomUUID(), body: notice }]),
      deliver("gavel-notifications", [{ id: crypto.randomUUID(), body: notice }]),
    ]);
    await deliver("gavel-notifications", [{ id: crypto.randomUUID(), body: { ...notice, publishedAt: notice.publishedAt + 5 } }]);
    expect(await notificationsOf(auctionId)).toHaveLength(1);
    expect(await outbidMail(bidder)).toHaveLength(1);
  });

  it("coalesces outbid notices per bidder and auction: one notice that updates, one mail per window", async () => {
    const { auctionId, bidder } = await auctionWithBidder();
    const outbid = (occurrence: string, price: number) => ({
      id: crypto.randomUUID(),
      body: outbidNotice(auctionId, [bidder.auth.user.id], { occurrence, facts: { ...outbidNotice(auctionId, []).facts, price } }),
    });
    await deliver("gavel-notifications", [outbid("2", 1100)]);
    await deliver("gavel-notifications", [outbid("5", 1400)]);
    // A redelivered earlier notice neither counts again nor rolls the text back.
    await deliver("gavel-notifications", [outbid("2", 1100)]);
    const [row, ...others] = await notificationsOf(auctionId);
    expect(others).toEqual([]);
    expect(row).toMatchObject({ occurrence: "", repeat_count: 2, last_seq: 5, read_at: null });
    expect(row!.body).toContain("€14");
    expect(row!.body).toContain("2 times so far");
    expect(await outbidMail(bidder)).toHaveLength(1);

    // Once the window since the last mail has passed, the next outbid mails again.
    await env.DB.prepare("UPDATE notifications SET email_claimed_at = email_claimed_at - ? WHERE id = ?").bind(15 * 60_000 + 1, row!.id).run();
    await deliver("gavel-notifications", [outbid("9", 1800)]);
    expect(await outbidMail(bidder)).toHaveLength(2);
    await deliver("gavel-notifications", [outbid("12", 2000)]);
    expect(await outbidMail(bidder)).toHaveLength(2);
  });

  it("mails every outbid to a bidder who set the window to 0, and keeps other events once per occurrence", async () => {
    const { auctionId, bidder } = await auctionWithBidder();
    const update = await call("/api/me/notifications/preferences", { method: "PUT", token: bidder.auth.accessToken, body: { outbidMailWindowMinutes: 0 } });
    expect(await update.json()).toMatchObject({ outbidMailWindowMinutes: 0, email: { outbid: true } });
    for (const occurrence of ["2", "5"]) {
      await deliver("gavel-notifications", [{ id: crypto.randomUUID(), body: outbidNotice(auctionId, [bidder.auth.user.id], { occurrence }) }]);
    }
    expect(await outbidMail(bidder)).toHaveLength(2);
    const ended = outbidNotice(auctionId, [bidder.auth.user.id], { event: "ended", occurrence: "" });
    await deliver("gavel-notifications", [{ id: crypto.randomUUID(), body: ended }]);
    await deliver("gavel-notifications", [{ id: crypto.randomUUID(), body: ended }]);
    expect((await notificationsOf(auctionId)).map((row) => row.event).sort()).toEqual(["ended", "outbid"]);
  });

  it("mails only those who want mail and have a verified address; everyone gets the in-app notification", async () => {
    const { auctionId, bidder } = await auctionWithBidder();
    const optedOut = await verifiedAccount();
    const unverified = await registerAccount();
    const update = await call("/api/me/notifications/preferences", { method: "PUT", token: optedOut.auth.accessToken, body: { email: { outbid: false } } });
    expect(update.status).toBe(200);

    await deliver("gavel-notifications", [
      { id: crypto.randomUUID(), body: outbidNotice(auctionId, [bidder.auth.user.id, optedOut.auth.user.id, unverified.auth.user.id]) },
    ]);

    const statuses = Object.fromEntries((await notificationsOf(auctionId)).map((row) => [row.user_id, row.email_status]));
    expect(statuses).toEqual({ [bidder.auth.user.id]: "sent", [optedOut.auth.user.id]: "skipped", [unverified.auth.user.id]: "skipped" });
    expect(await outbidMail(optedOut)).toEqual([]);
    expect(await outbidMail(unverified)).toEqual([]);
  });

  it("reaches watchers when asked, never the excluded, never suspended accounts", async () => {
    const { auctionId, bidder: watcher } = await auctionWithBidder();
    const excluded = await verifiedAccount();
    const suspended = await verifiedAccount();
    for (const account of [watcher, excluded, suspended]) {
      expect((await call(`/api/auctions/${auctionId}/watch`, { method: "PUT", token: account.auth.accessToken })).status).toBe(200);
    }
    await env.DB.prepare("UPDATE users SET suspended_at = ? WHERE id = ?").bind(Date.now(), suspended.auth.user.id).run();

    await deliver("gavel-notifications", [
      { id: crypto.randomUUID(), body: outbidNotice(auctionId, [], { event: "started", occurrence: "", watchers: true, excludeIds: [excluded.auth.user.id] }) },
    ]);

    expect((await notificationsOf(auctionId)).map((row) => [row.user_id, row.event])).toEqual([[watcher.auth.user.id, "started"]]);
  });

  it("retries with backoff when mail fails, then sends that mail once without storing the notification again", async () => {
    const { auctionId, bidder } = await auctionWithBidder();
    const message = { id: crypto.randomUUID(), body: outbidNotice(auctionId, [bidder.auth.user.id]), attempts: 2 };

    const failed = await deliver("gavel-notifications", [message], withMailDown());
    expect(failed.explicitAcks).toEqual([]);
    // The delay (retryDelaySeconds, unit-tested) is not reported back by the test harness's batch.
    expect(failed.retryMessages.map((retry) => retry.msgId)).toEqual([message.id]);
    expect((await notificationsOf(auctionId)).map((row) => row.email_status)).toEqual(["pending"]);

    const retried = await deliver("gavel-notifications", [{ ...message, attempts: 3 }]);
    expect(retried.explicitAcks).toEqual([message.id]);
    expect((await notificationsOf(auctionId)).map((row) => row.email_status)).toEqual(["sent"]);
    expect(await outbidMail(bidder)).toHaveLength(1);
  });

  it("deletes notifications after 90 days, in batches, and keeps newer ones", async () => {
    const { auctionId, bidder } = await auctionWithBidder();
    const occurrences = Array.from({ length: 3 }, (_, index) => String(index));
    await deliver(
      "gavel-notifications",
      occurrences.map((occurrence) => ({ id: crypto.randomUUID(), body: outbidNotice(auctionId, [bidder.auth.user.id], { event: "ending_soon", occurrence }) })),
    );
    await env.DB.prepare("UPDATE notifications SET created_at = created_at - ? WHERE auction_id = ? AND occurrence IN ('0', '1')")
      .bind(NOTIFICATION_RETENTION_MS + 1000, auctionId)
      .run();

    expect(await sweepOldNotifications(env, Date.now())).toBeGreaterThanOrEqual(2);
    expect((await notificationsOf(auctionId)).map((row) => row.occurrence)).toEqual(["2"]);
  });

  it("sets malformed messages aside at once, and acknowledges notices of unknown auctions", async () => {
    const malformedId = crypto.randomUUID();
    const unknownAuction = crypto.randomUUID();
    const result = await deliver("gavel-notifications", [
      { id: malformedId, body: { v: 1, event: "exploded" } },
      { id: crypto.randomUUID(), body: outbidNotice(unknownAuction, [crypto.randomUUID()]) },
    ]);
    expect(result.explicitAcks).toHaveLength(2);
    expect(result.retryMessages).toEqual([]);
    const letter = await env.DB.prepare("SELECT body FROM notification_dead_letters WHERE message_id = ?").bind(malformedId).first<{ body: string }>();
    expect(JSON.parse(letter!.body)).toEqual({ v: 1, event: "exploded" });
    expect(await notificationsOf(unknownAuction)).toEqual([]);
  });

  it("keeps what exhausted its retries in D1 for an operator", async () => {
    const id = crypto.randomUUID();
    const result = await deliver("gavel-notifications-dlq", [{ id, body: { v: 1, auctionId: "a" }, attempts: 6 }]);
    expect(result.ackAll).toBe(true);
    const letter = await env.DB.prepare("SELECT attempts FROM notification_dead_letters WHERE message_id = ?").bind(id).first<{ attempts: number }>();
    expect(letter?.attempts).toBe(6);
  });
});
