import { log } from "../lib/log";

/**
 * Where a room's time goes, for the benchmark (docs/performance.md, "Where
 * time goes"): how long accepted bids wait for their flush (and how much of
 * that is the flush running late on a busy thread), and how long the
 * room spends in storage transactions, in fan-out sends and in client frames
 * as a whole. Off unless the ROOM_TIMINGS variable is "1" (read once, when
 * the room wakes); off, every measured piece of work is a plain call.
 *
 * Production's clock only moves on I/O (a Spectre mitigation), so these
 * figures exist only locally, where workerd's clock is real but whole
 * milliseconds: one reading is 0 or 1 ms, and sums over thousands of them are
 * unbiased, which is why only totals and means are reported.
 */
export interface RoomTimings {
  /** A storage transaction: an accepted decision's writes, or a batch of refusals' records (statements and commit). */
  storage<T>(work: () => T): T;
  /** Sending one frame to many sockets (bids, `you`, leaderboard, status). */
  send(work: () => void): void;
  /** One client frame, start to finish, awaits included (the rest is validation, rules and replies). */
  frame(work: () => Promise<void>): Promise<void>;
  /** A flush at `now`, due at `dueAt` (the end of its batch window), of bid events accepted at their `at`. */
  flushed(events: ReadonlyArray<{ at: number }>, now: number, dueAt: number): void;
}

export const UNTIMED: RoomTimings = {
  storage: (work) => work(),
  send: (work) => work(),
  frame: (work) => work(),
  flushed: () => undefined,
};

/** Cumulative since the room woke: the benchmark reads the last report of each run's fresh room. */
export interface RoomTimingTotals {
  storageMs: number;
  transactions: number;
  sendMs: number;
  broadcasts: number;
  frameMs: number;
  frames: number;
  flushWaitMs: number;
  flushedEvents: number;
  flushes: number;
  /** Past the end of the window: the thread was busy when the flush was due. */
  flushLateMs: number;
}

/** Reported at most this often, and always this long after the last measured work. */
const REPORT_EVERY_MS = 1000;
export const ROOM_TIMINGS_MESSAGE = "room timings";

export class MeasuredRoomTimings implements RoomTimings {
  readonly totals: RoomTimingTotals = { storageMs: 0, transactions: 0, sendMs: 0, broadcasts: 0, frameMs: 0, frames: 0, flushWaitMs: 0, flushedEvents: 0, flushes: 0, flushLateMs: 0 };
  #reportScheduled = false;

  constructor(
    private readonly room: () => string,
    private readonly clock: () => number = () => performance.now(),
    private readonly report: (room: string, totals: RoomTimingTotals) => void = (room, totals) => log("info", ROOM_TIMINGS_MESSAGE, { room, ...totals }),
  ) {}

  storage<T>(work: () => T): T {
    const started = this.clock();
    try {
      return work();
    } finally {
      this.totals.storageMs += this.clock() - started;
      this.totals.transactions += 1;
      this.#scheduleReport();
    }
  }

  send(work: () => void): void {
    const started = this.clock();
    work();
    this.totals.sendMs += this.clock() - started;
    this.totals.broadcasts += 1;
    this.#scheduleReport();
  }

  async frame(work: () => Promise<void>): Promise<void> {
    const started = this.clock();
    try {
      await work();
    } finally {
      this.totals.frameMs += this.clock() - started;
      this.totals.frames += 1;
      this.#scheduleReport();
    }
  }

  flushed(events: ReadonlyArray<{ at: number }>, now: number, dueAt: number): void {
    for (const event of events) this.totals.flushWaitMs += Math.max(0, now - event.at);
    this.totals.flushedEvents += events.length;
    this.totals.flushes += 1;
    this.totals.flushLateMs += Math.max(0, now - dueAt);
    this.#scheduleReport();
  }

  #scheduleReport(): void {
    if (this.#reportScheduled) return;
    this.#reportScheduled = true;
    setTimeout(() => {
      this.#reportScheduled = false;
      this.report(this.room(), { ...this.totals });
    }, REPORT_EVERY_MS);
  }
}

/** The room's timings: measured only when the environment asks for them. */
export function roomTimings(env: Pick<Env, "ROOM_TIMINGS">, room: () => string): RoomTimings {
  return env.ROOM_TIMINGS === "1" ? new MeasuredRoomTimings(room) : UNTIMED;
}
