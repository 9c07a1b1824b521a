import type { z } from "zod";
import { AuthResult } from "../../schema/api/auth";
import type { ConfigStore, StoredLogin } from "./config";

/** An answer from the API in its error envelope, or a failure on the way there (code `NETWORK`). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Renew a little before the access token expires, so a request never carries one that dies on the way. */
const RENEW_BEFORE_MS = 30_000;
/** How long to wait for another gavel process that is renewing the same login at the same moment. */
const CONFLICT_WAIT_MS = 3_000;

export type AuthMode = "none" | "optional" | "required";

export interface RequestOptions {
  method?: string;
  body?: unknown;
  auth?: AuthMode;
  headers?: Record<string, string>;
}

function errorFromBody(status: number, body: unknown): ApiError {
  const envelope = typeof body === "object" && body !== null && "error" in body ? body.error : null;
  if (typeof envelope === "object" && envelope !== null && "code" in envelope && typeof envelope.code === "string") {
    const message = "message" in envelope && typeof envelope.message === "string" ? envelope.message : envelope.code;
    const details = "details" in envelope && typeof envelope.details === "object" && envelope.details !== null ? (envelope.details as Record<string, unknown>) : {};
    return new ApiError(status, envelope.code, message, details);
  }
  if (status === 429) return new ApiError(status, "RATE_LIMITED", "Too many requests; wait a moment");
  return new ApiError(status, "INTERNAL", `The server answered ${status}`);
}

export function loginFromResult(result: AuthResult): StoredLogin {
  if (!result.refreshToken) throw new ApiError(500, "INTERNAL", "The server sent no refresh token (is something adding an Origin header?)");
  return {
    userId: result.user.id,
    email: result.user.email,
    displayName: result.user.displayName,
    accessToken: result.accessToken,
    accessTokenExpiresAt: result.accessTokenExpiresAt,
    refreshToken: result.refreshToken,
  };
}

/**
 * The HTTP API as a terminal client uses it: bearer tokens (never cookies, no
 * Origin header, so the server answers with a refresh token), renewed before
 * they expire and once more when the server refuses one, and every body
 * checked against the schema the worker answers with.
 */
export class Api {
  readonly server: string;
  readonly #store: ConfigStore;
  readonly #fetcher: typeof fetch;
  readonly #clock: () => number;
  #login: StoredLogin | null | undefined;
  /** A renewal in flight, shared by every caller that needs a token meanwhile (the socket and an HTTP bid, say). */
  #renewal: Promise<StoredLogin | null> | null = null;

  constructor(server: string, store: ConfigStore, fetcher: typeof fetch = fetch, clock: () => number = Date.now) {
    this.server = server;
    this.#store = store;
    this.#fetcher = fetcher;
    this.#clock = clock;
  }

  url(path: string): string {
    return `${this.server}${path}`;
  }

  async currentLogin(): Promise<StoredLogin | null> {
    if (this.#login === undefined) this.#login = await this.#store.login(this.server);
    return this.#login;
  }

  async request<Schema extends z.ZodType>(schema: Schema, path: string, options: RequestOptions = {}): Promise<z.infer<Schema>> {
    const body = await this.send(path, options);
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new ApiError(502, "INTERNAL", `Unexpected answer from ${path}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    return parsed.data;
  }

  /** The parsed JSON body of a 2xx answer (null when empty); an ApiError otherwise. */
  async send(path: string, options: RequestOptions = {}): Promise<unknown> {
    const auth = options.auth ?? "optional";
    let token = auth === "none" ? null : await this.accessToken();
    if (auth === "required" && token === null) throw new ApiError(401, "UNAUTHENTICATED", "You are not logged in: run `gavel login`");
    let response = await this.#fetch(path, options, token);
    if (response.status === 401 && token !== null) {
      // Revoked or expired early: one renewal, then the same request again.
      token = await this.accessToken(true);
      if (token !== null || auth !== "required") response = await this.#fetch(path, options, token);
    }
    const text = await response.text();
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new ApiError(response.status, "INTERNAL", `The server answered ${response.status} with something other than JSON`);
      }
    }
    if (!response.ok) {
      const error = errorFromBody(response.status, body);
      if (response.status === 401 && auth === "required") {
        throw new ApiError(401, error.code, `${error.message}. Log in again: gavel login`, error.details);
      }
      throw error;
    }
    return body;
  }

  async #fetch(path: string, options: RequestOptions, token: string | null): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json", ...options.headers };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      return await this.#fetcher(this.url(path), {
        method: options.method ?? "GET",
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch (error) {
      const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new ApiError(0, "NETWORK", `Cannot reach ${this.server} (${reason})`);
    }
  }

  /**
   * A valid access token, renewed with the refresh token when it is about to
   * expire (or `force`d); null when not logged in or the login has ended.
   */
  async accessToken(force = false): Promise<string | null> {
    const login = await this.currentLogin();
    if (!login) return null;
    if (!force && Date.parse(login.accessTokenExpiresAt) - this.#clock() > RENEW_BEFORE_MS) return login.accessToken;
    this.#renewal ??= this.#renew(login).finally(() => {
      this.#renewal = null;
    });
    return (await this.#renewal)?.accessToken ?? null;
  }

  async #renew(login: StoredLogin): Promise<StoredLogin | null> {
    let response: Response;
    try {
      response = await this.#fetcher(this.url("/api/auth/refresh"), {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ refreshToken: login.refreshToken }),
      });
    } catch (error) {
      const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new ApiError(0, "NETWORK", `Cannot reach ${this.server} (${reason})`);
    }
    if (response.ok) {
      const renewed = loginFromResult(AuthResult.parse(await response.json()));
      await this.#store.saveLogin(this.server, renewed);
      this.#login = renewed;
      return renewed;
    }
    const error = errorFromBody(response.status, await response.json().catch(() => null));
    if (error.code === "REFRESH_CONFLICT") return this.#awaitOtherRenewal(login);
    if (response.status === 401 || response.status === 403) {
      // The session is over (logged out elsewhere, revoked, expired): forget it.
      await this.#store.forgetLogin(this.server);
      this.#login = null;
      return null;
    }
    throw error;
  }

  /** Another gavel process renewed the same login a moment ago: it is writing the new tokens to the config file. */
  async #awaitOtherRenewal(login: StoredLogin): Promise<StoredLogin | null> {
    const deadline = this.#clock() + CONFLICT_WAIT_MS;
    while (this.#clock() < deadline) {
      const stored = await this.#store.login(this.server);
      if (stored && stored.refreshToken !== login.refreshToken) {
        this.#login = stored;
        return stored;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new ApiError(409, "REFRESH_CONFLICT", "Another gavel renewed this login at the same moment; try again");
  }

  /** Saves a fresh login (after `gavel login`). */
  async remember(login: StoredLogin): Promise<void> {
    await this.#store.saveLogin(this.server, login);
    this.#login = login;
  }

  async forget(): Promise<void> {
    await this.#store.forgetLogin(this.server);
    this.#login = null;
  }
}
