import { DurableObject } from "cloudflare:workers";

interface BaselineEnv {
  ROOM: DurableObjectNamespace<BaselineRoom>;
  BATCHED_ROOM: DurableObjectNamespace<BatchedBaselineRoom>;
}

/** The one part both baselines share: take a bid frame, append one row, ack it. */
function appendAndAck(ctx: DurableObjectState, socket: WebSocket, message: string, seq: number, now: number): void {
  const requestId = /"requestId":"([^"]+)"/.exec(message)?.[1] ?? "";
  ctx.storage.sql.exec("INSERT INTO bids (seq, body) VALUES (?, ?)", seq, message);
  socket.send(`{"type":"ack","now":${now},"requestId":"${requestId}","seq":${seq}}`);
}

function bidEvent(seq: number, now: number): string {
  return `{"seq":${seq},"amount":0,"bidder":"b","kind":"bid","at":${now},"endsAt":0}`;
}

abstract class BareRoom extends DurableObject<BaselineEnv> {
  protected seq = 0;

  constructor(ctx: DurableObjectState, env: BaselineEnv) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS bids (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    this.seq = ctx.storage.sql.exec<{ seq: number | null }>("SELECT MAX(seq) AS seq FROM bids").one().seq ?? 0;
  }

  override async fetch(): Promise<Response> {
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.send(`{"type":"state","now":${Date.now()},"auction":{"seq":${this.seq}}}`);
    return new Response(null, { status: 101, webSocket: client });
  }
}

/**
 * Accepts a bid frame, appends one row, acks, and broadcasts a pre-serialised
 * frame. No validation, rules, idempotency or batching: the floor Gavel's
 * AuctionRoom is measured against.
 */
export class BaselineRoom extends BareRoom {
  override async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (typeof message !== "string") return;
    const seq = ++this.seq;
    const now = Date.now();
    appendAndAck(this.ctx, socket, message, seq, now);
    const frame = `{"type":"bid","now":${now},${bidEvent(seq, now).slice(1)}`;
    for (const peer of this.ctx.getWebSockets()) peer.send(frame);
  }
}

/**
 * The same bare room, batching its broadcast the way Gavel does (bids
 * accepted within 20 ms go out as one frame): the fair ceiling for Gavel's
 * fan-out, since the naive baseline pays one send per watcher per bid.
 */
export class BatchedBaselineRoom extends BareRoom {
  private pending: string[] = [];

  override async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (typeof message !== "string") return;
    const seq = ++this.seq;
    const now = Date.now();
    appendAndAck(this.ctx, socket, message, seq, now);
    this.pending.push(bidEvent(seq, now));
    if (this.pending.length === 1) setTimeout(() => this.flush(), 20);
  }

  private flush(): void {
    const frame = `{"type":"bids","now":${Date.now()},"items":[${this.pending.join(",")}]}`;
    this.pending = [];
    for (const peer of this.ctx.getWebSockets()) peer.send(frame);
  }
}

export default {
  async fetch(request: Request, env: BaselineEnv): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return new Response("ok");
    const batched = new URL(request.url).pathname === "/batched";
    const namespace = batched ? env.BATCHED_ROOM : env.ROOM;
    return namespace.get(namespace.idFromName("baseline")).fetch(request);
  },
} satisfies ExportedHandler<BaselineEnv>;
