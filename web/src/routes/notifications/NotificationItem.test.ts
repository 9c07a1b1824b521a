import { createRawSnippet, flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { Notification } from "$schema";
import { englishLeftovers } from "$lib/testing/untranslated";
import NotificationItem from "./NotificationItem.svelte";

const won: Notification = {
  id: "n7",
  event: "won",
  auctionId: "a9",
  title: "You won: Brass telescope",
  body: "You won “Brass telescope” for €120.",
  link: "/auctions/a9",
  createdAt: Date.now() - 3 * 60_000,
  readAt: null,
  repeatCount: 1,
};

let component: ReturnType<typeof mount> | null = null;

function render(notification: Notification, withActions = false) {
  const target = document.createElement("div");
  document.body.appendChild(target);
  const actions = withActions ? createRawSnippet(() => ({ render: () => "<button>Mark read</button>" })) : undefined;
  component = mount(NotificationItem, { target, props: { notification, ...(actions ? { actions } : {}) } });
  flushSync();
  return target.querySelector<HTMLElement>('[data-testid="notification"]')!;
}

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = "";
  document.documentElement.lang = "";
});

describe("NotificationItem", () => {
  it("shows the title as a link to the auction, the body and when it happened", () => {
    const item = render(won, true);
    const link = item.querySelector("h2 a")!;
    expect(link.textContent).toBe("You won: Brass telescope");
    expect(link.getAttribute("href")).toBe("/auctions/a9");
    expect(item.querySelector(".body")?.textContent).toBe(won.body);
    expect(item.querySelector("time")?.textContent).toBe("3 minutes ago");
    expect(item.querySelector("button")?.textContent).toBe("Mark read");
  });

  it("marks unread ones in words, not only by colour", () => {
    const unread = render(won);
    expect(unread.dataset.unread).toBe("true");
    expect(unread.classList.contains("unread")).toBe(true);
    expect(unread.textContent).toContain("Unread");
    if (component) unmount(component);
    document.body.innerHTML = "";

    const read = render({ ...won, readAt: Date.now() });
    expect(read.dataset.unread).toBe("false");
    expect(read.classList.contains("unread")).toBe(false);
    expect(read.textContent).not.toContain("Unread");
  });

  it("speaks the viewer's language around the notification's own words", () => {
    document.documentElement.lang = "de";
    const german = render(won);
    expect(german.querySelector(".badge")?.textContent).toBe("Ungelesen");
    expect(german.querySelector("time")?.textContent).toBe("vor 3 Minuten");
    expect(englishLeftovers(german.textContent ?? "", "de", ["notifications_"])).toEqual([]);
    if (component) unmount(component);
    document.body.innerHTML = "";

    document.documentElement.lang = "ja";
    const japanese = render(won);
    expect(japanese.querySelector(".badge")?.textContent).toBe("未読");
    expect(japanese.querySelector("time")?.textContent).toBe("3 分前");
    expect(englishLeftovers(japanese.textContent ?? "", "ja", ["notifications_"])).toEqual([]);
  });
});
