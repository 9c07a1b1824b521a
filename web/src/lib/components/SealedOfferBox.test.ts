import { flushSync, mount, tick, unmount } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { commitmentPreimage, type AuctionSnapshot, type SealedOfferFile, type SealedView } from "$schema";
import { keptOffer } from "$lib/sealed";
import SealedOfferBox from "./SealedOfferBox.svelte";

const PROVIDER = "provider-1";
const sealedView: SealedView = { phase: "commit", revealEndsAt: Date.now() + 26 * 3_600_000, revealWindowHours: 24, commitments: 1, revealed: 0, unrevealed: [], yours: null };
const base: AuctionSnapshot = {
  id: "00000000-0000-4000-8000-000000000001",
  format: "reverse",
  status: "live",
  currency: "EUR",
  startingPrice: 50_000,
  currentPrice: null,
  nextBidLimit: 50_000,
  startsAt: 0,
  endsAt: Date.now() + 2 * 3_600_000,
  bidCount: 1,
  seq: 1,
  hasReserve: false,
  reserveMet: true,
  buyNowPrice: null,
  leaderboard: [],
  sealed: sealedView,
  you: { alias: null, leading: false, isSeller: false, limit: null, bidCount: 0, bidsLeft: null },
};

/** Computed here with WebCrypto from the shared encoding, independently of the component's own helper. */
async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

let component: ReturnType<typeof mount> | null = null;
let posted: Array<{ url: string; body: unknown }> = [];

function render(snapshot: AuctionSnapshot, sealed: SealedView) {
  const target = document.createElement("div");
  document.body.appendChild(target);
  const onChange = vi.fn();
  component = mount(SealedOfferBox, { target, props: { snapshot, sealed, userId: PROVIDER, canOffer: true, loginHref: "/login", locale: "en-GB", onChange } });
  flushSync();
  const $ = <T extends HTMLElement = HTMLElement>(testId: string) => target.querySelector<T>(`[data-testid="${testId}"]`);
  return { target, $, onChange };
}

function type(input: HTMLInputElement | HTMLTextAreaElement | null, value: string) {
  input!.value = value;
  input!.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
}

async function settle() {
  for (let round = 0; round < 20; round += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await tick();
  }
  flushSync();
}

beforeEach(() => {
  posted = [];
  localStorage.clear();
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit) => {
      posted.push({ url, body: JSON.parse(String(init.body)) });
      return new Response(JSON.stringify({ seq: 2 }), { status: 201, headers: { "content-type": "application/json" } });
    }),
  );
  URL.createObjectURL = vi.fn(() => "blob:sealed-offer");
  URL.revokeObjectURL = vi.fn();
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = "";
  vi.unstubAllGlobals();
});

describe("SealedOfferBox", () => {
  it("sends only the commitment, keeps the opening on this device and offers it as a file", async () => {
    const { $, onChange } = render(base, sealedView);
    type($<HTMLInputElement>("sealed-amount"), "420");
    type($<HTMLTextAreaElement>("sealed-description"), "  Replace the cartridge  ");
    type($<HTMLInputElement>("sealed-duration"), "2 hours");
    $("sealed-submit")!.click();
    await settle();

    expect(posted).toHaveLength(1);
    expect(posted[0]!.url).toBe(`/api/auctions/${base.id}/commitments`);
    const kept = keptOffer(base.id, PROVIDER)!;
    expect(kept.opening).toMatchObject({ amount: 42_000, details: { description: "Replace the cartridge", estimatedDuration: "2 hours" } });
    expect(kept.opening.nonce).toMatch(/^[0-9a-f]{64}$/);
    // The browser's hash is the one the worker recomputes from the shared encoding.
    const expected = await sha256(commitmentPreimage(base.id, PROVIDER, kept.opening));
    // Nothing but the hash leaves the browser.
    expect(posted[0]!.body).toEqual({ commitment: expected });
    expect($<HTMLAnchorElement>("sealed-download")?.getAttribute("download")).toMatch(/^gavel-sealed-offer-.+\.json$/);
    expect(onChange).toHaveBeenCalled();
  });

  it("refuses an amount above the budget without sending anything", async () => {
    const { $ } = render(base, sealedView);
    type($<HTMLInputElement>("sealed-amount"), "501");
    type($<HTMLTextAreaElement>("sealed-description"), "Work");
    type($<HTMLInputElement>("sealed-duration"), "1 day");
    $("sealed-submit")!.click();
    await settle();
    expect(posted).toEqual([]);
    expect(keptOffer(base.id, PROVIDER)).toBeNull();
  });

  it("reveals from a pasted file on a device that does not hold the opening, and refuses another offer's file", async () => {
    const opening = { amount: 30_000, details: { description: "Replace the cartridge", estimatedDuration: "2 hours" }, nonce: "ab".repeat(32) };
    const commitment = await sha256(commitmentPreimage(base.id, PROVIDER, opening));
    const file: SealedOfferFile = { scheme: "gavel-sealed-v1", auctionId: base.id, providerId: PROVIDER, commitment, opening };
    const revealPhase: SealedView = { ...sealedView, phase: "reveal", yours: { seq: 1, commitment, revealed: false } };
    const { target } = render({ ...base, status: "ended" }, revealPhase);
    expect(target.querySelector('[data-testid="sealed-reveal"]')).toBeNull();

    const paste = target.querySelector<HTMLTextAreaElement>("textarea")!;
    type(paste, JSON.stringify({ ...file, commitment: "cd".repeat(32) }));
    [...target.querySelectorAll("button")].find((button) => button.textContent?.includes("pasted"))!.click();
    await settle();
    expect(posted).toEqual([]);
    expect(target.textContent).toContain("not the offer you committed to");

    type(paste, JSON.stringify(file));
    [...target.querySelectorAll("button")].find((button) => button.textContent?.includes("pasted"))!.click();
    await settle();
    expect(posted).toEqual([{ url: `/api/auctions/${base.id}/reveals`, body: opening }]);
  });
});
