import type { RoomStorage, StoredRequest } from "./room-storage";

/**
 * How long a refusal's replay record may wait in memory. Every storage write
 * holds the room's outgoing frames until it is on disk (the output gate), so
 * writing each refusal's record before its answer made every "too low" wait
 * for a commit of its own: most bids in a busy auction are refusals, and that
 * commit was two thirds of the room's time per bid (docs/performance.md).
 */
export const REFUSAL_RECORD_DELAY_MS = 100;

/**
 * The room's idempotency records, one per answered request id. An acceptance
 * is written with the state it changes, before its answer leaves (the caller's
 * transaction). A refusal changes nothing else, so its answer leaves at once
 * and its record follows within REFUSAL_RECORD_DELAY_MS, written together with
 * the refusals around it (or sooner, with the next acceptance). Until then a
 * retry finds it here. Only if the room is lost in between (a crash or a
 * deploy; a room with a timer pending does not hibernate) is a retried refusal
 * decided again: a bid refused as too low is refused again, since prices only
 * move one way.
 */
export class RequestRecords {
  private readonly pendingRefusals = new Map<string, StoredRequest>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  /** `writeLater`: runs the delayed write in a transaction, outside any request, so it also reports its own failure. */
  constructor(
    private readonly store: RoomStorage,
    private readonly writeLater: (work: () => void) => void,
  ) {}

  find(requestId: string): Pick<StoredRequest, "bidderId" | "outcome"> | null {
    return this.pendingRefusals.get(requestId) ?? this.store.findRequest(requestId);
  }

  refused(request: StoredRequest): void {
    this.pendingRefusals.set(request.id, request);
    this.flushTimer ??= setTimeout(() => this.writeLater(() => this.writePending()), REFUSAL_RECORD_DELAY_MS);
  }

  /** Inside the caller's transaction: the acceptance's record, and the refusals still waiting with it. */
  accepted(request: StoredRequest): void {
    this.writePending();
    this.store.recordRequest(request);
  }

  /** A write that throws leaves the waiting records in memory for the next one. */
  private writePending(): void {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    for (const request of this.pendingRefusals.values()) this.store.recordRequest(request);
    this.pendingRefusals.clear();
  }
}
