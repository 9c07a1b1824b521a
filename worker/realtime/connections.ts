/** The per-user channel of a user; the one place that names it. */
export function userChannel(env: Env, userId: string) {
  return env.USER_CHANNEL.get(env.USER_CHANNEL.idFromName(userId));
}

/**
 * Closes every WebSocket the user has open (notification channel and auction
 * rooms). Call after revoking their sessions: the pages reconnect and are
 * authenticated again, or fall back to anonymous watching.
 */
export async function closeUserConnections(env: Env, userId: string, reason = "Your sessions were ended"): Promise<void> {
  await userChannel(env, userId).disconnect(userId, reason);
}
