import { ClientFrame, MAX_CLIENT_FRAME_BYTES, type LiveErrorCode, type ServerFrame } from "../../schema/api/live";
import type { SocketIdentity } from "./identity";

/**
 * The socket side of the live protocol: reading a client frame as unknown
 * and narrowing it, and writing server frames. The room decides; this only
 * speaks the protocol.
 */

export type FrameReading =
  | { ok: true; frame: ClientFrame }
  | { ok: false; requestId: string | null; code: Extract<LiveErrorCode, "FRAME_TOO_LARGE" | "MALFORMED_FRAME" | "INVALID_FRAME">; message: string };

const encoder = new TextEncoder();

export function readClientFrame(data: string | ArrayBuffer): FrameReading {
  // A string of n UTF-16 units is at most 3n bytes of UTF-8: only long strings need encoding to measure.
  const size = typeof data !== "string" ? data.byteLength : data.length * 3 <= MAX_CLIENT_FRAME_BYTES ? 0 : encoder.encode(data).length;
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
