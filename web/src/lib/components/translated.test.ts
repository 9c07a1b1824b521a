import { flushSync, mount, unmount, type Component } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { m } from "$schema/paraglide/messages.js";
import Countdown from "./Countdown.svelte";
import ErrorSummary from "./ErrorSummary.svelte";
import NotificationBell from "./NotificationBell.svelte";
import RelativeTime from "./RelativeTime.svelte";
import Time from "./Time.svelte";
import TimeLeft from "./TimeLeft.svelte";
import VerifyBanner from "./VerifyBanner.svelte";

/**
 * The shared components in each language the site has besides English: every word comes from that
 * language's messages, and none of the English ones is left (Paraglide would fall back silently).
 */
const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
const mounted: Array<ReturnType<typeof mount>> = [];

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});

afterEach(() => {
  for (const component of mounted.splice(0)) unmount(component);
  vi.useRealTimers();
  document.body.innerHTML = "";
  document.documentElement.lang = "";
});

/** What a person can see or hear of the rendered component: its text, labels and titles. */
function render<Props extends Record<string, unknown>>(component: Component<Props>, props: Props): string {
  const target = document.createElement("div");
  document.body.appendChild(target);
  mounted.push(mount(component, { target, props }));
  flushSync();
  const attributes = [...target.querySelectorAll("[aria-label], [title]")].flatMap((element) => [element.getAttribute("aria-label") ?? "", element.getAttribute("title") ?? ""]);
  return [target.textContent ?? "", ...attributes].join(" ").replace(/\s+/g, " ");
}

describe.each(["de", "fr", "ja"] as const)("shared components in %s", (locale) => {
  beforeEach(() => {
    document.documentElement.lang = locale;
  });

  /** The text is in the page's language and the English is nowhere (where the two differ: "Notifications" is French too). */
  function expectTranslated(text: string, expected: Array<(options: { locale: "en" | typeof locale }) => string>) {
    for (const message of expected) {
      expect(text).toContain(message({ locale }));
      if (message({ locale: "en" }) !== message({ locale })) expect(text).not.toContain(message({ locale: "en" }));
    }
  }

  it("VerifyBanner", () => {
    const text = render(VerifyBanner, { email: "ada@example.com" });
    expectTranslated(text, [(o) => m.nav_verify_title({}, o), (o) => m.nav_verify_text({ email: "ada@example.com" }, o), (o) => m.nav_verify_link({}, o)]);
  });

  it("NotificationBell", () => {
    expectTranslated(render(NotificationBell, { unreadCount: 3 }), [(o) => m.nav_notifications_unread({ count: 3 }, o)]);
    expectTranslated(render(NotificationBell, { unreadCount: 0 }), [(o) => m.nav_notifications({}, o)]);
  });

  it("ErrorSummary", () => {
    const text = render(ErrorSummary, { fieldErrors: { title: ["x"] }, labels: { title: { label: "T" } } });
    expectTranslated(text, [(o) => m.form_error_summary_title({}, o), (o) => m.form_error_summary_item({ label: "T", message: "x" }, o)]);
  });

  it("TimeLeft, before the start and while live", () => {
    const starts = render(TimeLeft, { status: "scheduled", startsAt: NOW + (2 * 86_400 + 4 * 3600) * 1000, endsAt: NOW + 9 * 86_400_000 });
    expect(starts).toContain(m.time_starts_in({ duration: m.time_duration_days_hours({ days: "2", hours: "4" }, { locale }) }, { locale }));
    expect(starts).not.toMatch(/Starts in|2d 4h/);
    const live = render(TimeLeft, { status: "live", startsAt: NOW - 1000, endsAt: NOW + (4 * 60 + 5) * 1000 });
    expect(live).toContain(m.time_left({ duration: m.time_duration_minutes_seconds({ minutes: "4", seconds: "05" }, { locale }) }, { locale }));
    expect(live).not.toMatch(/ left|4m 05s/);
  });

  it("Countdown's exact end", () => {
    const text = render(Countdown, { status: "live", startsAt: NOW - 1000, endsAt: NOW + 3_600_000 });
    expect(text).toContain(m.time_ends_at({ when: "" }, { locale }).trim());
    expect(text).not.toMatch(/\bEnds\b/);
  });

  it("RelativeTime and Time", () => {
    expectTranslated(render(RelativeTime, { at: NOW - 10_000 }), [(o) => m.time_just_now({}, o)]);
    const fiveMinutes = render(RelativeTime, { at: NOW - 5 * 60_000 });
    expect(fiveMinutes).toContain(new Intl.RelativeTimeFormat(locale, { numeric: "auto" }).format(-5, "minute"));
    const moment = render(Time, { at: NOW, dateOnly: true });
    expect(moment).toContain(new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(NOW));
  });
});
