import {
  AUCTION_OVER_CLOSE_CODE,
  ServerFrame,
  type AuctionSnapshot,
  type AuctionStatus,
  type BidEvent,
  type BidHistoryEntry,
  type ClientFrame,
  type IncrementRule,
  type LeaderboardRow,
} from "$schema";
import { nextBidLimit } from "$schema/prices";
import { BidSender, type BidOutcome, type BidRequest } from "./bid-sender";
import { renewLogin } from "./login-renewal";
import { ReconnectingSocket, SESSION_ENDED_CLOSE_CODE, type SocketFactory } from "./reconnecting-socket";
import { BidSequence } from "./sequence";

export type { BidOutcome, BidRequest } from "./bid-sender";
export type { SocketFactory, SocketLike } from "./reconnecting-socket";

/**
 * The browser's side of an auction's room, as reactive state: the snapshot,
 * the bid log and the connection's status, kept from the room's frames. The
 * socket (reconnects, backoff, login renewal) is a ReconnectingSocket, bids
 * go through a BidSender; this keeps the log gapless: one `sync` per gap
 * after the socket's state frame, the history endpoint when no socket is
 * live, and HTTP polling when sockets can't get through.
 */

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "polling" | "closed";

export interface LiveOptions {
  id: string;
  snapshot: AuctionSnapshot;
  /** Bids the page was rendered with (any order). */
  history?: BidHistoryEntry[];
  /** To recompute the next bid limit from bid frames, with the room's own rule. */
  increment: IncrementRule;
  /** A logged-in viewer: renews an expired socket login (its standing arrives in `you` frames). */
  loggedIn: boolean;
  origin?: string;
  socket?: SocketFactory;
  fetch?: typeof fetch;
  random?: () => number;
  clock?: () => number;
  /** Failed socket attempts in a row before polling starts (sockets keep being retried). */
  failuresBeforePolling?: number;
  pollIntervalMs?: number;
  /** A socket bid unanswered this long is retried over HTTP with the same requestId. */
  bidTimeoutMs?: number;
}

const HISTORY_LIMIT = 100;

export class LiveAuction {
  snapshot: AuctionSnapshot = $state.raw() as unknown as AuctionSnapshot;
  /** Newest first, at most 100. */
  bids: BidHistoryEntry[] = $state.raw([]);
  connection: ConnectionStatus = $state("connecting");
  /** Server clock minus the browser's, from the latest frame's `now`. */
  offset = $state(0);
  /** The latest bid that arrived live (not history), for announcements. */
  latest: BidHistoryEntry | null = $state.raw(null);

  readonly id: string;
  readonly #options: LiveOptions;
  readonly #sequence: BidSequence;
  readonly #socket: ReconnectingSocket;
  readonly #bids: BidSender;
  readonly #fetch: typeof fetch;
  readonly #clock: () => number;
  /** The `since` of the sync in flight on this socket, or null: one sync per gap. */
  #syncSince: number | null = null;
  #pollTimer: ReturnType<typeof setInterval> | null = null;

  constructor(options: LiveOptions) {
    this.#options = options;
    this.id = options.id;
    this.snapshot = options.snapshot;
    this.#sequence = new BidSequence(options.snapshot.seq, options.history ?? []);
    this.bids = this.#sequence.newestFirst(HISTORY_LIMIT);
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#clock = options.clock ?? Date.now;
    this.#socket = new ReconnectingSocket({
      url: () => this.url,
      socket: options.socket,
      random: options.random,
      onMessage: (data) => this.#onMessage(data),
      onLost: ({ failures, closeCode }) => (closeCode === AUCTION_OVER_CLOSE_CODE ? this.#auctionOver() : this.#socketLost(failures)),
      // The session behind the socket ended: the next upgrade carries a renewed login, or none.
      beforeReconnect: (closeCode) => (closeCode === SESSION_ENDED_CLOSE_CODE && options.loggedIn ? renewLogin(this.#fetch).then(() => "reconnect") : null),
    });
    this.#bids = new BidSender({
      auctionId: options.id,
      fetch: this.#fetch,
      loggedIn: options.loggedIn,
      sendFrame: (frame) => this.connection === "connected" && this.#socket.send(JSON.stringify(frame)),
      connected: () => this.connection === "connected",
      reconnectWithNewLogin: () => {
        if (this.connection !== "connected") return false;
        this.connection = "reconnecting";
        this.#syncSince = null;
        this.#socket.replace("renewing login");
        return true;
      },
      placedWhileOffline: () => void this.#fetchMissing(),
      bidTimeoutMs: options.bidTimeoutMs,
    });
  }

  /** The server's clock now: what countdowns count from. */
  serverNow(): number {
    return this.#clock() + this.offset;
  }

  get url(): string {
    const origin = this.#options.origin ?? location.origin;
    return `${origin.replace(/^http/, "ws")}/api/auctions/${encodeURIComponent(this.id)}/live`;
  }

  start(): void {
    if (this.#socket.running) return;
    // Polling stays the status until a socket gets through; a first attempt is "connecting".
    if (this.connection === "closed") this.connection = "reconnecting";
    this.#syncSince = null;
    this.#socket.start();
  }

  stop(): void {
    this.#socket.stop();
    this.#stopPolling();
    this.#syncSince = null;
    this.connection = "closed";
  }

  /** Back online (or asked to): try the socket at once instead of waiting out the backoff. */
  reconnectNow(): void {
    this.#socket.reconnectNow();
  }

  /** Places a bid; resolves once the room answered, whichever path got it there. */
  bid(request: BidRequest): Promise<BidOutcome> {
    return this.#bids.place(request);
  }

  /** Re-reads the snapshot over HTTP (while polling, when the socket cannot get through). */
  async refresh(): Promise<void> {
    try {
      const response = await this.#fetch(`/api/auctions/${encodeURIComponent(this.id)}`, { credentials: "same-origin", headers: { accept: "application/json" } });
      if (!response.ok) return;
      this.#clockFromHeader(response);
      const fresh = (await response.json()) as AuctionSnapshot;
      this.#applySnapshot(fresh);
    } catch {
      // Offline: the socket or the next poll will catch up.
    }
  }

  /** A snapshot from elsewhere (the page's data, an award's answer); never rolls back newer frames. */
  adopt(snapshot: AuctionSnapshot): void {
    this.#applySnapshot(snapshot);
  }

  /** Every bid with what this viewer may see of it (the requester: each offer's details). */
  async loadHistory(): Promise<void> {
    let after = 0;
    for (let page = 0; page < 50; page += 1) {
      let body: { items: BidHistoryEntry[]; nextAfter: number | null };
      try {
        const response = await this.#fetch(`/api/auctions/${encodeURIComponent(this.id)}/bids?after=${after}&limit=200`, { credentials: "same-origin" });
        if (!response.ok) return;
        body = (await response.json()) as typeof body;
      } catch {
        return;
      }
      this.#applyEntries(body.items, false);
      if (body.nextAfter === null || body.items.length === 0) return;
      after = body.nextAfter;
    }
  }

  // ------------------------------------------------------------ connection

  /** The auction settled and its relay closed the socket after the last status: nothing more will come, so no reconnect. */
  #auctionOver(): void {
    this.#bids.socketLost();
    this.stop();
  }

  #socketLost(failures: number): void {
    this.#syncSince = null;
    if (failures >= (this.#options.failuresBeforePolling ?? 3)) {
      this.connection = "polling";
      this.#startPolling();
    } else {
      this.connection = "reconnecting";
    }
    this.#bids.socketLost();
  }

  #onMessage(data: unknown): void {
    if (typeof data !== "string" || data === "pong") return;
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = ServerFrame.safeParse(raw);
    if (!parsed.success) return;
    const frame = parsed.data;
    this.offset = frame.now - this.#clock();
    switch (frame.type) {
      case "state":
        this.#socket.markHealthy();
        this.connection = "connected";
        this.#syncSince = null;
        this.#stopPolling();
        this.#applySnapshot(frame.auction, true);
        this.#bids.resend();
        break;
      case "bid": {
        const { type: _type, now: _now, reserveMet, buyNowPrice, ...entry } = frame;
        this.#applyEntries([entry], true);
        this.#applyAfterBids(reserveMet, buyNowPrice);
        break;
      }
      case "bids": {
        // The reply to our sync starts right after its `since` (the log has no gaps); a live batch
        // that overtook it starts later and must not count as the reply, or a second sync would follow.
        const reply = this.#syncSince !== null && (frame.items.length === 0 || frame.items[0]!.seq === this.#syncSince + 1);
        if (reply) this.#syncSince = null;
        this.#applyEntries(frame.items, true);
        this.#applyAfterBids(frame.reserveMet, frame.buyNowPrice);
        // A replay comes a page at a time: ask for the next one until nothing is missing.
        if (this.snapshot.seq > this.#sequence.contiguous) this.#catchUp();
        break;
      }
      case "you":
        this.snapshot = { ...this.snapshot, you: frame.you };
        break;
      case "ack":
        this.#bids.accepted(frame.requestId, frame.seq);
        break;
      case "error":
        if (frame.requestId) this.#bids.refused(frame.requestId, frame.code, frame.message);
        break;
      case "status":
        this.#applyStatus(frame.status, frame.endsAt);
        break;
      case "leaderboard":
        this.#applyLeaderboard(frame.items);
        break;
    }
  }

  // ---------------------------------------------------------------- state

  #applySnapshot(fresh: AuctionSnapshot, authoritative = false): void {
    // An HTTP answer that left before the latest frames arrived must not roll them back.
    if (!authoritative && fresh.seq < this.snapshot.seq) return;
    this.snapshot = fresh;
    if (fresh.seq > this.#sequence.contiguous) this.#catchUp();
  }

  /**
   * Asks for what's missing after `contiguous`: one `sync` on a live socket
   * (the next only once its reply arrived, or on the next socket), the
   * history endpoint when no socket is live. Never a sync before the socket's
   * state frame: that frame asks for whatever is missing itself.
   */
  #catchUp(): void {
    if (this.connection === "connected") {
      if (this.#syncSince !== null) return;
      const since = this.#sequence.contiguous;
      if (this.#socket.send(JSON.stringify({ type: "sync", since } satisfies ClientFrame))) this.#syncSince = since;
      return;
    }
    if (this.#socket.open) return;
    void this.#fetchMissing();
  }

  async #fetchMissing(): Promise<void> {
    try {
      const response = await this.#fetch(`/api/auctions/${encodeURIComponent(this.id)}/bids?after=${this.#sequence.contiguous}&limit=200`, { credentials: "same-origin" });
      if (!response.ok) return;
      const body = (await response.json()) as { items: BidHistoryEntry[] };
      this.#applyEntries(body.items, true);
    } catch {
      // Next poll.
    }
  }

  #applyEntries(entries: Array<BidEvent | BidHistoryEntry>, live: boolean): void {
    const fresh = this.#sequence.add(entries);
    this.bids = this.#sequence.newestFirst(HISTORY_LIMIT);
    if (fresh.length === 0) return;
    const newest = fresh[fresh.length - 1]!;
    const current = this.snapshot;
    if (newest.seq > current.seq) {
      // Sealed entries set no price: a commitment has none, and the room publishes the price when the offers open.
      const priced = fresh.findLast((entry) => entry.kind !== "raise" && entry.kind !== "commit" && entry.kind !== "reveal");
      const currentPrice = priced ? priced.amount : current.currentPrice;
      const status: AuctionStatus = newest.kind === "buy_now" ? "ended" : current.status;
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
            : nextBidLimit({ format: current.format, startingPrice: current.startingPrice, increment: this.#options.increment }, currentPrice),
      };
    }
    if (live) this.latest = newest;
    if (this.#sequence.hasGap) this.#catchUp();
  }

  /** Reserve and buy-it-now depend on hidden maxima: the room says, with the bids, what they are now. */
  #applyAfterBids(reserveMet: boolean | undefined, buyNowPrice: number | null | undefined): void {
    if (reserveMet === undefined && buyNowPrice === undefined) return;
    this.snapshot = {
      ...this.snapshot,
      reserveMet: reserveMet ?? this.snapshot.reserveMet,
      buyNowPrice: buyNowPrice === undefined ? this.snapshot.buyNowPrice : buyNowPrice,
    };
  }

  #applyStatus(status: AuctionStatus, endsAt: number): void {
    this.snapshot = { ...this.snapshot, status, endsAt, nextBidLimit: status === "live" || status === "scheduled" ? this.snapshot.nextBidLimit : null };
  }

  #applyLeaderboard(items: LeaderboardRow[]): void {
    const you = this.snapshot.you;
    const mine = you?.alias ? items.find((row) => row.alias === you.alias) : undefined;
    this.snapshot = { ...this.snapshot, leaderboard: items, you: you && mine ? { ...you, leading: mine.leading } : you };
  }

  #clockFromHeader(response: Response): void {
    const date = Date.parse(response.headers.get("date") ?? "");
    // A Date header has whole seconds: only worth it when no frame told us better.
    if (!Number.isNaN(date) && this.connection === "polling") this.offset = date + 500 - this.#clock();
  }

  // -------------------------------------------------------------- polling

  #startPolling(): void {
    if (this.#pollTimer) return;
    // A refresh that finds a higher seq fetches the missing bids too.
    const poll = () => void this.refresh();
    poll();
    this.#pollTimer = setInterval(poll, this.#options.pollIntervalMs ?? 4000);
  }

  #stopPolling(): void {
    if (this.#pollTimer) clearInterval(this.#pollTimer);
    this.#pollTimer = null;
  }
}
