import { DurableObject } from "cloudflare:workers";
import type { ChannelFrame } from "../../schema/api/notifications";
import { AUTHORITY_LAPSED_MESSAGE, socketHoldsAuthority } from "./socket-authority";
import { isInScope, SESSION_ENDED_CLOSE_CODE, sessionSocketTag, type SocketScope } from "./socket-scope";

interface ChannelSocket {
  validUntil: number;
}

/** The session an upgrade belongs to, set by the Worker after authenticating it. */
export const CHANNEL_SESSION_HEADER = "x-gavel-session";
/** When the access token the upgrade was authenticated with expires (epoch ms). */
export const CHANNEL_VALID_UNTIL_HEADER = "x-gavel-valid-until";

/**
 * How long a room stays on the list of places to disconnect the user from. A
 * socket older than that can no longer bid anyway: its identity lapses with
 * the access token it was opened with (15 minutes at most).
 */
const ROOM_MEMORY_MS = 24 * 60 * 60 * 1000;

/**
 * One per user. Pushes notifications to every page the user has open
 * (hibernating WebSockets, so idle users cost nothing), and remembers which
 * auction rooms the user has authenticated sockets in, so ending the user's
 * sessions can close those too.
 */
export class UserChannel extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS rooms (auction_id TEXT PRIMARY KEY, seen_at INTEGER NOT NULL)");
  }

  /** WebSocket upgrade; the Worker has authenticated the user and checked Origin. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    const sessionId = request.headers.get(CHANNEL_SESSION_HEADER);
    const validUntil = Number(request.headers.get(CHANNEL_VALID_UNTIL_HEADER));
    if (!sessionId || !Number.isSafeInteger(validUntil)) return new Response("Missing session", { status: 400 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [sessionSocketTag(sessionId)]);
    server.serializeAttachment({ validUntil } satisfies ChannelSocket);
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * Sends a frame to every open page of this user; returns how many sockets it
   * reached. A socket whose access token has expired is closed instead: the
   * page renews its login and reconnects, so a token that leaked stops
   * receiving when it expires.
   */
  async push(frame: ChannelFrame): Promise<number> {
    const text = JSON.stringify(frame);
    const now = Date.now();
    let reached = 0;
    for (const socket of this.ctx.getWebSockets()) {
      if (!socketHoldsAuthority(socket.deserializeAttachment() as ChannelSocket, now)) {
        socket.close(SESSION_ENDED_CLOSE_CODE, AUTHORITY_LAPSED_MESSAGE);
        continue;
      }
      try {
        socket.send(text);
        reached += 1;
      } catch {
        // Closing; its close handler finishes the job.
      }
    }
    return reached;
  }

  async noteRoom(auctionId: string): Promise<void> {
    const now = Date.now();
    this.ctx.storage.sql.exec(
      "INSERT INTO rooms (auction_id, seen_at) VALUES (?, ?) ON CONFLICT (auction_id) DO UPDATE SET seen_at = excluded.seen_at",
      auctionId,
      now,
    );
    this.ctx.storage.sql.exec("DELETE FROM rooms WHERE seen_at < ?", now - ROOM_MEMORY_MS);
  }

  /** Closes the user's sockets in scope: this channel's and those in the auction rooms they joined. */
  async disconnect(userId: string, scope: SocketScope, reason: string): Promise<void> {
    for (const socket of this.ctx.getWebSockets()) {
      if (isInScope(this.ctx.getTags(socket), scope)) socket.close(SESSION_ENDED_CLOSE_CODE, reason);
    }
    const rooms = this.ctx.storage.sql.exec<{ auction_id: string }>("SELECT auction_id FROM rooms").toArray();
    await Promise.all(
      rooms.map((row) => this.env.AUCTION_ROOM.get(this.env.AUCTION_ROOM.idFromName(row.auction_id)).closeSockets(userId, scope, reason)),
    );
    if (scope.kind === "user") this.ctx.storage.sql.exec("DELETE FROM rooms");
  }

  override async webSocketMessage(socket: WebSocket): Promise<void> {
    const frame: ChannelFrame = { type: "error", now: Date.now(), code: "NOT_ACCEPTED", message: "This channel only sends; send 'ping' to keep it open" };
    socket.send(JSON.stringify(frame));
  }

  override async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    socket.close(code === 1005 ? 1000 : code, reason);
  }
}
