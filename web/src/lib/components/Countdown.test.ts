import { flushSync, mount, unmount } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import Countdown from "./Countdown.svelte";

let component: ReturnType<typeof mount> | null = null;
const START = Date.UTC(2026, 4, 3, 14, 0, 0);

function render(props: { endsAt: number; serverNow: () => number; status?: "live" | "scheduled"; startsAt?: number }) {
  const target = document.createElement("div");
  document.body.appendChild(target);
  component = mount(Countdown, { target, props: { status: props.status ?? "live", startsAt: props.startsAt ?? START - 60_000, endsAt: props.endsAt, serverNow: props.serverNow, tickMs: 1000 } });
  flushSync();
  return {
    time: () => target.querySelector("time")!,
    root: () => target.querySelector<HTMLElement>('[data-testid="countdown"]')!,
    announcement: () => target.querySelector('[data-testid="countdown-announcement"]')!,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  vi.useRealTimers();
  document.body.innerHTML = "";
});

describe("Countdown", () => {
  it("counts from the server's clock, not the browser's", () => {
    // The browser's clock is 10 minutes slow; the server says 6 minutes are left, not 16.
    const offset = 10 * 60_000;
    const view = render({ endsAt: START + 16 * 60_000, serverNow: () => Date.now() + offset });
    expect(view.time().textContent).toBe("6m 00s left");
    vi.advanceTimersByTime(5000);
    flushSync();
    expect(view.time().textContent).toBe("5m 55s left");
  });

  it("shows the absolute end in UTC on hover and a machine-readable datetime", () => {
    const endsAt = START + 3_600_000;
    const view = render({ endsAt, serverNow: () => Date.now() });
    expect(view.time().getAttribute("title")).toBe("Ends May 3, 2026, 3:00:00 PM UTC");
    expect(view.time().getAttribute("datetime")).toBe(new Date(endsAt).toISOString());
  });

  it("styles the last minutes as ending soon", () => {
    const view = render({ endsAt: START + 5 * 60_000 + 2000, serverNow: () => Date.now() });
    expect(view.root().dataset.endingSoon).toBe("false");
    vi.advanceTimersByTime(3000);
    flushSync();
    expect(view.root().dataset.endingSoon).toBe("true");
    expect(view.root().classList.contains("soon")).toBe(true);
  });

  it("announces politely, only when a coarse step is crossed", () => {
    const view = render({ endsAt: START + 61_000, serverNow: () => Date.now() });
    const region = view.announcement();
    expect(region.getAttribute("aria-live")).toBe("polite");
    expect(region.textContent).toBe("");
    vi.advanceTimersByTime(1000);
    flushSync();
    expect(region.textContent).toBe("");
    vi.advanceTimersByTime(1000);
    flushSync();
    expect(region.textContent).toBe("Less than 1 minute left");
    vi.advanceTimersByTime(20_000);
    flushSync();
    expect(region.textContent).toBe("Less than 1 minute left");
    vi.advanceTimersByTime(11_000);
    flushSync();
    expect(region.textContent).toBe("Less than 30 seconds left");
  });

  it("counts down to the start of a scheduled auction", () => {
    const view = render({ status: "scheduled", startsAt: START + 7_200_000, endsAt: START + 9_000_000, serverNow: () => Date.now() });
    expect(view.time().textContent).toBe("Starts in 2h 0m");
  });
});
