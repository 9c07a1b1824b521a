/**
 * The room's outbox: D1 writes and notices decided together with a state
 * change (in the same storage transaction), then delivered by the alarm until
 * accepted. That is how a result reaches D1 exactly once even if the room is
 * evicted or D1 fails, and how a notice is published once.
 */
import { writeAuctionResult, writeAuctionSummary, type AuctionResultWrite, type AuctionSummary, type BidderSummary } from "../db/auction-results";
import { log } from "../lib/log";
import type { NoticeMessage } from "../notifications/message";
import { dueTimedNotices, type Notice, type TimedNoticesSent } from "./notices";
import type { OutboxEntry, RoomStorage } from "./room-storage";
import { isReserveMet, isSettled, settleAuction } from "./rules";
import type { AcceptedBid, AuctionState, AuctionTerms } from "./types";

type OutboxPayload = { kind: "notice"; message: NoticeMessage } | ({ kind: "summary" } & AuctionSummary) | ({ kind: "result" } & AuctionResultWrite);

type Due<P extends OutboxPayload = OutboxPayload> = { entry: OutboxEntry; payload: P };

const SUMMARY_DEBOUNCE_MS = 1000;
/** Notices wait this long so a burst of bids publishes as one batch from one alarm, not an alarm per bid. */
const NOTICE_DELAY_MS = 250;
/** Outbid notices of one bidder within this long become one (the latest); the page itself learns at once from its `you` frame. */
const OUTBID_COALESCE_MS = 1000;
/** Queue batches are limited to 100 messages. */
const NOTICE_BATCH_SIZE = 100;
const RESULT_ID = "result";
const SUMMARY_ID = "summary";

function retryDelayMs(attempts: number): number {
  return Math.min(60_000, 1000 * 2 ** attempts);
}

/**
 * Inside a state change's transaction: the catalog summary, the result the
 * moment the auction settles, and the notices the change calls for. Answers
 * whether this change settled it.
 */
export function queueConsequences(store: RoomStorage, terms: AuctionTerms, before: AuctionState, after: AuctionState, notices: Notice[], now: number, awarded?: AcceptedBid): boolean {
  queueSummary(store, terms, after, now);
  const settles = isSettled(terms, after) && !isSettled(terms, before);
  if (settles) queueResult(store, terms, after, now, awarded);
  queueNotices(store, terms.id, notices, now);
  return settles;
}

/** The timed notices due at `now`, queued together with the record that they were; answers the new record (the same object if none was due). */
export function queueDueTimedNotices(store: RoomStorage, terms: AuctionTerms, state: AuctionState, sent: TimedNoticesSent, now: number): TimedNoticesSent {
  const timed = dueTimedNotices(terms, state, sent, now);
  if (timed.notices.length === 0) return sent;
  store.transaction(() => {
    store.saveTimedNoticesSent(timed.sent);
    queueNotices(store, terms.id, timed.notices, now);
  });
  return timed.sent;
}

/** Lists show D1's copy of status, price and bid count; it trails the room by at most the debounce. */
export function queueSummary(store: RoomStorage, terms: AuctionTerms, state: AuctionState, now: number): void {
  const payload: OutboxPayload = {
    kind: "summary",
    status: state.status,
    currentPrice: state.currentPrice,
    bidCount: state.bidCount,
    endsAt: state.endsAt,
    seq: state.seq,
  };
  const final = isSettled(terms, state) || state.status !== "live";
  store.enqueue(SUMMARY_ID, payload, final ? now : now + SUMMARY_DEBOUNCE_MS);
}

/**
 * Each notice is its own outbox entry, keyed by event and occurrence, so it is
 * published once. Outbid notices are keyed by the bidder instead and wait
 * longer: while one waits, a later takeover replaces it, so a bidding war
 * publishes one notice per bidder per second, not one per bid.
 */
export function queueNotices(store: RoomStorage, auctionId: string, notices: Notice[], now: number): void {
  for (const notice of notices) {
    const message: NoticeMessage = { v: 1, auctionId, ...notice, publishedAt: now };
    const outbid = notice.event === "outbid";
    const id = outbid ? `notice:outbid:${notice.userIds.join(",")}` : `notice:${notice.event}:${notice.occurrence}`;
    store.enqueue(id, { kind: "notice", message } satisfies OutboxPayload, now + (outbid ? OUTBID_COALESCE_MS : NOTICE_DELAY_MS));
  }
}

export function queueResult(store: RoomStorage, terms: AuctionTerms, state: AuctionState, now: number, awarded?: AcceptedBid): void {
  const result =
    state.status === "cancelled"
      ? { winnerId: null, finalPrice: null, bidCount: state.bidCount, reserveMet: isReserveMet(terms, state) }
      : settleAuction(terms, state, awarded);
  store.enqueue(RESULT_ID, { kind: "result", status: state.status, ...result, settledAt: now } satisfies OutboxPayload, now);
}

/**
 * Every bidder's standing, for "My auctions" and profile counts. Read from the
 * current state when the debounced summary is delivered, not copied on every bid.
 */
function bidderSummaries(state: AuctionState | null): BidderSummary[] {
  return Object.values(state?.standings ?? {}).map((standing) => ({
    userId: standing.bidderId,
    bidCount: standing.bidCount,
    highestShown: standing.bestShown,
    lastSeq: standing.setAtSeq,
  }));
}

/** Delivers what is due: notices to the queue in batches, summary and result to D1; failures are retried with backoff. */
export async function deliverDueOutbox(env: Env, store: RoomStorage, auctionId: string, state: () => AuctionState | null, now: number): Promise<void> {
  const due: Due[] = store.dueOutbox(now).map((entry) => ({ entry, payload: JSON.parse(entry.payload) as OutboxPayload }));
  const notices = due.filter((item): item is Due<Extract<OutboxPayload, { kind: "notice" }>> => item.payload.kind === "notice");
  for (let start = 0; start < notices.length; start += NOTICE_BATCH_SIZE) {
    const batch = notices.slice(start, start + NOTICE_BATCH_SIZE);
    try {
      await env.NOTIFICATIONS.sendBatch(batch.map(({ payload }) => ({ body: payload.message, contentType: "json" as const })));
      for (const { entry } of batch) store.completeOutbox(entry);
    } catch (error) {
      for (const { entry } of batch) defer(store, auctionId, entry, now, error);
    }
  }
  for (const { entry, payload } of due) {
    if (payload.kind === "notice") continue;
    try {
      if (payload.kind === "summary") await writeAuctionSummary(env.DB, auctionId, payload, bidderSummaries(state()), Date.now());
      else await writeAuctionResult(env.DB, auctionId, payload, Date.now());
      store.completeOutbox(entry);
    } catch (error) {
      defer(store, auctionId, entry, now, error);
    }
  }
}

function defer(store: RoomStorage, auctionId: string, entry: OutboxEntry, now: number, error: unknown): void {
  log("warn", "auction room: delivery failed, will retry", { room: auctionId, entry: entry.id, attempts: entry.attempts + 1, error: String(error) });
  store.retryOutbox(entry, now + retryDelayMs(entry.attempts), String(error));
}
