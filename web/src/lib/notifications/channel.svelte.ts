import { createContext, untrack } from "svelte";
import { ChannelFrame, UnreadCount } from "$schema";
import { backoffDelay } from "$lib/live/backoff";
import { renewLogin, type LoginCheck } from "$lib/live/login-renewal";
import type { SocketFactory, SocketLike } from "$lib/live/auction-live.svelte";

/**
 * The browser's side of the per-user notification channel
 * (`/api/me/notifications/live`): keeps the unread count live and hands each
 * new notification to whoever listens (the toast, the notifications page).
 * Reconnects with backoff and jitter; before every reconnect it reads the
 * unread count over HTTP, which catches up on what arrived meanwhile and tells
 * a dead login from a dead network.
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


const OPEN = 1;

export class NotificationChannel {
  unreadCount = $state(0);
  status: ChannelStatus = $state("idle");

  readonly #options: NotificationChannelOptions;
  readonly #socketFactory: SocketFactory;
  readonly #fetch: typeof fetch;
  readonly #listeners = new Set<(update: ChannelUpdate) => void>();
  #socket: SocketLike | null = null;
  #running = false;
  #failures = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  #pingTimer: ReturnType<typeof setInterval> | null = null;
  #pongTimer: ReturnType<typeof setTimeout> | null = null;
  #onOnline = () => this.reconnectNow();
  /** Chromium's offline mode does not reliably close an open socket: the browser's word is enough. */
  #onOffline = () => this.#drop("offline");

  constructor(options: NotificationChannelOptions) {
    this.#options = options;
    this.unreadCount = options.unreadCount;
    this.#socketFactory = options.socket ?? ((url) => new WebSocket(url));
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  get url(): string {
    const origin = this.#options.origin ?? location.origin;
    return `${origin.replace(/^http/, "ws")}/api/me/notifications/live`;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#failures = 0;
    this.status = "connecting";
    if (typeof window !== "undefined") {
      window.addEventListener("online", this.#onOnline);
      window.addEventListener("offline", this.#onOffline);
    }
    this.#connect();
  }

  stop(): void {
    this.#halt();
    this.status = "idle";
  }

  /** Back online: try at once instead of waiting out the backoff. */
  reconnectNow(): void {
    if (!this.#running || this.#socket) return;
    this.#clearReconnect();
    void this.#recover();
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

  #connect(): void {
    if (!this.#running) return;
    let socket: SocketLike;
    try {
      socket = this.#socketFactory(this.url);
    } catch {
      this.#lost();
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      if (this.#socket !== socket) return;
      this.#failures = 0;
      this.status = "connected";
      this.#startPinging();
    };
    socket.onmessage = (event) => {
      if (this.#socket === socket) this.#onMessage(event.data);
    };
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#lost();
    };
    socket.onerror = () => {
      // A close event follows.
    };
  }

  /** Closes the socket ourselves (offline, no pong) and reconnects as if it had dropped. */
  #drop(reason: string): void {
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = null;
    socket.close(1000, reason);
    this.#lost();
  }

  /**
   * Every loss, whatever its close code, is followed by a login check: 4001
   * says this session ended, but only the check tells whether another login
   * (a renewed cookie, a new login in another tab) took its place, and an
   * upgrade refused for an expired access cookie looks like any failed
   * connection to the browser.
   */
  #lost(): void {
    this.#stopPinging();
    if (!this.#running) return;
    this.#failures += 1;
    this.status = "reconnecting";
    this.#clearReconnect();
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      void this.#recover();
    }, backoffDelay(this.#failures - 1, this.#options.random));
  }

  async #recover(): Promise<void> {
    const login = await this.#checkLogin();
    if (!this.#running || this.#socket) return;
    if (login === "ended") {
      this.#halt();
      this.status = "ended";
      this.#options.onLoginEnded?.();
      return;
    }
    // "unknown" (network down, server error): the socket attempt fails too and backs off further.
    this.#connect();
  }

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
    // Any frame proves the connection alive, not only the pong.
    this.#clearPongTimer();
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

  /**
   * Cloudflare closes WebSockets that stay silent for about 100 seconds, and a
   * socket of a laptop that slept can stay "open" with nobody on the other end.
   * The channel answers `ping` without waking (hibernation), so pinging is cheap.
   */
  #startPinging(): void {
    this.#stopPinging();
    this.#pingTimer = setInterval(() => {
      const socket = this.#socket;
      if (!socket || socket.readyState !== OPEN) return;
      try {
        socket.send("ping");
      } catch {
        return;
      }
      if (this.#pongTimer) return;
      this.#pongTimer = setTimeout(() => {
        this.#pongTimer = null;
        this.#drop("no pong");
      }, this.#options.pongTimeoutMs ?? 10_000);
    }, this.#options.pingIntervalMs ?? 30_000);
  }

  #stopPinging(): void {
    if (this.#pingTimer) clearInterval(this.#pingTimer);
    this.#pingTimer = null;
    this.#clearPongTimer();
  }

  #clearPongTimer(): void {
    if (this.#pongTimer) clearTimeout(this.#pongTimer);
    this.#pongTimer = null;
  }

  #clearReconnect(): void {
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
  }

  #halt(): void {
    this.#running = false;
    if (typeof window !== "undefined") {
      window.removeEventListener("online", this.#onOnline);
      window.removeEventListener("offline", this.#onOffline);
    }
    this.#clearReconnect();
    this.#stopPinging();
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, "leaving");
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
