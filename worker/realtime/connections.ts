import { log } from "../lib/log";
import type { SocketScope } from "./socket-scope";

/** The per-user channel of a user; the one place that names it. */
export function userChannel(env: Env, userId: string) {
  return env.USER_CHANNEL.get(env.USER_CHANNEL.idFromName(userId));
}

/**
 * Closes the user's open sockets in scope (notification channel and auction
 * rooms). Call after revoking the sessions: the pages check their login and
 * reconnect, or fall back to anonymous watching. The revocation is already
 * committed when this runs, so a failure is logged, never thrown.
 */
export async function closeConnections(env: Env, userId: string, scope: SocketScope, reason: string): Promise<void> {
  try {
    await userChannel(env, userId).disconnect(userId, scope, reason);
  } catch (error) {
    log("error", "closing the user's sockets failed", { userId, scope: scope.kind, error: String(error) });
  }
}
