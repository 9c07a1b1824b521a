import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AUCTION_OVER_CLOSE_CODE, type AuctionSnapshot, type ClientFrame, type ServerFrame } from "$schema";
import { LiveAuction, type SocketLike } from "./auction-live.svelte";

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: ClientFrame[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as ClientFrame);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
  }
  receive(frame: ServerFrame) {
    this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(frame) }));
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.(new CloseEvent("close", { code }));
  }
}

const snapshot: AuctionSnapshot = {
  id: "a1",
  format: "forward",
  status: "live",
  currency: "EUR",
  startingPrice: 2500,
  currentPrice: 2500,
  nextBidLimit: 2600,
  startsAt: 0,
  endsAt: 10_000_000,
  bidCount: 1,
  seq: 1,
  hasReserve: false,
  reserveMet: true,
  buyNowPrice: null,
  leaderboard: [],
  sealed: null,
  you: null,
};
const bid = (seq: number, amount: number) => ({ seq, amount, bidder: "Bidder 2", kind: "bid" as const, at: 1000 + seq, endsAt: 10_000_000 });

let sockets: FakeSocket[];
let fetchMock: ReturnType<typeof vi.fn<typeof fetch>>;

function client(extra: Partial<ConstructorParameters<typeof LiveAuction>[0]> = {}) {
  return new LiveAuction({
    id: "a1",
    snapshot,
    history: [bid(1, 2500)],
    increment: { kind: "fixed", amount: 100 },
    loggedIn: false,
    origin: "http://gavel.test",
    socket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    fetch: fetchMock,
    random: () => 0.5,
    clock: () => Date.now(),
    ...extra,
  });
}

function connect(socket: FakeSocket, state: Partial<AuctionSnapshot> = {}, now = Date.now()) {
  socket.open();
  socket.receive({ type: "state", now, auction: { ...snapshot, ...state } });
}

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  fetchMock = vi.fn<typeof fetch>(async () => new Response(JSON.stringify({ error: { code: "NOT_FOUND", message: "x" } }), { status: 404 }));
});

afterEach(() => {
  vi.useRealTimers();
});

describe("LiveAuction", () => {
  it("catches up a page of replay at a time until nothing is missing", () => {
    const live = client();
    live.start();
    const socket = sockets[0]!;
    connect(socket, { seq: 5 });
    expect(socket.sent).toEqual([{ type: "sync", since: 1 }]);
    socket.receive({ type: "bids", now: Date.now(), items: [bid(2, 2600), bid(3, 2700)] });
    expect(socket.sent.at(-1)).toEqual({ type: "sync", since: 3 });
    socket.receive({ type: "bids", now: Date.now(), items: [bid(4, 2800), bid(5, 2900)] });
    expect(socket.sent).toHaveLength(2);
    expect(live.bids.map((entry) => entry.seq)).toEqual([5, 4, 3, 2, 1]);
    live.stop();
  });

  it("learns a logged-in viewer's standing from `you` frames and never re-reads the snapshot after bids", () => {
    const live = client({ loggedIn: true, snapshot: { ...snapshot, hasReserve: true, reserveMet: false, buyNowPrice: 9000 } });
    live.start();
    const socket = sockets[0]!;
    const you = { alias: "Bidder 1", leading: true, isSeller: false, limit: 3000, bidCount: 1, bidsLeft: null };
    connect(socket, { hasReserve: true, reserveMet: false, buyNowPrice: 9000, you });
    socket.receive({ type: "bids", now: Date.now(), items: [bid(2, 3000), bid(3, 3100)], reserveMet: true, buyNowPrice: null });
    socket.receive({ type: "you", now: Date.now(), seq: 3, you: { ...you, leading: false } });
    vi.advanceTimersByTime(10_000);

    expect(live.snapshot).toMatchObject({ seq: 3, currentPrice: 3100, nextBidLimit: 3200, reserveMet: true, buyNowPrice: null });
    expect(live.snapshot.you).toEqual({ ...you, leading: false });
    expect(fetchMock).not.toHaveBeenCalled();
    live.stop();
  });

  it("connects to the auction's socket, keeps state and tracks the server clock", () => {
    const live = client();
    live.start();
    expect(sockets[0]!.url).toBe("ws://gavel.test/api/auctions/a1/live");
    expect(live.connection).toBe("connecting");
    connect(sockets[0]!, {}, Date.now() + 5000);
    expect(live.connection).toBe("connected");
    expect(live.serverNow() - Date.now()).toBe(5000);
    sockets[0]!.receive({ type: "bid", now: Date.now(), ...bid(2, 2600) });
    expect(live.snapshot.currentPrice).toBe(2600);
    expect(live.snapshot.bidCount).toBe(2);
    expect(live.snapshot.nextBidLimit).toBe(2700);
    expect(live.bids.map((entry) => entry.seq)).toEqual([2, 1]);
    expect(live.latest?.seq).toBe(2);
    sockets[0]!.receive({ type: "status", now: Date.now(), status: "ended", endsAt: 5 });
    expect(live.snapshot.status).toBe("ended");
    live.stop();
  });

  it("keeps the final state and does not reconnect when a relay closes the socket because the auction is over", () => {
    const live = client();
    live.start();
    connect(sockets[0]!);
    sockets[0]!.receive({ type: "status", now: Date.now(), status: "ended", endsAt: 5 });
    sockets[0]!.drop(AUCTION_OVER_CLOSE_CODE);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(live.connection).toBe("closed");
    expect(live.snapshot.status).toBe("ended");
  });

  it("reconnects with backoff and replays missed bids exactly once with sync", () => {
    const live = client();
    live.start();
    connect(sockets[0]!);
    sockets[0]!.receive({ type: "bid", now: Date.now(), ...bid(2, 2600) });
    sockets[0]!.drop();
    expect(live.connection).toBe("reconnecting");
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(499);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    // Two bids happened meanwhile: the state says seq 4.
    connect(sockets[1]!, { seq: 4, bidCount: 4, currentPrice: 2800 });
    expect(sockets[1]!.sent).toEqual([{ type: "sync", since: 2 }]);
    // A live frame for seq 4 races the replay, which repeats it.
    sockets[1]!.receive({ type: "bid", now: Date.now(), ...bid(4, 2800) });
    sockets[1]!.receive({ type: "bids", now: Date.now(), items: [bid(3, 2700), bid(4, 2800)] });
    expect(live.bids.map((entry) => entry.seq)).toEqual([4, 3, 2, 1]);
    expect(live.snapshot.bidCount).toBe(4);
    live.stop();
  });

  it("falls back to polling after repeated socket failures and returns to live when a socket gets through", async () => {
    fetchMock.mockImplementation(async () => new Response(JSON.stringify({ ...snapshot, seq: 1 }), { status: 200 }));
    const live = client({ failuresBeforePolling: 3, pollIntervalMs: 4000 });
    live.start();
    sockets[0]!.drop();
    vi.advanceTimersByTime(500);
    sockets[1]!.drop();
    expect(live.connection).toBe("reconnecting");
    vi.advanceTimersByTime(1000);
    sockets[2]!.drop();
    expect(live.connection).toBe("polling");
    expect(fetchMock).toHaveBeenCalledWith("/api/auctions/a1", expect.anything());
    await vi.advanceTimersByTimeAsync(4000);
    expect(fetchMock.mock.calls.filter(([url]) => url === "/api/auctions/a1").length).toBeGreaterThanOrEqual(2);
    await vi.advanceTimersByTimeAsync(2000);
    connect(sockets.at(-1)!);
    expect(live.connection).toBe("connected");
    live.stop();
  });

  it("bids over the socket and settles on the ack with the same requestId", async () => {
    const live = client();
    live.start();
    connect(sockets[0]!);
    const outcome = live.bid({ amount: 3000, maxAmount: 5000 });
    const frame = sockets[0]!.sent[0];
    expect(frame).toMatchObject({ type: "bid", amount: 3000, maxAmount: 5000 });
    if (frame?.type !== "bid") throw new Error("no bid frame");
    sockets[0]!.receive({ type: "ack", now: Date.now(), requestId: frame.requestId, seq: 2 });
    await expect(outcome).resolves.toEqual({ ok: true, requestId: frame.requestId, seq: 2 });
    live.stop();
  });

  it("reports the room's error code for a refused bid", async () => {
    const live = client();
    live.start();
    connect(sockets[0]!);
    const outcome = live.bid({ amount: 2000 });
    const frame = sockets[0]!.sent[0];
    if (frame?.type !== "bid") throw new Error("no bid frame");
    sockets[0]!.receive({ type: "error", now: Date.now(), requestId: frame.requestId, code: "BID_TOO_LOW", message: "Bid at least 2600" });
    await expect(outcome).resolves.toMatchObject({ ok: false, code: "BID_TOO_LOW" });
    live.stop();
  });

  it("sends a bid over HTTP with its requestId as Idempotency-Key when the socket is down", async () => {
    fetchMock.mockImplementation(async () => new Response(JSON.stringify({ seq: 7 }), { status: 201 }));
    const live = client();
    live.start();
    const outcome = await live.bid({ amount: 3000 });
    expect(outcome).toMatchObject({ ok: true, seq: 7 });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe("/api/auctions/a1/bids");
    expect(new Headers(init?.headers).get("idempotency-key")).toBe(outcome.requestId);
    expect(JSON.parse(String(init?.body))).toEqual({ amount: 3000 });
    live.stop();
  });

  it("retries a bid the dropped socket took with it over HTTP, under the same requestId", async () => {
    fetchMock.mockImplementation(async () => new Response(JSON.stringify({ seq: 2 }), { status: 201 }));
    const live = client();
    live.start();
    connect(sockets[0]!);
    const outcome = live.bid({ amount: 3000 });
    const frame = sockets[0]!.sent[0];
    if (frame?.type !== "bid") throw new Error("no bid frame");
    sockets[0]!.drop();
    await expect(outcome).resolves.toMatchObject({ ok: true, requestId: frame.requestId });
    expect(new Headers(fetchMock.mock.calls[0]![1]?.headers).get("idempotency-key")).toBe(frame.requestId);
    live.stop();
  });
});

describe("LiveAuction: the session behind the socket", () => {
  it("renews a logged-in viewer's login before reconnecting when the room closed with 4001", async () => {
    fetchMock.mockImplementation(async () => new Response("{}", { status: 200 }));
    const live = client({ loggedIn: true });
    live.start();
    connect(sockets[0]!);
    sockets[0]!.drop(4001);
    await vi.advanceTimersByTimeAsync(500);
    expect(fetchMock.mock.calls.map(([input]) => input)).toEqual(["/api/auth/refresh"]);
    expect(sockets).toHaveLength(2);
    live.stop();
  });

  it("reconnects an anonymous watcher, or any other loss, without asking about the login", () => {
    const live = client();
    live.start();
    connect(sockets[0]!);
    sockets[0]!.drop(4001);
    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(2);
    expect(fetchMock).not.toHaveBeenCalled();
    live.stop();
  });
});

describe("LiveAuction: one sync per gap", () => {
  const syncs = (socket: FakeSocket) => socket.sent.filter((frame) => frame.type === "sync");

  it("does not ask again when a live batch overtakes the replay of the sync in flight", () => {
    const live = client();
    live.start();
    const socket = sockets[0]!;
    connect(socket, { seq: 5 });
    expect(syncs(socket)).toEqual([{ type: "sync", since: 1 }]);
    // Two bids accepted meanwhile go out as one live batch, ahead of the replay: a gap, but already asked for.
    socket.receive({ type: "bids", now: Date.now(), items: [bid(6, 3000), bid(7, 3100)] });
    expect(syncs(socket)).toHaveLength(1);
    socket.receive({ type: "bids", now: Date.now(), items: [bid(2, 2600), bid(3, 2700), bid(4, 2800), bid(5, 2900)] });
    expect(syncs(socket)).toHaveLength(1);
    expect(live.bids.map((entry) => entry.seq)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(live.snapshot).toMatchObject({ seq: 7, currentPrice: 3100 });
    live.stop();
  });

  it("asks for the rest of a capped replay once, even when live batches arrive in between", () => {
    const live = client();
    live.start();
    const socket = sockets[0]!;
    connect(socket, { seq: 6 });
    socket.receive({ type: "bids", now: Date.now(), items: [bid(2, 2600), bid(3, 2700)] });
    expect(syncs(socket)).toEqual([
      { type: "sync", since: 1 },
      { type: "sync", since: 3 },
    ]);
    socket.receive({ type: "bids", now: Date.now(), items: [bid(7, 3200), bid(8, 3300)] });
    socket.receive({ type: "bid", now: Date.now(), ...bid(9, 3400) });
    expect(syncs(socket)).toHaveLength(2);
    socket.receive({ type: "bids", now: Date.now(), items: [bid(4, 2800), bid(5, 2900), bid(6, 3000)] });
    expect(syncs(socket)).toHaveLength(2);
    expect(live.bids.map((entry) => entry.seq)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    live.stop();
  });

  it("after a reconnect, asks once even when a live batch races the replay", () => {
    const live = client();
    live.start();
    connect(sockets[0]!);
    sockets[0]!.drop();
    vi.advanceTimersByTime(500);
    const socket = sockets[1]!;
    connect(socket, { seq: 4, bidCount: 4, currentPrice: 2800 });
    socket.receive({ type: "bids", now: Date.now(), items: [bid(5, 2900), bid(6, 3000)] });
    socket.receive({ type: "bids", now: Date.now(), items: [bid(2, 2600), bid(3, 2700), bid(4, 2800)] });
    expect(syncs(socket)).toEqual([{ type: "sync", since: 1 }]);
    expect(live.bids.map((entry) => entry.seq)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(live.snapshot.bidCount).toBe(6);
    live.stop();
  });

  it("sends no sync on a new socket before its state frame, even when newer page data shows bids it lacks", () => {
    const live = client();
    live.start();
    connect(sockets[0]!);
    sockets[0]!.drop();
    vi.advanceTimersByTime(500);
    const socket = sockets[1]!;
    socket.open();
    live.adopt({ ...snapshot, seq: 3, bidCount: 3, currentPrice: 2700 });
    expect(socket.sent).toEqual([]);
    socket.receive({ type: "state", now: Date.now(), auction: { ...snapshot, seq: 3, bidCount: 3, currentPrice: 2700 } });
    expect(syncs(socket)).toEqual([{ type: "sync", since: 1 }]);
    live.stop();
  });
});
