import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import { ZONE_CONTEXT } from "$lib/time-zone";
import Time from "./Time.svelte";

let component: ReturnType<typeof mount> | null = null;
const AT = Date.UTC(2026, 11, 3, 0, 30);

function render(zone: string | null) {
  const target = document.createElement("div");
  document.body.appendChild(target);
  const context = zone === null ? new Map() : new Map([[ZONE_CONTEXT, () => zone]]);
  component = mount(Time, { target, props: { at: AT }, context });
  flushSync();
  return target.querySelector("time")!;
}

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = "";
});

describe("Time", () => {
  it("shows the moment in the viewer's zone when the layout knows it", () => {
    // 00:30 UTC is 09:30 in Tokyo and still the evening before in New York.
    expect(render("Asia/Tokyo").textContent).toBe(new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Tokyo" }).format(AT));
    unmount(component!);
    expect(render("America/New_York").textContent).toContain("Dec 2, 2026");
  });

  it("falls back to the browser's own zone when no zone is known", () => {
    expect(render(null).textContent).toBe(new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(AT));
  });
});
