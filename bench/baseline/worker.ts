import { DurableObject } from "cloudflare:workers";

interface BaselineEnv {
  ROOM: DurableObjectNamespace<BaselineRoom>;
}

/**
 * Accepts a bid frame, appends one row, acks, and broadcasts a pre-serialised
 * frame. No validation, rules, idempotency or batching: the floor Gavel's
 * AuctionRoom is measured against.
 */
export class BaselineRoom extends DurableObject<BaselineEnv> {
  private seq = 0;

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

  override async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (typeof message !== "string") return;
    const requestId = /"requestId":"([^"]+)"/.exec(message)?.[1] ?? "";
    const seq = ++this.seq;
    this.ctx.storage.sql.exec("INSERT INTO bids (seq, body) VALUES (?, ?)", seq, message);
    const now = Date.now();
    socket.send(`{"type":"ack","now":${now},"requestId":"${requestId}","seq":${seq}}`);
    const frame = `{"type":"bid","now":${now},"seq":${seq},"amount":0,"bidder":"b","kind":"bid","at":${now},"endsAt":0}`;
    for (const peer of this.ctx.getWebSockets()) peer.send(frame);
  }
}

export default {
  async fetch(request: Request, env: BaselineEnv): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return new Response("ok");
    return env.ROOM.get(env.ROOM.idFromName("baseline")).fetch(request);
  },
} satisfies ExportedHandler<BaselineEnv>;
