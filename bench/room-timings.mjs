// Where the room's time goes during a run: the room measures it itself when
// the bench sets ROOM_TIMINGS=1 (worker/auction/room-timings.ts) and logs its
// cumulative totals at most once a second; the bench reads the last report of
// each run's room from the runtime's log. Beside it, the CPU time of the
// room's workerd process over the run, from /proc: what the room's JS cannot
// see of itself (writing frames to sockets happens in workerd, after send()).
import { readdirSync, readFileSync } from "node:fs";

export const ROOM_TIMINGS_BINDINGS = { ROOM_TIMINGS: "1" };
const MESSAGE = "room timings";
/** The room reports one second after its last measured work; a little more, and the last report is in. */
export const REPORT_SETTLE_MS = 1500;

/** Reads the runtime's log lines, keeping each room's latest totals. */
export function roomTimingsReader() {
  const latest = new Map();
  return {
    read(line) {
      if (!line.includes(MESSAGE)) return;
      try {
        const report = JSON.parse(line.slice(line.indexOf("{")));
        if (report.message === MESSAGE) latest.set(report.room, report);
      } catch {
        // Another line that happens to mention it.
      }
    },
    latest: (room) => latest.get(room) ?? null,
  };
}

/** The workerd processes below `pid` (the runtimes Miniflare started). */
export function workerdProcesses(pid) {
  const parents = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // exited
    }
  }
  const found = [];
  for (const [child] of parents) {
    let ancestor = child;
    while (ancestor > 1 && ancestor !== pid) ancestor = parents.get(ancestor) ?? 0;
    if (ancestor !== pid) continue;
    try {
      if (readFileSync(`/proc/${child}/comm`, "utf8").includes("workerd")) found.push(child);
    } catch {
      // exited
    }
  }
  return found;
}

const TICKS_PER_SECOND = 100;

/** User and system CPU time of these processes so far, in ms. */
export function cpuMs(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

const round = (value) => Math.round(value * 10) / 10;
const share = (part, whole) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

/**
 * The split as the JSON line carries it: the mean wait of an accepted bid in
 * the batch window, and the room's busy time in storage, fan-out sends and
 * client frames (storage is part of frames), as totals and as shares of the run.
 */
export function timeSplit(report, runMs, runtimeCpuMs) {
  if (!report) return null;
  return {
    flushWaitMeanMs: report.flushedEvents > 0 ? round(report.flushWaitMs / report.flushedEvents) : null,
    flushLateMeanMs: report.flushes > 0 ? round(report.flushLateMs / report.flushes) : null,
    flushes: report.flushes,
    storageMs: round(report.storageMs),
    transactions: report.transactions,
    sendMs: round(report.sendMs),
    broadcasts: report.broadcasts,
    framesMs: round(report.frameMs),
    frames: report.frames,
    runMs: Math.round(runMs),
    storageShare: share(report.storageMs, runMs),
    sendShare: share(report.sendMs, runMs),
    framesShare: share(report.frameMs, runMs),
    // Cores' worth of CPU the room's whole workerd process used (1 = one core busy all run).
    runtimeCpuShare: runtimeCpuMs === null ? null : share(runtimeCpuMs, runMs),
  };
}

/** The human-readable summary on stderr (stdout stays the one JSON line). */
export function printRunTable(run) {
  const { gavel, batchedBaseline: batched } = run;
  const time = gavel.roomTime;
  const ms = (value) => (value === null || value === undefined ? "–" : `${value} ms`);
  const pct = (value) => (value === null || value === undefined ? "–" : `${Math.round(value * 1000) / 10} %`);
  const rows = [
    ["decided bids/s", gavel.decidedBidsPerSec, batched.decidedBidsPerSec],
    ["bid → every watcher p50 / p99", `${ms(gavel.bidToAllWatchersMs.p50)} / ${ms(gavel.bidToAllWatchersMs.p99)}`, `${ms(batched.bidToAllWatchersMs.p50)} / ${ms(batched.bidToAllWatchersMs.p99)}`],
    ["ack p50 / p99", `${ms(gavel.ackLatencyMs.p50)} / ${ms(gavel.ackLatencyMs.p99)}`, `${ms(batched.ackLatencyMs.p50)} / ${ms(batched.ackLatencyMs.p99)}`],
    ["lost / duplicated events", `${gavel.lostEvents} / ${gavel.duplicatedEvents}`, `${batched.lostEvents} / ${batched.duplicatedEvents}`],
    // Anything but 0 makes the run's other figures meaningless (a socket that was dropped stops counting).
    ["watchers disconnected", gavel.watchersDisconnected, batched.watchersDisconnected],
    ["notices per accepted bid", gavel.noticesPerAcceptedBid, ""],
    ["load generator: CPU (cores)", gavel.clientCpuCores, batched.clientCpuCores],
  ];
  if (time) {
    rows.push(
      ["room: flush wait, mean per bid", ms(time.flushWaitMeanMs), ""],
      ["room: flush late past its window, mean", ms(time.flushLateMeanMs), ""],
      ["room: storage (share of the run)", `${ms(time.storageMs)} (${pct(time.storageShare)})`, ""],
      ["room: fan-out sends (share)", `${ms(time.sendMs)} (${pct(time.sendShare)})`, ""],
      ["room: client frames in all (share)", `${ms(time.framesMs)} (${pct(time.framesShare)})`, ""],
      ["room's workerd process: CPU (cores)", time.runtimeCpuShare ?? "–", ""],
    );
  }
  const widths = [0, 1, 2].map((column) => Math.max(...[["figure", "Gavel", "batched baseline"], ...rows].map((row) => String(row[column]).length)));
  const line = (row) => row.map((cell, column) => String(cell).padEnd(widths[column])).join("  ");
  console.error(`\n${run.watchers} watchers / ${run.bidders} bidders / ${run.durationS} s, consumer ${run.consumer}, socket extensions "${gavel.socketExtensions}"`);
  console.error(line(["figure", "Gavel", "batched baseline"]));
  for (const row of rows) console.error(line(row));
}
