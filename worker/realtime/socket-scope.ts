/**
 * Which of a user's open sockets to close when sessions end. Sockets carry
 * tags (hibernation keeps them) naming their user and their session, so a
 * logout closes only that browser's sockets and "end other sessions" keeps
 * the current page's.
 */
export type SocketScope =
  | { kind: "user" }
  | { kind: "session"; sessionId: string }
  | { kind: "otherSessions"; keepSessionId: string };

/** Close code for sockets whose login ended; clients check their login before reconnecting. */
export const SESSION_ENDED_CLOSE_CODE = 4001;

export function userSocketTag(userId: string): string {
  return `user:${userId}`;
}

export function sessionSocketTag(sessionId: string): string {
  return `session:${sessionId}`;
}

export function isInScope(tags: string[], scope: SocketScope): boolean {
  switch (scope.kind) {
    case "user":
      return true;
    case "session":
      return tags.includes(sessionSocketTag(scope.sessionId));
    case "otherSessions":
      return !tags.includes(sessionSocketTag(scope.keepSessionId));
  }
}
