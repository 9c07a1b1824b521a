/**
 * The fan-out's timing, in a module of its own (no imports) so the relay
 * simulation (bench/relay-sim.mjs) runs the same numbers as the room.
 */

/** A bid after a quiet spell goes out almost at once: the bare room's latency. */
const MIN_BATCH_WINDOW_MS = 2;
/** Never hold a bid back longer than this, whatever the load: the p99 budget is 250 ms. */
export const MAX_BATCH_WINDOW_MS = 100;
/** No flush for this long and the room counts as quiet. */
const QUIET_AFTER_MS = 250;
/**
 * Roughly what one socket send costs locally (~50 µs): a busy room waits
 * about as long as its last broadcast took, so sending stays at most half
 * of its time. (workerd's clock does not move during synchronous work, so
 * the cost is estimated from the socket count rather than measured.)
 */
export const SEND_MS_PER_SOCKET = 0.05;

/**
 * How long to gather bids before the next flush: almost nothing when the room
 * was quiet; under a run of bids, as long as a broadcast to every socket
 * takes, so the window widens with watchers × frame rate and narrows again.
 */
export function batchWindowMs(sinceLastFlushMs: number, sockets: number): number {
  if (sinceLastFlushMs >= QUIET_AFTER_MS) return MIN_BATCH_WINDOW_MS;
  return Math.min(MAX_BATCH_WINDOW_MS, Math.max(MIN_BATCH_WINDOW_MS, Math.round(sockets * SEND_MS_PER_SOCKET)));
}
/** The leaderboard is not latency-critical; sending it with every batch would double the fan-out. */
export const LEADERBOARD_INTERVAL_MS = 500;
