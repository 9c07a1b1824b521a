import type { AccountExport } from "../../schema/api/account-self-service";

/**
 * Everything stored about a member, for "download my data". Rows are read
 * as they are stored, minus secrets (password hash, TOTP secret, token and
 * code digests) and minus other people's personal data (the other party of
 * an order appears by id and name only).
 */
export async function exportAccount(d1: D1Database, userId: string, now: number): Promise<AccountExport> {
  const rows = (query: string) => d1.prepare(query).bind(userId).all<Record<string, unknown>>().then((result) => result.results);
  const [account, sessions, listings, bids, watches, orders, orderMessages, feedbackGiven, feedbackReceived, secondChanceOffers, notifications, emailPreferences, images] =
    await Promise.all([
      rows(`SELECT id, email, display_name, roles, email_verified_at, suspended_at, created_at, updated_at FROM users WHERE id = ?1`),
      rows(`SELECT id, created_at, last_used_at, expires_at, revoked_at, revoked_reason, user_agent, ip FROM sessions WHERE user_id = ?1`),
      rows(`SELECT * FROM auctions WHERE seller_id = ?1`),
      rows(`SELECT b.auction_id, a.title, b.bid_count, b.highest_shown FROM auction_bidders b JOIN auctions a ON a.id = b.auction_id WHERE b.user_id = ?1`),
      rows(`SELECT auction_id, created_at FROM watches WHERE user_id = ?1`),
      rows(
        `SELECT o.id, o.auction_id, a.title, o.source, o.price, o.currency, o.status, o.tracking_note, o.created_at, o.paid_at, o.shipped_at,
                o.received_at, o.completed_at, o.unpaid_at,
                CASE WHEN o.buyer_id = ?1 THEN 'buyer' ELSE 'seller' END AS role,
                CASE WHEN o.buyer_id = ?1 THEN s.display_name ELSE b.display_name END AS other_party
         FROM orders o JOIN auctions a ON a.id = o.auction_id JOIN users b ON b.id = o.buyer_id JOIN users s ON s.id = o.seller_id
         WHERE o.buyer_id = ?1 OR o.seller_id = ?1`,
      ),
      rows(`SELECT id, order_id, body, created_at FROM order_messages WHERE author_id = ?1`),
      rows(`SELECT id, order_id, rating, comment, reply, created_at FROM feedback WHERE author_id = ?1`),
      rows(`SELECT id, order_id, rating, comment, reply, created_at FROM feedback WHERE subject_id = ?1`),
      rows(`SELECT id, auction_id, price, currency, status, expires_at, created_at, decided_at FROM second_chance_offers WHERE buyer_id = ?1 OR seller_id = ?1`),
      rows(`SELECT id, event, auction_id, title, body, link, created_at, read_at FROM notifications WHERE user_id = ?1`),
      rows(`SELECT event, email, updated_at FROM notification_preferences WHERE user_id = ?1`),
      rows(`SELECT id, auction_id, content_type, width, height, bytes, created_at FROM images WHERE owner_id = ?1`),
    ]);
  return {
    exportedAt: new Date(now).toISOString(),
    account: account[0] ?? {},
    sessions,
    listings,
    bids,
    watches,
    orders,
    orderMessages,
    feedbackGiven,
    feedbackReceived,
    secondChanceOffers,
    notifications,
    emailPreferences,
    images,
  };
}
