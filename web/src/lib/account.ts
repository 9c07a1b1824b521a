/** An account this young is greeted with "Welcome", not "Welcome back": it has not been away yet. */
export const NEW_ACCOUNT_MS = 24 * 60 * 60 * 1000;

export function isNewAccount(user: { createdAt: string }, now = Date.now()): boolean {
  return now - Date.parse(user.createdAt) < NEW_ACCOUNT_MS;
}
