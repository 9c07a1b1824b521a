import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import NotificationBell from "./NotificationBell.svelte";

let component: ReturnType<typeof mount> | null = null;

function render(props: { unreadCount: number; current?: boolean }) {
  const target = document.createElement("div");
  document.body.appendChild(target);
  component = mount(NotificationBell, { target, props });
  flushSync();
  return {
    link: () => target.querySelector<HTMLAnchorElement>('[data-testid="notification-bell"]')!,
    badge: () => target.querySelector('[data-testid="notification-count"]'),
  };
}

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = "";
});

describe("NotificationBell", () => {
  it("links to the notifications and says how many are unread", () => {
    const view = render({ unreadCount: 3 });
    expect(view.link().getAttribute("href")).toBe("/notifications");
    expect(view.link().getAttribute("aria-label")).toBe("Notifications, 3 unread");
    expect(view.badge()?.textContent).toBe("3");
    // The label says it once; the visible digit is not read again.
    expect(view.badge()?.getAttribute("aria-hidden")).toBe("true");
    expect(view.link().getAttribute("aria-current")).toBeNull();
  });

  it("shows no badge when nothing is unread", () => {
    const view = render({ unreadCount: 0, current: true });
    expect(view.link().getAttribute("aria-label")).toBe("Notifications");
    expect(view.badge()).toBeNull();
    expect(view.link().getAttribute("aria-current")).toBe("page");
  });

  it("keeps the badge short for large counts but the label exact", () => {
    const view = render({ unreadCount: 250 });
    expect(view.badge()?.textContent).toBe("99+");
    expect(view.link().getAttribute("aria-label")).toBe("Notifications, 250 unread");
  });
});
