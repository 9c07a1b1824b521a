import { backoffDelay } from "../../web/src/lib/live/backoff";

/** The parts of a WebSocket the clients use, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

export type SocketFactory = (url: string, token: string | null) => SocketLike;

/** Node's WebSocket (undici) takes headers, which browsers can't: the upgrade carries the bearer token. */
export const nodeSocket: SocketFactory = (url, token) =>
  new WebSocket(url, token ? { headers: { authorization: `Bearer ${token}` } } : undefined) as unknown as SocketLike;

export const OPEN = 1;

export function socketUrl(server: string, path: string): string {
  return `${server.replace(/^http/, "ws")}${path}`;
}

export interface ReconnectingOptions {
  url: string;
  /** Asked before every attempt, so a renewed login is used after a reconnect. */
  token: () => Promise<string | null>;
  socket?: SocketFactory;
  random?: () => number;
  onMessage: (data: string) => void;
  onStatus?: (status: "connecting" | "open" | "reconnecting", retryInMs?: number) => void;
  /** A close the server meant (4001: the session ended): worth a fresh token. */
  onClose?: (code: number) => void;
}

/**
 * One socket kept open: reconnected with the site's backoff (exponential from
 * 500 ms to 30 s, with jitter), a fresh token each time. The live view and
 * `notifications --follow` both use it.
 */
export class ReconnectingSocket {
  #socket: SocketLike | null = null;
  #failures = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;

  readonly options: ReconnectingOptions;

  constructor(options: ReconnectingOptions) {
    this.options = options;
  }

  start(): void {
    void this.#connect();
  }

  /** Frames sent only while open; the caller decides what to resend after a reconnect. */
  send(text: string): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) return false;
    try {
      socket.send(text);
      return true;
    } catch {
      return false;
    }
  }

  /** Drops the current socket and connects again at once (after a login renewal). */
  reconnectNow(): void {
    if (this.#stopped) return;
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, "reconnecting");
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    void this.#connect();
  }

  /** The server answered: the next loss starts the backoff from the beginning. */
  markHealthy(): void {
    this.#failures = 0;
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, "leaving");
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    this.options.onStatus?.("connecting");
    let socket: SocketLike;
    try {
      socket = (this.options.socket ?? nodeSocket)(this.options.url, await this.options.token().catch(() => null));
    } catch {
      this.#lost();
      return;
    }
    if (this.#stopped) return socket.close(1000, "leaving");
    this.#socket = socket;
    socket.onopen = () => {
      if (this.#socket === socket) this.options.onStatus?.("open");
    };
    socket.onmessage = (event) => {
      if (this.#socket === socket && typeof event.data === "string") this.options.onMessage(event.data);
    };
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.options.onClose?.(event.code);
      this.#lost();
    };
    socket.onerror = () => {
      // A close event follows.
    };
  }

  #lost(): void {
    if (this.#stopped) return;
    const delay = backoffDelay(this.#failures, this.options.random);
    this.#failures += 1;
    this.options.onStatus?.("reconnecting", delay);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#connect();
    }, delay);
  }
}
