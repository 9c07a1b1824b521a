import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BidEvent, ClientFrame, ServerFrame } from "../../../schema/api/live";
import { LiveFeed, type BidOutcome, type FeedTransport } from "../../src/live/feed";
import type { SocketLike } from "../../src/socket";
import { auctionDetail as detail, NOW } from "./fixtures";

class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: ClientFrame[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly token: string | null;

  constructor(token: string | null) {
    this.token = token;
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as ClientFrame);
  }

  close(): void {
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }

  receive(frame: ServerFrame | Record<string, unknown>): void {
    this.onmessage?.({ data: JSON.stringify(frame) } as MessageEvent);
  }

  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code } as CloseEvent);
  }
}

const bid = (seq: number, amount: number, bidder = "Bidder 2", endsAt = NOW + 3_600_000): BidEvent => ({ seq, amount, bidder, kind: "bid", at: NOW, endsAt });

describe("the live feed", () => {
  let sockets: FakeSocket[];
  let httpBids: Array<{ requestId: string; amount: number }>;
  let transport: FeedTransport;

  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
    sockets = [];
    httpBids = [];
    transport = {
      server: "http://gavel.test",
      token: async () => "access-token",
      snapshot: async () => detail(),
      bidOverHttp: async (requestId, request): Promise<BidOutcome> => {
        httpBids.push({ requestId, amount: request.amount });
        return { ok: true, requestId, seq: 9 };
      },
      socket: (_url, token) => {
        const socket = new FakeSocket(token);
        sockets.push(socket);
        return socket;
      },
      random: () => 0.5,
    };
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  async function connected(feed: LiveFeed, seq: number): Promise<FakeSocket> {
    await vi.advanceTimersByTimeAsync(0);
    const socket = sockets.at(-1)!;
    socket.open();
    socket.receive({ type: "state", now: NOW, auction: { ...detail(), seq, bidCount: seq } });
    return socket;
  }

  it("authenticates the socket with the bearer token and asks once for exactly the bids it missed", async () => {
    const feed = new LiveFeed(detail(), [bid(1, 2500, "Bidder 1"), bid(2, 2600, "Bidder 1")], transport);
    feed.start();
    const socket = await connected(feed, 5);
    expect(socket.token).toBe("access-token");
    expect(socket.sent).toEqual([{ type: "sync", since: 2 }]);
    // Live bids arriving before the replay don't trigger a second sync.
    socket.receive({ type: "bid", now: NOW, ...bid(6, 3000) });
    expect(socket.sent).toHaveLength(1);
    socket.receive({ type: "bids", now: NOW, items: [bid(3, 2700), bid(4, 2800), bid(5, 2900), bid(6, 3000)] });
    expect(feed.bids.map((entry) => entry.seq)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(feed.snapshot.currentPrice).toBe(3000);
    expect(socket.sent).toHaveLength(1);
    feed.stop();
  });

  it("does not take a live batch that overtakes the replay for the replay itself", async () => {
    const feed = new LiveFeed(detail(), [], transport);
    feed.start();
    const socket = await connected(feed, 4);
    expect(socket.sent).toEqual([{ type: "sync", since: 2 }]);
    // A proxy fight accepted meanwhile: two entries broadcast as one batch, ahead of the replay.
    socket.receive({ type: "bids", now: NOW, items: [bid(5, 3000, "Bidder 1"), bid(6, 3100)] });
    expect(socket.sent).toHaveLength(1);
    socket.receive({ type: "bids", now: NOW, items: [bid(3, 2700), bid(4, 2800)] });
    expect(feed.bids.map((entry) => entry.seq)).toEqual([6, 5, 4, 3]);
    expect(socket.sent).toHaveLength(1);
    feed.stop();
  });

  it("sends no sync on a new socket before its state frame, even when an HTTP refresh shows bids it lacks", async () => {
    transport.snapshot = async () => detail({ seq: 4, bidCount: 4 });
    const feed = new LiveFeed(detail(), [], transport);
    feed.start();
    const first = await connected(feed, 2);
    first.drop();
    await vi.advanceTimersByTimeAsync(500);
    const second = sockets.at(-1)!;
    second.open();
    // The refresh the first state frame scheduled lands now, on an open socket that has not had its state yet.
    await vi.advanceTimersByTimeAsync(300);
    expect(second.sent).toEqual([]);
    second.receive({ type: "state", now: NOW, auction: detail({ seq: 4, bidCount: 4 }) });
    expect(second.sent).toEqual([{ type: "sync", since: 2 }]);
    feed.stop();
  });

  it("asks for the rest when a long replay comes back capped", async () => {
    const feed = new LiveFeed(detail(), [], transport);
    feed.start();
    const socket = await connected(feed, 6);
    socket.receive({ type: "bids", now: NOW, items: [bid(3, 2700), bid(4, 2800)] });
    expect(socket.sent).toEqual([{ type: "sync", since: 2 }, { type: "sync", since: 4 }]);
    socket.receive({ type: "bids", now: NOW, items: [bid(5, 2900), bid(6, 3000)] });
    expect(socket.sent).toHaveLength(2);
    expect(feed.bids.map((entry) => entry.seq)).toEqual([6, 5, 4, 3]);
    feed.stop();
  });

  it("reconnects with backoff and syncs again from where it stopped, adding each bid once", async () => {
    const feed = new LiveFeed(detail(), [], transport);
    feed.start();
    const first = await connected(feed, 2);
    first.receive({ type: "bid", now: NOW, ...bid(3, 2700) });
    first.drop();
    expect(feed.connection).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(499);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const second = await connected(feed, 4);
    expect(second.sent).toEqual([{ type: "sync", since: 3 }]);
    second.receive({ type: "bids", now: NOW, items: [bid(3, 2700), bid(4, 2800)] });
    expect(feed.bids.map((entry) => entry.seq)).toEqual([4, 3]);
    feed.stop();
  });

  it("keeps a bid's requestId when it is resent after a reconnect and when it falls back to HTTP", async () => {
    const feed = new LiveFeed(detail(), [], transport);
    feed.start();
    const first = await connected(feed, 2);
    const outcome = feed.bid({ amount: 2700 });
    const frame = first.sent.find((sent) => sent.type === "bid")!;
    expect(frame).toMatchObject({ type: "bid", amount: 2700 });
    // Unanswered for 8 s: the same bid goes over HTTP under the same id.
    await vi.advanceTimersByTimeAsync(8_000);
    expect(httpBids).toEqual([{ requestId: frame.type === "bid" ? frame.requestId : "", amount: 2700 }]);
    await expect(outcome).resolves.toMatchObject({ ok: true, seq: 9 });
    feed.stop();
  });

  it("resends an unanswered bid on the new socket with the same requestId", async () => {
    transport.bidOverHttp = async (requestId) => ({ ok: false, requestId, code: "NETWORK", message: "offline" });
    const feed = new LiveFeed(detail(), [], transport);
    feed.start();
    const first = await connected(feed, 2);
    const outcome = feed.bid({ amount: 2700, maxAmount: 5000 });
    first.drop();
    await vi.advanceTimersByTimeAsync(500);
    const second = await connected(feed, 2);
    const [sentFirst, sentSecond] = [first, second].map((socket) => socket.sent.find((sent) => sent.type === "bid"));
    expect(sentSecond).toEqual(sentFirst);
    second.receive({ type: "ack", now: NOW, requestId: sentSecond!.type === "bid" ? sentSecond!.requestId : "", seq: 3 });
    await expect(outcome).resolves.toMatchObject({ ok: true, seq: 3 });
    feed.stop();
  });

  it("reports a bid unsent when neither path answers for 30 seconds", async () => {
    transport.bidOverHttp = async (requestId) => ({ ok: false, requestId, code: "NETWORK", message: "offline" });
    const feed = new LiveFeed(detail(), [], transport);
    feed.start();
    const socket = await connected(feed, 2);
    const outcome = feed.bid({ amount: 2700 });
    socket.drop();
    await vi.advanceTimersByTimeAsync(30_000);
    await expect(outcome).resolves.toMatchObject({ ok: false, code: "TIMEOUT" });
    feed.stop();
  });

  it("cues the outbid moment and a soft-close extension, and skips frame types it does not know", async () => {
    const feed = new LiveFeed(detail(), [], transport);
    feed.start();
    const socket = await connected(feed, 2);
    socket.receive({ type: "you", now: NOW, anything: true });
    socket.receive({ type: "bid", now: NOW, ...bid(3, 2700, "Bidder 2", NOW + 3_720_000) });
    socket.receive({ type: "leaderboard", now: NOW, items: [{ alias: "Bidder 2", amount: 2700, leading: true }, { alias: "Bidder 1", amount: 2600, leading: false }] });
    expect(feed.snapshot.you).toMatchObject({ alias: "Bidder 1", leading: false });
    expect(feed.cues.map(({ at: _at, ...cue }) => cue)).toEqual([
      { kind: "extended", from: NOW + 3_600_000, to: NOW + 3_720_000 },
      { kind: "outbid", by: "Bidder 2", amount: 2700 },
    ]);
    expect(feed.snapshot.nextBidLimit).toBe(2800);
    feed.stop();
  });

  it("counts down on the server's clock, not the local one", async () => {
    const feed = new LiveFeed(detail(), [], transport);
    feed.start();
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]!.open();
    sockets[0]!.receive({ type: "state", now: NOW + 5_000, auction: detail() });
    expect(feed.serverNow()).toBe(NOW + 5_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(feed.serverNow()).toBe(NOW + 6_000);
    feed.stop();
  });
});
