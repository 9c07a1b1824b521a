/**
 * Everything the AuctionRoom keeps, in its own SQLite storage. Memory is only
 * a cache of these tables: after eviction the room reloads from here.
 * All functions are synchronous (storage.sql), so the bid path never awaits.
 */
import { z } from "zod";
import { BidErrorCode } from "../../schema/api/live";
import { NO_TIMED_NOTICES_SENT, type TimedNoticesSent } from "./notices";
import type { AcceptedBid, AuctionState, AuctionTerms, BidReply, BidSeal } from "./types";
import { GENESIS_HASH, chainHash, type ChainedBid } from "./bid-log";

const SCHEMA_VERSION = 2;

const MIGRATIONS: Record<number, string[]> = {
  1: [
    `CREATE TABLE room_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    `CREATE TABLE bids (
       seq INTEGER PRIMARY KEY,
       bidder_id TEXT NOT NULL,
       alias TEXT NOT NULL,
       display_name TEXT NOT NULL,
       amount INTEGER NOT NULL,
       kind TEXT NOT NULL,
       at INTEGER NOT NULL,
       ends_at INTEGER NOT NULL,
       details TEXT,
       hash TEXT NOT NULL
     )`,
    `CREATE TABLE bid_requests (request_id TEXT PRIMARY KEY, bidder_id TEXT NOT NULL, outcome TEXT NOT NULL, at INTEGER NOT NULL)`,
    `CREATE TABLE outbox (
       id TEXT PRIMARY KEY,
       payload TEXT NOT NULL,
       attempts INTEGER NOT NULL DEFAULT 0,
       due_at INTEGER NOT NULL,
       last_error TEXT
     )`,
  ],
  // Sealed requests: a commitment, or a reveal's commitment and nonce, as JSON.
  2: [`ALTER TABLE bids ADD COLUMN seal TEXT`],
};

/** A stored outcome is read back as unknown and narrowed: rows written by an older version must not be trusted blindly. */
const StoredBidReply = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), seq: z.number().int() }),
  z.object({ ok: z.literal(false), code: BidErrorCode, message: z.string() }),
]);

/** An answered bid, offer, commitment or reveal, kept so a retry with the same id gets the same answer. */
export interface StoredRequest {
  id: string;
  bidderId: string;
  outcome: BidReply;
  at: number;
}

export interface OutboxEntry {
  id: string;
  payload: string;
  attempts: number;
  dueAt: number;
}

export class RoomStorage {
  constructor(private readonly storage: DurableObjectStorage) {}

  private get sql() {
    return this.storage.sql;
  }

  /** Creates or upgrades the room's tables, gated by a stored schema version. */
  migrate(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS room_schema (version INTEGER NOT NULL)`);
    const row = this.sql.exec<{ version: number }>(`SELECT version FROM room_schema`).toArray()[0];
    let version = row?.version ?? 0;
    this.storage.transactionSync(() => {
      while (version < SCHEMA_VERSION) {
        version += 1;
        for (const statement of MIGRATIONS[version]!) this.sql.exec(statement);
      }
      this.sql.exec(`DELETE FROM room_schema`);
      this.sql.exec(`INSERT INTO room_schema (version) VALUES (?)`, version);
    });
  }

  /** Writes with no await between them, committed together or not at all. */
  transaction<T>(writes: () => T): T {
    return this.storage.transactionSync(writes);
  }

  private readMeta<T>(key: string): T | null {
    const row = this.sql.exec<{ value: string }>(`SELECT value FROM room_meta WHERE key = ?`, key).toArray()[0];
    return row ? (JSON.parse(row.value) as T) : null;
  }

  private writeMeta(key: string, value: unknown): void {
    this.sql.exec(`INSERT OR REPLACE INTO room_meta (key, value) VALUES (?, ?)`, key, JSON.stringify(value));
  }

  loadTerms(): AuctionTerms | null {
    return this.readMeta<AuctionTerms>("terms");
  }

  loadState(): AuctionState | null {
    return this.readMeta<AuctionState>("state");
  }

  saveTermsAndState(terms: AuctionTerms, state: AuctionState): void {
    this.storage.transactionSync(() => {
      this.writeMeta("terms", terms);
      this.writeMeta("state", state);
    });
  }

  saveState(state: AuctionState): void {
    this.writeMeta("state", state);
  }

  loadTimedNoticesSent(): TimedNoticesSent {
    return this.readMeta<TimedNoticesSent>("timed_notices") ?? NO_TIMED_NOTICES_SENT;
  }

  saveTimedNoticesSent(sent: TimedNoticesSent): void {
    this.writeMeta("timed_notices", sent);
  }

  /** Relays the room has opened (see relay-tier.ts); 0 while it serves every socket itself. */
  loadRelayCount(): number {
    return this.readMeta<number>("relay_count") ?? 0;
  }

  saveRelayCount(count: number): void {
    this.writeMeta("relay_count", count);
  }

  lastHash(): string {
    const row = this.sql.exec<{ hash: string }>(`SELECT hash FROM bids ORDER BY seq DESC LIMIT 1`).toArray()[0];
    return row?.hash ?? GENESIS_HASH;
  }

  /**
   * What an accepted decision changes in the log and the state. The caller's
   * transaction also holds the request's record and the outbox entries.
   */
  recordAcceptance(input: { state: AuctionState; accepted: AcceptedBid[]; displayNames: Record<string, string> }): void {
    let previous = this.lastHash();
    for (const bid of input.accepted) {
      const hash = chainHash(previous, bid);
      this.sql.exec(
        `INSERT INTO bids (seq, bidder_id, alias, display_name, amount, kind, at, ends_at, details, seal, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        bid.seq,
        bid.bidderId,
        bid.alias,
        input.displayNames[bid.bidderId] ?? bid.alias,
        bid.amount,
        bid.kind,
        bid.at,
        bid.endsAt,
        bid.details === null ? null : JSON.stringify(bid.details),
        bid.seal ? JSON.stringify(bid.seal) : null,
        hash,
      );
      previous = hash;
    }
    this.writeMeta("state", input.state);
  }

  /** The answer a retry with the same request id gets (see request-records.ts). */
  recordRequest(request: StoredRequest): void {
    this.sql.exec(
      `INSERT INTO bid_requests (request_id, bidder_id, outcome, at) VALUES (?, ?, ?, ?)`,
      request.id,
      request.bidderId,
      JSON.stringify(request.outcome),
      request.at,
    );
  }

  /** When the idempotency records may go: a set time after the auction settled; null while it runs or once done. */
  loadRequestsPruneAt(): number | null {
    return this.readMeta<number>("requests_prune_at");
  }

  saveRequestsPruneAt(at: number | null): void {
    this.writeMeta("requests_prune_at", at);
  }

  pruneRequests(): void {
    this.storage.transactionSync(() => {
      this.sql.exec(`DELETE FROM bid_requests`);
      this.writeMeta("requests_prune_at", null);
    });
  }

  findRequest(requestId: string): Pick<StoredRequest, "bidderId" | "outcome"> | null {
    const row = this.sql
      .exec<{ bidder_id: string; outcome: string }>(`SELECT bidder_id, outcome FROM bid_requests WHERE request_id = ?`, requestId)
      .toArray()[0];
    return row ? { bidderId: row.bidder_id, outcome: StoredBidReply.parse(JSON.parse(row.outcome)) } : null;
  }

  bidsAfter(seq: number, limit: number): Array<ChainedBid & { displayName: string }> {
    return this.sql
      .exec<{
        seq: number;
        bidder_id: string;
        alias: string;
        display_name: string;
        amount: number;
        kind: AcceptedBid["kind"];
        at: number;
        ends_at: number;
        details: string | null;
        seal: string | null;
        hash: string;
      }>(`SELECT * FROM bids WHERE seq > ? ORDER BY seq LIMIT ?`, seq, limit)
      .toArray()
      .map((row) => ({
        seq: row.seq,
        bidderId: row.bidder_id,
        alias: row.alias,
        displayName: row.display_name,
        amount: row.amount,
        kind: row.kind,
        at: row.at,
        endsAt: row.ends_at,
        details: row.details === null ? null : JSON.parse(row.details),
        seal: row.seal === null ? null : (JSON.parse(row.seal) as BidSeal),
        hash: row.hash,
      }));
  }

  bidBySeq(seq: number): (ChainedBid & { displayName: string }) | undefined {
    return this.bidsAfter(seq - 1, 1).find((bid) => bid.seq === seq);
  }

  /** Queues (or replaces) a D1 write; `id` makes repeated enqueues of the same fact one entry. */
  enqueue(id: string, payload: unknown, dueAt: number): void {
    this.sql.exec(
      `INSERT INTO outbox (id, payload, due_at) VALUES (?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET payload = excluded.payload, due_at = MIN(outbox.due_at, excluded.due_at)`,
      id,
      JSON.stringify(payload),
      dueAt,
    );
  }

  dueOutbox(now: number): OutboxEntry[] {
    return this.sql
      .exec<{ id: string; payload: string; attempts: number; due_at: number }>(`SELECT * FROM outbox WHERE due_at <= ? ORDER BY due_at`, now)
      .toArray()
      .map((row) => ({ id: row.id, payload: row.payload, attempts: row.attempts, dueAt: row.due_at }));
  }

  earliestOutboxDue(): number | null {
    const row = this.sql.exec<{ due: number | null }>(`SELECT MIN(due_at) AS due FROM outbox`).toArray()[0];
    return row?.due ?? null;
  }

  /** Removes the entry only if it was not re-queued with newer content meanwhile. */
  completeOutbox(entry: OutboxEntry): void {
    this.sql.exec(`DELETE FROM outbox WHERE id = ? AND payload = ?`, entry.id, entry.payload);
  }

  retryOutbox(entry: OutboxEntry, dueAt: number, error: string): void {
    this.sql.exec(`UPDATE outbox SET attempts = attempts + 1, due_at = ?, last_error = ? WHERE id = ?`, dueAt, error.slice(0, 500), entry.id);
  }
}
