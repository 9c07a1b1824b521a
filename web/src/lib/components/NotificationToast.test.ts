import { flushSync, mount, unmount } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Notification } from "$schema";
import type { ChannelUpdate } from "$lib/notifications/channel.svelte";
import NotificationToast from "./NotificationToast.svelte";

const outbid: Notification = {
  id: "n1",
  event: "outbid",
  auctionId: "a1",
  title: "You were outbid: Walnut writing box",
  body: "The price is now €26.",
  link: "/auctions/a1",
  createdAt: 1_000,
  readAt: null,
  repeatCount: 1,
};

/** Stands in for the channel: only subscribe() is used. */
class FakeChannel {
  listeners = new Set<(update: ChannelUpdate) => void>();
  subscribe(listener: (update: ChannelUpdate) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(update: ChannelUpdate) {
    for (const listener of this.listeners) listener(update);
    flushSync();
  }
}

let component: ReturnType<typeof mount> | null = null;

function render() {
  const target = document.createElement("div");
  document.body.appendChild(target);
  const channel = new FakeChannel();
  component = mount(NotificationToast, { target, props: { channel, autoHideMs: 8000 } });
  flushSync();
  return {
    channel,
    region: () => target.querySelector<HTMLElement>('[data-testid="notification-toast-region"]')!,
    toast: () => target.querySelector<HTMLElement>('[data-testid="notification-toast"]'),
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  vi.useRealTimers();
  document.body.innerHTML = "";
});

describe("NotificationToast", () => {
  it("shows a new notification's title as a link in a polite status region", () => {
    const view = render();
    expect(view.region().getAttribute("role")).toBe("status");
    expect(view.region().getAttribute("aria-live")).toBe("polite");
    expect(view.toast()).toBeNull();

    view.channel.emit({ type: "notification", now: 2_000, notification: outbid, unreadCount: 1 });
    const link = view.toast()!.querySelector("a")!;
    expect(link.textContent).toBe(outbid.title);
    expect(link.getAttribute("href")).toBe("/auctions/a1");
  });

  it("ignores reads elsewhere", () => {
    const view = render();
    view.channel.emit({ type: "read", now: 2_000, unreadCount: 0 });
    expect(view.toast()).toBeNull();
  });

  it("hides by itself, but not while the pointer or focus is on it", () => {
    const view = render();
    view.channel.emit({ type: "notification", now: 2_000, notification: outbid, unreadCount: 1 });
    view.toast()!.dispatchEvent(new Event("pointerenter"));
    vi.advanceTimersByTime(20_000);
    flushSync();
    expect(view.toast()).not.toBeNull();
    view.toast()!.dispatchEvent(new Event("pointerleave"));
    vi.advanceTimersByTime(7_999);
    flushSync();
    expect(view.toast()).not.toBeNull();
    vi.advanceTimersByTime(1);
    flushSync();
    expect(view.toast()).toBeNull();
  });

  it("restarts the timer for each new notification", () => {
    const view = render();
    view.channel.emit({ type: "notification", now: 2_000, notification: outbid, unreadCount: 1 });
    vi.advanceTimersByTime(6_000);
    view.channel.emit({ type: "notification", now: 8_000, notification: { ...outbid, id: "n2", title: "You won: Walnut writing box" }, unreadCount: 2 });
    vi.advanceTimersByTime(6_000);
    flushSync();
    expect(view.toast()?.textContent).toContain("You won: Walnut writing box");
  });

  it("can be dismissed with its button or Escape, and gives focus back", () => {
    const view = render();
    const before = document.createElement("button");
    document.body.appendChild(before);
    before.focus();

    view.channel.emit({ type: "notification", now: 2_000, notification: outbid, unreadCount: 1 });
    const dismiss = view.toast()!.querySelector<HTMLButtonElement>("button")!;
    expect(dismiss.getAttribute("aria-label")).toBe("Dismiss notification");
    dismiss.focus();
    dismiss.dispatchEvent(new FocusEvent("focusin", { bubbles: true, relatedTarget: before }));
    dismiss.click();
    flushSync();
    expect(view.toast()).toBeNull();
    expect(document.activeElement).toBe(before);

    view.channel.emit({ type: "notification", now: 3_000, notification: outbid, unreadCount: 1 });
    view.toast()!.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    flushSync();
    expect(view.toast()).toBeNull();
  });
});
