import { DurableObject } from "cloudflare:workers";
import type { AuctionStatus, ReverseBidDetails } from "../../schema/api/auctions";
import {
  ClientFrame,
  MAX_CLIENT_FRAME_BYTES,
  type AuctionSnapshot,
  type BidEvent,
  type BidHistoryEntry,
  type ServerFrame,
} from "../../schema/api/live";
import type { Role } from "../../schema/api/users";
import { orderStatementsForResult } from "../db/orders";
import { log } from "../lib/log";
import { isInScope, SESSION_ENDED_CLOSE_CODE, sessionSocketTag, userSocketTag, type SocketScope } from "../realtime/socket-scope";
import type { NoticeMessage } from "../notifications/message";
import { verifyChain, type ChainCheck } from "./bid-log";
import { dueTimedNotices, nextTimedNoticeAt, noticesForBids, noticesForTransition, type Notice, type TimedNoticesSent } from "./notices";
import { RoomStorage, type OutboxEntry, type StoredRequestOutcome } from "./room-storage";
import { snapshotOf } from "./snapshot";
import {
  advanceLifecycle,
  awardBid,
  cancelAuction,
  initialState,
  isReserveMet,
  isSettled,
  leaderboard,
  nextAlarmAt,
  placeBid,
  reviseTerms,
  settleAuction,
} from "./rules";
import type { AcceptedBid, AuctionState, AuctionTerms } from "./types";

/** Who is acting, as the Worker authenticated them; the room never trusts identity from a frame. */
export interface BidderIdentity {
  userId: string;
  displayName: string;
  verified: boolean;
  roles: Role[];
}

/**
 * A socket's identity, checked at the upgrade. It lapses with the access
 * token's lifetime so a suspension or logout reaches an open socket within
 * that time: the client reconnects and is authenticated again.
 */
export interface SocketIdentity extends BidderIdentity {
  sessionId: string;
  validUntil: number;
}

export interface BidRequest {
  requestId: string;
  amount: number;
  maxAmount?: number | undefined;
  details?: ReverseBidDetails | undefined;
}

export type BidReply = { ok: true; seq: number } | { ok: false; code: string; message: string };
export type ActionReply = { ok: true; snapshot: AuctionSnapshot } | { ok: false; status: 403 | 404 | 409 | 422; code: string; message: string };


/** Result and summary writes to D1 and notices for the queue, delivered by the alarm until accepted. */
type OutboxPayload =
  | { kind: "notice"; message: NoticeMessage }
  | {
      kind: "summary";
      status: AuctionStatus;
      currentPrice: number | null;
      bidCount: number;
      endsAt: number;
      seq: number;
    }
  | { kind: "result"; status: AuctionStatus; winnerId: string | null; finalPrice: number | null; bidCount: number; reserveMet: boolean; settledAt: number };

type NoticePayload = Extract<OutboxPayload, { kind: "notice" }>;
type DueEntry<P extends OutboxPayload = OutboxPayload> = { entry: OutboxEntry; payload: P };

export const IDENTITY_HEADER = "x-gavel-identity";
const SUMMARY_DEBOUNCE_MS = 1000;
const BROADCAST_BATCH_MS = 20;
/** The leaderboard is not latency-critical; sending it with every batch would double the fan-out. */
const LEADERBOARD_INTERVAL_MS = 500;
const MAX_REPLAY = 1000;
const RESULT_ID = "result";
const SUMMARY_ID = "summary";
/** Queue batches are limited to 100 messages. */
const NOTICE_BATCH_SIZE = 100;
/** Notices wait this long so a burst of bids publishes as one batch from one alarm, not an alarm per bid. */
const NOTICE_DELAY_MS = 250;

function retryDelayMs(attempts: number): number {
  return Math.min(60_000, 1000 * 2 ** attempts);
}

function toEvent(bid: AcceptedBid): BidEvent {
  return { seq: bid.seq, amount: bid.amount, bidder: bid.alias, kind: bid.kind, at: bid.at, endsAt: bid.endsAt };
}

/**
 * One instance per auction. A thin shell: it loads terms and state from its
 * SQLite storage, asks the pure rules in ./rules for every decision, persists
 * the outcome in one transaction, then answers and broadcasts. Nothing
 * between reading and writing the state awaits, so bids are serialised by the
 * object itself.
 */
export class AuctionRoom extends DurableObject<Env> {
  private readonly store: RoomStorage;
  private terms: AuctionTerms | null = null;
  private state: AuctionState | null = null;
  private alarmAt: number | null = null;
  private timedNoticesSent: TimedNoticesSent | null = null;
  private pendingEvents: BidEvent[] = [];
  private leaderboardChanged = false;
  private leaderboardSentAt = 0;
  private flushScheduled = false;
  private leaderboardScheduled = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new RoomStorage(ctx.storage);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    void ctx.blockConcurrencyWhile(async () => {
      this.store.migrate();
      this.terms = this.store.loadTerms();
      this.state = this.store.loadState();
      this.timedNoticesSent = this.store.loadTimedNoticesSent();
      this.alarmAt = await ctx.storage.getAlarm();
    });
  }

  async ping(): Promise<"pong"> {
    return "pong";
  }

  /** Idempotent: a second call with the same auction returns the current snapshot. */
  async initialize(terms: AuctionTerms): Promise<AuctionSnapshot> {
    if (!this.terms) {
      const state = initialState(terms);
      this.store.saveTermsAndState(terms, state);
      this.terms = terms;
      this.state = state;
      this.tick(Date.now());
      this.scheduleAlarm();
    }
    return this.snapshotFor(null, Date.now());
  }

  async snapshot(viewerId: string | null): Promise<AuctionSnapshot | null> {
    if (!this.terms) return null;
    this.tick(Date.now());
    return this.snapshotFor(viewerId, Date.now());
  }

  /** New terms for a listing that has no bids yet. */
  async revise(terms: AuctionTerms): Promise<ActionReply> {
    const now = Date.now();
    if (!this.terms || !this.state) return { ok: false, status: 404, code: "NOT_FOUND", message: "No such auction" };
    this.tick(now);
    const outcome = reviseTerms(this.state, terms);
    if (!outcome.ok) return { ok: false, status: 409, code: outcome.code, message: outcome.message };
    this.terms = terms;
    this.state = outcome.state;
    this.ctx.storage.transactionSync(() => {
      this.store.saveTermsAndState(terms, outcome.state);
      this.queueSummary(outcome.state, now);
    });
    this.tick(now);
    this.broadcast({ type: "status", now, status: this.state.status, endsAt: this.state.endsAt });
    this.scheduleAlarm();
    return { ok: true, snapshot: this.snapshotFor(terms.sellerId, now) };
  }

  async bid(identity: BidderIdentity, request: BidRequest): Promise<BidReply> {
    return this.decideBid(identity, request, Date.now());
  }

  async history(viewerId: string | null, afterSeq: number, limit: number): Promise<{ items: BidHistoryEntry[]; nextSeq: number | null } | null> {
    if (!this.terms) return null;
    const rows = this.store.bidsAfter(afterSeq, limit + 1);
    const requesterView = this.terms.format === "reverse" && viewerId === this.terms.sellerId;
    const items = rows.slice(0, limit).map((row): BidHistoryEntry => {
      const event = toEvent(row);
      if (requesterView) return { ...event, displayName: row.displayName, details: row.details };
      if (this.terms!.format === "reverse" && row.bidderId === viewerId) return { ...event, details: row.details };
      return event;
    });
    return { items, nextSeq: rows.length > limit ? items.at(-1)!.seq : null };
  }

  async verifyLog(): Promise<ChainCheck | null> {
    if (!this.terms) return null;
    return verifyChain(this.store.bidsAfter(0, Number.MAX_SAFE_INTEGER));
  }

  async cancel(actorId: string, isAdmin: boolean): Promise<ActionReply> {
    const now = Date.now();
    if (!this.terms || !this.state) return { ok: false, status: 404, code: "NOT_FOUND", message: "No such auction" };
    if (actorId !== this.terms.sellerId && !isAdmin) {
      return { ok: false, status: 403, code: "FORBIDDEN", message: "Only the seller or an admin can cancel" };
    }
    this.tick(now);
    const outcome = cancelAuction(this.state, isAdmin);
    if (!outcome.ok) return { ok: false, status: 409, code: "RULE_VIOLATION", message: outcome.message };
    this.commitState(outcome.state, now);
    return { ok: true, snapshot: this.snapshotFor(actorId, now) };
  }

  async award(actorId: string, seq: number): Promise<ActionReply> {
    const now = Date.now();
    if (!this.terms || !this.state) return { ok: false, status: 404, code: "NOT_FOUND", message: "No such auction" };
    if (actorId !== this.terms.sellerId) {
      return { ok: false, status: 403, code: "FORBIDDEN", message: "Only the requester can award" };
    }
    this.tick(now);
    const outcome = awardBid(this.terms, this.state, this.store.bidBySeq(seq));
    if (!outcome.ok) return { ok: false, status: 422, code: "RULE_VIOLATION", message: outcome.message };
    this.commitState(outcome.state, now, outcome.bid);
    return { ok: true, snapshot: this.snapshotFor(actorId, now) };
  }

  /** WebSocket upgrade; the Worker has authenticated the caller and checked Origin. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    if (!this.terms) return new Response("No such auction", { status: 404 });
    const identityHeader = request.headers.get(IDENTITY_HEADER);
    const identity = identityHeader ? (JSON.parse(identityHeader) as SocketIdentity) : null;
    const now = Date.now();
    this.tick(now);
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, identity ? [userSocketTag(identity.userId), sessionSocketTag(identity.sessionId)] : []);
    server.serializeAttachment(identity);
    server.send(JSON.stringify({ type: "state", now, auction: this.snapshotFor(identity?.userId ?? null, now) } satisfies ServerFrame));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Ends a user's authenticated sockets here whose sessions were revoked; they reconnect as whoever they are now. */
  async closeSockets(userId: string, scope: SocketScope, reason: string): Promise<number> {
    const sockets = this.ctx.getWebSockets(userSocketTag(userId)).filter((socket) => isInScope(this.ctx.getTags(socket), scope));
    for (const socket of sockets) socket.close(SESSION_ENDED_CLOSE_CODE, reason);
    return sockets.length;
  }

  override async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const now = Date.now();
    const size = typeof message === "string" ? new TextEncoder().encode(message).length : message.byteLength;
    if (size > MAX_CLIENT_FRAME_BYTES) return this.sendError(socket, null, "FRAME_TOO_LARGE", `Frames are limited to ${MAX_CLIENT_FRAME_BYTES} bytes`);
    if (typeof message !== "string") return this.sendError(socket, null, "MALFORMED_FRAME", "Send JSON text frames");
    let raw: unknown;
    try {
      raw = JSON.parse(message);
    } catch {
      return this.sendError(socket, null, "MALFORMED_FRAME", "The frame is not valid JSON");
    }
    const parsed = ClientFrame.safeParse(raw);
    if (!parsed.success) {
      const requestId = typeof raw === "object" && raw !== null && "requestId" in raw && typeof raw.requestId === "string" ? raw.requestId.slice(0, 100) : null;
      return this.sendError(socket, requestId, "INVALID_FRAME", parsed.error.issues.map((issue) => `${issue.path.join(".") || "frame"}: ${issue.message}`).join("; "));
    }
    const frame = parsed.data;
    if (frame.type === "sync") {
      const items = this.store.bidsAfter(frame.since, MAX_REPLAY).map(toEvent);
      socket.send(JSON.stringify({ type: "bids", now, items } satisfies ServerFrame));
      if (this.terms && this.state) {
        socket.send(JSON.stringify({ type: "status", now, status: this.state.status, endsAt: this.state.endsAt } satisfies ServerFrame));
      }
      return;
    }
    const identity = socket.deserializeAttachment() as SocketIdentity | null;
    if (!identity) return this.sendError(socket, frame.requestId, "UNAUTHENTICATED", "Log in to bid");
    if (identity.validUntil <= now) {
      return this.sendError(socket, frame.requestId, "UNAUTHENTICATED", "Your login needs re-checking: reconnect to keep bidding");
    }
    const reply = this.decideBid(identity, frame, now);
    socket.send(
      JSON.stringify(
        (reply.ok
          ? { type: "ack", now, requestId: frame.requestId, seq: reply.seq }
          : { type: "error", now, requestId: frame.requestId, code: reply.code, message: reply.message }) satisfies ServerFrame,
      ),
    );
  }

  override async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    socket.close(code === 1005 ? 1000 : code, reason);
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    this.alarmAt = null;
    this.tick(now);
    const due: DueEntry[] = this.store.dueOutbox(now).map((entry) => ({ entry, payload: JSON.parse(entry.payload) as OutboxPayload }));
    const notices = due.filter((item): item is DueEntry<NoticePayload> => item.payload.kind === "notice");
    for (let start = 0; start < notices.length; start += NOTICE_BATCH_SIZE) {
      await this.publishNotices(notices.slice(start, start + NOTICE_BATCH_SIZE), now);
    }
    for (const { entry, payload } of due) {
      if (payload.kind === "notice") continue;
      try {
        await this.deliver(payload);
        this.store.completeOutbox(entry);
      } catch (error) {
        this.deferDelivery(entry, now, error);
      }
    }
    this.scheduleAlarm();
  }

  private async publishNotices(batch: Array<DueEntry<NoticePayload>>, now: number): Promise<void> {
    try {
      await this.env.NOTIFICATIONS.sendBatch(batch.map(({ payload }) => ({ body: payload.message, contentType: "json" as const })));
      for (const { entry } of batch) this.store.completeOutbox(entry);
    } catch (error) {
      for (const { entry } of batch) this.deferDelivery(entry, now, error);
    }
  }

  private deferDelivery(entry: OutboxEntry, now: number, error: unknown): void {
    log("warn", "auction room: delivery failed, will retry", {
      room: this.terms?.id,
      entry: entry.id,
      attempts: entry.attempts + 1,
      error: String(error),
    });
    this.store.retryOutbox(entry, now + retryDelayMs(entry.attempts), String(error));
  }

  private async deliver(payload: Exclude<OutboxPayload, NoticePayload>): Promise<void> {
    const id = this.terms!.id;
    const now = Date.now();
    if (payload.kind === "summary") {
      await this.env.DB.batch([
        this.env.DB.prepare(
          `UPDATE auctions SET status = ?1, current_price = ?2, bid_count = ?3, ends_at = ?4, summary_seq = ?5, updated_at = ?6
           WHERE id = ?7 AND summary_seq <= ?5`,
        ).bind(payload.status, payload.currentPrice, payload.bidCount, payload.endsAt, payload.seq, now, id),
        this.env.DB.prepare(
          `INSERT INTO auction_bidders (auction_id, user_id, bid_count, highest_shown, last_seq)
           SELECT ?1, value ->> 'userId', value ->> 'bidCount', value ->> 'highestShown', value ->> 'lastSeq' FROM json_each(?2) WHERE true
           ON CONFLICT (auction_id, user_id) DO UPDATE SET
             bid_count = excluded.bid_count, highest_shown = excluded.highest_shown, last_seq = excluded.last_seq
           WHERE excluded.last_seq >= auction_bidders.last_seq`,
        ).bind(id, JSON.stringify(this.bidderStandings())),
      ]);
      return;
    }
    await this.env.DB.batch([
      this.env.DB.prepare(
        `INSERT INTO auction_results (auction_id, status, winner_id, final_price, bid_count, reserve_met, settled_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(auction_id) DO NOTHING`,
      ).bind(id, payload.status, payload.winnerId, payload.finalPrice, payload.bidCount, payload.reserveMet ? 1 : 0, payload.settledAt),
      this.env.DB.prepare(`UPDATE auctions SET status = ?1, updated_at = ?2 WHERE id = ?3`).bind(payload.status, now, id),
      ...orderStatementsForResult(this.env.DB, { auctionId: id, ...payload }),
    ]);
  }

  /**
   * Every bidder's standing, for "My auctions" and profile counts. Read from the
   * current state when the debounced summary is delivered, not copied on every bid.
   */
  private bidderStandings(): Array<{ userId: string; bidCount: number; highestShown: number; lastSeq: number }> {
    return Object.values(this.state!.standings).map((standing) => ({
      userId: standing.bidderId,
      bidCount: standing.bidCount,
      highestShown: standing.bestShown,
      lastSeq: standing.setAtSeq,
    }));
  }

  /** Applies any lifecycle transition that is due; also how a lost alarm is made up for. */
  private tick(now: number): void {
    if (!this.terms || !this.state) return;
    const next = advanceLifecycle(this.terms, this.state, now);
    if (next !== this.state) this.commitState(next, now);
    const timed = dueTimedNotices(this.terms, this.state, this.timedNoticesSent!, now);
    if (timed.notices.length === 0) return;
    this.ctx.storage.transactionSync(() => {
      this.store.saveTimedNoticesSent(timed.sent);
      this.queueNotices(timed.notices, now);
    });
    this.timedNoticesSent = timed.sent;
    this.scheduleAlarm();
  }

  /** Persists a state change that is not a bid, and tells everyone. */
  private commitState(next: AuctionState, now: number, awarded?: AcceptedBid): void {
    const terms = this.terms!;
    const previous = this.state!;
    this.ctx.storage.transactionSync(() => {
      this.store.saveState(next);
      this.queueSummary(next, now);
      if (isSettled(terms, next) && !isSettled(terms, previous)) this.queueResult(next, now, awarded);
      this.queueNotices(noticesForTransition(terms, previous, next, awarded), now);
    });
    this.state = next;
    if (next.status !== previous.status) {
      this.broadcast({ type: "status", now, status: next.status, endsAt: next.endsAt });
    }
    this.scheduleAlarm();
  }

  /** Lists show D1's copy of status, price and bid count; it trails the room by at most the debounce. */
  private queueSummary(state: AuctionState, now: number): void {
    const payload: OutboxPayload = {
      kind: "summary",
      status: state.status,
      currentPrice: state.currentPrice,
      bidCount: state.bidCount,
      endsAt: state.endsAt,
      seq: state.seq,
    };
    const final = isSettled(this.terms!, state) || state.status !== "live";
    this.store.enqueue(SUMMARY_ID, payload, final ? now : now + SUMMARY_DEBOUNCE_MS);
  }

  /** Each notice is its own outbox entry, keyed by event and occurrence, so it is published once. */
  private queueNotices(notices: Notice[], now: number): void {
    const auctionId = this.terms!.id;
    for (const notice of notices) {
      const message: NoticeMessage = { v: 1, auctionId, ...notice, publishedAt: now };
      this.store.enqueue(`notice:${notice.event}:${notice.occurrence}`, { kind: "notice", message } satisfies OutboxPayload, now + NOTICE_DELAY_MS);
    }
  }

  private queueResult(state: AuctionState, now: number, awarded?: AcceptedBid): void {
    const result = state.status === "cancelled"
      ? { winnerId: null, finalPrice: null, bidCount: state.bidCount, reserveMet: isReserveMet(this.terms!, state) }
      : settleAuction(this.terms!, state, awarded);
    const payload: OutboxPayload = { kind: "result", status: state.status, ...result, settledAt: now };
    this.store.enqueue(RESULT_ID, payload, now);
  }

  private scheduleAlarm(): void {
    if (!this.terms || !this.state) return;
    const lifecycle = nextAlarmAt(this.terms, this.state);
    const notice = nextTimedNoticeAt(this.terms, this.state, this.timedNoticesSent!);
    const outbox = this.store.earliestOutboxDue();
    const candidates = [lifecycle, notice, outbox].filter((time): time is number => time !== null);
    const due = candidates.length ? Math.min(...candidates) : null;
    if (due === this.alarmAt) return;
    this.alarmAt = due;
    if (due === null) void this.ctx.storage.deleteAlarm();
    else void this.ctx.storage.setAlarm(due);
  }

  private decideBid(identity: BidderIdentity, request: BidRequest, now: number): BidReply {
    if (!this.terms || !this.state) return { ok: false, code: "NOT_FOUND", message: "No such auction" };
    const prior = this.store.findRequest(request.requestId);
    if (prior) {
      if (prior.bidderId !== identity.userId) {
        return { ok: false, code: "REQUEST_ID_REUSED", message: "This request id was already used by someone else" };
      }
      return prior.outcome.ok
        ? { ok: true, seq: prior.outcome.seq! }
        : { ok: false, code: prior.outcome.code!, message: prior.outcome.message! };
    }
    this.tick(now);
    const terms = this.terms;
    const state = this.state;
    const precheck = this.checkBidder(identity);
    const outcome = precheck
      ? ({ ok: false, ...precheck } as const)
      : placeBid(
          terms,
          state,
          {
            bidderId: identity.userId,
            alias: state.standings[identity.userId]?.alias ?? `Bidder ${Object.keys(state.standings).length + 1}`,
            amount: request.amount,
            maxAmount: request.maxAmount,
            details: request.details,
          },
          now,
        );
    const stored: StoredRequestOutcome = outcome.ok
      ? { ok: true, seq: outcome.accepted.at(-1)!.seq }
      : { ok: false, code: outcome.code, message: outcome.message };
    this.ctx.storage.transactionSync(() => {
      this.store.recordDecision({
        state: outcome.ok ? outcome.state : null,
        accepted: outcome.ok ? outcome.accepted : [],
        displayNames: { [identity.userId]: identity.displayName },
        request: { id: request.requestId, bidderId: identity.userId, outcome: stored, at: now },
      });
      if (outcome.ok) {
        this.queueSummary(outcome.state, now);
        if (isSettled(terms, outcome.state)) this.queueResult(outcome.state, now);
        this.queueNotices([...noticesForBids(terms, state, outcome.state, outcome.accepted), ...noticesForTransition(terms, state, outcome.state)], now);
      }
    });
    if (!outcome.ok) return { ok: false, code: outcome.code, message: outcome.message };

    this.state = outcome.state;
    for (const bid of outcome.accepted) this.pendingEvents.push(toEvent(bid));
    this.leaderboardChanged = true;
    this.scheduleFlush();
    if (outcome.state.status !== state.status) {
      this.broadcast({ type: "status", now, status: outcome.state.status, endsAt: outcome.state.endsAt });
    }
    this.scheduleAlarm();
    return { ok: true, seq: stored.seq! };
  }

  private checkBidder(identity: BidderIdentity): { code: string; message: string } | null {
    if (!identity.verified) return { code: "NOT_VERIFIED", message: "Verify your email address before bidding" };
    if (this.terms!.format === "reverse" && !identity.roles.includes("seller") && identity.userId !== this.terms!.sellerId) {
      return { code: "SELLER_ROLE_REQUIRED", message: "Only providers with the seller capability can make offers" };
    }
    return null;
  }

  /**
   * Bids accepted within one short window go out as one frame, serialised
   * once for every watcher: the cost grows with watchers × frames, not
   * watchers × bids.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setTimeout(() => this.flush(), BROADCAST_BATCH_MS);
  }

  private flush(): void {
    this.flushScheduled = false;
    const now = Date.now();
    const events = this.pendingEvents;
    this.pendingEvents = [];
    if (events.length === 1) this.broadcast({ type: "bid", now, ...events[0]! });
    else if (events.length > 1) this.broadcast({ type: "bids", now, items: events });
    this.scheduleLeaderboard(now);
  }

  /** On its own timer: waiting for the leaderboard's interval must never hold back bid frames. */
  private scheduleLeaderboard(now: number): void {
    if (!this.leaderboardChanged || this.leaderboardScheduled) return;
    const wait = this.leaderboardSentAt + LEADERBOARD_INTERVAL_MS - now;
    if (wait <= 0) return this.sendLeaderboard(now);
    this.leaderboardScheduled = true;
    setTimeout(() => {
      this.leaderboardScheduled = false;
      this.sendLeaderboard(Date.now());
    }, wait);
  }

  private sendLeaderboard(now: number): void {
    if (!this.leaderboardChanged || !this.terms || !this.state) return;
    this.leaderboardChanged = false;
    this.leaderboardSentAt = now;
    this.broadcast({ type: "leaderboard", now, items: leaderboard(this.terms, this.state) });
  }

  private broadcast(frame: ServerFrame): void {
    const text = JSON.stringify(frame);
    for (const socket of this.ctx.getWebSockets()) {
      try {
        socket.send(text);
      } catch {
        // The socket is closing; its close handler cleans up.
      }
    }
  }

  private sendError(socket: WebSocket, requestId: string | null, code: string, message: string): void {
    socket.send(JSON.stringify({ type: "error", now: Date.now(), requestId, code, message } satisfies ServerFrame));
  }

  private snapshotFor(viewerId: string | null, now: number): AuctionSnapshot {
    return snapshotOf(this.terms!, this.state!, viewerId, now);
  }

}
