import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MeasuredRoomTimings, roomTimings, UNTIMED, type RoomTimingTotals } from "../../worker/auction/room-timings";

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** A clock the work itself moves, as the real one does while the room computes. */
function measured() {
  let now = 0;
  const reports: Array<{ room: string; totals: RoomTimingTotals }> = [];
  const timings = new MeasuredRoomTimings(
    () => "auction-1",
    () => now,
    (room, totals) => reports.push({ room, totals }),
  );
  return { timings, reports, spend: (ms: number) => (now += ms) };
}

describe("room timings", () => {
  it("are off unless the environment asks, and then pass every piece of work straight through", async () => {
    expect(roomTimings({}, () => "a")).toBe(UNTIMED);
    expect(roomTimings({ ROOM_TIMINGS: "0" }, () => "a")).toBe(UNTIMED);
    expect(roomTimings({ ROOM_TIMINGS: "1" }, () => "a")).toBeInstanceOf(MeasuredRoomTimings);
    let ran = 0;
    expect(UNTIMED.storage(() => 42)).toBe(42);
    UNTIMED.send(() => (ran += 1));
    await UNTIMED.frame(async () => {
      ran += 1;
    });
    expect(ran).toBe(2);
  });

  it("adds up storage, send and frame time, storage nested in its frame", async () => {
    const { timings, spend } = measured();
    await timings.frame(async () => {
      spend(1);
      expect(timings.storage(() => (spend(3), "stored"))).toBe("stored");
      spend(1);
    });
    timings.send(() => spend(2));
    timings.send(() => spend(4));
    expect(timings.totals).toMatchObject({ frameMs: 5, frames: 1, storageMs: 3, transactions: 1, sendMs: 6, broadcasts: 2 });
  });

  it("counts a transaction that throws, and lets the error through", () => {
    const { timings, spend } = measured();
    expect(() =>
      timings.storage(() => {
        spend(2);
        throw new Error("constraint");
      }),
    ).toThrow("constraint");
    expect(timings.totals).toMatchObject({ storageMs: 2, transactions: 1 });
  });

  it("measures how long each flushed event waited since it was accepted, and how late each flush ran", () => {
    const { timings } = measured();
    timings.flushed([{ at: 1000 }, { at: 1015 }], 1020, 1002);
    timings.flushed([{ at: 1030 }], 1032, 1032);
    expect(timings.totals).toMatchObject({ flushWaitMs: 20 + 5 + 2, flushedEvents: 3, flushes: 2, flushLateMs: 18 });
  });

  it("reports the totals once a second after work, not once per piece of work", async () => {
    const { timings, reports, spend } = measured();
    timings.send(() => spend(1));
    timings.send(() => spend(1));
    vi.advanceTimersByTime(999);
    expect(reports).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(reports).toEqual([{ room: "auction-1", totals: expect.objectContaining({ sendMs: 2, broadcasts: 2 }) }]);
    vi.advanceTimersByTime(10_000);
    expect(reports).toHaveLength(1);
    await timings.frame(async () => {
      spend(1);
    });
    vi.advanceTimersByTime(1000);
    expect(reports.at(-1)?.totals).toMatchObject({ sendMs: 2, frameMs: 1 });
  });
});
