import { formatDuration as durationText } from "$lib/i18n/format";
import { m } from "$schema/paraglide/messages.js";

/** The last minutes, styled as ending soon. */
export const ENDING_SOON_MS = 5 * 60_000;

/** Steps at which the countdown is announced to screen readers: never every second. */
const STEPS: Array<[limit: number, text: () => string]> = [
  [10_000, () => m.auction_countdown_under_seconds({ count: 10 })],
  [30_000, () => m.auction_countdown_under_seconds({ count: 30 })],
  [60_000, () => m.auction_countdown_under_minutes({ count: 1 })],
  [2 * 60_000, () => m.auction_countdown_under_minutes({ count: 2 })],
  [5 * 60_000, () => m.auction_countdown_under_minutes({ count: 5 })],
  [15 * 60_000, () => m.auction_countdown_under_minutes({ count: 15 })],
  [60 * 60_000, () => m.auction_countdown_under_hours({ count: 1 })],
  [24 * 60 * 60_000, () => m.auction_countdown_under_days({ count: 1 })],
];

/** The coarse step a remaining time falls in, in the page's language; it changes a handful of times per auction. */
export function coarseAnnouncement(remainingMs: number): string {
  if (remainingMs <= 0) return m.auction_countdown_closed();
  for (const [limit, text] of STEPS) if (remainingMs < limit) return text();
  return m.auction_countdown_over_days({ count: 1 });
}

export function isEndingSoon(remainingMs: number): boolean {
  return remainingMs > 0 && remainingMs <= ENDING_SOON_MS;
}

/** What the countdown reads: "4m 05s left", "Starts in 2h 10m", "Ending…" (or "残り4分05秒"). */
export function countdownText(remainingMs: number, phase: "starts" | "ends"): string {
  if (phase === "starts") return remainingMs > 0 ? m.auction_countdown_starts_in({ duration: durationText(remainingMs) }) : m.auction_countdown_starting();
  return remainingMs > 0 ? m.auction_countdown_left({ duration: durationText(remainingMs) }) : m.auction_countdown_ending();
}
