import { z } from "zod";
import { AuctionNoticeEvent } from "../../schema/api/notifications";

/**
 * What AuctionRoom publishes to the notifications queue: one auction event and
 * its audience. The consumer validates every message against this, since a
 * queue outlives deploys and may hold messages from an older version.
 */
export const NoticeMessage = z.strictObject({
  v: z.literal(1),
  auctionId: z.string().min(1),
  event: AuctionNoticeEvent,
  occurrence: z.string(),
  userIds: z.array(z.string().min(1)),
  watchers: z.boolean(),
  excludeIds: z.array(z.string().min(1)),
  facts: z.strictObject({
    price: z.number().int().nullable(),
    bidCount: z.number().int().min(0),
    winnerId: z.string().nullable(),
    reserveMet: z.boolean(),
    startsAt: z.number().int(),
    endsAt: z.number().int(),
    cancelReason: z.string().max(500).optional(),
  }),
  publishedAt: z.number().int(),
});
export type NoticeMessage = z.infer<typeof NoticeMessage>;
