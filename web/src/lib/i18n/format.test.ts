import { describe, expect, it } from "vitest";
import { formatDateTime, formatDuration, formatList, formatNumber, formatPrice, formatRelativeTime, timeZoneLabel } from "./format";

const AT = Date.UTC(2026, 11, 3, 13, 30);
/** Intl separates with no-break spaces; the expectations are easier to read with plain ones. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("format", () => {
  it("writes prices the viewer's way, in the auction's currency", () => {
    expect(plain(formatPrice(125_050, "CHF", "en"))).toBe("CHF 1,250.50");
    expect(plain(formatPrice(125_050, "CHF", "de"))).toBe("1.250,50 CHF");
    expect(plain(formatPrice(125_000, "EUR", "fr"))).toBe("1 250 €");
    expect(plain(formatPrice(412_000, "JPY", "ja"))).toBe("￥412,000");
  });

  it("writes numbers and lists in the viewer's language", () => {
    expect(plain(formatNumber(1234.5, {}, "de"))).toBe("1.234,5");
    expect(formatList(["a", "b", "c"], "conjunction", "de")).toBe("a, b und c");
    expect(formatList(["a", "b"], "disjunction", "fr")).toBe("a ou b");
  });

  it("writes moments in the chosen zone", () => {
    expect(formatDateTime(AT, { timeZone: "Asia/Tokyo" }, "ja")).toBe("2026/12/03 22:30");
    expect(formatDateTime(AT, { timeZone: "Europe/Zurich" }, "de")).toBe("03.12.2026, 14:30");
    expect(formatDateTime(AT, { timeZone: "UTC", dateOnly: true }, "en")).toBe("Dec 3, 2026");
    expect(timeZoneLabel(AT, "UTC", "en")).toBe("UTC");
  });

  it("says how long ago, or how soon, in words", () => {
    expect(formatRelativeTime(AT - 5 * 60_000, AT, "de")).toBe("vor 5 Minuten");
    expect(formatRelativeTime(AT + 2 * 86_400_000, AT, "fr")).toBe("après-demain");
    expect(formatRelativeTime(AT - 10_000, AT, "ja")).toBe("今");
  });

  it("counts down in two units at most, in each language", () => {
    const duration = (2 * 86_400 + 4 * 3600 + 59) * 1000;
    expect(["en", "de", "fr", "ja"].map((locale) => formatDuration(duration, locale as "en"))).toEqual(["2d 4h", "2 T. 4 Std.", "2 j 4 h", "2日4時間"]);
    expect(formatDuration((3 * 3600 + 12 * 60) * 1000, "en")).toBe("3h 12m");
    expect(formatDuration((4 * 60 + 5) * 1000, "en")).toBe("4m 05s");
    expect(formatDuration(9_400, "ja")).toBe("9秒");
    expect(formatDuration(-5_000, "de")).toBe("0 Sek.");
  });
});
