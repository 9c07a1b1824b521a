import { exports } from "cloudflare:workers";
import type { ServerFrame } from "../../schema";
import { FrameRecorder } from "../frame-recorder";
import { ORIGIN } from "../helpers";

/** A live connection that records every frame and lets a test wait for one. */
export class LiveClient {
  private readonly recorder: FrameRecorder<ServerFrame>;
  /** Resolves with the close code once the server closes the socket. */
  readonly closed: Promise<number>;

  /** `extensions`: the Sec-WebSocket-Extensions the upgrade answered with. */
  constructor(
    readonly socket: WebSocket,
    readonly extensions: string | null = null,
  ) {
    this.recorder = new FrameRecorder(socket);
    this.closed = new Promise((resolve) => socket.addEventListener("close", (event) => resolve(event.code)));
  }

  get frames(): ServerFrame[] {
    return this.recorder.frames;
  }

  static async connect(auctionId: string, options: { token?: string; origin?: string; ip?: string } = {}): Promise<LiveClient> {
    // Offers compression as browsers do; the Worker refuses it (no_web_socket_compression).
    const headers: Record<string, string> = { upgrade: "websocket", "sec-websocket-extensions": "permessage-deflate; client_max_window_bits" };
    if (options.ip) headers["cf-connecting-ip"] = options.ip;
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.origin) headers.origin = options.origin;
    const response = await exports.default.fetch(new Request(`${ORIGIN}/api/auctions/${auctionId}/live`, { headers }));
    if (!response.webSocket) throw new Error(`expected an upgrade, got ${response.status}: ${await response.text()}`);
    response.webSocket.accept();
    const client = new LiveClient(response.webSocket, response.headers.get("sec-websocket-extensions"));
    await client.next((frame) => frame.type === "state");
    return client;
  }

  /** The first frame (already received or still to come) that matches. */
  next<T extends ServerFrame["type"]>(match: (frame: ServerFrame) => frame is Extract<ServerFrame, { type: T }>, timeoutMs?: number): Promise<Extract<ServerFrame, { type: T }>>;
  next(match: (frame: ServerFrame) => boolean, timeoutMs?: number): Promise<ServerFrame>;
  next(match: (frame: ServerFrame) => boolean, timeoutMs = 5000): Promise<ServerFrame> {
    return this.recorder.next(match, timeoutMs);
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
