import type { ClientFrame, ReverseBidDetails } from "$schema";
import { renewLogin } from "./login-renewal";
import { m } from "$schema/paraglide/messages.js";

/**
 * Bids that survive retries without ever being placed twice: each bid gets
 * one requestId, kept on every path it takes (the socket, a resend on the
 * next socket, the HTTP fallback as Idempotency-Key), and settles once, on
 * the first answer from the room, whichever path brought it.
 */

export interface BidRequest {
  amount: number;
  maxAmount?: number | undefined;
  details?: ReverseBidDetails | undefined;
}

export type BidOutcome =
  | { ok: true; requestId: string; seq: number }
  | { ok: false; requestId: string; code: string; message: string };

type BidFrame = Extract<ClientFrame, { type: "bid" }>;

interface PendingBid {
  frame: BidFrame;
  resolve: (outcome: BidOutcome) => void;
  timer: ReturnType<typeof setTimeout> | null;
  /** In flight over HTTP: not resent on the socket meanwhile. */
  overHttp: boolean;
  /** The login was renewed once for this bid already. */
  renewed: boolean;
}

/** What the sender needs from the live connection it rides on. */
export interface BidTransport {
  auctionId: string;
  fetch: typeof fetch;
  /** A logged-in viewer: an expired login is renewed once per bid. */
  loggedIn: boolean;
  /** Sends on the live socket if it is connected (its state frame arrived); false otherwise. */
  sendFrame: (frame: BidFrame) => boolean;
  connected: () => boolean;
  /** After a renewed login: a fresh socket, whose state frame resends the bid. False when there is no live socket to replace. */
  reconnectWithNewLogin: () => boolean;
  /** A bid placed over HTTP while the socket is down: the bids it missed meanwhile are fetched. */
  placedWhileOffline: () => void;
  /** A socket bid unanswered this long is retried over HTTP with the same requestId. */
  bidTimeoutMs?: number | undefined;
}

interface ErrorBody {
  error?: { code?: string; message?: string };
}

function errorOf(body: unknown): { code: string; message: string } {
  const error = typeof body === "object" && body !== null ? (body as ErrorBody).error : undefined;
  return { code: error?.code ?? "UNKNOWN", message: error?.message ?? m.bid_error_not_accepted() };
}

export class BidSender {
  readonly #transport: BidTransport;
  readonly #pending = new Map<string, PendingBid>();

  constructor(transport: BidTransport) {
    this.#transport = transport;
  }

  /** Resolves once the room answered, whichever path got the bid there. */
  place(request: BidRequest): Promise<BidOutcome> {
    const frame: BidFrame = { type: "bid", requestId: crypto.randomUUID(), amount: request.amount };
    if (request.maxAmount !== undefined) frame.maxAmount = request.maxAmount;
    if (request.details !== undefined) frame.details = request.details;
    return new Promise((resolve) => {
      const pending: PendingBid = { frame, resolve, timer: null, overHttp: false, renewed: false };
      this.#pending.set(frame.requestId, pending);
      this.#dispatch(pending);
    });
  }

  /** A new socket is live: bids not on their way over HTTP go on it, under the same requestIds. */
  resend(): void {
    for (const pending of this.#pending.values()) if (!pending.overHttp) this.#dispatch(pending);
  }

  /** The socket went down: the bids it took with it go over HTTP now, under the same requestIds. */
  socketLost(): void {
    for (const pending of this.#pending.values()) if (!pending.overHttp) void this.#sendOverHttp(pending);
  }

  accepted(requestId: string, seq: number): void {
    this.#settle(requestId, { ok: true, requestId, seq });
  }

  refused(requestId: string, code: string, message: string): void {
    const pending = this.#pending.get(requestId);
    if (!pending) return;
    if (code === "UNAUTHENTICATED" && this.#transport.loggedIn && !pending.renewed) {
      // The access cookie (or the socket's copy of it) expired: renew it, reconnect, resend the same bid.
      pending.renewed = true;
      void renewLogin(this.#transport.fetch).then((check) => {
        if (check !== "valid") return this.#settle(requestId, { ok: false, requestId, code, message });
        if (!this.#transport.reconnectWithNewLogin()) void this.#sendOverHttp(pending);
      });
      return;
    }
    this.#settle(requestId, { ok: false, requestId, code, message });
  }

  #dispatch(pending: PendingBid): void {
    if (pending.timer) clearTimeout(pending.timer);
    if (this.#transport.sendFrame(pending.frame)) {
      pending.timer = setTimeout(() => {
        pending.timer = null;
        if (this.#pending.has(pending.frame.requestId)) void this.#sendOverHttp(pending);
      }, this.#transport.bidTimeoutMs ?? 8000);
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
      response = await this.#transport.fetch(`/api/auctions/${encodeURIComponent(this.#transport.auctionId)}/bids`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json", accept: "application/json", "idempotency-key": requestId },
        body: JSON.stringify({ amount, maxAmount, details }),
      });
    } catch {
      pending.overHttp = false;
      // The socket may still bring the answer; if it's down too, the bidder hears it now.
      if (!this.#transport.connected()) this.#settle(requestId, { ok: false, requestId, code: "NETWORK", message: m.bid_error_network_short() });
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
      if (!this.#transport.connected()) this.#transport.placedWhileOffline();
      return;
    }
    const error = errorOf(body);
    if (response.status === 429) error.code = "RATE_LIMITED";
    this.refused(requestId, response.status === 401 ? "UNAUTHENTICATED" : error.code, error.message);
  }

  #settle(requestId: string, outcome: BidOutcome): void {
    const pending = this.#pending.get(requestId);
    if (!pending) return;
    if (pending.timer) clearTimeout(pending.timer);
    this.#pending.delete(requestId);
    pending.resolve(outcome);
  }
}
