import { randomUUID } from "node:crypto";
import type { AuctionDetail } from "../../../schema/api/catalog";
import { ServerFrame, type AuctionSnapshot, type BidEvent, type BidHistoryEntry, type ClientFrame, type LeaderboardRow } from "../../../schema/api/live";
import { nextBidLimit } from "../../../schema/prices";
import { BidSequence } from "../../../web/src/lib/live/sequence";
import { ReconnectingSocket, socketUrl, type SocketFactory } from "../socket";

export type ConnectionState = "connecting" | "connected" | "reconnecting";

export type BidOutcome = { ok: true; requestId: string; seq: number } | { ok: false; requestId: string; code: string; message: string };

export interface BidRequest {
  amount: number;
  maxAmount?: number | undefined;
}

/** Something the view shows once, in a highlighted line. */
export type Cue =
  | { kind: "outbid"; by: string | null; amount: number | null }
  | { kind: "extended"; from: number; to: number }
  | { kind: "status"; status: AuctionSnapshot["status"] };

/** How the live view reaches the server; the HTTP half is the API client's. */
export interface FeedTransport {
  server: string;
  token: (force?: boolean) => Promise<string | null>;
  /** GET /api/auctions/:id, as the logged-in user: `you` and the exact limit. */
  snapshot: () => Promise<AuctionSnapshot>;
  /** POST /api/auctions/:id/bids with `requestId` as the Idempotency-Key. */
  bidOverHttp: (requestId: string, request: BidRequest) => Promise<BidOutcome>;
  socket?: SocketFactory;
  random?: () => number;
}

interface PendingBid {
  frame: Extract<ClientFrame, { type: "bid" }>;
  resolve: (outcome: BidOutcome) => void;
  timer: ReturnType<typeof setTimeout> | null;
  /** Gives up when neither path got an answer in time. */
  expiry: ReturnType<typeof setTimeout>;
  overHttp: boolean;
  renewed: boolean;
}

/** A socket bid unanswered this long goes over HTTP, under the same requestId. */
const BID_TIMEOUT_MS = 8_000;
/** With both the socket and HTTP down, a bid waits this long for the next socket before it is reported unsent. */
const BID_GIVE_UP_MS = 30_000;
/** After bids, `you` (and the limit under a proxy) is re-read over HTTP, at most this often. */
const REFRESH_DELAY_MS = 250;
const HISTORY_LIMIT = 50;

/**
 * One auction's room as the terminal sees it, on the same protocol and rules
 * as the site's client: the state frame first; bids kept by seq so a replay
 * adds each once; after a (re)connect one `sync` asks for exactly what is
 * missing; bids keep their requestId across resends, timeouts and the HTTP
 * fallback, so none is ever placed twice.
 */
export class LiveFeed {
  snapshot: AuctionSnapshot;
  bids: BidHistoryEntry[];
  connection: ConnectionState = "connecting";
  /** When the next connection attempt starts, on the local clock. */
  retryAt = 0;
  /** Server clock minus ours, from the latest frame's `now`. */
  offset = 0;
  readonly cues: Array<Cue & { at: number }> = [];

  readonly #detail: AuctionDetail;
  readonly #transport: FeedTransport;
  readonly #sequence: BidSequence;
  readonly #pending = new Map<string, PendingBid>();
  readonly #socket: ReconnectingSocket;
  readonly #listeners = new Set<() => void>();
  readonly #clock: () => number;
  /** The `since` of the sync in flight on this socket, or null. */
  #syncSince: number | null = null;
  #refreshTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(detail: AuctionDetail, history: BidHistoryEntry[], transport: FeedTransport, clock: () => number = Date.now) {
    this.#detail = detail;
    this.#transport = transport;
    this.#clock = clock;
    this.snapshot = detail;
    this.#sequence = new BidSequence(detail.seq, history);
    this.bids = this.#sequence.newestFirst(HISTORY_LIMIT);
    this.#socket = new ReconnectingSocket({
      url: socketUrl(transport.server, `/api/auctions/${encodeURIComponent(detail.id)}/live`),
      token: () => transport.token(),
      ...(transport.socket && { socket: transport.socket }),
      ...(transport.random && { random: transport.random }),
      onMessage: (data) => this.#onMessage(data),
      onStatus: (status, retryInMs) => {
        if (status === "reconnecting") {
          this.connection = "reconnecting";
          this.retryAt = this.#clock() + (retryInMs ?? 0);
          this.#syncSince = null;
          // Bids the socket took with it go over HTTP now, under the same requestId.
          for (const pending of this.#pending.values()) void this.#sendOverHttp(pending);
          this.#changed();
        }
      },
      onClose: (code) => {
        // The session behind the socket ended (4001): renew before the reconnect.
        if (code === 4001) void transport.token(true).catch(() => null);
      },
    });
  }

  get detail(): AuctionDetail {
    return this.#detail;
  }

  serverNow(): number {
    return this.#clock() + this.offset;
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    this.#socket.start();
  }

  stop(): void {
    this.#socket.stop();
    if (this.#refreshTimer) clearTimeout(this.#refreshTimer);
    for (const pending of this.#pending.values()) {
      if (pending.timer) clearTimeout(pending.timer);
      clearTimeout(pending.expiry);
    }
  }

  /** Resolves once the room answered, whichever path the bid took. */
  bid(request: BidRequest): Promise<BidOutcome> {
    const frame: PendingBid["frame"] = { type: "bid", requestId: randomUUID(), amount: request.amount };
    if (request.maxAmount !== undefined) frame.maxAmount = request.maxAmount;
    return new Promise((resolve) => {
      const requestId = frame.requestId;
      const expiry = setTimeout(
        () => this.#settle(requestId, { ok: false, requestId, code: "TIMEOUT", message: "No answer from the server" }),
        BID_GIVE_UP_MS,
      );
      const pending: PendingBid = { frame, resolve, timer: null, expiry, overHttp: false, renewed: false };
      this.#pending.set(frame.requestId, pending);
      this.#dispatch(pending);
    });
  }

  // ------------------------------------------------------------- frames

  #onMessage(data: string): void {
    if (data === "pong") return;
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = ServerFrame.safeParse(raw);
    // Frame types added after this client was built are skipped, not fatal.
    if (!parsed.success) return;
    const frame = parsed.data;
    this.offset = frame.now - this.#clock();
    switch (frame.type) {
      case "state":
        this.connection = "connected";
        this.#socket.markHealthy();
        this.#syncSince = null;
        this.#applySnapshot(frame.auction, true);
        // `you` and the exact limit as this user sees them, whatever the room's frames carry.
        this.#scheduleRefresh();
        for (const pending of this.#pending.values()) if (!pending.overHttp) this.#dispatch(pending);
        break;
      case "bid": {
        const { type: _type, now: _now, ...entry } = frame;
        this.#applyEntries([entry]);
        break;
      }
      case "bids": {
        // The reply to our sync starts right after its `since` (the log has no gaps); a live batch
        // that overtook it starts later and must not count as the replay, or a second sync would follow.
        const reply = this.#syncSince !== null && (frame.items.length === 0 || frame.items[0]!.seq === this.#syncSince + 1);
        if (reply) this.#syncSince = null;
        this.#applyEntries(frame.items);
        // A replay is capped in length: what is still missing after it is asked for next.
        if (reply && (this.snapshot.seq > this.#sequence.contiguous || this.#sequence.hasGap)) this.#catchUp();
        break;
      }
      case "ack":
        this.#settle(frame.requestId, { ok: true, requestId: frame.requestId, seq: frame.seq });
        this.#scheduleRefresh();
        break;
      case "error":
        if (frame.requestId) this.#onBidError(frame.requestId, frame.code, frame.message);
        break;
      case "status":
        if (frame.status !== this.snapshot.status) this.#cue({ kind: "status", status: frame.status });
        this.snapshot = { ...this.snapshot, status: frame.status, endsAt: frame.endsAt, nextBidLimit: frame.status === "live" || frame.status === "scheduled" ? this.snapshot.nextBidLimit : null };
        this.#scheduleRefresh();
        break;
      case "leaderboard":
        this.#applyLeaderboard(frame.items);
        break;
    }
    this.#changed();
  }

  #applySnapshot(fresh: AuctionSnapshot, authoritative: boolean): void {
    // An HTTP answer that left before the latest frames arrived must not roll them back.
    if (!authoritative && fresh.seq < this.snapshot.seq) return;
    const before = this.snapshot;
    this.snapshot = fresh;
    this.#noticeStanding(before.you, fresh.you, fresh.leaderboard.find((row) => row.leading) ?? null);
    if (fresh.seq > this.#sequence.contiguous) this.#catchUp();
  }

  /**
   * Exactly one `sync` per gap: the next one only after its replay arrives or on a new socket.
   * Never before the socket's state frame: that frame asks for whatever is missing itself.
   */
  #catchUp(): void {
    if (this.#syncSince !== null || this.connection !== "connected") return;
    const since = this.#sequence.contiguous;
    if (this.#socket.send(JSON.stringify({ type: "sync", since } satisfies ClientFrame))) this.#syncSince = since;
  }

  #applyEntries(entries: BidEvent[]): void {
    const fresh = this.#sequence.add(entries);
    this.bids = this.#sequence.newestFirst(HISTORY_LIMIT);
    const newest = fresh.at(-1);
    const current = this.snapshot;
    if (newest && newest.seq > current.seq) {
      const priced = fresh.findLast((entry) => entry.kind !== "raise");
      const currentPrice = priced ? priced.amount : current.currentPrice;
      const status = newest.kind === "buy_now" ? "ended" : current.status;
      if (newest.endsAt > current.endsAt) this.#cue({ kind: "extended", from: current.endsAt, to: newest.endsAt });
      this.snapshot = {
        ...current,
        seq: newest.seq,
        bidCount: current.bidCount + fresh.filter((entry) => entry.seq > current.seq).length,
        currentPrice,
        endsAt: newest.endsAt,
        status,
        nextBidLimit:
          current.nextBidLimit === null || status !== "live"
            ? current.nextBidLimit
            : nextBidLimit({ format: current.format, increment: this.#detail.increment, startingPrice: current.startingPrice }, currentPrice),
      };
      this.#scheduleRefresh();
    }
    if (this.#sequence.hasGap) this.#catchUp();
  }

  #applyLeaderboard(items: LeaderboardRow[]): void {
    const you = this.snapshot.you;
    const leading = you?.alias ? items.some((row) => row.alias === you.alias && row.leading) : false;
    const updated = you && you.alias ? { ...you, leading } : you;
    this.#noticeStanding(you, updated, items.find((row) => row.leading) ?? null);
    this.snapshot = { ...this.snapshot, leaderboard: items, you: updated };
  }

  /** The outbid cue: you led, and now someone else does. */
  #noticeStanding(before: AuctionSnapshot["you"], after: AuctionSnapshot["you"], leader: LeaderboardRow | null): void {
    if (before?.leading && after && after.alias && !after.leading) {
      this.#cue({ kind: "outbid", by: leader?.alias ?? null, amount: leader?.amount ?? null });
    }
  }

  #cue(cue: Cue): void {
    this.cues.push({ ...cue, at: this.#clock() });
    if (this.cues.length > 20) this.cues.shift();
  }

  #scheduleRefresh(): void {
    if (this.#refreshTimer) clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => {
      this.#refreshTimer = null;
      this.#transport
        .snapshot()
        .then((fresh) => {
          this.#applySnapshot(fresh, false);
          this.#changed();
        })
        .catch(() => {
          // Offline for a moment: the socket catches up.
        });
    }, REFRESH_DELAY_MS);
  }

  // --------------------------------------------------------------- bids

  #dispatch(pending: PendingBid): void {
    if (pending.timer) clearTimeout(pending.timer);
    if (this.connection === "connected" && this.#socket.send(JSON.stringify(pending.frame))) {
      pending.timer = setTimeout(() => {
        pending.timer = null;
        if (this.#pending.has(pending.frame.requestId)) void this.#sendOverHttp(pending);
      }, BID_TIMEOUT_MS);
      return;
    }
    void this.#sendOverHttp(pending);
  }

  async #sendOverHttp(pending: PendingBid): Promise<void> {
    if (pending.overHttp) return;
    pending.overHttp = true;
    if (pending.timer) clearTimeout(pending.timer);
    const { requestId, amount, maxAmount } = pending.frame;
    const outcome = await this.#transport.bidOverHttp(requestId, { amount, maxAmount });
    pending.overHttp = false;
    if (outcome.ok) {
      this.#settle(requestId, outcome);
      this.#scheduleRefresh();
    } else if (outcome.code === "NETWORK") {
      // Kept, under the same requestId: the socket may still answer, or the next one's state frame resends it.
    } else {
      this.#onBidError(requestId, outcome.code, outcome.message);
    }
  }

  #onBidError(requestId: string, code: string, message: string): void {
    const pending = this.#pending.get(requestId);
    if (!pending) return;
    if (code === "UNAUTHENTICATED" && !pending.renewed) {
      // The socket's login outlived its 15-minute token: renew, reconnect, and the new state frame resends the same bid.
      pending.renewed = true;
      void this.#transport
        .token(true)
        .then((token) => (token ? this.#socket.reconnectNow() : this.#settle(requestId, { ok: false, requestId, code, message })))
        .catch(() => this.#settle(requestId, { ok: false, requestId, code, message }));
      return;
    }
    this.#settle(requestId, { ok: false, requestId, code, message });
  }

  #settle(requestId: string, outcome: BidOutcome): void {
    const pending = this.#pending.get(requestId);
    if (!pending) return;
    if (pending.timer) clearTimeout(pending.timer);
    clearTimeout(pending.expiry);
    this.#pending.delete(requestId);
    pending.resolve(outcome);
    this.#changed();
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}
