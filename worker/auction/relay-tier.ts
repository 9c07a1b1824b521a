import type { AuctionStatus } from "../../schema/api/auctions";
import type { AuctionSnapshot, BidEvent, ServerFrame } from "../../schema/api/live";
import { log } from "../lib/log";
import type { SocketScope } from "../realtime/socket-scope";
import type { RoomStorage } from "./room-storage";
import { isSettled } from "./rules";
import type { AuctionState, AuctionTerms } from "./types";

/**
 * The room's side of the relay tier (docs/performance.md, "The relay tier").
 * Up to a threshold of sockets the room fans out itself; beyond it, each new
 * socket is assigned to an AuctionRelay, which holds up to the same number.
 * The room then hands each frame to every relay once, over RPC (both objects
 * keep hibernating between frames: nothing holds a connection open), and
 * each relay sends it on to its own sockets.
 */

/** On the room's answer to an upgrade: serve this socket from relay n instead. */
export const RELAY_HEADER = "x-gavel-relay";
/** Set by the Worker on an upgrade it hands to a relay: the auction, and the room's snapshot for this viewer. */
export const AUCTION_HEADER = "x-gavel-auction";
export const SNAPSHOT_HEADER = "x-gavel-snapshot";

export function relayStub(env: Env, auctionId: string, index: number) {
  return env.AUCTION_RELAY.get(env.AUCTION_RELAY.idFromName(`${auctionId}/relay/${index}`));
}

/** One frame from the room, as every relay gets it. */
export interface RelayPublication {
  auctionId: string;
  frame: ServerFrame;
  /** seq of the first log entry the frame carries; null for frames without entries (status, leaderboard). */
  fromSeq: number | null;
  /** The last seq published once this frame is: a relay behind it has missed a frame and resyncs. */
  seq: number;
  /** The last seq this relay confirmed, as far as the room remembers: where a relay that lost its memory resumes. */
  confirmedSeq: number | null;
  /** `you` frames of the viewers whose standing changed; a relay sends each to that viewer's sockets it holds. */
  personal: Array<{ userId: string; frame: ServerFrame }>;
  /** After this frame nothing more will happen in the auction: the relay closes its sockets. */
  settled: boolean;
}

export interface RelayReceipt {
  sockets: number;
  seq: number;
}

/** A page of the log for a relay: its own resync, or a client's `sync`. */
export interface LogPage {
  items: BidEvent[];
  status: AuctionStatus;
  endsAt: number;
  settled: boolean;
}

/** The room's answer to an upgrade it does not serve itself. The Worker reads it and connects the client to the relay. */
export function relayAssignment(index: number, snapshot: AuctionSnapshot): Response {
  return new Response(JSON.stringify(snapshot), { headers: { [RELAY_HEADER]: String(index), "content-type": "application/json" } });
}

export class RelayTier {
  /** Relays opened so far, 0 … count-1; stored, so a room woken from hibernation still publishes to them. */
  private count: number | null = null;
  /** Sockets per relay as its last receipt said, plus those assigned since; undefined until it answers after a wake. */
  private readonly load: Array<number | undefined> = [];
  private readonly confirmed = new Map<number, number>();
  private publishedSeq: number | null = null;

  constructor(
    private readonly env: Env,
    private readonly store: RoomStorage,
    /** Sockets the room holds before it relays, and sockets per relay. */
    private readonly threshold: number,
  ) {}

  private relays(): number {
    this.count ??= this.store.loadRelayCount();
    return this.count;
  }

  /** The relay a new socket goes to, or null while the room has room for it. Settled auctions are never relayed. */
  admit(roomSockets: number, terms: AuctionTerms, state: AuctionState): number | null {
    if (roomSockets < this.threshold || isSettled(terms, state)) return null;
    const count = this.relays();
    let index = 0;
    while (index < count && (this.load[index] ?? 0) >= this.threshold) index += 1;
    if (index === count) {
      this.count = count + 1;
      this.store.saveRelayCount(this.count);
    }
    this.load[index] = (this.load[index] ?? 0) + 1;
    return index;
  }

  /**
   * One frame to every relay that holds sockets, without waiting: the room's
   * flush never awaits. A relay that misses one sees the gap in `seq` on the
   * next and resyncs from the room.
   */
  publish(terms: AuctionTerms, state: AuctionState, frame: ServerFrame, events: BidEvent[] = [], personal: RelayPublication["personal"] = []): void {
    const count = this.relays();
    if (count === 0) return;
    const last = events.at(-1);
    if (last) this.publishedSeq = last.seq;
    // Frames lost in a wake were never published: from the state's seq, a relay that lacks them resyncs.
    this.publishedSeq ??= state.seq;
    const publication = { auctionId: terms.id, frame, fromSeq: events[0]?.seq ?? null, seq: this.publishedSeq, personal, settled: isSettled(terms, state) };
    for (let index = 0; index < count; index += 1) {
      // An empty relay is skipped; when it takes a socket again it starts from that socket's snapshot.
      if (this.load[index] === 0) {
        this.confirmed.delete(index);
        continue;
      }
      relayStub(this.env, terms.id, index)
        .publish({ ...publication, confirmedSeq: this.confirmed.get(index) ?? null })
        .then(
          (receipt) => {
            this.load[index] = receipt.sockets;
            this.confirmed.set(index, receipt.seq);
          },
          (error: unknown) => {
            this.confirmed.delete(index);
            log("warn", "auction room: a relay missed a frame; it resyncs on the next", { room: terms.id, relay: index, error: String(error) });
          },
        );
    }
  }

  /** Ending sessions reaches the sockets the relays hold too; one relay failing does not keep the others' open. */
  async closeSockets(auctionId: string, userId: string, scope: SocketScope, reason: string): Promise<number> {
    const closed = await Promise.allSettled(Array.from({ length: this.relays() }, (_, index) => relayStub(this.env, auctionId, index).closeSockets(userId, scope, reason)));
    for (const outcome of closed) {
      if (outcome.status === "rejected") log("error", "auction room: a relay could not close a user's sockets", { room: auctionId, error: String(outcome.reason) });
    }
    return closed.reduce((sum, outcome) => sum + (outcome.status === "fulfilled" ? outcome.value : 0), 0);
  }
}
