import { exports } from "cloudflare:workers";
import type { ServerFrame } from "../../schema";
import { ORIGIN } from "../helpers";

/** A live connection that records every frame and lets a test wait for one. */
export class LiveClient {
  readonly frames: ServerFrame[] = [];
  private waiters: Array<{ match: (frame: ServerFrame) => boolean; resolve: (frame: ServerFrame) => void }> = [];

  constructor(readonly socket: WebSocket) {
    socket.addEventListener("message", (event) => {
      if (event.data === "pong") return;
      const frame = JSON.parse(String(event.data)) as ServerFrame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.match(frame)) return true;
        waiter.resolve(frame);
        return false;
      });
    });
  }

  static async connect(auctionId: string, options: { token?: string; origin?: string } = {}): Promise<LiveClient> {
    const headers: Record<string, string> = { upgrade: "websocket" };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.origin) headers.origin = options.origin;
    const response = await exports.default.fetch(new Request(`${ORIGIN}/api/auctions/${auctionId}/live`, { headers }));
    if (!response.webSocket) throw new Error(`expected an upgrade, got ${response.status}: ${await response.text()}`);
    response.webSocket.accept();
    const client = new LiveClient(response.webSocket);
    await client.next((frame) => frame.type === "state");
    return client;
  }

  /** The first frame (already received or still to come) that matches. */
  next<T extends ServerFrame["type"]>(match: (frame: ServerFrame) => frame is Extract<ServerFrame, { type: T }>, timeoutMs?: number): Promise<Extract<ServerFrame, { type: T }>>;
  next(match: (frame: ServerFrame) => boolean, timeoutMs?: number): Promise<ServerFrame>;
  next(match: (frame: ServerFrame) => boolean, timeoutMs = 5000): Promise<ServerFrame> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame in ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`)), timeoutMs);
      this.waiters.push({ match, resolve: (frame) => (clearTimeout(timer), resolve(frame)) });
    });
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Sends a bid and waits for its ack or error. */
  async bid(amount: number, extra: Record<string, unknown> = {}, requestId: string = crypto.randomUUID()): Promise<ServerFrame> {
    this.send({ type: "bid", requestId, amount, ...extra });
    return this.next((frame) => (frame.type === "ack" || frame.type === "error") && frame.requestId === requestId);
  }

  /** Every bid event seen so far, from single and batched frames, in arrival order. */
  bidSeqs(): number[] {
    return this.frames.flatMap((frame) => (frame.type === "bid" ? [frame.seq] : frame.type === "bids" ? frame.items.map((item) => item.seq) : []));
  }

  close(): void {
    this.socket.close(1000, "done");
  }
}
