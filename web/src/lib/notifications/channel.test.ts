import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChannelFrame, Notification } from "$schema";
import type { SocketLike } from "$lib/live/reconnecting-socket";
import { NotificationChannel, type ChannelUpdate, type NotificationChannelOptions } from "./channel.svelte";

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  closedWith: number | null = null;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close(code = 1000) {
    this.readyState = 3;
    this.closedWith = code;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  receive(data: ChannelFrame | string) {
    this.onmessage?.(new MessageEvent("message", { data: typeof data === "string" ? data : JSON.stringify(data) }));
  }
  /** The server (or the network) ends the connection. */
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.(new CloseEvent("close", { code }));
  }
}

const outbid: Notification = {
  id: "n1",
  event: "outbid",
  auctionId: "a1",
  title: "You were outbid: Walnut writing box",
  body: "The price of “Walnut writing box” is now €26, and you are no longer the highest bidder.",
  link: "/auctions/a1",
  createdAt: 1_000,
  readAt: null,
  repeatCount: 1,
};

let sockets: FakeSocket[];
let fetchMock: ReturnType<typeof vi.fn<typeof fetch>>;

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/** Answers the count and refresh endpoints as the API would for this login. */
function answer(login: { count?: number; countStatus?: number; refreshStatus?: number }) {
  fetchMock.mockImplementation(async (input) => {
    if (input === "/api/auth/refresh") return json({}, login.refreshStatus ?? 200);
    const status = login.countStatus ?? 200;
    return status === 200 ? json({ unreadCount: login.count ?? 0 }) : json({ error: { code: "X", message: "x", details: {} } }, status);
  });
}

function channel(extra: Partial<NotificationChannelOptions> = {}) {
  return new NotificationChannel({
    unreadCount: 2,
    origin: "http://gavel.test",
    socket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    fetch: fetchMock,
    random: () => 0.5,
    pingIntervalMs: 30_000,
    pongTimeoutMs: 10_000,
    ...extra,
  });
}

const paths = () => fetchMock.mock.calls.map(([input]) => String(input));

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  fetchMock = vi.fn<typeof fetch>();
  answer({ count: 0 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("NotificationChannel", () => {
  it("keeps the count from the frames and hands each update to its listeners", () => {
    const live = channel();
    const updates: ChannelUpdate[] = [];
    const unsubscribe = live.subscribe((update) => updates.push(update));
    live.start();
    expect(sockets[0]!.url).toBe("ws://gavel.test/api/me/notifications/live");
    expect(live.status).toBe("connecting");
    sockets[0]!.open();
    expect(live.status).toBe("connected");
    expect(live.unreadCount).toBe(2);

    sockets[0]!.receive({ type: "notification", now: 2_000, notification: outbid, unreadCount: 3 });
    expect(live.unreadCount).toBe(3);
    sockets[0]!.receive({ type: "read", now: 3_000, unreadCount: 0 });
    expect(live.unreadCount).toBe(0);
    expect(updates.map((update) => update.type)).toEqual(["notification", "read"]);
    expect(updates[0]).toMatchObject({ notification: { id: "n1", title: outbid.title } });

    // Not frames of this channel: ignored.
    sockets[0]!.receive("not json");
    sockets[0]!.receive(JSON.stringify({ type: "notification", unreadCount: 9 }));
    sockets[0]!.receive({ type: "error", now: 4_000, code: "NOT_ACCEPTED", message: "This channel only sends" });
    expect(live.unreadCount).toBe(0);
    expect(updates).toHaveLength(2);

    unsubscribe();
    sockets[0]!.receive({ type: "read", now: 5_000, unreadCount: 0 });
    expect(updates).toHaveLength(2);
    live.stop();
    expect(sockets[0]!.closedWith).toBe(1000);
  });

  it("pings while connected and replaces a socket that stops answering", async () => {
    const live = channel();
    live.start();
    sockets[0]!.open();
    vi.advanceTimersByTime(30_000);
    expect(sockets[0]!.sent).toEqual(["ping"]);
    sockets[0]!.receive("pong");
    vi.advanceTimersByTime(30_000);
    expect(sockets[0]!.sent).toEqual(["ping", "ping"]);
    expect(sockets).toHaveLength(1);

    // No pong within 10 s: the connection is dead although no close event came.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sockets[0]!.closedWith).toBe(1000);
    expect(live.status).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(500);
    expect(sockets).toHaveLength(2);
    live.stop();
  });

  it("reconnects with growing backoff and catches up on the count over HTTP first", async () => {
    answer({ count: 5 });
    const live = channel();
    live.start();
    sockets[0]!.open();
    sockets[0]!.drop();
    expect(live.status).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(499);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(paths()).toEqual(["/api/me/notifications/unread-count"]);
    expect(live.unreadCount).toBe(5);
    expect(sockets).toHaveLength(2);

    // It never opened: the next try waits twice as long.
    sockets[1]!.drop();
    await vi.advanceTimersByTimeAsync(999);
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(3);
    sockets[2]!.open();
    expect(live.status).toBe("connected");
    live.stop();
  });

  it("stops for good when the login has ended (close code 4001 and the session is gone)", async () => {
    answer({ countStatus: 401, refreshStatus: 401 });
    const onLoginEnded = vi.fn();
    const live = channel({ onLoginEnded });
    live.start();
    sockets[0]!.open();
    sockets[0]!.drop(4001);
    await vi.advanceTimersByTimeAsync(500);
    expect(paths()).toEqual(["/api/me/notifications/unread-count", "/api/auth/refresh"]);
    expect(live.status).toBe("ended");
    expect(onLoginEnded).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(sockets).toHaveLength(1);
  });

  it("stops for good when the account is suspended", async () => {
    answer({ countStatus: 403 });
    const live = channel();
    live.start();
    sockets[0]!.open();
    sockets[0]!.drop(4001);
    await vi.advanceTimersByTimeAsync(500);
    expect(live.status).toBe("ended");
    expect(paths()).toEqual(["/api/me/notifications/unread-count"]);
  });

  it("reconnects after 4001 when only the user's other sessions ended", async () => {
    answer({ count: 1 });
    const onLoginEnded = vi.fn();
    const live = channel({ onLoginEnded });
    live.start();
    sockets[0]!.open();
    sockets[0]!.drop(4001);
    await vi.advanceTimersByTimeAsync(500);
    expect(sockets).toHaveLength(2);
    sockets[1]!.open();
    expect(live.status).toBe("connected");
    expect(onLoginEnded).not.toHaveBeenCalled();
    live.stop();
  });

  it("renews an expired access cookie before reconnecting", async () => {
    answer({ countStatus: 401, refreshStatus: 200 });
    const live = channel();
    live.start();
    sockets[0]!.drop();
    await vi.advanceTimersByTimeAsync(500);
    expect(paths()).toEqual(["/api/me/notifications/unread-count", "/api/auth/refresh"]);
    const [, init] = fetchMock.mock.calls[1]!;
    expect(init).toMatchObject({ method: "POST", credentials: "same-origin", body: "{}" });
    expect(sockets).toHaveLength(2);
    live.stop();
  });

  it("keeps trying through network failures", async () => {
    fetchMock.mockRejectedValue(new TypeError("Failed to fetch"));
    const live = channel();
    live.start();
    sockets[0]!.drop();
    await vi.advanceTimersByTimeAsync(500);
    expect(sockets).toHaveLength(2);
    expect(live.status).toBe("reconnecting");
    live.stop();
    expect(live.status).toBe("idle");
  });

  it("drops the socket when the browser goes offline and tries again as soon as it is back", async () => {
    const live = channel();
    live.start();
    sockets[0]!.open();
    window.dispatchEvent(new Event("offline"));
    expect(sockets[0]!.closedWith).toBe(1000);
    expect(live.status).toBe("reconnecting");
    window.dispatchEvent(new Event("online"));
    await vi.advanceTimersByTimeAsync(0);
    expect(sockets).toHaveLength(2);
    live.stop();
  });

  it("opens nothing after stop, even when a reconnect was due", async () => {
    const live = channel();
    live.start();
    sockets[0]!.drop();
    live.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
