import { DurableObject } from "cloudflare:workers";
import { AUCTION_OVER_CLOSE_CODE, type AuctionSnapshot, type ServerFrame } from "../../schema/api/live";
import { logFailure } from "../lib/log";
import { userSocketTag, type SocketScope } from "../realtime/socket-scope";
import { AUCTION_HEADER, SNAPSHOT_HEADER, type RelayPublication, type RelayReceipt } from "./relay-tier";
import { acceptSocket, closeUserSockets, FrameBudgets, handleClientFrame, replayLog, sendError, sendToAll, type FrameHandlers } from "./socket-protocol";

/**
 * One slice of a very large auction's sockets (see relay-tier.ts). It keeps
 * no state of the auction: it sends on what the room publishes, in `seq`
 * order and once, and asks the room for anything it missed. A socket here
 * speaks the same protocol as one on the room: `sync` is answered from the
 * room's log, bids are forwarded to the room and its answer comes back as
 * the ack or error.
 */
export class AuctionRelay extends DurableObject<Env> {
  /** The last log entry sent on to the sockets; null after a wake, until the next publication says where to resume. */
  private lastSeq: number | null = null;
  /** Publications are applied one at a time: a resync awaits the room, and the next frame must wait for it. */
  private applying: Promise<unknown> = Promise.resolve();
  private readonly budgets: FrameBudgets;
  private readonly frameHandlers: FrameHandlers = {
    replay: async (socket, since, now) => {
      const page = await this.room()?.replayPage(since);
      if (page) replayLog(socket, page.items, page, now);
    },
    bid: async (identity, { type: _type, ...request }) => {
      const room = this.room();
      return room ? room.bid(identity, request) : { ok: false, code: "NOT_FOUND", message: "No such auction" };
    },
  };

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.budgets = new FrameBudgets(Number(env.LIVE_BID_FRAMES_PER_SECOND) || 10);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /** Kept in storage (one row for the relay's life): a socket's `sync` or bid after a wake must find the room. */
  private get auctionId(): string | null {
    return this.ctx.storage.kv.get<string>("auction") ?? null;
  }

  private room() {
    const id = this.auctionId;
    return id === null ? null : this.env.AUCTION_ROOM.get(this.env.AUCTION_ROOM.idFromName(id));
  }

  /** An upgrade the Worker hands over after the room assigned it here, with the room's snapshot for this viewer. */
  override async fetch(request: Request): Promise<Response> {
    const auctionId = request.headers.get(AUCTION_HEADER);
    const snapshotHeader = request.headers.get(SNAPSHOT_HEADER);
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket" || !auctionId || !snapshotHeader) {
      return new Response("Expected a WebSocket upgrade assigned by the room", { status: 426 });
    }
    if (this.auctionId !== auctionId) this.ctx.storage.kv.put("auction", auctionId);
    const snapshot = JSON.parse(snapshotHeader) as AuctionSnapshot;
    // A relay with no sockets was skipped by the room's publications: it resumes where this snapshot stands.
    if (this.ctx.getWebSockets().length === 0) this.lastSeq = snapshot.seq;
    return acceptSocket(this.ctx, request, () => snapshot, Date.now());
  }

  /** One frame from the room; answers how many sockets it reached and the last seq they have. */
  async publish(publication: RelayPublication): Promise<RelayReceipt> {
    const applied = this.applying.then(() => this.apply(publication));
    this.applying = applied.catch(() => undefined);
    return applied;
  }

  async closeSockets(userId: string, scope: SocketScope, reason: string): Promise<number> {
    return closeUserSockets(this.ctx, userId, scope, reason);
  }

  override async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    try {
      await handleClientFrame(socket, message, Date.now(), this.budgets, this.frameHandlers);
    } catch (error) {
      logFailure("auction relay", this.auctionId ?? this.ctx.id.toString(), "webSocketMessage", error);
      sendError(socket, null, "INTERNAL", "The room could not handle this frame; try again");
    }
  }

  override async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    socket.close(code === 1005 ? 1000 : code, reason);
  }

  private async apply(publication: RelayPublication): Promise<RelayReceipt> {
    const { frame, fromSeq, seq } = publication;
    // After a wake: resume where the room saw this relay last, or else where this frame starts.
    this.lastSeq ??= publication.confirmedSeq ?? (fromSeq === null ? seq : fromSeq - 1);
    const missedUpTo = fromSeq === null ? seq : fromSeq - 1;
    if (missedUpTo > this.lastSeq) await this.resync(missedUpTo);
    const sockets = this.ctx.getWebSockets();
    const unseen = this.unseenPart(frame);
    if (unseen) sendToAll(sockets, unseen);
    if (seq > this.lastSeq) this.lastSeq = seq;
    for (const { userId, frame: standing } of publication.personal) sendToAll(this.ctx.getWebSockets(userSocketTag(userId)), standing);
    if (publication.settled) return this.closeAll(sockets);
    return { sockets: sockets.length, seq: this.lastSeq };
  }

  /** The part of a frame the sockets have not had yet: entries already sent (by a resync) are not sent twice. */
  private unseenPart(frame: ServerFrame): ServerFrame | null {
    const last = this.lastSeq ?? 0;
    if (frame.type === "bid") return frame.seq > last ? frame : null;
    if (frame.type !== "bids") return frame;
    const items = frame.items.filter((item) => item.seq > last);
    if (items.length === 0) return null;
    return items.length === frame.items.length ? frame : { ...frame, items };
  }

  /** Catches up from the room's log, a page at a time, as a `sync` would. */
  private async resync(upTo: number): Promise<void> {
    const room = this.room();
    while (room && this.lastSeq !== null && this.lastSeq < upTo) {
      const page = await room.replayPage(this.lastSeq);
      const last = page?.items.at(-1);
      if (!page || !last) return;
      sendToAll(this.ctx.getWebSockets(), { type: "bids", now: Date.now(), items: page.items });
      this.lastSeq = last.seq;
    }
  }

  /** The auction is over: nothing more will come, so the sockets close (the client keeps the final state) and the relay forgets the auction. */
  private closeAll(sockets: WebSocket[]): RelayReceipt {
    for (const socket of sockets) socket.close(AUCTION_OVER_CLOSE_CODE, "The auction is over");
    const seq = this.lastSeq ?? 0;
    this.lastSeq = null;
    this.ctx.storage.kv.delete("auction");
    return { sockets: 0, seq };
  }
}
