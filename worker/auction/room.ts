import { DurableObject } from "cloudflare:workers";
import type { AuctionSnapshot, BidHistoryEntry } from "../../schema/api/live";
import { logFailure } from "../lib/log";
import type { SocketScope } from "../realtime/socket-scope";
import { awardRefusal, bidderRefusal, cancelRefusal, priorAnswer } from "./authorisation";
import type { ChainCheck } from "./bid-log";
import { FanOut, type RoomView } from "./fanout";
import type { BidderIdentity } from "./identity";
import { LogVerifier } from "./log-verifier";
import { NO_TIMED_NOTICES_SENT, nextTimedNoticeAt, noticesForBids, noticesForTransition, type TimedNoticesSent, type TransitionCause } from "./notices";
import { deliverDueOutbox, queueConsequences, queueDueTimedNotices, queueSummary } from "./outbox";
import { RelayTier, relayAssignment, type LogPage } from "./relay-tier";
import { RequestRecords } from "./request-records";
import { RequestRetention } from "./request-retention";
import { RoomAlarm } from "./room-alarm";
import { RoomStorage } from "./room-storage";
import { roomTimings, type RoomTimings } from "./room-timings";
import { awardBid, cancelAuction, initialState, isSettled, reviseTerms, standingsChanged, type BidOutcome } from "./rules";
import { advanceRoom, awardSealed, commitOffer, isSealed, nextRoomAlarmAt, phaseChanged, placeOpenBid, revealOffer } from "./sealed";
import { historyPageOf, logPageOf, publicEventOf, snapshotOf } from "./snapshot";
import { acceptSocket, closeUserSockets, FrameBudgets, handleClientFrame, replayLog, sendError, upgradeIdentity, type FrameHandlers } from "./socket-protocol";
import { NO_SUCH_AUCTION, type AcceptedBid, type ActionReply, type AuctionState, type AuctionTerms, type BidAttempt, type BidReply, type BidRequest, type CommitRequest, type RevealRequest } from "./types";

export { CLIENT_IP_HEADER, IDENTITY_HEADER, type BidderIdentity, type SocketIdentity } from "./identity";
export type { ActionReply, BidReply, BidRequest, CommitRequest, RevealRequest } from "./types";

/** A `sync` replays at most this many entries; a client further behind asks again from the last one. */
const REPLAY_PAGE = 200;

/**
 * One instance per auction. A thin shell: it loads terms and state from its
 * SQLite storage, asks the pure rules for every decision, persists the
 * outcome with its outbox entries in one transaction, then answers and hands
 * the frames to the fan-out. Nothing between reading and writing the state
 * awaits, so bids are serialised by the object itself.
 */
export class AuctionRoom extends DurableObject<Env> {
  // Field initialisers run after super(), so this.ctx and this.env are set.
  private readonly store = new RoomStorage(this.ctx.storage);
  private readonly relays = new RelayTier(this.env, this.store, Number(this.env.RELAY_THRESHOLD_SOCKETS) || 1000);
  private readonly timings: RoomTimings = roomTimings(this.env, () => this.terms?.id ?? this.ctx.id.toString());
  private readonly fanOut = new FanOut(this.ctx, () => this.view(), this.relays, this.timings);
  private readonly budgets = new FrameBudgets(Number(this.env.LIVE_BID_FRAMES_PER_SECOND) || 10);
  private readonly alarmClock = new RoomAlarm(this.ctx.storage);
  private readonly verifier = new LogVerifier();
  private readonly retention = new RequestRetention(this.store);
  private readonly requests = new RequestRecords(this.store, (writes) => {
    try {
      this.transaction(writes);
    } catch (error) {
      logFailure("auction room", this.name(), "request records", error);
    }
  });
  private readonly frameHandlers: FrameHandlers = {
    replay: async (socket, since, now) => {
      const page = await this.replayPage(since);
      if (page) replayLog(socket, page.items, page, now);
    },
    bid: (identity, frame, now) => this.decideBid(identity, frame, now),
  };
  private terms: AuctionTerms | null = null;
  private state: AuctionState | null = null;
  private timedNoticesSent: TimedNoticesSent = NO_TIMED_NOTICES_SENT;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    void ctx.blockConcurrencyWhile(async () => {
      this.store.migrate();
      this.terms = this.store.loadTerms();
      this.state = this.store.loadState();
      this.timedNoticesSent = this.store.loadTimedNoticesSent();
      this.retention.load();
      await this.alarmClock.load();
    });
  }

  async ping(): Promise<"pong"> {
    return "pong";
  }

  /** Idempotent: a second call with the same auction returns the current snapshot. */
  async initialize(terms: AuctionTerms): Promise<AuctionSnapshot> {
    const now = Date.now();
    let view = this.current(now);
    if (!view) {
      const state = initialState(terms);
      this.store.saveTermsAndState(terms, state);
      this.terms = terms;
      this.state = state;
      view = this.advance({ terms, state }, now);
      this.scheduleAlarm();
    }
    return snapshotOf(view.terms, view.state, null, now);
  }

  async snapshot(viewerId: string | null): Promise<AuctionSnapshot | null> {
    const now = Date.now();
    const view = this.current(now);
    return view && snapshotOf(view.terms, view.state, viewerId, now);
  }

  /** New terms for a listing that has no bids yet. */
  async revise(terms: AuctionTerms): Promise<ActionReply> {
    const now = Date.now();
    const view = this.current(now);
    if (!view) return NO_SUCH_AUCTION;
    const outcome = reviseTerms(view.state, terms);
    if (!outcome.ok) return { ok: false, status: 409, code: outcome.code, message: outcome.message };
    this.terms = terms;
    this.state = outcome.state;
    this.transaction(() => {
      this.store.saveTermsAndState(terms, outcome.state);
      queueSummary(this.store, terms, outcome.state, now);
    });
    const revised = this.advance({ terms, state: outcome.state }, now);
    this.fanOut.status(now, revised.state.status, revised.state.endsAt);
    this.scheduleAlarm();
    return { ok: true, snapshot: snapshotOf(terms, revised.state, terms.sellerId, now) };
  }

  async bid(identity: BidderIdentity, request: BidRequest): Promise<BidReply> {
    return this.decideBid(identity, request, Date.now());
  }

  /** Sealed requests: a provider's commitment before the deadline. */
  async commit(identity: BidderIdentity, request: CommitRequest): Promise<BidReply> {
    return this.decide(identity, request.requestId, Date.now(), (terms, state, who, now) => commitOffer(terms, state, who, request.commitment, now));
  }

  /** Sealed requests: the opening of the caller's own commitment, in the reveal window. */
  async reveal(identity: BidderIdentity, request: RevealRequest): Promise<BidReply> {
    return this.decide(identity, request.requestId, Date.now(), (terms, state, who, now) => revealOffer(terms, state, who, request.opening, now));
  }

  async history(viewerId: string | null, afterSeq: number, limit: number): Promise<{ items: BidHistoryEntry[]; nextSeq: number | null } | null> {
    const view = this.current(Date.now());
    return view && historyPageOf(view.terms, view.state, this.store.bidsAfter(afterSeq, limit + 1), limit, viewerId);
  }

  async verifyLog(): Promise<ChainCheck | null> {
    return this.terms && this.verifier.check(this.terms, this.store);
  }

  /** `reason`: an admin's, which the `cancelled` notice carries to bidders and watchers. */
  async cancel(actorId: string, isAdmin: boolean, reason?: string): Promise<ActionReply> {
    const now = Date.now();
    const view = this.current(now);
    if (!view) return NO_SUCH_AUCTION;
    const refusal = cancelRefusal(view.terms, actorId, isAdmin);
    if (refusal) return { ...refusal, status: 403 };
    const outcome = cancelAuction(view.state, isAdmin);
    if (!outcome.ok) return { ok: false, status: 409, code: "RULE_VIOLATION", message: outcome.message };
    this.commitState(view, outcome.state, now, { cancelReason: reason });
    return { ok: true, snapshot: snapshotOf(view.terms, outcome.state, actorId, now) };
  }

  /**
   * Local development and tests only (POST /api/dev/auctions/{id}/end): moves
   * a live auction's end to now, as if its time had come, and ends it the way
   * the alarm would, so a journey that follows an end need not wait for it.
   */
  async endNow(): Promise<ActionReply> {
    const now = Date.now();
    const view = this.current(now);
    if (!view) return NO_SUCH_AUCTION;
    if (view.state.status !== "live") return { ok: false, status: 409, code: "RULE_VIOLATION", message: `The auction is ${view.state.status}, not live` };
    const terms = { ...view.terms, endsAt: now };
    const state = { ...view.state, endsAt: now };
    this.store.saveTermsAndState(terms, state);
    this.terms = terms;
    this.state = state;
    const ended = this.advance({ terms, state }, now);
    return { ok: true, snapshot: snapshotOf(terms, ended.state, null, now) };
  }

  async award(actorId: string, seq: number): Promise<ActionReply> {
    const now = Date.now();
    const view = this.current(now);
    if (!view) return NO_SUCH_AUCTION;
    const refusal = awardRefusal(view.terms, actorId);
    if (refusal) return { ...refusal, status: 403 };
    const bid = this.store.bidBySeq(seq);
    const outcome = isSealed(view.terms) ? awardSealed(view.state, bid) : awardBid(view.terms, view.state, bid);
    if (!outcome.ok) return { ok: false, status: 422, code: "RULE_VIOLATION", message: outcome.message };
    this.commitState(view, outcome.state, now, { awarded: outcome.bid });
    return { ok: true, snapshot: snapshotOf(view.terms, outcome.state, actorId, now) };
  }

  /** WebSocket upgrade; the Worker has authenticated the caller and checked Origin. Beyond the threshold the answer names a relay. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    const now = Date.now();
    const view = this.current(now);
    if (!view) return new Response("No such auction", { status: 404 });
    const snapshotFor = (viewerId: string | null) => snapshotOf(view.terms, view.state, viewerId, now);
    const relay = this.relays.admit(this.ctx.getWebSockets().length, view.terms, view.state);
    if (relay !== null) return relayAssignment(relay, snapshotFor(upgradeIdentity(request)?.userId ?? null));
    return acceptSocket(this.ctx, request, snapshotFor, now);
  }

  /** A page of the log as everyone may see it: a relay's resync, or a `sync` from one of its sockets. */
  async replayPage(since: number): Promise<LogPage | null> {
    const view = this.current(Date.now());
    return view && logPageOf(view.terms, view.state, this.store.bidsAfter(since, REPLAY_PAGE));
  }

  /** Ends a user's authenticated sockets here and on the relays whose sessions were revoked; they reconnect as whoever they are now. */
  async closeSockets(userId: string, scope: SocketScope, reason: string): Promise<number> {
    const here = closeUserSockets(this.ctx, userId, scope, reason);
    return here + (this.terms ? await this.relays.closeSockets(this.terms.id, userId, scope, reason) : 0);
  }

  override async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    try {
      await this.timings.frame(() => handleClientFrame(socket, message, Date.now(), this.budgets, this.frameHandlers));
    } catch (error) {
      logFailure("auction room", this.name(), "webSocketMessage", error);
      sendError(socket, null, "INTERNAL", "The room could not handle this frame; try again");
    }
  }

  override async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    socket.close(code === 1005 ? 1000 : code, reason);
  }

  override async alarm(): Promise<void> {
    try {
      const now = Date.now();
      this.alarmClock.fired();
      const view = this.current(now);
      if (view) await deliverDueOutbox(this.env, this.store, view.terms.id, () => this.state, now);
      this.retention.pruneIfDue(now);
      this.scheduleAlarm();
    } catch (error) {
      logFailure("auction room", this.name(), "alarm", error);
      // Thrown again so the platform retries the alarm with backoff.
      throw error;
    }
  }

  private decideBid(identity: BidderIdentity, request: BidRequest, now: number): BidReply {
    const attempt = { amount: request.amount, maxAmount: request.maxAmount, details: request.details };
    return this.decide(identity, request.requestId, now, (terms, state, who) => placeOpenBid(terms, state, { ...who, ...attempt }, now));
  }

  /** Every offer, commitment and reveal goes through here: one idempotent decision, persisted with its log entries and outbox. */
  private decide(
    identity: BidderIdentity,
    requestId: string,
    now: number,
    decision: (terms: AuctionTerms, state: AuctionState, who: Pick<BidAttempt, "bidderId" | "alias">, now: number) => BidOutcome,
  ): BidReply {
    const view = this.current(now);
    if (!view) return { ok: false, code: "NOT_FOUND", message: "No such auction" };
    const prior = priorAnswer(this.requests.find(requestId), identity.userId);
    if (prior) return prior;
    const { terms, state } = view;
    const alias = state.standings[identity.userId]?.alias ?? `Bidder ${Object.keys(state.standings).length + 1}`;
    const outcome = bidderRefusal(terms, identity) ?? decision(terms, state, { bidderId: identity.userId, alias }, now);
    const reply: BidReply = outcome.ok ? { ok: true, seq: outcome.state.seq } : { ok: false, code: outcome.code, message: outcome.message };
    const request = { id: requestId, bidderId: identity.userId, outcome: reply, at: now };
    if (!outcome.ok) {
      // A refusal once the auction is over is the same whenever it is asked: nothing to remember, so the pruned records stay pruned.
      if (!isSettled(terms, state)) this.requests.refused(request);
      return reply;
    }
    this.transaction(() => {
      this.store.recordAcceptance({ state: outcome.state, accepted: outcome.accepted, displayNames: { [identity.userId]: identity.displayName } });
      this.requests.accepted(request);
      const notices = [...noticesForBids(terms, state, outcome.state, outcome.accepted), ...noticesForTransition(terms, state, outcome.state)];
      if (queueConsequences(this.store, terms, state, outcome.state, notices, now)) this.retention.settledAt(now);
    });
    this.state = outcome.state;
    this.fanOut.bids(outcome.accepted.map((bid) => publicEventOf(terms, outcome.state, bid)), standingsChanged(state, outcome.state));
    if (phaseChanged(state, outcome.state)) this.fanOut.status(now, outcome.state.status, outcome.state.endsAt);
    this.scheduleAlarm();
    return reply;
  }

  private transaction(work: () => void): void {
    this.timings.storage(() => this.ctx.storage.transactionSync(work));
  }

  private view(): RoomView | null {
    return this.terms && this.state ? { terms: this.terms, state: this.state } : null;
  }

  /** The room as of `now`, or null before it was initialised. */
  private current(now: number): RoomView | null {
    const view = this.view();
    return view && this.advance(view, now);
  }

  /**
   * Applies any lifecycle transition and timed notice that is due at `now`;
   * also how a lost alarm is made up for.
   */
  private advance(view: RoomView, now: number): RoomView {
    const next = advanceRoom(view.terms, view.state, now);
    if (next !== view.state) this.commitState(view, next, now);
    const sent = queueDueTimedNotices(this.store, view.terms, next, this.timedNoticesSent, now);
    if (sent !== this.timedNoticesSent) {
      this.timedNoticesSent = sent;
      this.scheduleAlarm();
    }
    return { terms: view.terms, state: next };
  }

  /** Persists a state change that is not a bid, and tells everyone. */
  private commitState(previous: RoomView, next: AuctionState, now: number, cause: TransitionCause = {}): void {
    const { terms, state } = previous;
    this.transaction(() => {
      this.store.saveState(next);
      if (queueConsequences(this.store, terms, state, next, noticesForTransition(terms, state, next, cause), now, cause.awarded)) this.retention.settledAt(now);
    });
    this.state = next;
    if (phaseChanged(state, next)) this.fanOut.status(now, next.status, next.endsAt);
    this.scheduleAlarm();
  }

  private scheduleAlarm(): void {
    const view = this.view();
    if (!view) return;
    const { terms, state } = view;
    this.alarmClock.setToEarliest([nextRoomAlarmAt(terms, state), nextTimedNoticeAt(terms, state, this.timedNoticesSent), this.store.earliestOutboxDue(), this.retention.dueAt]);
  }

  private name(): string {
    return this.terms?.id ?? this.ctx.id.toString();
  }
}
