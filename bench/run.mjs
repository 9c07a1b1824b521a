#!/usr/bin/env node
// npm run bench: one auction, W watchers and B bidders over WebSockets for a
// fixed time, against Gavel's AuctionRoom and against a bare baseline room.
// Each worker is bundled by wrangler exactly as for deployment and run in
// workerd through Miniflare, without `wrangler dev`'s proxy worker (an extra
// workerd process every frame would cross). Prints one JSON line.
//   WATCHERS=1000 BIDDERS=50 DURATION_S=10 npm run bench
//   WATCHERS=50,1000 (a sweep: one run each, all in the one JSON line)
//   LOGGED_IN_SHARE=0.5 (watchers authenticated like the site's logged-in viewers)
//   CLIENT_REFETCH=1 (those viewers behave like the site's client before personal
//   frames: they re-read the snapshot over HTTP 300 ms after bids)
//   CONSUMER=inprocess (the queue consumer on the room's runtime; by default it
//   has its own, bench/consumer-runtime.mjs)
//   RELAY_THRESHOLD=1000 (sockets the room holds before new ones go to relays, and
//   sockets per relay, as in production; 0 keeps every socket on the room)
//   WS_COMPRESSION=1 (clients offer permessage-deflate, as browsers do, and every
//   room here compresses each frame per socket; see below)
//   INSPECTOR_PORT=9229 (the room's runtime opens the V8 inspector there: attach
//   Chrome DevTools, or any CDP client, and record a CPU profile during the run)
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { WebSocket as UncompressedWebSocket } from "ws";
import { hashPassword } from "../worker/auth/password.ts";
import { signAccessToken, TOKEN_AUDIENCE, TOKEN_ISSUER } from "../scripts/access-tokens.mjs";
import { compileMessages } from "../scripts/i18n-compile.mjs";
import { host, root, run, wrangler } from "../scripts/local-stack.mjs";
import { CONSUMER_MODE, roomRuntimeQueues, startConsumerRuntime } from "./consumer-runtime.mjs";
import { cpuMs, printRunTable, REPORT_SETTLE_MS, ROOM_TIMINGS_BINDINGS, roomTimingsReader, timeSplit, workerdProcesses } from "./room-timings.mjs";

const WATCHER_SWEEP = String(process.env.WATCHERS ?? 1000).split(",").map(Number);
const LOGGED_IN_SHARE = Number(process.env.LOGGED_IN_SHARE ?? 0.5);
const CLIENT_REFETCH = process.env.CLIENT_REFETCH === "1";
const REFETCH_DELAY_MS = 300;
const BIDDERS = Number(process.env.BIDDERS ?? 50);
const RELAY_THRESHOLD = Number(process.env.RELAY_THRESHOLD ?? 1000);
const DURATION_MS = Number(process.env.DURATION_S ?? 10) * 1000;
const LATENCY_SAMPLE_EVERY = 10; // every 10th watcher records arrival times
const INCREMENT = 100;
const SEQ_PATTERN = /"seq":(\d+)/g;
/**
 * In production the Worker refuses permessage-deflate (wrangler.toml:
 * no_web_socket_compression). Locally Miniflare's own entry worker answers the
 * handshake and accepts whatever the client offers, whatever the Worker says,
 * so the bench's clients do not offer it: the connection production makes.
 * The same clients for Gavel and both baselines.
 */
const WS_COMPRESSION = process.env.WS_COMPRESSION === "1";

const stateDir = mkdtempSync(join(tmpdir(), "gavel-bench-"));
const JWT_SECRET = crypto.randomUUID() + crypto.randomUUID();
process.on("exit", () => rmSync(stateDir, { recursive: true, force: true }));
process.on("SIGINT", () => process.exit(130));

// Gavel's worker imports the compiled messages (schema/paraglide).
compileMessages();

/** Bundles a worker the way `wrangler deploy` would. */
function bundle(configPath, name) {
  const outdir = join(stateDir, name);
  run(wrangler, ["deploy", "--dry-run", "--config", configPath, "--outdir", outdir], {
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", WRANGLER_LOG: "error" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return outdir;
}

async function startRuntime(worker, shared = {}, onLog = () => {}) {
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host,
      port: 0,
      // The worker's own log lines would drown the one JSON line; the bench reports its own figures,
      // and errors go to stderr.
      handleStructuredLogs: (entry) => {
        if (entry.level === "error") console.error(entry.message);
        onLog(entry.message);
      },
      ...shared,
      workers: [{ modules: true, compatibilityDate: "2026-11-01", ...worker }],
    }),
  );
  return { mf, url: await mf.ready };
}

/** Resident memory of the workerd processes below `pid` (the runtimes Miniflare started). */
function treeRssMb(pid) {
  let total = 0;
  for (const child of workerdProcesses(pid)) {
    try {
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child}/status`, "utf8"));
      total += rss ? Number(rss[1]) / 1024 : 0;
    } catch {
      // exited
    }
  }
  return total;
}

function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
}

async function applyMigrations(db) {
  const dir = join(root, "schema", "migrations");
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".sql")).sort()) {
    for (const statement of readFileSync(join(dir, file), "utf8").split("--> statement-breakpoint")) {
      if (statement.trim()) await db.prepare(statement).run();
    }
  }
}

/**
 * Users and sessions are written straight to D1 (logins are rate-limited per
 * IP, and 50 of them would cost the bench minutes); the tokens are signed
 * exactly like the API's own.
 */
async function seedBenchUsers(db, count, hash) {
  const now = Date.now();
  const users = [{ roles: ["seller"] }, ...Array.from({ length: count }, () => ({ roles: [] }))].map((user, index) => ({
    ...user,
    id: crypto.randomUUID(),
    sessionId: crypto.randomUUID(),
    index,
  }));
  const statements = users.flatMap((user) => [
      db
        .prepare("INSERT OR IGNORE INTO users (id, email, display_name, password_hash, roles, email_verified_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(user.id, `bench-${user.index}@gavel.test`, `Bench ${user.index}`, hash, JSON.stringify(user.roles), now, now, now),
      db
        .prepare("INSERT OR IGNORE INTO sessions (id, user_id, created_at, last_used_at, expires_at) VALUES (?, ?, ?, ?, ?)")
        .bind(user.sessionId, user.id, now, now, now + 3_600_000),
  ]);
  for (let start = 0; start < statements.length; start += 500) await withRetries(() => db.batch(statements.slice(start, start + 500)));
  return Promise.all(users.map((user) => signAccessToken(JWT_SECRET, { userId: user.id, sessionId: user.sessionId })));
}

/**
 * On a loaded machine, with D1 kept on disk, the runtime sometimes closed the
 * connection of a batch it had committed ("other side closed"): the seeding
 * statements are idempotent (fixed ids, OR IGNORE), so it is sent again.
 */
async function withRetries(request) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await request();
    } catch (error) {
      if (attempt === 3) throw error;
      console.error(`bench: seeding failed (${error.cause?.code ?? error.message}); sending it again`);
    }
  }
}

/** Opens a socket with its message handler attached before the first frame can arrive. */
function openSocket(url, ip, onMessage, token = null) {
  return new Promise((resolve, reject) => {
    const headers = {};
    if (token) headers.authorization = `Bearer ${token}`;
    // Watchers come from many addresses in production; the room caps anonymous sockets per address.
    if (ip) headers["cf-connecting-ip"] = ip;
    const socket = WS_COMPRESSION ? new WebSocket(url, { headers }) : new UncompressedWebSocket(url, { headers, perMessageDeflate: false });
    socket.addEventListener("message", onMessage);
    socket.addEventListener("open", () => resolve(socket), { once: true });
    socket.addEventListener("error", () => reject(new Error(`could not connect to ${url}`)), { once: true });
  });
}

/**
 * An upgrade reads D1, which the consumer's runtime may be writing to (one
 * SQLite file, two processes: SQLITE_BUSY, a 500): a refused connection is
 * tried again, as the site's client would, before the run starts.
 */
async function connectSocket(...args) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await openSocket(...args);
    } catch (error) {
      if (attempt === 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

function bidEvents(frame) {
  if (frame.type === "bid") return [frame];
  if (frame.type === "bids") return frame.items;
  return [];
}

/**
 * Runs the load against one room and returns its figures. `viewerTokens`
 * authenticate the first watchers, as logged-in viewers of the site; with
 * `snapshotUrl` (and CLIENT_REFETCH) they re-read the snapshot after bids, and
 * every such request, which reaches the room, is counted.
 */
async function measure(liveUrl, tokens, watcherCount, { viewerTokens = [], snapshotUrl = null, runtimeProcesses = [] } = {}) {
  let roomRequests = 0;
  const refetchTimers = new Set();
  const sendTimes = new Map();
  const ackedSeqs = [];
  const ackLatencies = [];
  const rejections = {};
  const watchers = [];
  const connectWatcher = async (index) => {
    const watcher = { socket: null, lastSeq: null, events: 0, lost: 0, duplicated: 0, arrivals: index % LATENCY_SAMPLE_EVERY === 0 ? new Map() : null, refetch: null };
    const token = viewerTokens[index] ?? null;
    const refetches = token !== null && snapshotUrl !== null && CLIENT_REFETCH;
    const ip = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
    watcher.socket = await connectSocket(liveUrl, token ? null : ip, (event) => {
      const text = event.data;
      if (watcher.lastSeq === null) {
        const frame = JSON.parse(text);
        if (frame.type === "state") watcher.lastSeq = frame.auction.seq;
        return;
      }
      // A regex instead of JSON.parse keeps the client's own cost per frame small:
      // 1,000 watchers on the same two cores as the runtime would otherwise skew the figures.
      if (!text.startsWith('{"type":"bid')) return;
      const at = performance.now();
      for (const match of text.matchAll(SEQ_PATTERN)) {
        const seq = Number(match[1]);
        if (seq <= watcher.lastSeq) watcher.duplicated += 1;
        else {
          watcher.lost += seq - watcher.lastSeq - 1;
          watcher.lastSeq = seq;
        }
        watcher.events += 1;
        watcher.arrivals?.set(seq, at);
      }
      if (refetches) {
        clearTimeout(watcher.refetch);
        refetchTimers.delete(watcher.refetch);
        watcher.refetch = setTimeout(() => {
          refetchTimers.delete(watcher.refetch);
          roomRequests += 1;
          // Whatever the answer, even none (the runtime shuts down after the run): the request reached the room.
          fetch(snapshotUrl, { headers: { authorization: `Bearer ${token}` } })
            .then((response) => response.arrayBuffer())
            .catch(() => null);
        }, REFETCH_DELAY_MS);
        refetchTimers.add(watcher.refetch);
      }
    }, token);
    watchers.push(watcher);
  };
  for (let offset = 0; offset < watcherCount; offset += 100) {
    await Promise.all(Array.from({ length: Math.min(100, watcherCount - offset) }, (_, index) => connectWatcher(offset + index)));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const startSeq = watchers[0]?.lastSeq ?? 0;

  let knownPrice = 1000;
  const bidders = await Promise.all(
    tokens.map((token) =>
      connectSocket(
        liveUrl,
        null,
        (event) => {
          for (const bid of bidEvents(JSON.parse(event.data))) knownPrice = Math.max(knownPrice, bid.amount);
        },
        token,
      ),
    ),
  );

  let peakMb = treeRssMb(process.pid);
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, treeRssMb(process.pid))), 250);
  const deadline = performance.now() + DURATION_MS;
  const started = performance.now();
  const cpuAtStart = cpuMs(runtimeProcesses);
  const clientCpuAtStart = process.cpuUsage();
  await Promise.all(
    bidders.map(async (socket) => {
      while (performance.now() < deadline) {
        const requestId = crypto.randomUUID();
        // Wide random jumps keep most bids valid even when they race each other.
        const amount = knownPrice + INCREMENT * (1 + Math.floor(Math.random() * 200));
        const sentAt = performance.now();
        const reply = await new Promise((resolve) => {
          const onMessage = (event) => {
            const frame = JSON.parse(event.data);
            if ((frame.type === "ack" || frame.type === "error") && frame.requestId === requestId) {
              socket.removeEventListener("message", onMessage);
              resolve(frame);
            }
          };
          socket.addEventListener("message", onMessage);
          socket.send(JSON.stringify({ type: "bid", requestId, amount }));
        });
        if (reply.type === "ack") {
          ackLatencies.push(performance.now() - sentAt);
          ackedSeqs.push(reply.seq);
          sendTimes.set(reply.seq, sentAt);
        } else rejections[reply.code] = (rejections[reply.code] ?? 0) + 1;
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  const runtimeCpuMs = runtimeProcesses.length > 0 ? cpuMs(runtimeProcesses) - cpuAtStart : null;
  const clientCpu = process.cpuUsage(clientCpuAtStart);
  const requestsDuringRun = roomRequests;
  const finalSeq = Math.max(startSeq, ...ackedSeqs);
  // Let every frame already sent arrive before counting anything as lost.
  const drainDeadline = performance.now() + 30_000;
  while (performance.now() < drainDeadline && watchers.some((watcher) => watcher.lastSeq < finalSeq)) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  clearInterval(sampler);
  for (const timer of refetchTimers) clearTimeout(timer);
  const closedWatchers = watchers.filter((watcher) => watcher.socket.readyState !== WebSocket.OPEN).length;

  const fanout = [];
  for (const watcher of watchers) {
    if (!watcher.arrivals) continue;
    for (const [seq, at] of watcher.arrivals) if (sendTimes.has(seq)) fanout.push(at - sendTimes.get(seq));
  }
  const expectedEvents = watcherCount * (finalSeq - startSeq);
  const deliveredEvents = watchers.reduce((sum, watcher) => sum + watcher.events - watcher.duplicated, 0);
  for (const socket of [...watchers.map((watcher) => watcher.socket), ...bidders]) socket.close();
  const lost = watchers.reduce((sum, watcher) => sum + watcher.lost, 0);
  const figures = {
    acceptedBids: ackedSeqs.length,
    acceptedBidsPerSec: Math.round(ackedSeqs.length / elapsedS),
    // Every bid answered, accepted or refused: each is validated, decided and persisted.
    decidedBidsPerSec: Math.round((ackedSeqs.length + Object.values(rejections).reduce((sum, count) => sum + count, 0)) / elapsedS),
    rejections,
    ackLatencyMs: { p50: percentile(ackLatencies, 50), p99: percentile(ackLatencies, 99) },
    bidToAllWatchersMs: { p50: percentile(fanout, 50), p99: percentile(fanout, 99) },
    eventsDelivered: deliveredEvents,
    eventsExpected: expectedEvents,
    // Gaps seen mid-stream plus events still missing at the end.
    lostEvents: Math.max(lost, expectedEvents - deliveredEvents),
    duplicatedEvents: watchers.reduce((sum, watcher) => sum + watcher.duplicated, 0),
    watchersDisconnected: closedWatchers,
    // What the handshake agreed ("" is none): with permessage-deflate every frame is compressed once per socket.
    socketExtensions: watchers[0]?.socket.extensions ?? null,
    duplicateAcks: ackedSeqs.length - new Set(ackedSeqs).size,
    finalSeq,
    peakRuntimeMemoryMb: Math.round(peakMb),
    // The load generator's own CPU in cores (its sockets share this machine's two cores with the runtime):
    // near 1, the clients and not the room set the pace.
    clientCpuCores: Math.round(((clientCpu.user + clientCpu.system) / 1000 / (elapsedS * 1000)) * 100) / 100,
    // HTTP requests from viewers that reach the room (snapshot re-reads), per accepted bid.
    roomRequestsPerAcceptedBid: ackedSeqs.length === 0 ? null : Math.round((requestsDuringRun / ackedSeqs.length) * 100) / 100,
  };
  return { figures, ackedSeqs, elapsedMs: elapsedS * 1000, runtimeCpuMs };
}

/**
 * With the consumer in its own runtime, two workerd processes share D1's
 * SQLite file, and a read that meets the other's write can fail (seen once as
 * a 500 from this endpoint): the bench's own check asks again, saying so.
 */
async function readLogPage(url) {
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(url);
    if (response.ok) return response.json();
    const answer = `${response.status} ${await response.text()}`;
    if (attempt === 5 || response.status < 500) throw new Error(`bench: the bid log answered ${answer}`);
    console.error(`bench: the bid log answered ${answer}; asking again`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Every acknowledged bid must be in the room's log, and the log must be gapless. */
async function lostOrDuplicatedBids(apiUrl, auctionId, ackedSeqs) {
  const seqs = [];
  for (let after = 0; ; ) {
    const page = await readLogPage(`${apiUrl}/api/auctions/${auctionId}/bids?after=${after}&limit=200`);
    seqs.push(...page.items.map((item) => item.seq));
    if (page.nextAfter === null) break;
    after = page.nextAfter;
  }
  const inLog = new Set(seqs);
  return {
    lostBids: ackedSeqs.filter((seq) => !inLog.has(seq)).length,
    duplicatedBids: seqs.length - inLog.size,
    logGapless: seqs.every((seq, index) => seq === index + 1),
  };
}

/** What the queue consumer made of the run: notifications stored and mails sent, per accepted bid. */
async function noticeFigures(db, auctionId, acceptedBids) {
  const notices = (await db.prepare("SELECT COUNT(*) AS n FROM notifications WHERE auction_id = ?").bind(auctionId).first()).n;
  const mails = (await db.prepare("SELECT COUNT(*) AS n FROM mail_outbox").first()).n;
  const per = (count) => (acceptedBids === 0 ? null : Math.round((count / acceptedBids) * 1000) / 1000);
  return { notices, mails, noticesPerAcceptedBid: per(notices), mailsPerAcceptedBid: per(mails) };
}

const baselineBundle = bundle("bench/baseline/wrangler.toml", "baseline");
const gavelBundle = bundle("wrangler.toml", "gavel");
const maxWatchers = Math.max(...WATCHER_SWEEP);

/**
 * Each baseline run gets a runtime of its own: the sockets of a 5,000-watcher
 * run are still closing when the next one connects, and two runs' worth
 * exhausted the runtime's file descriptors (20,000 here).
 */
async function measureBaseline(path, watchers) {
  const baseline = await startRuntime({
    name: "baseline",
    scriptPath: join(baselineBundle, "worker.js"),
    modulesRoot: baselineBundle,
    durableObjects: {
      ROOM: { className: "BaselineRoom", useSQLite: true },
      BATCHED_ROOM: { className: "BatchedBaselineRoom", useSQLite: true },
    },
  });
  const bidders = Array.from({ length: BIDDERS }, () => null);
  const { figures } = await measure(`ws://${host}:${baseline.url.port}${path}`, bidders, watchers);
  await baseline.mf.dispose();
  return figures;
}

const baselineResults = [];
for (const watchers of WATCHER_SWEEP) {
  baselineResults.push({ naive: await measureBaseline("/live", watchers), batched: await measureBaseline("/batched", watchers) });
}

const queues = roomRuntimeQueues(stateDir);
const gavelWorker = {
  name: "gavel-api",
  scriptPath: join(gavelBundle, "index.js"),
  modulesRoot: gavelBundle,
  compatibilityFlags: ["nodejs_compat", "no_web_socket_compression"],
  d1Databases: { DB: "gavel" },
  r2Buckets: ["IMAGES"],
  durableObjects: {
    AUCTION_ROOM: { className: "AuctionRoom", useSQLite: true },
    USER_CHANNEL: { className: "UserChannel", useSQLite: true },
    AUCTION_RELAY: { className: "AuctionRelay", useSQLite: true },
  },
  // Outbid notices flow through the queue to the consumer during the run.
  ...queues.worker,
  ratelimits: {
    AUTH_LIMITER: { namespace_id: "1001", simple: { limit: 10, period: 60 } },
    AUTH_IP_LIMITER: { namespace_id: "1002", simple: { limit: 60, period: 60 } },
  },
  bindings: {
    JWT_SECRET,
    JWT_ISSUER: TOKEN_ISSUER,
    JWT_AUDIENCE: TOKEN_AUDIENCE,
    ALLOWED_ORIGINS: "",
    SITE_NAME: "Gavel",
    // A local address, or the mail outbox refuses to store the notices' mails.
    SITE_URL: "http://bench.test",
    MAIL_TRANSPORT: "outbox",
    MAIL_FROM: "bench@gavel.invalid",
    // The bench's bidders bid in a closed loop, far above what a person can: lift the per-socket budget.
    LIVE_BID_FRAMES_PER_SECOND: "100000",
    ...ROOM_TIMINGS_BINDINGS,
    // Off is a threshold no run reaches.
    RELAY_THRESHOLD_SOCKETS: String(RELAY_THRESHOLD || Number.MAX_SAFE_INTEGER),
  },
};
// The consumer first: the room's queue broker must find it before the first notice.
const consumerRuntime = await startConsumerRuntime(startRuntime, gavelWorker, stateDir);
const roomTimings = roomTimingsReader();
const otherRuntimes = new Set(workerdProcesses(process.pid));
const gavelRuntime = await startRuntime(gavelWorker, { ...queues.shared, ...(process.env.INSPECTOR_PORT ? { inspectorPort: Number(process.env.INSPECTOR_PORT) } : {}) }, roomTimings.read);
const roomRuntimeProcesses = workerdProcesses(process.pid).filter((pid) => !otherRuntimes.has(pid));
// Hashed before D1 is first used: on a loaded machine the hash takes long enough for the
// runtime to close the idle connection, and the next request on it failed ("other side closed").
const benchPasswordHash = await hashPassword(`bench-${Date.now()}`);
const db = await gavelRuntime.mf.getD1Database("DB");
await applyMigrations(db);
const loggedInViewers = Math.round(maxWatchers * LOGGED_IN_SHARE);
const tokens = await seedBenchUsers(db, BIDDERS + loggedInViewers, benchPasswordHash);
const bidderTokens = tokens.slice(1, 1 + BIDDERS);
const viewerTokens = tokens.slice(1 + BIDDERS);
const apiUrl = `http://${host}:${gavelRuntime.url.port}`;
const categoryId = crypto.randomUUID();
await db
  .prepare("INSERT INTO categories (id, slug, name, path, path_names, created_at, updated_at) VALUES (?1, 'bench', 'Bench', '/' || ?1 || '/', 'Bench', ?2, ?2)")
  .bind(categoryId, Date.now())
  .run();

async function createBenchAuction() {
  const now = Date.now();
  const created = await fetch(`${apiUrl}/api/auctions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${tokens[0]}` },
    body: JSON.stringify({
      title: "Benchmark auction",
      description: "One auction under load: many watchers, many bidders.",
      categoryId,
      condition: "new",
      location: "Benchland",
      publish: true,
      format: "forward",
      currency: "EUR",
      startingPrice: 1000,
      increment: { kind: "fixed", amount: INCREMENT },
      softCloseMinutes: 0,
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
    }),
  });
  if (created.status !== 201) {
    console.error(`bench: could not create the auction: ${created.status} ${await created.text()}`);
    process.exit(1);
  }
  return (await created.json()).id;
}

const ratio = (a, b) => (a === null || b === null || b === 0 ? null : Math.round((a / b) * 100) / 100);
const runs = [];
for (const [index, watchers] of WATCHER_SWEEP.entries()) {
  const auctionId = await createBenchAuction();
  const measured = await measure(`ws://${host}:${gavelRuntime.url.port}/api/auctions/${auctionId}/live`, bidderTokens, watchers, {
    viewerTokens: viewerTokens.slice(0, Math.round(watchers * LOGGED_IN_SHARE)),
    snapshotUrl: `${apiUrl}/api/auctions/${auctionId}`,
    runtimeProcesses: roomRuntimeProcesses,
  });
  await new Promise((resolve) => setTimeout(resolve, REPORT_SETTLE_MS));
  const gavel = {
    ...measured.figures,
    ...(await lostOrDuplicatedBids(apiUrl, auctionId, measured.ackedSeqs)),
    ...(await noticeFigures(db, auctionId, measured.figures.acceptedBids)),
    roomTime: timeSplit(roomTimings.latest(auctionId), measured.elapsedMs, measured.runtimeCpuMs),
  };
  const { naive, batched } = baselineResults[index];
  runs.push({
    watchers,
    bidders: BIDDERS,
    durationS: DURATION_MS / 1000,
    loggedInShare: LOGGED_IN_SHARE,
    clientRefetch: CLIENT_REFETCH,
    consumer: CONSUMER_MODE,
    wsCompression: WS_COMPRESSION,
    // Relays the room opened: watchers and then bidders connect in order and none leaves, so it is the room's rule applied to the count.
    relayThreshold: RELAY_THRESHOLD,
    relays: RELAY_THRESHOLD ? Math.ceil(Math.max(0, watchers + BIDDERS - RELAY_THRESHOLD) / RELAY_THRESHOLD) : 0,
    gavel,
    baseline: naive,
    batchedBaseline: batched,
    ratios: {
      acceptedBidsPerSec: ratio(gavel.acceptedBidsPerSec, naive.acceptedBidsPerSec),
      decidedBidsPerSec: ratio(gavel.decidedBidsPerSec, naive.decidedBidsPerSec),
      ackP99: ratio(gavel.ackLatencyMs.p99, naive.ackLatencyMs.p99),
      bidToAllWatchersP99: ratio(gavel.bidToAllWatchersMs.p99, naive.bidToAllWatchersMs.p99),
      peakRuntimeMemory: ratio(gavel.peakRuntimeMemoryMb, naive.peakRuntimeMemoryMb),
      decidedBidsPerSecVsBatched: ratio(gavel.decidedBidsPerSec, batched.decidedBidsPerSec),
      bidToAllWatchersP99VsBatched: ratio(gavel.bidToAllWatchersMs.p99, batched.bidToAllWatchersMs.p99),
    },
  });
  printRunTable(runs.at(-1));
}
await gavelRuntime.mf.dispose();
await consumerRuntime?.mf.dispose();

// One JSON line: the last run's figures at the top level (the keys earlier versions printed), and every run of a sweep.
console.log(JSON.stringify({ ...runs.at(-1), ...(runs.length > 1 ? { sweep: runs } : {}) }));
process.exit(0);
