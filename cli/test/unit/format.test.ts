import { describe, expect, it } from "vitest";
import { clockTime, colourWanted, dateTime, makeStyle, money, relative, table, truncate, visibleLength, wrap } from "../../src/format";

const ESCAPE = /\x1b\[/;

describe("colour", () => {
  it("is on for a terminal and off for a pipe", () => {
    expect(colourWanted({ isTTY: true }, {})).toBe(true);
    expect(colourWanted({ isTTY: false }, {})).toBe(false);
    expect(colourWanted({}, {})).toBe(false);
  });

  it("respects NO_COLOR whatever its value, TERM=dumb, and FORCE_COLOR", () => {
    expect(colourWanted({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: "anything" })).toBe(false);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
    expect(colourWanted({ isTTY: true }, { TERM: "dumb" })).toBe(false);
    expect(colourWanted({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: "1", FORCE_COLOR: "1" })).toBe(false);
  });

  it("plain style writes no escape codes; colour style does", () => {
    expect(makeStyle(false).paint(["bold", "red"], "OUTBID")).toBe("OUTBID");
    const painted = makeStyle(true).paint(["bold", "red"], "OUTBID");
    expect(painted).toMatch(ESCAPE);
    expect(visibleLength(painted)).toBe(6);
  });
});

describe("money", () => {
  it("shows minor units in the auction's currency, with its own decimals", () => {
    expect(money(123450, "EUR", "en")).toBe("€1,234.50");
    expect(money(120000, "EUR", "en")).toBe("€1,200");
    expect(money(1500, "JPY", "en")).toBe("¥1,500");
    // Intl puts a no-break space between amount and code.
    expect(money(1234, "KWD", "en")).toMatch(/^KWD\s1\.234$/);
    expect(money(2500, "EUR", "de")).toMatch(/^25\s€$/);
    expect(money(null, "EUR", "en")).toBe("—");
  });
});

describe("times", () => {
  const instant = Date.UTC(2026, 11, 2, 16, 30, 5);

  it("are shown in the user's zone", () => {
    expect(clockTime(instant, { timeZone: "Europe/Paris", locale: "en-GB" })).toBe("17:30:05");
    expect(clockTime(instant, { timeZone: "America/New_York", locale: "en-GB" })).toBe("11:30:05");
    expect(dateTime(instant, { timeZone: "Asia/Tokyo", locale: "en-GB" }, instant)).toBe("3 Dec, 01:30");
    expect(dateTime(instant, { timeZone: "UTC", locale: "en-GB" }, Date.UTC(2027, 0, 5))).toBe("2 Dec 2026, 16:30");
  });

  it("count down and up", () => {
    expect(relative(instant + 4 * 60_000 + 5_000, instant)).toBe("in 4m 05s");
    expect(relative(instant - 3 * 3_600_000, instant)).toBe("3h 0m ago");
  });
});

describe("layout", () => {
  it("cuts long text with an ellipsis and keeps escape codes whole", () => {
    expect(truncate("Omega Speedmaster Professional", 10)).toBe("Omega Spe…");
    expect(truncate("short", 10)).toBe("short");
    const cut = truncate(makeStyle(true).paint("green", "Omega Speedmaster"), 6);
    expect(visibleLength(cut)).toBe(6);
    expect(cut.endsWith("\x1b[0m")).toBe(true);
  });

  it("aligns a table and right-aligns numbers", () => {
    const rows = [
      { title: "Lamp", price: "€25" },
      { title: "Omega Speedmaster", price: "€1,250" },
    ];
    const lines = table(rows, [{ header: "TITLE", value: (row) => row.title, width: 12 }, { header: "PRICE", value: (row) => row.price, align: "right" }], makeStyle(false));
    expect(lines).toEqual(["TITLE          PRICE", "Lamp             €25", "Omega Speed…  €1,250"]);
  });

  it("wraps words and keeps paragraphs", () => {
    expect(wrap("one two three four\nfive", 9)).toEqual(["one two", "three", "four", "five"]);
  });
});
