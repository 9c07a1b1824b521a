import type { Context } from "hono";
import type { AuctionRow } from "../../schema/db";
import { auditInsert } from "../db/audit";
import type { Database } from "../db/client";
import { recordCancellation } from "../db/listings";
import { bidderAndWatcherAddresses } from "../db/moderation";
import type { AppEnv } from "../env";
import { auditActor } from "../lib/audit-actor";
import { ApiError } from "../lib/errors";
import { accountLocale } from "../lib/language";
import { log } from "../lib/log";
import { auctionCancelledMail } from "../mail/admin-templates";
import { mailerFor } from "../mail/mailer";

/**
 * Mails every bidder and watcher of an auction an admin cancelled, with the
 * reason. Bidders are read from auction_bidders, which the room refreshes
 * with its summary about a second after a bid: a bid placed in that last
 * second before the cancel is not mailed (its bidder sees the cancellation
 * live). One failed address is logged and does not stop the others.
 */
export async function tellBiddersAndWatchers(env: Env, db: Database, row: AuctionRow, reason: string, requestId: string): Promise<number> {
  const recipients = (await bidderAndWatcherAddresses(db, row.id)).filter((recipient) => recipient.email);
  const url = new URL(`/auctions/${row.id}`, env.SITE_URL).toString();
  const mailer = mailerFor(env);
  let sent = 0;
  for (const recipient of recipients) {
    try {
      await mailer.send(auctionCancelledMail(env.SITE_NAME, recipient.email, { title: row.title, reason, url }, accountLocale(recipient)));
      sent += 1;
    } catch (error) {
      log("error", "cancellation mail failed", { requestId, auctionId: row.id, error: String(error) });
    }
  }
  return sent;
}

/**
 * An admin cancels someone's auction: the room ends it, the reason is stored
 * and audited, and every bidder and watcher is mailed. Used by
 * POST /api/admin/auctions/{id}/cancel and POST /api/auctions/{id}/cancel.
 */
export async function cancelAsAdmin(c: Context<AppEnv>, db: Database, row: AuctionRow, reason: string) {
  const reply = await c.env.AUCTION_ROOM.get(c.env.AUCTION_ROOM.idFromName(row.id)).cancel(c.get("auth").user.id, true);
  if (!reply.ok) throw new ApiError(reply.status, reply.code as ApiError["code"], reply.message);
  const now = Date.now();
  await db.batch([
    recordCancellation(db, row.id, reply.snapshot.status, reason, now),
    auditInsert(db, auditActor(c), { action: "auction.cancel", targetType: "auction", targetId: row.id, before: { status: row.status }, after: { status: reply.snapshot.status, reason } }, now),
  ]);
  c.executionCtx.waitUntil(tellBiddersAndWatchers(c.env, db, row, reason, c.get("requestId")));
  return reply.snapshot;
}

