import { describe, expect, it } from "vitest";
import { localTimesToInstants, wallTimeToInstant } from "./time";
import { isTimeZone } from "./time-zone";

describe("wall time in a zone", () => {
  it("is the instant that zone's clocks show it", () => {
    expect(wallTimeToInstant("2026-12-03T09:00", "Asia/Tokyo")).toBe(Date.UTC(2026, 11, 3, 0, 0));
    expect(wallTimeToInstant("2026-07-01T12:30", "Europe/Zurich")).toBe(Date.UTC(2026, 6, 1, 10, 30));
    expect(wallTimeToInstant("2026-01-01T12:30", "Europe/Zurich")).toBe(Date.UTC(2026, 0, 1, 11, 30));
    expect(wallTimeToInstant("2026-12-03T09:00", "UTC")).toBe(Date.UTC(2026, 11, 3, 9, 0));
    expect(wallTimeToInstant("2026-12-03T09:00", "America/St_Johns")).toBe(Date.UTC(2026, 11, 3, 12, 30));
  });

  it("moves a time the clocks skip forward by the gap, and takes the first of a repeated one", () => {
    // Zurich went from 02:00 CET to 03:00 CEST on 29 March 2026: 02:30 does not exist there.
    expect(wallTimeToInstant("2026-03-29T02:30", "Europe/Zurich")).toBe(Date.UTC(2026, 2, 29, 1, 30));
    // 02:30 came twice on 25 October 2026 (CEST, then CET): the first is 00:30 UTC.
    expect(wallTimeToInstant("2026-10-25T02:30", "Europe/Zurich")).toBe(Date.UTC(2026, 9, 25, 0, 30));
  });

  it("refuses what is not a wall time", () => {
    expect(wallTimeToInstant("tomorrow", "UTC")).toBeNull();
    expect(wallTimeToInstant("2026-12-03T09:00Z", "UTC")).toBeNull();
  });
});

describe("time zone names", () => {
  it("are the runtime's IANA zones only", () => {
    expect(isTimeZone("Asia/Tokyo")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isTimeZone("")).toBe(false);
    expect(isTimeZone("Europe/Zurich; Path=/")).toBe(false);
  });
});

describe("a scheduling form's times", () => {
  it("are sent as instants read in the zone the form names (the account's), not the browser's", () => {
    const form = new FormData();
    form.set("startsAt", "2026-12-03T09:00");
    form.set("endsAt", "2026-12-04T09:00Z");
    form.set("deadline", "soon");
    localTimesToInstants(form, ["startsAt", "endsAt", "deadline"], "Asia/Tokyo");
    expect(Object.fromEntries(form)).toEqual({ startsAt: "2026-12-03T00:00:00.000Z", endsAt: "2026-12-04T09:00:00.000Z", deadline: "soon" });
  });
});
