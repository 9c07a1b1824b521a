#!/usr/bin/env node
// npm run bench:relay: the relay tier's production arithmetic, simulated.
// A discrete-event model of one auction: Poisson bids decided one at a time by
// the room, flushed with the room's own adaptive window (worker/auction/
// batch-window.ts, the same code), published once per relay, and sent by each
// relay to its slice of the sockets. Every object is single-threaded: a send
// or a decision waits for the previous one. Prints a table and one JSON line.
//   WATCHERS=100000 SOCKETS_PER_OBJECT=1000 BID_RATES=1,10,50,200 npm run bench:relay
//   SEND_US=50 (one socket send), BID_CPU_MS=1 (one decision), RPC_MS=5 (room → relay hop)
import { batchWindowMs, LEADERBOARD_INTERVAL_MS, SEND_MS_PER_SOCKET } from "../worker/auction/batch-window.ts";

const WATCHERS = Number(process.env.WATCHERS ?? 100_000);
const PER_OBJECT = Number(process.env.SOCKETS_PER_OBJECT ?? 1000);
const BID_RATES = String(process.env.BID_RATES ?? "1,10,50,200").split(",").map(Number);
const DURATION_S = Number(process.env.DURATION_S ?? 120);
const SEND_MS = Number(process.env.SEND_US ?? SEND_MS_PER_SOCKET * 1000) / 1000;
const BID_CPU_MS = Number(process.env.BID_CPU_MS ?? 1);
const RPC_MS = Number(process.env.RPC_MS ?? 5);
/** The room's own cost of one RPC call it makes (serialising the publication once per relay). */
const PUBLISH_CPU_MS = Number(process.env.PUBLISH_CPU_MS ?? 0.05);
/** A relay's fixed cost per publication besides the sends (the RPC, the seq check). */
const RELAY_CPU_MS = Number(process.env.RELAY_CPU_MS ?? 0.2);

// Cloudflare's published Durable Objects pricing (Workers Paid, developers.cloudflare.com/durable-objects/platform/pricing):
// requests (RPC calls included, each one a request) $0.15 per million; duration $12.50 per million GB-s,
// billed at 128 MB per object while it runs (a hibernatable idle object is not billed).
const USD_PER_REQUEST = 0.15 / 1e6;
const USD_PER_GB_S = 12.5 / 1e6;
const OBJECT_GB = 0.128;

/** Deterministic pseudo-random numbers, so two runs print the same figures. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
}

/** The sockets on the room and on each relay, filled in order as the room assigns them. */
function layout(watchers, perObject, relaysOn) {
  if (!relaysOn) return { room: watchers, relays: [] };
  const room = Math.min(watchers, perObject);
  const relays = [];
  for (let left = watchers - room; left > 0; left -= perObject) relays.push(Math.min(perObject, left));
  return { room, relays };
}

function simulate(bidsPerSecond, relaysOn) {
  const { room: roomSockets, relays } = layout(WATCHERS, PER_OBJECT, relaysOn);
  const next = random(bidsPerSecond * 7919 + (relaysOn ? 1 : 0));
  const durationMs = DURATION_S * 1000;
  const bids = [];
  for (let at = 0; ; ) {
    at += (-Math.log(1 - next()) / bidsPerSecond) * 1000;
    if (at >= durationMs) break;
    bids.push(at);
  }

  let roomFree = 0;
  let roomBusy = 0;
  let flushAt = null;
  let lastFlush = -Infinity;
  let leaderboardAt = null;
  let leaderboardChanged = false;
  let leaderboardSentAt = -Infinity;
  let pending = [];
  let frames = 0;
  const relayFree = relays.map(() => 0);
  const relayBusy = relays.map(() => 0);
  const latencies = [];

  /** One frame: to the relays first (they hold almost every socket), then the room's own sockets. Returns when the last socket has it. */
  const sendFrame = (start) => {
    frames += 1;
    let lastSocket = start;
    relays.forEach((sockets, index) => {
      const arrives = start + (index + 1) * PUBLISH_CPU_MS + RPC_MS;
      const begins = Math.max(arrives, relayFree[index]);
      const work = RELAY_CPU_MS + sockets * SEND_MS;
      relayFree[index] = begins + work;
      relayBusy[index] += work;
      lastSocket = Math.max(lastSocket, relayFree[index]);
    });
    const work = relays.length * PUBLISH_CPU_MS + roomSockets * SEND_MS;
    roomFree = start + work;
    roomBusy += work;
    return Math.max(lastSocket, roomFree);
  };

  for (let index = 0; index < bids.length || flushAt !== null || leaderboardAt !== null; ) {
    const bidAt = bids[index] ?? Infinity;
    const at = Math.min(bidAt, flushAt ?? Infinity, leaderboardAt ?? Infinity);
    const start = Math.max(at, roomFree);
    if (at === bidAt) {
      index += 1;
      roomFree = start + BID_CPU_MS;
      roomBusy += BID_CPU_MS;
      pending.push(bidAt);
      leaderboardChanged = true;
      flushAt ??= roomFree + batchWindowMs(roomFree - lastFlush, roomSockets);
    } else if (at === flushAt) {
      flushAt = null;
      lastFlush = start;
      const everyone = sendFrame(start);
      for (const bidTime of pending) latencies.push(everyone - bidTime);
      pending = [];
      if (leaderboardChanged && leaderboardAt === null) leaderboardAt = Math.max(roomFree, leaderboardSentAt + LEADERBOARD_INTERVAL_MS);
    } else {
      leaderboardAt = null;
      leaderboardChanged = false;
      leaderboardSentAt = start;
      sendFrame(start);
    }
  }

  const elapsedS = Math.max(durationMs, roomFree, ...relayFree) / 1000;
  const framesPerSecond = frames / elapsedS;
  const publicationsPerSecond = framesPerSecond * relays.length;
  const relayBusyShare = relays.length ? Math.max(...relayBusy) / (elapsedS * 1000) : null;
  // An hour at this rate: every publication is a request on a relay; relays are billed while they run, the room all the time.
  const requestsPerHour = (publicationsPerSecond + bidsPerSecond) * 3600;
  const relayGbSPerHour = relayBusy.reduce((sum, busy) => sum + busy, 0) / 1000 / elapsedS * 3600 * OBJECT_GB;
  const roomGbSPerHour = 3600 * OBJECT_GB;
  return {
    bidsPerSecond,
    relaysOn,
    roomSockets,
    relays: relays.length,
    socketsPerRelay: relays.length ? Math.max(...relays) : 0,
    framesPerSecond: Math.round(framesPerSecond * 10) / 10,
    publicationsPerSecond: Math.round(publicationsPerSecond),
    socketSendsPerSecondPerRelay: relays.length ? Math.round(framesPerSecond * Math.max(...relays)) : 0,
    roomBusyShare: Math.round((roomBusy / (elapsedS * 1000)) * 100) / 100,
    relayBusyShare: relayBusyShare === null ? null : Math.round(relayBusyShare * 100) / 100,
    bidToEveryWatcherMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
    usdPerHour: Math.round((requestsPerHour * USD_PER_REQUEST + (relayGbSPerHour + roomGbSPerHour) * USD_PER_GB_S) * 100) / 100,
    requestsPerHour: Math.round(requestsPerHour),
  };
}

const runs = BID_RATES.flatMap((rate) => [simulate(rate, true), simulate(rate, false)]);
const row = (run) =>
  [
    run.bidsPerSecond,
    run.relaysOn ? `${run.relays} × ${run.socketsPerRelay}` : "off",
    run.framesPerSecond,
    run.publicationsPerSecond,
    run.roomBusyShare,
    run.relayBusyShare ?? "-",
    `${run.bidToEveryWatcherMs.p50} / ${run.bidToEveryWatcherMs.p99}`,
    run.usdPerHour,
  ].join(" | ");
console.error(`${WATCHERS} watchers, ${PER_OBJECT} sockets per object, ${SEND_MS * 1000} µs per send, ${BID_CPU_MS} ms per decision, ${RPC_MS} ms room → relay`);
console.error("bids/s | relays × sockets | frames/s | publications/s | room busy | busiest relay busy | bid → every watcher p50 / p99 ms | USD/hour");
for (const run of runs) console.error(row(run));
console.log(JSON.stringify({ watchers: WATCHERS, socketsPerObject: PER_OBJECT, sendUs: SEND_MS * 1000, bidCpuMs: BID_CPU_MS, rpcMs: RPC_MS, runs }));
