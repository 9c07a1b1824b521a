import { z } from "zod";

/** Feedback after an order (docs/orders.md): each party rates the other once; the rated party may reply once. */

export const FeedbackRating = z.enum(["positive", "neutral", "negative"]).meta({ id: "FeedbackRating" });
export type FeedbackRating = z.infer<typeof FeedbackRating>;

export const MAX_FEEDBACK_LENGTH = 500;

export const Feedback = z
  .object({
    id: z.string(),
    orderId: z.string(),
    /** The listing's title, so a profile reader sees what the rating was about. */
    itemTitle: z.string(),
    rating: FeedbackRating,
    comment: z.string(),
    author: z.object({ id: z.string(), displayName: z.string() }),
    subjectId: z.string(),
    /** What the rated member was in that order. */
    subjectRole: z.enum(["buyer", "seller"]),
    reply: z.string().nullable(),
    repliedAt: z.number().int().nullable(),
    createdAt: z.number().int(),
  })
  .meta({ id: "Feedback" });
export type Feedback = z.infer<typeof Feedback>;

export const FeedbackPage = z.object({ items: z.array(Feedback), nextCursor: z.string().nullable() }).meta({ id: "FeedbackPage" });
export type FeedbackPage = z.infer<typeof FeedbackPage>;

/** eBay's way: the score is positives minus negatives; neutral counts neither way. */
export const FeedbackScore = z
  .object({ positive: z.number().int(), neutral: z.number().int(), negative: z.number().int(), score: z.number().int() })
  .meta({ id: "FeedbackScore" });
export type FeedbackScore = z.infer<typeof FeedbackScore>;

export const FeedbackRequest = z
  .strictObject({ rating: FeedbackRating, comment: z.string().trim().max(MAX_FEEDBACK_LENGTH).default("") })
  .meta({ id: "FeedbackRequest" });
export type FeedbackRequest = z.infer<typeof FeedbackRequest>;

export const FeedbackReplyRequest = z
  .strictObject({ reply: z.string().trim().min(1, "Write a reply").max(MAX_FEEDBACK_LENGTH) })
  .meta({ id: "FeedbackReplyRequest" });
export type FeedbackReplyRequest = z.infer<typeof FeedbackReplyRequest>;

/** An order's feedback as one of its parties sees it. */
export const OrderFeedback = z
  .object({
    given: Feedback.nullable(),
    received: Feedback.nullable(),
    /** When feedback may be left: null until the order completes or has been shipped 14 days. */
    opensAt: z.number().int().nullable(),
    closesAt: z.number().int().nullable(),
    canLeave: z.boolean(),
  })
  .meta({ id: "OrderFeedback" });
export type OrderFeedback = z.infer<typeof OrderFeedback>;
