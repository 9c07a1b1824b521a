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
  type ReverseBidDetails,
} from "$schema";
import { nextBidLimit } from "$schema/prices";
import { backoffDelay } from "./backoff";
import { BidSequence } from "./sequence";
import { renewLogin } from "./login-renewal";

/**
 * The browser's side of an auction's room: one WebSocket, reconnected with
 * backoff and jitter, replaying missed bids with `sync` after each reconnect;
 * HTTP polling when sockets can't get through; bids that survive retries
 * without ever being placed twice (one requestId per bid, on every path).
 */

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "polling" | "closed";

export interface BidRequest {
  amount: number;
  maxAmount?: number | undefined;
  details?: ReverseBidDetails | undefined;
}

export type BidOutcome =
  | { ok: true; requestId: string; seq: number }
  | { ok: false; requestId: string; code: string; message: string };

/** The parts of WebSocket the client uses, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

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

interface PendingBid {
  frame: Extract<ClientFrame, { type: "bid" }>;
  resolve: (outcome: BidOutcome) => void;
  timer: ReturnType<typeof setTimeout> | null;
  /** In flight over HTTP: not resent on the socket meanwhile. */
  overHttp: boolean;
  /** The login was renewed once for this bid already. */
  renewed: boolean;
}

const OPEN = 1;
const HISTORY_LIMIT = 100;

interface ErrorBody {
  error?: { code?: string; message?: string };
}

function errorOf(body: unknown): { code: string; message: string } {
  const error = typeof body === "object" && body !== null ? (body as ErrorBody).error : undefined;
  return { code: error?.code ?? "UNKNOWN", message: error?.message ?? "The bid was not accepted" };
}

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
  readonly #pending = new Map<string, PendingBid>();
  readonly #socketFactory: SocketFactory;
  readonly #fetch: typeof fetch;
  readonly #clock: () => number;
  #socket: SocketLike | null = null;
  #failures = 0;
  #stopped = true;
  #syncPending = false;
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  #pollTimer: ReturnType<typeof setInterval> | null = null;
  #onOnline = () => this.reconnectNow();
  /** The browser knows the network is gone: the socket is dead even if no close event came. */
  #onOffline = () => {
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = null;
    socket.close(1000, "offline");
    this.#socketLost();
  };

  constructor(options: LiveOptions) {
    this.#options = options;
    this.id = options.id;
    this.snapshot = options.snapshot;
    this.#sequence = new BidSequence(options.snapshot.seq, options.history ?? []);
    this.bids = this.#sequence.newestFirst(HISTORY_LIMIT);
    this.#socketFactory = options.socket ?? ((url) => new WebSocket(url));
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#clock = options.clock ?? Date.now;
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
    if (!this.#stopped) return;
    this.#stopped = false;
    if (typeof window !== "undefined") {
      window.addEventListener("online", this.#onOnline);
      window.addEventListener("offline", this.#onOffline);
    }
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    if (typeof window !== "undefined") {
      window.removeEventListener("online", this.#onOnline);
      window.removeEventListener("offline", this.#onOffline);
    }
    this.#clearTimer("reconnect");
    this.#stopPolling();
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, "leaving");
    this.connection = "closed";
  }

  /** Back online (or asked to): try the socket at once instead of waiting out the backoff. */
  reconnectNow(): void {
    if (this.#stopped || this.#socket) return;
    this.#clearTimer("reconnect");
    this.#connect();
  }

  /** Places a bid; resolves once the room answered, whichever path got it there. */
  bid(request: BidRequest): Promise<BidOutcome> {
    const frame: PendingBid["frame"] = { type: "bid", requestId: crypto.randomUUID(), amount: request.amount };
    if (request.maxAmount !== undefined) frame.maxAmount = request.maxAmount;
    if (request.details !== undefined) frame.details = request.details;
    return new Promise((resolve) => {
      const pending: PendingBid = { frame, resolve, timer: null, overHttp: false, renewed: false };
      this.#pending.set(frame.requestId, pending);
      this.#dispatch(pending);
    });
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

  #connect(): void {
    if (this.#stopped) return;
    // Polling stays the status until a socket gets through; a first attempt is "connecting".
    if (this.connection === "connected" || this.connection === "closed") this.connection = "reconnecting";
    let socket: SocketLike;
    try {
      socket = this.#socketFactory(this.url);
    } catch {
      this.#socketLost();
      return;
    }
    this.#socket = socket;
    this.#syncPending = false;
    socket.onmessage = (event) => {
      if (this.#socket === socket) this.#onMessage(event.data);
    };
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      if (event.code === AUCTION_OVER_CLOSE_CODE) this.#auctionOver();
      else this.#socketLost();
    };
    socket.onerror = () => {
      // A close event follows.
    };
  }

  #socketLost(): void {
    if (this.#stopped) return;
    this.#failures += 1;
    const limit = this.#options.failuresBeforePolling ?? 3;
    if (this.#failures >= limit) {
      this.connection = "polling";
      this.#startPolling();
    } else {
      this.connection = "reconnecting";
    }
    // Bids the socket took with it go over HTTP now, under the same requestId.
    for (const pending of this.#pending.values()) if (!pending.overHttp) void this.#sendOverHttp(pending);
    this.#clearTimer("reconnect");
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      this.#connect();
    }, backoffDelay(this.#failures - 1, this.#options.random));
  }

  /** The auction settled and its relay closed the socket after the last status: nothing more will come, so no reconnect. */
  #auctionOver(): void {
    for (const pending of this.#pending.values()) if (!pending.overHttp) void this.#sendOverHttp(pending);
    this.stop();
  }

  #clearTimer(which: "reconnect"): void {
    if (which === "reconnect" && this.#reconnectTimer) {
      clearTimeout(this.#reconnectTimer);
      this.#reconnectTimer = null;
    }
  }

  #send(frame: ClientFrame): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) return false;
    try {
      socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
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
        this.#failures = 0;
        this.connection = "connected";
        this.#stopPolling();
        this.#applySnapshot(frame.auction, true);
        for (const pending of this.#pending.values()) if (!pending.overHttp) this.#dispatch(pending);
        break;
      case "bid": {
        const { type: _type, now: _now, reserveMet, buyNowPrice, ...entry } = frame;
        this.#applyEntries([entry], true);
        this.#applyAfterBids(reserveMet, buyNowPrice);
        break;
      }
      case "bids":
        this.#syncPending = false;
        this.#applyEntries(frame.items, true);
        this.#applyAfterBids(frame.reserveMet, frame.buyNowPrice);
        // A replay comes a page at a time: ask for the next one until nothing is missing.
        if (this.snapshot.seq > this.#sequence.contiguous) this.#catchUp();
        break;
      case "you":
        this.snapshot = { ...this.snapshot, you: frame.you };
        break;
      case "ack":
        this.#settle(frame.requestId, { ok: true, requestId: frame.requestId, seq: frame.seq });
        break;
      case "error":
        if (frame.requestId) this.#onBidError(frame.requestId, frame.code, frame.message);
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

  /** Asks for what's missing after `contiguous`: `sync` on the socket, the history endpoint otherwise. */
  #catchUp(): void {
    if (this.#syncPending) return;
    if (this.#send({ type: "sync", since: this.#sequence.contiguous })) {
      this.#syncPending = true;
      return;
    }
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

  // ----------------------------------------------------------------- bids

  #dispatch(pending: PendingBid): void {
    if (pending.timer) clearTimeout(pending.timer);
    if (this.connection === "connected" && this.#send(pending.frame)) {
      pending.timer = setTimeout(() => {
        pending.timer = null;
        if (this.#pending.has(pending.frame.requestId)) void this.#sendOverHttp(pending);
      }, this.#options.bidTimeoutMs ?? 8000);
      return;
    }
    void this.#sendOverHttp(pending);
  }

  async #sendOverHttp(pending: PendingBid): Promise<void> {
    if (pending.overHttp) return;
    pending.overHttp = true;
    if (pending.timer) clearTimeout(pending.timer);
    const { requestId, amount, maxAmount, details } = pending.frame;
    let response: Response;
    try {
      response = await this.#fetch(`/api/auctions/${encodeURIComponent(this.id)}/bids`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json", accept: "application/json", "idempotency-key": requestId },
        body: JSON.stringify({ amount, maxAmount, details }),
      });
    } catch {
      pending.overHttp = false;
      // The socket may still bring the answer; if it's down too, the bidder hears it now.
      if (this.connection !== "connected") this.#settle(requestId, { ok: false, requestId, code: "NETWORK", message: "Network error" });
      return;
    }
    pending.overHttp = false;
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      // An empty or non-JSON answer: the status tells enough.
    }
    if (response.ok) {
      const seq = typeof body === "object" && body !== null && "seq" in body && typeof body.seq === "number" ? body.seq : 0;
      this.#settle(requestId, { ok: true, requestId, seq });
      if (this.connection !== "connected") void this.#fetchMissing();
      return;
    }
    const error = errorOf(body);
    if (response.status === 429) error.code = "RATE_LIMITED";
    this.#onBidError(requestId, response.status === 401 ? "UNAUTHENTICATED" : error.code, error.message);
  }

  #onBidError(requestId: string, code: string, message: string): void {
    const pending = this.#pending.get(requestId);
    if (!pending) return;
    if (code === "UNAUTHENTICATED" && this.#options.loggedIn && !pending.renewed) {
      // The access cookie (or the socket's copy of it) expired: renew it, reconnect, resend the same bid.
      pending.renewed = true;
      void renewLogin(this.#fetch).then((check) => {
        if (check !== "valid") return this.#settle(requestId, { ok: false, requestId, code, message });
        const socket = this.#socket;
        if (socket && this.connection === "connected") {
          this.#socket = null;
          socket.close(1000, "renewing login");
          this.#connect();
          // The new socket's state frame resends it.
        } else {
          void this.#sendOverHttp(pending);
        }
      });
      return;
    }
    this.#settle(requestId, { ok: false, requestId, code, message });
  }

  #settle(requestId: string, outcome: BidOutcome): void {
    const pending = this.#pending.get(requestId);
    if (!pending) return;
    if (pending.timer) clearTimeout(pending.timer);
    this.#pending.delete(requestId);
    pending.resolve(outcome);
  }
}
