import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import type { Feedback, FeedbackRating, FeedbackScore } from "../../schema/api/feedback";
import type { OrderRole } from "../../schema/api/orders";
import { auctions, feedback, orders, users } from "../../schema/db";
import type { KeysetPosition } from "../lib/cursor";
import type { Database } from "./client";

function feedbackSelection() {
  return {
    id: feedback.id,
    orderId: feedback.orderId,
    itemTitle: auctions.title,
    rating: feedback.rating,
    comment: feedback.comment,
    author: { id: users.id, displayName: users.displayName },
    subjectId: feedback.subjectId,
    subjectRole: feedback.subjectRole,
    reply: feedback.reply,
    repliedAt: feedback.repliedAt,
    createdAt: feedback.createdAt,
  };
}

function feedbackQuery(db: Database) {
  return db
    .select(feedbackSelection())
    .from(feedback)
    .innerJoin(users, eq(users.id, feedback.authorId))
    .innerJoin(orders, eq(orders.id, feedback.orderId))
    .innerJoin(auctions, eq(auctions.id, orders.auctionId));
}

export async function findFeedback(db: Database, id: string): Promise<Feedback | undefined> {
  const [row] = await feedbackQuery(db).where(eq(feedback.id, id));
  return row;
}

export async function feedbackOfOrder(db: Database, orderId: string): Promise<Feedback[]> {
  return feedbackQuery(db).where(eq(feedback.orderId, orderId));
}

/** Feedback about a member, newest first, keyset-paged on (createdAt, id). */
export async function feedbackAbout(db: Database, userId: string, after: KeysetPosition | undefined, limit: number): Promise<Feedback[]> {
  return feedbackQuery(db)
    .where(
      and(
        eq(feedback.subjectId, userId),
        after ? or(lt(feedback.createdAt, after.createdAt), and(eq(feedback.createdAt, after.createdAt), lt(feedback.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(feedback.createdAt), desc(feedback.id))
    .limit(limit);
}

export async function feedbackScore(db: Database, userId: string): Promise<FeedbackScore> {
  const [row] = await db.all<{ positive: number | null; neutral: number | null; negative: number | null }>(sql`
    SELECT sum(rating = 'positive') AS positive, sum(rating = 'neutral') AS neutral, sum(rating = 'negative') AS negative
    FROM feedback WHERE subject_id = ${userId}`);
  const positive = row?.positive ?? 0;
  const negative = row?.negative ?? 0;
  return { positive, neutral: row?.neutral ?? 0, negative, score: positive - negative };
}

/** One per author and order: the unique key turns a second attempt (or a racing double click) into null. */
export async function insertFeedback(
  db: Database,
  input: { orderId: string; authorId: string; subjectId: string; subjectRole: OrderRole; rating: FeedbackRating; comment: string; now: number },
): Promise<string | null> {
  const id = crypto.randomUUID();
  const inserted = await db
    .insert(feedback)
    .values({ id, orderId: input.orderId, authorId: input.authorId, subjectId: input.subjectId, subjectRole: input.subjectRole, rating: input.rating, comment: input.comment, createdAt: input.now })
    .onConflictDoNothing({ target: [feedback.orderId, feedback.authorId] })
    .returning({ id: feedback.id });
  return inserted[0]?.id ?? null;
}

/** The rated member's one reply; null when it is not theirs to answer or they already did. */
export async function replyToFeedback(db: Database, input: { id: string; subjectId: string; reply: string; now: number }): Promise<boolean> {
  const updated = await db
    .update(feedback)
    .set({ reply: input.reply, repliedAt: input.now })
    .where(and(eq(feedback.id, input.id), eq(feedback.subjectId, input.subjectId), sql`${feedback.reply} IS NULL`))
    .returning({ id: feedback.id });
  return updated.length > 0;
}
