import { formatDuration as durationText } from "$lib/i18n/format";

/** The last minutes, styled as ending soon. */
export const ENDING_SOON_MS = 5 * 60_000;

/** Steps at which the countdown is announced to screen readers: never every second. */
const STEPS: Array<[limit: number, text: string]> = [
  [10_000, "Less than 10 seconds left"],
  [30_000, "Less than 30 seconds left"],
  [60_000, "Less than 1 minute left"],
  [2 * 60_000, "Less than 2 minutes left"],
  [5 * 60_000, "Less than 5 minutes left"],
  [15 * 60_000, "Less than 15 minutes left"],
  [60 * 60_000, "Less than 1 hour left"],
  [24 * 60 * 60_000, "Less than 1 day left"],
];

/** The coarse step a remaining time falls in; it changes a handful of times per auction. */
export function coarseAnnouncement(remainingMs: number): string {
  if (remainingMs <= 0) return "Bidding has closed";
  for (const [limit, text] of STEPS) if (remainingMs < limit) return text;
  return "More than 1 day left";
}

export function isEndingSoon(remainingMs: number): boolean {
  return remainingMs > 0 && remainingMs <= ENDING_SOON_MS;
}

/** What the countdown reads: "4m 05s left", "Starts in 2h 10m", "Ending…". */
export function countdownText(remainingMs: number, phase: "starts" | "ends"): string {
  if (phase === "starts") return remainingMs > 0 ? `Starts in ${durationText(remainingMs)}` : "Starting…";
  return remainingMs > 0 ? `${durationText(remainingMs)} left` : "Ending…";
}

/** "Ends 3 May 2026, 14:30:00 UTC" for the title attribute. */
export function utcText(epochMs: number): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" }).format(new Date(epochMs)) + " UTC";
}
