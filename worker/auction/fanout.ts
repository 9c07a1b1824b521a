import type { AuctionStatus } from "../../schema/api/auctions";
import type { BidEvent, ServerFrame } from "../../schema/api/live";
import { userSocketTag } from "../realtime/socket-scope";
import type { RelayTier } from "./relay-tier";
import { UNTIMED, type RoomTimings } from "./room-timings";
import { isBuyNowOpen, isReserveMet } from "./rules";
import { publicLeaderboard } from "./sealed";
import { viewerStandingOf } from "./snapshot";
import { sendToAll } from "./socket-protocol";
import type { AuctionState, AuctionTerms } from "./types";
import { batchWindowMs, LEADERBOARD_INTERVAL_MS } from "./batch-window";

export { batchWindowMs } from "./batch-window";

export interface RoomView {
  terms: AuctionTerms;
  state: AuctionState;
}

/**
 * Everything the room sends to more than one socket. Bids accepted within
 * one short window go out as one frame, serialised once for every watcher:
 * the cost grows with watchers × frames, not watchers × bids. Then each
 * viewer whose standing changed gets a small `you` frame on their own
 * sockets, so no page has to re-read the snapshot to learn it was outbid.
 * The leaderboard follows on its own, slower timer. Every frame also goes
 * once to each relay, which sends it on to its slice of the sockets.
 */
export class FanOut {
  private pendingEvents: BidEvent[] = [];
  private changedStandings = new Set<string>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private flushDueAt = 0;
  private lastFlushAt = 0;
  private socketCount = 0;
  private leaderboardChanged = false;
  private leaderboardSentAt = 0;
  private leaderboardScheduled = false;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly view: () => RoomView | null,
    private readonly relays: RelayTier,
    private readonly timings: RoomTimings = UNTIMED,
  ) {}

  /** Accepted log entries, sent with the next flush, and the users whose standing they changed. */
  bids(events: BidEvent[], changedStandings: Iterable<string>): void {
    this.pendingEvents.push(...events);
    for (const userId of changedStandings) this.changedStandings.add(userId);
    this.leaderboardChanged = true;
    if (this.flushTimer !== null) return;
    const windowMs = batchWindowMs(Date.now() - this.lastFlushAt, this.socketCount);
    this.flushDueAt = Date.now() + windowMs;
    this.flushTimer = setTimeout(() => this.flush(), windowMs);
  }

  /** A lifecycle change goes out after the bids that caused it: the winning bid comes before "ended". */
  status(now: number, status: AuctionStatus, endsAt: number): void {
    if (this.pendingEvents.length > 0) this.flush();
    this.broadcast({ type: "status", now, status, endsAt });
  }

  /** One frame to every relay (first: they hold most sockets of a large auction) and to every socket here, serialised once. */
  private broadcast(frame: ServerFrame, events: BidEvent[] = [], personal: Parameters<RelayTier["publish"]>[4] = []): void {
    const view = this.view();
    if (view) this.relays.publish(view.terms, view.state, frame, events, personal);
    const sockets = this.ctx.getWebSockets();
    this.socketCount = sockets.length;
    this.timings.send(() => sendToAll(sockets, frame));
  }

  private flush(): void {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const now = Date.now();
    this.lastFlushAt = now;
    const events = this.pendingEvents;
    const changed = this.changedStandings;
    this.pendingEvents = [];
    this.changedStandings = new Set();
    const view = this.view();
    if (!view) return;
    this.timings.flushed(events, now, this.flushDueAt);
    const after = { reserveMet: isReserveMet(view.terms, view.state), buyNowPrice: isBuyNowOpen(view.terms, view.state) ? view.terms.buyNowPrice : null };
    const [only] = events;
    const personal = [...changed].map((userId) => ({ userId, frame: this.standingFrame(view, userId, now) }));
    if (only) this.broadcast(events.length === 1 ? { type: "bid", now, ...only, ...after } : { type: "bids", now, items: events, ...after }, events, personal);
    for (const { userId, frame } of personal) this.timings.send(() => sendToAll(this.ctx.getWebSockets(userSocketTag(userId)), frame));
    this.scheduleLeaderboard(now);
  }

  private standingFrame(view: RoomView, userId: string, now: number): ServerFrame {
    return { type: "you", now, seq: view.state.seq, you: viewerStandingOf(view.terms, view.state, userId) };
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
    const view = this.view();
    if (!this.leaderboardChanged || !view) return;
    this.leaderboardChanged = false;
    this.leaderboardSentAt = now;
    this.broadcast({ type: "leaderboard", now, items: publicLeaderboard(view.terms, view.state) });
  }
}
