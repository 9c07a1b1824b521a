import type { RoomStorage } from "./room-storage";

/** How long after the auction settles a retried request id still gets its original answer. */
const REQUEST_RETENTION_MS = 24 * 60 * 60 * 1000;

/** The room's idempotency records: kept while the auction runs, pruned a set time after it settles. */
export class RequestRetention {
  private pruneAt: number | null = null;

  constructor(private readonly store: RoomStorage) {}

  load(): void {
    this.pruneAt = this.store.loadRequestsPruneAt();
  }

  /** When the alarm must fire to prune; null while the auction runs or once pruned. */
  get dueAt(): number | null {
    return this.pruneAt;
  }

  /** Inside the settling transaction. */
  settledAt(now: number): void {
    this.pruneAt = now + REQUEST_RETENTION_MS;
    this.store.saveRequestsPruneAt(this.pruneAt);
  }

  pruneIfDue(now: number): void {
    if (this.pruneAt === null || now < this.pruneAt) return;
    this.store.pruneRequests();
    this.pruneAt = null;
  }
}
