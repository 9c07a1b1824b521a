import { flushSync, mount, unmount } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import RelativeTime, { relativeTimeText } from "./RelativeTime.svelte";

const NOW = Date.UTC(2026, 4, 3, 14, 0, 0);
let component: ReturnType<typeof mount> | null = null;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  vi.useRealTimers();
  document.body.innerHTML = "";
});

describe("relativeTimeText", () => {
  it("says how long ago, in the largest whole unit", () => {
    expect(relativeTimeText(NOW - 20_000, NOW)).toBe("just now");
    expect(relativeTimeText(NOW - 60_000, NOW)).toBe("1 minute ago");
    expect(relativeTimeText(NOW - 5 * 60_000 - 59_000, NOW)).toBe("5 minutes ago");
    expect(relativeTimeText(NOW - 3 * 3_600_000, NOW)).toBe("3 hours ago");
    expect(relativeTimeText(NOW - 26 * 3_600_000, NOW)).toBe("yesterday");
    expect(relativeTimeText(NOW - 15 * 86_400_000, NOW)).toBe("2 weeks ago");
    expect(relativeTimeText(NOW - 400 * 86_400_000, NOW)).toBe("last year");
  });

  it("never describes the future, whatever the browser's clock says", () => {
    expect(relativeTimeText(NOW + 120_000, NOW)).toBe("just now");
  });
});

describe("RelativeTime", () => {
  it("renders a machine-readable time and keeps the words current", () => {
    const target = document.createElement("div");
    document.body.appendChild(target);
    component = mount(RelativeTime, { target, props: { at: NOW - 30_000, tickMs: 30_000 } });
    flushSync();
    const time = target.querySelector("time")!;
    expect(time.getAttribute("datetime")).toBe(new Date(NOW - 30_000).toISOString());
    expect(time.textContent).toBe("just now");
    expect(time.getAttribute("title")).not.toBe("");
    vi.advanceTimersByTime(60_000);
    flushSync();
    expect(time.textContent).toBe("1 minute ago");
  });
});
