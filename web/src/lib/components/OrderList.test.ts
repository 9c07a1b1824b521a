import { createRawSnippet, flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { OrderSummary } from "$schema";
import { englishLeftovers } from "$lib/testing/untranslated";
import OrderList from "./OrderList.svelte";

const sale: OrderSummary = {
  id: "o1",
  auctionId: "a1",
  title: "Brass telescope",
  format: "forward",
  currency: "EUR",
  price: 123_450,
  status: "awaiting_payment",
  buyer: { id: "u2", displayName: "Bea" },
  seller: { id: "u1", displayName: "Ada" },
  role: "seller",
  paymentDueAt: Date.UTC(2026, 10, 9),
  createdAt: Date.UTC(2026, 10, 2, 12),
  updatedAt: Date.UTC(2026, 10, 2, 12),
};

let component: ReturnType<typeof mount> | null = null;

function render(locale: string, items: OrderSummary[], nextHref: string | null): HTMLElement {
  document.documentElement.lang = locale;
  const target = document.createElement("div");
  document.body.appendChild(target);
  const empty = createRawSnippet(() => ({ render: () => "<p>none</p>" }));
  component = mount(OrderList, { target, props: { items, nextHref, empty } });
  flushSync();
  return target;
}

const row = (target: HTMLElement) =>
  [".price", ".status", ".muted"].map((selector) => target.querySelector(selector)?.textContent?.replace(/\s+/g, " ").trim());

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = "";
  document.documentElement.lang = "";
});

describe("OrderList", () => {
  it("in English: price, status and the other party", () => {
    const target = render("en", [sale], "/my/sold?cursor=x");
    expect(row(target)).toEqual(["€1,234.50", "Awaiting payment", "Buyer: Bea · Nov 2, 2026"]);
    expect(target.querySelector('a[href="/my/sold?cursor=x"]')?.textContent).toBe("Older orders →");
  });

  it("in German: the price written the German way and the status in German", () => {
    const target = render("de", [sale, { ...sale, id: "o2", role: "buyer", status: "shipped" }], "/my/sold?cursor=x");
    expect(row(target)).toEqual(["1.234,50 €", "Zahlung ausstehend", "Käufer: Bea · 02.11.2026"]);
    expect(target.querySelectorAll(".status")[1]?.textContent).toBe("Versandt");
    expect(target.querySelectorAll(".muted")[1]?.textContent).toContain("Verkäufer: Ada");
    expect(target.textContent).toContain("Ältere Bestellungen →");
    expect(englishLeftovers(target.textContent ?? "", "de", ["order_"])).toEqual([]);
  });

  it("in Japanese", () => {
    const target = render("ja", [{ ...sale, currency: "JPY", price: 412_000, status: "completed" }], null);
    expect(row(target)).toEqual(["￥412,000", "完了", "購入者：Bea · 2026/11/02"]);
    expect(englishLeftovers(target.textContent ?? "", "ja", ["order_"])).toEqual([]);
  });
});
