import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ClientFrame } from "$schema";
import { BidSender, type BidTransport } from "./bid-sender";

type BidFrame = Extract<ClientFrame, { type: "bid" }>;

let sent: BidFrame[];
let connected: boolean;
let fetchMock: ReturnType<typeof vi.fn<typeof fetch>>;
let reconnects: number;

function json(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

function sender(extra: Partial<BidTransport> = {}) {
  return new BidSender({
    auctionId: "a1",
    fetch: fetchMock,
    loggedIn: true,
    sendFrame: (frame) => connected && (sent.push(frame), true),
    connected: () => connected,
    reconnectWithNewLogin: () => {
      reconnects += 1;
      return connected;
    },
    placedWhileOffline: () => undefined,
    bidTimeoutMs: 8000,
    ...extra,
  });
}

const keyOf = (call: Parameters<typeof fetch>) => new Headers(call[1]?.headers).get("idempotency-key");

beforeEach(() => {
  vi.useFakeTimers();
  sent = [];
  connected = true;
  reconnects = 0;
  fetchMock = vi.fn<typeof fetch>(async () => json({ seq: 9 }, 201));
});

afterEach(() => {
  vi.useRealTimers();
});

describe("BidSender", () => {
  it("retries a socket bid left unanswered over HTTP, under the same requestId", async () => {
    const bids = sender();
    const outcome = bids.place({ amount: 3000 });
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(7999);
    expect(fetchMock).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await expect(outcome).resolves.toEqual({ ok: true, requestId: sent[0]!.requestId, seq: 9 });
    expect(keyOf(fetchMock.mock.calls[0]!)).toBe(sent[0]!.requestId);
  });

  it("settles once: the ack that follows the HTTP answer changes nothing", async () => {
    const bids = sender();
    const resolved = vi.fn();
    void bids.place({ amount: 3000 }).then(resolved);
    const requestId = sent[0]!.requestId;
    bids.socketLost();
    await vi.advanceTimersByTimeAsync(0);
    bids.accepted(requestId, 9);
    bids.refused(requestId, "BID_TOO_LOW", "late");
    await vi.advanceTimersByTimeAsync(0);
    expect(resolved).toHaveBeenCalledOnce();
    expect(resolved).toHaveBeenCalledWith({ ok: true, requestId, seq: 9 });
  });

  it("resends a waiting bid on the next socket with its requestId, not a new one", () => {
    connected = false;
    fetchMock.mockImplementation(() => new Promise(() => undefined));
    const bids = sender();
    void bids.place({ amount: 3000, maxAmount: 5000 });
    const [call] = fetchMock.mock.calls;
    // Over HTTP already: the new socket leaves it be.
    connected = true;
    bids.resend();
    expect(sent).toEqual([]);
    expect(keyOf(call!)).toBeTruthy();
  });

  it("renews an expired login once per bid, then reconnects so the new socket resends it", async () => {
    fetchMock.mockImplementation(async (input) => (input === "/api/auth/refresh" ? json({}, 200) : json({ seq: 9 }, 201)));
    const bids = sender();
    const resolved = vi.fn();
    void bids.place({ amount: 3000 }).then(resolved);
    const requestId = sent[0]!.requestId;
    bids.refused(requestId, "UNAUTHENTICATED", "Log in to bid");
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchMock.mock.calls.map(([input]) => input)).toEqual(["/api/auth/refresh"]);
    expect(reconnects).toBe(1);
    bids.resend();
    expect(sent.map((frame) => frame.requestId)).toEqual([requestId, requestId]);
    // Refused again after the renewal: that is the answer.
    bids.refused(requestId, "UNAUTHENTICATED", "Log in to bid");
    await vi.advanceTimersByTimeAsync(0);
    expect(resolved).toHaveBeenCalledWith({ ok: false, requestId, code: "UNAUTHENTICATED", message: "Log in to bid" });
    expect(reconnects).toBe(1);
  });

  it("reports a network error at once when neither the socket nor HTTP can reach the room", async () => {
    connected = false;
    fetchMock.mockRejectedValue(new TypeError("Failed to fetch"));
    const outcome = sender().place({ amount: 3000 });
    await expect(outcome).resolves.toMatchObject({ ok: false, code: "NETWORK" });
  });
});
