import type { BidHistoryEntry } from "$schema";

/**
 * The bid log as a browser holds it: entries by seq, so a replay after a
 * reconnect (or a frame seen twice) adds each bid exactly once, and `contiguous`
 * is the highest seq up to which nothing is missing (what `sync` asks after).
 */
export class BidSequence {
  readonly #bySeq = new Map<number, BidHistoryEntry>();
  #contiguous: number;

  /** `known` is the seq the snapshot had: everything up to it is accounted for, shown or not. */
  constructor(known: number, entries: BidHistoryEntry[] = []) {
    this.#contiguous = known;
    for (const entry of entries) this.#bySeq.set(entry.seq, entry);
    this.#advance();
  }

  get contiguous(): number {
    return this.#contiguous;
  }

  get highest(): number {
    let highest = this.#contiguous;
    for (const seq of this.#bySeq.keys()) if (seq > highest) highest = seq;
    return highest;
  }

  /** A gap: some entry past `contiguous` is held but one before it is missing. */
  get hasGap(): boolean {
    return this.highest > this.#contiguous;
  }

  /** Adds entries; returns only those not seen before, oldest first. */
  add(entries: BidHistoryEntry[]): BidHistoryEntry[] {
    const fresh: BidHistoryEntry[] = [];
    for (const entry of entries) {
      const held = this.#bySeq.get(entry.seq);
      if (held) {
        // Same bid again: keep any details a richer source (the requester's history) brought, or a sealed amount now opened.
        if (entry.details !== undefined || entry.displayName !== undefined || entry.amount !== held.amount) this.#bySeq.set(entry.seq, { ...held, ...entry });
        continue;
      }
      this.#bySeq.set(entry.seq, entry);
      // Older than what the page started with: history filling in, not news.
      if (entry.seq > this.#contiguous) fresh.push(entry);
    }
    this.#advance();
    return fresh.sort((a, b) => a.seq - b.seq);
  }

  /** Newest first, at most `limit`. */
  newestFirst(limit = 100): BidHistoryEntry[] {
    return [...this.#bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, limit);
  }

  #advance(): void {
    while (this.#bySeq.has(this.#contiguous + 1)) this.#contiguous += 1;
  }
}
