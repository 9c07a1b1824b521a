import type { Context } from "hono";
import type { AuctionRow } from "../../schema/db";
import { auditInsert } from "../db/audit";
import type { Database } from "../db/client";
import { recordCancellation } from "../db/listings";
import type { AppEnv } from "../env";
import { auditActor } from "../lib/audit-actor";
import { ApiError } from "../lib/errors";

/**
 * An admin cancels someone's auction: the room ends it, and its `cancelled`
 * notice carries the reason to every bidder and watcher (in the app, and by
 * mail unless they turned that mail off); the reason is stored and audited.
 * Used by POST /api/admin/auctions/{id}/cancel and POST /api/auctions/{id}/cancel.
 */
export async function cancelAsAdmin(c: Context<AppEnv>, db: Database, row: AuctionRow, reason: string) {
  const reply = await c.env.AUCTION_ROOM.get(c.env.AUCTION_ROOM.idFromName(row.id)).cancel(c.get("auth").user.id, true, reason);
  if (!reply.ok) throw new ApiError(reply.status, reply.code as ApiError["code"], reply.message);
  const now = Date.now();
  await db.batch([
    recordCancellation(db, row.id, reply.snapshot.status, reason, now),
    auditInsert(db, auditActor(c), { action: "auction.cancel", targetType: "auction", targetId: row.id, before: { status: row.status }, after: { status: reply.snapshot.status, reason } }, now),
  ]);
  return reply.snapshot;
}

