import { createContext, untrack } from "svelte";
import { ChannelFrame, UnreadCount } from "$schema";
import { renewLogin, type LoginCheck } from "$lib/live/login-renewal";
import { ReconnectingSocket, type SocketFactory } from "$lib/live/reconnecting-socket";

/**
 * The browser's side of the per-user notification channel
 * (`/api/me/notifications/live`): keeps the unread count live and hands each
 * new notification to whoever listens (the toast, the notifications page).
 * Runs on the same ReconnectingSocket as the auction's live client (backoff,
 * offline and visibility, pings); before every reconnect it reads the unread
 * count over HTTP, which catches up on what arrived meanwhile and tells a
 * dead login from a dead network.
 */

export type ChannelStatus = "idle" | "connecting" | "connected" | "reconnecting" | "ended";

/** What listeners get: a new notification, or the count after some were marked read elsewhere. */
export type ChannelUpdate = Extract<ChannelFrame, { type: "notification" | "read" }>;

export interface NotificationChannelOptions {
  /** The count the page was rendered with. */
  unreadCount: number;
  origin?: string;
  socket?: SocketFactory;
  fetch?: typeof fetch;
  random?: () => number;
  pingIntervalMs?: number;
  /** A ping unanswered this long means the connection is dead even though no close event came. */
  pongTimeoutMs?: number;
  /** The login behind the channel is gone (logged out elsewhere, password reset, suspension). */
  onLoginEnded?: () => void;
}

export class NotificationChannel {
  unreadCount = $state(0);
  status: ChannelStatus = $state("idle");

  readonly #options: NotificationChannelOptions;
  readonly #socket: ReconnectingSocket;
  readonly #fetch: typeof fetch;
  readonly #listeners = new Set<(update: ChannelUpdate) => void>();

  constructor(options: NotificationChannelOptions) {
    this.#options = options;
    this.unreadCount = options.unreadCount;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#socket = new ReconnectingSocket({
      url: () => this.url,
      socket: options.socket,
      random: options.random,
      pingIntervalMs: options.pingIntervalMs ?? 30_000,
      pongTimeoutMs: options.pongTimeoutMs ?? 10_000,
      onOpen: () => {
        this.#socket.markHealthy();
        this.status = "connected";
      },
      onMessage: (data) => this.#onMessage(data),
      onLost: () => {
        this.status = "reconnecting";
      },
      beforeReconnect: () => this.#checkLogin().then((login) => (login === "ended" ? "stop" : "reconnect")),
      onStopped: () => {
        this.status = "ended";
        this.#options.onLoginEnded?.();
      },
    });
  }

  get url(): string {
    const origin = this.#options.origin ?? location.origin;
    return `${origin.replace(/^http/, "ws")}/api/me/notifications/live`;
  }

  start(): void {
    if (this.#socket.running) return;
    this.status = "connecting";
    this.#socket.start();
  }

  stop(): void {
    this.#socket.stop();
    this.status = "idle";
  }

  /** Back online: try at once instead of waiting out the backoff. */
  reconnectNow(): void {
    this.#socket.reconnectNow();
  }

  /** A count the server just gave over HTTP (page data, a mark-read answer). */
  setUnreadCount(count: number): void {
    this.unreadCount = count;
  }

  /** Calls `listener` for each update until the returned function is called. */
  subscribe(listener: (update: ChannelUpdate) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Every loss, whatever its close code, is followed by a login check: 4001
   * says this session ended, but only the check tells whether another login
   * (a renewed cookie, a new login in another tab) took its place, and an
   * upgrade refused for an expired access cookie looks like any failed
   * connection to the browser. "unknown" (network down, server error): the
   * socket attempt fails too and backs off further.
   */
  async #checkLogin(): Promise<LoginCheck> {
    let response: Response;
    try {
      response = await this.#fetch("/api/me/notifications/unread-count", { credentials: "same-origin", headers: { accept: "application/json" } });
    } catch {
      return "unknown";
    }
    if (response.ok) {
      const body = UnreadCount.safeParse(await response.json().catch(() => null));
      if (body.success) this.unreadCount = body.data.unreadCount;
      return "valid";
    }
    if (response.status === 403) return "ended";
    // The access cookie lasts 15 minutes; a page open longer renews it, as a page load would.
    if (response.status === 401) return renewLogin(this.#fetch);
    return "unknown";
  }

  #onMessage(data: unknown): void {
    if (typeof data !== "string" || data === "pong") return;
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = ChannelFrame.safeParse(raw);
    // `error` only answers a message this client never sends.
    if (!parsed.success || parsed.data.type === "error") return;
    const update = parsed.data;
    this.unreadCount = update.unreadCount;
    for (const listener of this.#listeners) listener(update);
  }
}

const [getChannel, setChannel, hasChannel] = createContext<NotificationChannel>();

/**
 * For the root layout: one channel for the whole visit, connected while
 * someone is logged in and handed to pages through context. `session` is
 * read reactively: logging in or out starts or stops the channel, and a fresh
 * count from the server (after a form action) replaces the shown one.
 */
export function provideNotificationChannel(
  session: () => { userId: string | null; unreadCount: number | null },
  options: Omit<NotificationChannelOptions, "unreadCount"> = {},
): NotificationChannel {
  const channel = new NotificationChannel({ ...options, unreadCount: untrack(session).unreadCount ?? 0 });
  setChannel(channel);
  const userId = $derived(session().userId);
  $effect(() => {
    if (userId === null) return;
    untrack(() => channel.start());
    return () => untrack(() => channel.stop());
  });
  $effect(() => {
    const count = session().unreadCount;
    if (count !== null) untrack(() => channel.setUnreadCount(count));
  });
  return channel;
}

/** The layout's channel, for pages that show notifications as they arrive. */
export function notificationChannel(): NotificationChannel | null {
  return hasChannel() ? getChannel() : null;
}
