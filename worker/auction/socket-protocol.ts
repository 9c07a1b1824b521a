import { ClientFrame, MAX_CLIENT_FRAME_BYTES, type AuctionSnapshot, type BidEvent, type LiveErrorCode, type ServerFrame } from "../../schema/api/live";
import { isInScope, SESSION_ENDED_CLOSE_CODE, sessionSocketTag, userSocketTag, type SocketScope } from "../realtime/socket-scope";
import { AUTHORITY_LAPSED_MESSAGE, socketHoldsAuthority } from "../realtime/socket-authority";
import { fullBucket, takeToken, type BucketRule, type TokenBucket } from "../realtime/token-bucket";
import { CLIENT_IP_HEADER, IDENTITY_HEADER, type SocketIdentity } from "./identity";
import type { AuctionState, BidReply } from "./types";

/**
 * The socket side of the live protocol: reading a client frame as unknown
 * and narrowing it, and writing server frames. The room decides; this only
 * speaks the protocol.
 */

export type FrameReading =
  | { ok: true; frame: ClientFrame }
  | { ok: false; requestId: string | null; code: Extract<LiveErrorCode, "FRAME_TOO_LARGE" | "MALFORMED_FRAME" | "INVALID_FRAME">; message: string };

const encoder = new TextEncoder();

/** Close codes: 1008 for a socket over its frame budget, 1009 for one that sent an oversized frame. */
export const POLICY_VIOLATION_CLOSE_CODE = 1008;
export const MESSAGE_TOO_BIG_CLOSE_CODE = 1009;

/** UTF-8 size, without encoding strings that are clearly small or clearly too large (n UTF-16 units are n to 3n bytes). */
function frameBytes(data: string | ArrayBuffer): number {
  if (typeof data !== "string") return data.byteLength;
  if (data.length > MAX_CLIENT_FRAME_BYTES || data.length * 3 <= MAX_CLIENT_FRAME_BYTES) return data.length;
  return encoder.encode(data).length;
}

export function readClientFrame(data: string | ArrayBuffer): FrameReading {
  const size = frameBytes(data);
  if (size > MAX_CLIENT_FRAME_BYTES) return { ok: false, requestId: null, code: "FRAME_TOO_LARGE", message: `Frames are limited to ${MAX_CLIENT_FRAME_BYTES} bytes` };
  if (typeof data !== "string") return { ok: false, requestId: null, code: "MALFORMED_FRAME", message: "Send JSON text frames" };
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return { ok: false, requestId: null, code: "MALFORMED_FRAME", message: "The frame is not valid JSON" };
  }
  const parsed = ClientFrame.safeParse(raw);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const requestId = typeof raw === "object" && raw !== null && "requestId" in raw && typeof raw.requestId === "string" ? raw.requestId.slice(0, 100) : null;
  const message = parsed.error.issues.map((issue) => `${issue.path.join(".") || "frame"}: ${issue.message}`).join("; ");
  return { ok: false, requestId, code: "INVALID_FRAME", message };
}

export function sendFrame(socket: WebSocket, frame: ServerFrame): void {
  try {
    socket.send(JSON.stringify(frame));
  } catch {
    // The socket is closing; its close handler cleans up.
  }
}

export function sendError(socket: WebSocket, requestId: string | null, code: LiveErrorCode, message: string): void {
  sendFrame(socket, { type: "error", now: Date.now(), requestId, code, message });
}

/** The identity the Worker attached at the upgrade; null for anonymous watchers. */
export function socketIdentity(socket: WebSocket): SocketIdentity | null {
  return socket.deserializeAttachment() as SocketIdentity | null;
}

/** Sync replays a page of the log: a client far behind asks again from where the page ended. */
const SYNC_BUDGET: BucketRule = { burst: 5, perSecond: 0.5 };

type BudgetKind = "bid" | "other";

/**
 * Per-socket token buckets, so no socket can starve the room: bid frames
 * (each one a storage write, refusals included) and everything else (sync
 * replays, malformed frames). Kept in memory: a socket busy enough to need a
 * limit keeps the room awake, and one that hibernates starts afresh.
 */
export class FrameBudgets {
  private readonly buckets = new WeakMap<WebSocket, Record<BudgetKind, TokenBucket>>();
  private readonly rules: Record<BudgetKind, BucketRule>;

  constructor(bidFramesPerSecond: number) {
    this.rules = { bid: { burst: 2 * bidFramesPerSecond, perSecond: bidFramesPerSecond }, other: SYNC_BUDGET };
  }

  /** Spends one token of the frame's kind; false when the socket is over its budget. */
  allow(socket: WebSocket, kind: BudgetKind, now: number): boolean {
    const buckets = this.buckets.get(socket) ?? { bid: fullBucket(this.rules.bid, now), other: fullBucket(this.rules.other, now) };
    const { allowed, bucket } = takeToken(buckets[kind], this.rules[kind], now);
    buckets[kind] = bucket;
    this.buckets.set(socket, buckets);
    return allowed;
  }

  describe(kind: BudgetKind): string {
    const rule = this.rules[kind];
    return kind === "bid" ? `at most ${rule.perSecond} bid frames a second` : `at most one sync every ${1 / rule.perSecond} seconds after a burst of ${rule.burst}`;
  }
}

/** What the room (or a relay, which asks the room) does with a frame once the protocol has vetted it. */
export interface FrameHandlers {
  replay(socket: WebSocket, since: number, now: number): void | Promise<void>;
  bid(identity: SocketIdentity, frame: Extract<ClientFrame, { type: "bid" }>, now: number): BidReply | Promise<BidReply>;
}

/**
 * One client frame, start to finish: budget, size, shape, identity, then the
 * room's decision and its answer. A socket over its budget or sending an
 * oversized frame is told why and closed.
 */
export async function handleClientFrame(socket: WebSocket, data: string | ArrayBuffer, now: number, budgets: FrameBudgets, handlers: FrameHandlers): Promise<void> {
  const reading = readClientFrame(data);
  const bidFrame = reading.ok && reading.frame.type === "bid" ? reading.frame : null;
  const kind = bidFrame ? "bid" : "other";
  if (!budgets.allow(socket, kind, now)) {
    sendError(socket, bidFrame?.requestId ?? null, "RATE_LIMITED", `Too many frames: ${budgets.describe(kind)}`);
    socket.close(POLICY_VIOLATION_CLOSE_CODE, "Too many frames");
    return;
  }
  if (!reading.ok) {
    sendError(socket, reading.requestId, reading.code, reading.message);
    if (reading.code === "FRAME_TOO_LARGE") socket.close(MESSAGE_TOO_BIG_CLOSE_CODE, "Frame too large");
    return;
  }
  if (reading.frame.type === "sync") return handlers.replay(socket, reading.frame.since, now);
  const frame = reading.frame;
  const identity = socketIdentity(socket);
  if (!identity) return sendError(socket, frame.requestId, "UNAUTHENTICATED", "Log in to bid");
  if (!socketHoldsAuthority(identity, now)) return sendError(socket, frame.requestId, "UNAUTHENTICATED", AUTHORITY_LAPSED_MESSAGE);
  const reply = await handlers.bid(identity, frame, now);
  sendFrame(
    socket,
    reply.ok
      ? { type: "ack", now, requestId: frame.requestId, seq: reply.seq }
      : { type: "error", now, requestId: frame.requestId, code: reply.code, message: reply.message },
  );
}

/** The identity the Worker authenticated for an upgrade (a header only it sets); null for anonymous watchers. */
export function upgradeIdentity(request: Request): SocketIdentity | null {
  const header = request.headers.get(IDENTITY_HEADER);
  return header ? (JSON.parse(header) as SocketIdentity) : null;
}

/** Anonymous watchers of one auction from one address; logged-in viewers are counted by their account instead. */
const ANONYMOUS_SOCKETS_PER_IP = 20;

/**
 * Accepts an upgrade the Worker has authenticated (identity in a header only
 * it sets) and sends the first `state` frame. Anonymous sockets are tagged
 * with their address and capped per address; authenticated ones with their
 * user and session, so ending a session can find them.
 */
export function acceptSocket(ctx: DurableObjectState, request: Request, snapshotFor: (viewerId: string | null) => AuctionSnapshot, now: number): Response {
  const identity = upgradeIdentity(request);
  const ipTag = `ip:${request.headers.get(CLIENT_IP_HEADER) ?? "unknown"}`;
  if (!identity && ctx.getWebSockets(ipTag).length >= ANONYMOUS_SOCKETS_PER_IP) {
    const error = { code: "RATE_LIMITED", message: `At most ${ANONYMOUS_SOCKETS_PER_IP} anonymous watchers per address; log in to watch on more`, details: {} };
    return Response.json({ error }, { status: 429, headers: { "retry-after": "60" } });
  }
  const { 0: client, 1: server } = new WebSocketPair();
  ctx.acceptWebSocket(server, identity ? [userSocketTag(identity.userId), sessionSocketTag(identity.sessionId)] : [ipTag]);
  server.serializeAttachment(identity);
  sendFrame(server, { type: "state", now, auction: snapshotFor(identity?.userId ?? null) });
  return new Response(null, { status: 101, webSocket: client });
}

export function closeUserSockets(ctx: DurableObjectState, userId: string, scope: SocketScope, reason: string): number {
  const sockets = ctx.getWebSockets(userSocketTag(userId)).filter((socket) => isInScope(ctx.getTags(socket), scope));
  for (const socket of sockets) socket.close(SESSION_ENDED_CLOSE_CODE, reason);
  return sockets.length;
}

/**
 * A page of the log after a `sync`, then the status, which may have changed while the client was away.
 * The entries come as everyone may see them (a sealed request's reveals without amounts until opened).
 */
export function replayLog(socket: WebSocket, page: BidEvent[], state: Pick<AuctionState, "status" | "endsAt">, now: number): void {
  sendFrame(socket, { type: "bids", now, items: page });
  sendFrame(socket, { type: "status", now, status: state.status, endsAt: state.endsAt });
}

/** One frame to many sockets, serialised once. */
export function sendToAll(sockets: WebSocket[], frame: ServerFrame): void {
  const text = JSON.stringify(frame);
  for (const socket of sockets) {
    try {
      socket.send(text);
    } catch {
      // The socket is closing; its close handler cleans up.
    }
  }
}
