import type { BidEvent, ServerFrame } from "../../schema/api/live";
import { leaderboard } from "./rules";
import type { AuctionState, AuctionTerms } from "./types";

const BROADCAST_BATCH_MS = 20;
/** The leaderboard is not latency-critical; sending it with every batch would double the fan-out. */
const LEADERBOARD_INTERVAL_MS = 500;

export interface RoomView {
  terms: AuctionTerms;
  state: AuctionState;
}

/**
 * Everything the room sends to more than one socket. Bids accepted within
 * one short window go out as one frame, serialised once for every watcher:
 * the cost grows with watchers × frames, not watchers × bids. The
 * leaderboard follows on its own, slower timer.
 */
export class FanOut {
  private pendingEvents: BidEvent[] = [];
  private flushScheduled = false;
  private leaderboardChanged = false;
  private leaderboardSentAt = 0;
  private leaderboardScheduled = false;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly view: () => RoomView | null,
  ) {}

  /** Accepted log entries, sent with the next flush. */
  bids(events: BidEvent[]): void {
    this.pendingEvents.push(...events);
    this.leaderboardChanged = true;
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setTimeout(() => this.flush(), BROADCAST_BATCH_MS);
  }

  /** One frame to every socket, serialised once. */
  broadcast(frame: ServerFrame): void {
    const text = JSON.stringify(frame);
    for (const socket of this.ctx.getWebSockets()) {
      try {
        socket.send(text);
      } catch {
        // The socket is closing; its close handler cleans up.
      }
    }
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
    const view = this.view();
    if (!this.leaderboardChanged || !view) return;
    this.leaderboardChanged = false;
    this.leaderboardSentAt = now;
    this.broadcast({ type: "leaderboard", now, items: leaderboard(view.terms, view.state) });
  }
}
