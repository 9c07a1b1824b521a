import { error, fail, redirect, type RequestEvent } from "@sveltejs/kit";
import type { AuctionDetail, BidHistoryEntry, OrderPage, WatchState } from "$schema";
import { api } from "$lib/server/api";
import { formString } from "$lib/forms";
import { markPublished, takePublished } from "$lib/server/published";
import { m } from "$schema/paraglide/messages.js";
import type { Actions, PageServerLoad } from "./$types";

const HISTORY_SIZE = 50;
const auctionPath = (id: string) => `/api/auctions/${encodeURIComponent(id)}`;

function requireLogin(event: RequestEvent): void {
  if (!event.locals.user) redirect(303, `/login?next=${encodeURIComponent(event.url.pathname)}`);
}

export const load: PageServerLoad = async (event) => {
  const result = await api<AuctionDetail>(event, auctionPath(event.params.id));
  if (!result.ok) {
    // A malformed id (400) is as missing as an unknown one or someone else's draft.
    if (result.error.code === "LISTING_REMOVED") error(404, m.auction_removed_error());
    if (result.status === 400 || result.status === 404) error(404, m.auction_not_found());
    error(result.status, result.error.message);
  }
  const auction = result.data;
  // The latest bids, with what this viewer may see of them (a requester: each offer's details).
  let history: BidHistoryEntry[] = [];
  if (auction.status !== "draft" && auction.seq > 0) {
    const after = Math.max(0, auction.seq - HISTORY_SIZE);
    const page = await api<{ items: BidHistoryEntry[]; nextAfter: number | null }>(event, `${auctionPath(event.params.id)}/bids?after=${after}&limit=${HISTORY_SIZE}`);
    if (page.ok) history = page.data.items;
  }
  // The buyer and the seller of a sale get a way to their order (a second chance adds one).
  let orders: OrderPage["items"] = [];
  if (event.locals.user && (auction.status === "ended" || auction.status === "awarded")) {
    const mine = await api<OrderPage>(event, `/api/orders?auctionId=${encodeURIComponent(auction.id)}`);
    if (mine.ok) orders = mine.data.items;
  }
  return { auction, history, orders, justPublished: takePublished(event.cookies, auction.id) };
};

async function setWatching(event: RequestEvent<{ id: string }>, watching: boolean) {
  requireLogin(event);
  const result = await api<WatchState>(event, `${auctionPath(event.params.id)}/watch`, { method: watching ? "PUT" : "DELETE" });
  if (!result.ok) return fail(result.status, { watch: { message: result.error.message } });
  return { watch: { message: null } };
}

export const actions: Actions = {
  report: async (event) => {
    requireLogin(event);
    const data = await event.request.formData();
    const reason = data.get("reason");
    const note = data.get("note");
    const result = await api(event, `${auctionPath(event.params.id)}/reports`, {
      method: "POST",
      body: { reason: typeof reason === "string" ? reason : "", note: typeof note === "string" ? note : "" },
    });
    if (!result.ok) return fail(result.status, { report: { message: result.status === 400 ? m.auction_report_choose() : result.error.message } });
    return { report: { notice: m.auction_report_thanks() } };
  },
  watch: (event) => setWatching(event, true),
  unwatch: (event) => setWatching(event, false),

  relist: async (event) => {
    requireLogin(event);
    const copy = await api<AuctionDetail>(event, `${auctionPath(event.params.id)}/relist`, { method: "POST" });
    if (!copy.ok) return fail(copy.status, { relist: { message: copy.error.message } });
    redirect(303, `/my/listings/${copy.data.id}/edit`);
  },

  publish: async (event) => {
    requireLogin(event);
    const path = auctionPath(event.params.id);
    const draft = await api<AuctionDetail>(event, path);
    if (!draft.ok) return fail(draft.status, { publish: { message: draft.error.message } });
    // A draft saved to start "now" has a start in the past by the time it is published: it starts on publishing.
    if (draft.data.startsAt < Date.now()) {
      const moved = await api<AuctionDetail>(event, path, { method: "PATCH", body: { startsAt: new Date().toISOString() } });
      if (!moved.ok) return fail(moved.status, { publish: { message: moved.error.message } });
    }
    const published = await api<AuctionDetail>(event, `${path}/publish`, { method: "POST" });
    if (!published.ok) return fail(published.status, { publish: { message: published.error.message } });
    markPublished(event.cookies, event.params.id);
    redirect(303, event.url.pathname);
  },

  cancel: async (event) => {
    requireLogin(event);
    const data = await event.request.formData();
    const reason = formString(data, "reason").trim();
    const cancelled = await api<AuctionDetail>(event, `${auctionPath(event.params.id)}/cancel`, { method: "POST", body: reason === "" ? {} : { reason } });
    if (!cancelled.ok) {
      const message = cancelled.error.code === "VALIDATION_FAILED" ? m.auction_cancel_reason_short() : cancelled.error.message;
      return fail(cancelled.status, { cancel: { message, reason } });
    }
    return { cancel: { message: null, reason } };
  },
};
