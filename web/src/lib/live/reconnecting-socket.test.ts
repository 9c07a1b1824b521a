import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ReconnectingSocket, SESSION_ENDED_CLOSE_CODE, type ReconnectingSocketOptions, type SocketLike, type SocketLoss } from "./reconnecting-socket";

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
  receive(data: string) {
    this.onmessage?.(new MessageEvent("message", { data }));
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.(new CloseEvent("close", { code }));
  }
}

let sockets: FakeSocket[];
let messages: unknown[];
let losses: SocketLoss[];

function reconnecting(extra: Partial<ReconnectingSocketOptions> = {}) {
  return new ReconnectingSocket({
    url: () => "ws://gavel.test/live",
    socket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    random: () => 0.5,
    onMessage: (data) => messages.push(data),
    onLost: (loss) => losses.push(loss),
    ...extra,
  });
}

function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => state });
  document.dispatchEvent(new Event("visibilitychange"));
}

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  messages = [];
  losses = [];
});

afterEach(() => {
  setVisibility("visible");
  vi.useRealTimers();
});

describe("ReconnectingSocket", () => {
  it("backs off further with every loss in a row and starts over once the socket proved healthy", () => {
    const socket = reconnecting();
    socket.start();
    sockets[0]!.drop();
    expect(losses.at(-1)).toEqual({ failures: 1, closeCode: 1006, retryInMs: 500 });
    vi.advanceTimersByTime(500);
    sockets[1]!.drop();
    expect(losses.at(-1)).toMatchObject({ failures: 2, retryInMs: 1000 });
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    sockets[2]!.open();
    socket.markHealthy();
    sockets[2]!.drop();
    expect(losses.at(-1)).toMatchObject({ failures: 1, retryInMs: 500 });
    socket.stop();
  });

  it("hands over the current socket's frames only, never a replaced one's", () => {
    const socket = reconnecting();
    socket.start();
    const first = sockets[0]!;
    first.open();
    socket.replace("renewing login");
    expect(first.closedWith).toBe(1000);
    expect(sockets).toHaveLength(2);
    first.receive("late");
    first.drop();
    sockets[1]!.open();
    sockets[1]!.receive("fresh");
    expect(messages).toEqual(["fresh"]);
    expect(losses).toEqual([]);
    socket.stop();
  });

  it("passes the close code to the login check, and stops for good when the check says so", async () => {
    const onStopped = vi.fn();
    const beforeReconnect = vi.fn(async (code: number) => (code === SESSION_ENDED_CLOSE_CODE ? ("stop" as const) : ("reconnect" as const)));
    const socket = reconnecting({ beforeReconnect, onStopped });
    socket.start();
    sockets[0]!.open();
    sockets[0]!.drop(1011);
    await vi.advanceTimersByTimeAsync(500);
    expect(beforeReconnect).toHaveBeenLastCalledWith(1011);
    expect(sockets).toHaveLength(2);
    sockets[1]!.open();
    sockets[1]!.drop(SESSION_ENDED_CLOSE_CODE);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(beforeReconnect).toHaveBeenLastCalledWith(SESSION_ENDED_CLOSE_CODE);
    expect(onStopped).toHaveBeenCalledOnce();
    expect(socket.running).toBe(false);
    expect(sockets).toHaveLength(2);
  });

  it("reconnects at once when the tab becomes visible again, instead of waiting out a long backoff", () => {
    const socket = reconnecting();
    socket.start();
    for (let attempt = 0; attempt < 6; attempt += 1) {
      sockets.at(-1)!.drop();
      vi.advanceTimersByTime(losses.at(-1)!.retryInMs);
    }
    sockets.at(-1)!.drop();
    expect(losses.at(-1)!.retryInMs).toBe(30_000);
    const before = sockets.length;
    setVisibility("hidden");
    expect(sockets).toHaveLength(before);
    setVisibility("visible");
    expect(sockets).toHaveLength(before + 1);
    // The backoff timer it replaced does not open a second socket.
    vi.advanceTimersByTime(30_000);
    expect(sockets).toHaveLength(before + 1);
    socket.stop();
  });

  it("drops an open socket when the browser goes offline and leaves nothing running after stop", () => {
    const socket = reconnecting();
    socket.start();
    sockets[0]!.open();
    window.dispatchEvent(new Event("offline"));
    expect(sockets[0]!.closedWith).toBe(1000);
    expect(losses).toEqual([{ failures: 1, closeCode: 1000, retryInMs: 500 }]);
    socket.stop();
    vi.advanceTimersByTime(60_000);
    window.dispatchEvent(new Event("online"));
    setVisibility("visible");
    expect(sockets).toHaveLength(1);
  });

  it("sends only on an open socket", () => {
    const socket = reconnecting();
    expect(socket.send("x")).toBe(false);
    socket.start();
    expect(socket.send("x")).toBe(false);
    sockets[0]!.open();
    expect(socket.send("x")).toBe(true);
    expect(sockets[0]!.sent).toEqual(["x"]);
    socket.stop();
  });
});
