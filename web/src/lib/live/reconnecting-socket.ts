import { backoffDelay } from "./backoff";

/**
 * One WebSocket that comes back: reconnected with backoff and jitter after
 * every loss, at once when the browser is back online or the tab visible
 * again, dropped when the browser says the network is gone, and optionally
 * pinged so a socket that silently died (a laptop that slept) is replaced.
 * Before each reconnect its user may check the login behind it (the close
 * code says why the last one ended) and decide to stop. The auction's live
 * client and the notification channel both run on it; what the frames mean
 * is theirs.
 */

/** The parts of WebSocket the clients use, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

/** The server ended the session behind the socket (logout elsewhere, password reset, suspension). */
export const SESSION_ENDED_CLOSE_CODE = 4001;
/** Closed by this side: offline, no pong, leaving, renewing the login. */
const CLOSED_HERE = 1000;
/** No close event at all (a factory that threw, a network that vanished). */
const ABNORMAL_CLOSURE = 1006;
const OPEN = 1;

export interface SocketLoss {
  /** Losses in a row since the socket last proved healthy. */
  failures: number;
  closeCode: number;
  /** When the next attempt starts unless something brings it forward. */
  retryInMs: number;
}

export interface ReconnectingSocketOptions {
  url: () => string;
  socket?: SocketFactory | undefined;
  random?: (() => number) | undefined;
  onMessage: (data: unknown) => void;
  onOpen?: () => void;
  /** Called on every loss, before the reconnect is scheduled. */
  onLost?: (loss: SocketLoss) => void;
  /**
   * Runs before each reconnect (the login check); "stop" ends the socket for
   * good. Null (or no hook) reconnects at once.
   */
  beforeReconnect?: (closeCode: number) => Promise<"reconnect" | "stop"> | null;
  onStopped?: () => void;
  /** Ping this often while open; a socket that sends nothing back within `pongTimeoutMs` is replaced. */
  pingIntervalMs?: number | undefined;
  pongTimeoutMs?: number | undefined;
}

export class ReconnectingSocket {
  readonly #options: ReconnectingSocketOptions;
  readonly #factory: SocketFactory;
  #socket: SocketLike | null = null;
  #running = false;
  #failures = 0;
  #lastCloseCode = CLOSED_HERE;
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  #pingTimer: ReturnType<typeof setInterval> | null = null;
  #pongTimer: ReturnType<typeof setTimeout> | null = null;
  #onOnline = () => this.reconnectNow();
  /** Browsers do not reliably close an open socket when they go offline: their word is enough. */
  #onOffline = () => this.drop("offline");
  #onVisibility = () => {
    if (document.visibilityState === "visible") this.reconnectNow();
  };

  constructor(options: ReconnectingSocketOptions) {
    this.#options = options;
    this.#factory = options.socket ?? ((url) => new WebSocket(url));
  }

  get running(): boolean {
    return this.#running;
  }

  get open(): boolean {
    return this.#socket?.readyState === OPEN;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#failures = 0;
    if (typeof window !== "undefined") {
      window.addEventListener("online", this.#onOnline);
      window.addEventListener("offline", this.#onOffline);
      document.addEventListener("visibilitychange", this.#onVisibility);
    }
    this.#connect();
  }

  stop(): void {
    this.#running = false;
    if (typeof window !== "undefined") {
      window.removeEventListener("online", this.#onOnline);
      window.removeEventListener("offline", this.#onOffline);
      document.removeEventListener("visibilitychange", this.#onVisibility);
    }
    this.#clearReconnect();
    this.#stopPinging();
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(CLOSED_HERE, "leaving");
  }

  /** The socket works (the first frame or the open event said so): the backoff starts over. */
  markHealthy(): void {
    this.#failures = 0;
  }

  /** Sends on the open socket; false when there is none or it refused. */
  send(data: string): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) return false;
    try {
      socket.send(data);
      return true;
    } catch {
      return false;
    }
  }

  /** Back online (or asked to): try at once instead of waiting out the backoff. */
  reconnectNow(): void {
    if (!this.#running || this.#socket) return;
    this.#clearReconnect();
    this.#reconnect();
  }

  /** Closes the socket from this side and reconnects as if it had dropped. */
  drop(reason: string): void {
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = null;
    socket.close(CLOSED_HERE, reason);
    this.#lost(CLOSED_HERE);
  }

  /** A fresh socket at once, without counting a failure (a renewed login needs a new upgrade). */
  replace(reason: string): void {
    const socket = this.#socket;
    this.#socket = null;
    this.#stopPinging();
    socket?.close(CLOSED_HERE, reason);
    this.#clearReconnect();
    this.#connect();
  }

  #connect(): void {
    if (!this.#running) return;
    let socket: SocketLike;
    try {
      socket = this.#factory(this.#options.url());
    } catch {
      this.#lost(ABNORMAL_CLOSURE);
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      if (this.#socket !== socket) return;
      this.#startPinging();
      this.#options.onOpen?.();
    };
    socket.onmessage = (event) => {
      if (this.#socket !== socket) return;
      // Any frame proves the connection alive, not only the pong.
      this.#clearPongTimer();
      this.#options.onMessage(event.data);
    };
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#lost(event.code);
    };
    socket.onerror = () => {
      // A close event follows.
    };
  }

  #lost(closeCode: number): void {
    this.#stopPinging();
    if (!this.#running) return;
    this.#failures += 1;
    this.#lastCloseCode = closeCode;
    const retryInMs = backoffDelay(this.#failures - 1, this.#options.random);
    this.#options.onLost?.({ failures: this.#failures, closeCode, retryInMs });
    if (!this.#running || this.#socket) return;
    this.#clearReconnect();
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      this.#reconnect();
    }, retryInMs);
  }

  #reconnect(): void {
    const check = this.#options.beforeReconnect?.(this.#lastCloseCode) ?? null;
    if (check === null) return this.#connect();
    void check.then((decision) => {
      if (!this.#running || this.#socket) return;
      if (decision === "reconnect") return this.#connect();
      this.stop();
      this.#options.onStopped?.();
    });
  }

  /**
   * Cloudflare closes WebSockets that stay silent for about 100 seconds, and a
   * socket of a laptop that slept can stay "open" with nobody on the other end.
   * Both servers answer `ping` without waking (hibernation), so pinging is cheap.
   */
  #startPinging(): void {
    this.#stopPinging();
    const interval = this.#options.pingIntervalMs;
    if (interval === undefined) return;
    this.#pingTimer = setInterval(() => {
      if (!this.send("ping") || this.#pongTimer) return;
      this.#pongTimer = setTimeout(() => {
        this.#pongTimer = null;
        this.drop("no pong");
      }, this.#options.pongTimeoutMs ?? 10_000);
    }, interval);
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
}
