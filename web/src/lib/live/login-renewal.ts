/** What a page learns when it checks whether its login still holds. */
export type LoginCheck = "valid" | "ended" | "unknown";

/**
 * Renews the 15-minute access cookie from the refresh cookie, as a page load
 * would, for pages that stay open longer (their sockets re-authenticate with
 * it). 409 means another tab renewed the same login at the same moment; its
 * cookies serve this page too.
 */
export async function renewLogin(fetcher: typeof fetch): Promise<LoginCheck> {
  try {
    const response = await fetcher("/api/auth/refresh", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    if (response.ok || response.status === 409) return "valid";
    return response.status === 401 || response.status === 403 ? "ended" : "unknown";
  } catch {
    return "unknown";
  }
}
