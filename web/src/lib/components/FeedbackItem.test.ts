import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { Feedback } from "$schema";
import { englishLeftovers } from "$lib/testing/untranslated";
import FeedbackItem from "./FeedbackItem.svelte";

const aboutTheSeller: Feedback = {
  id: "f1",
  orderId: "o1",
  itemTitle: "Brass telescope",
  rating: "positive",
  comment: "Well packed.",
  author: { id: "u2", displayName: "Bea" },
  subjectId: "u1",
  subjectRole: "seller",
  reply: "Thank you!",
  repliedAt: Date.UTC(2026, 10, 3),
  createdAt: Date.UTC(2026, 10, 2, 12),
};

let component: ReturnType<typeof mount> | null = null;

function render(locale: string, feedback: Feedback, showSubject = false): HTMLElement {
  document.documentElement.lang = locale;
  const target = document.createElement("div");
  document.body.appendChild(target);
  component = mount(FeedbackItem, { target, props: { feedback, showSubject } });
  flushSync();
  return target.querySelector<HTMLElement>('[data-testid="feedback-item"]')!;
}

const head = (item: HTMLElement) => item.querySelector(".head")?.textContent?.replace(/\s+/g, " ").trim();

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = "";
  document.documentElement.lang = "";
});

describe("FeedbackItem", () => {
  it("in English: the rating, who gave it in which role, the item and the day", () => {
    const item = render("en", aboutTheSeller);
    expect(head(item)).toMatch(/^Positive · from Bea as buyer · Brass telescope · Nov 2, 2026$/);
    expect(item.querySelector(".reply")?.textContent).toBe("Reply: Thank you!");
  });

  it("in German, with the date written the German way", () => {
    const item = render("de", aboutTheSeller);
    expect(head(item)).toBe("Positiv · von Bea als Käufer · Brass telescope · 02.11.2026");
    expect(item.querySelector(".reply")?.textContent).toBe("Antwort: Thank you!");
    expect(englishLeftovers(item.textContent ?? "", "de", ["feedback_"])).toEqual([]);
  });

  it("in Japanese, naming the role the seller rated the buyer in", () => {
    const item = render("ja", { ...aboutTheSeller, rating: "negative", subjectRole: "buyer", reply: null });
    expect(head(item)).toBe("悪い · 出品者の Bea さんから · Brass telescope · 2026/11/02");
    expect(item.querySelector(".reply")).toBeNull();
    expect(englishLeftovers(item.textContent ?? "", "ja", ["feedback_"])).toEqual([]);
  });
});
