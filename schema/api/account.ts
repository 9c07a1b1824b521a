import { z } from "zod";

export const VerifyEmailRequest = z
  .strictObject({ code: z.string().trim().regex(/^\d{6}$/, { message: "Enter the 6-digit code from the email" }) })
  .meta({ id: "VerifyEmailRequest" });
export type VerifyEmailRequest = z.infer<typeof VerifyEmailRequest>;

export const CodeSent = z
  .object({ sentTo: z.string(), expiresAt: z.number().int(), resendAfter: z.number().int() })
  .meta({ id: "CodeSent" });
export type CodeSent = z.infer<typeof CodeSent>;

export const OutboxMessage = z
  .object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    headers: z.record(z.string(), z.string()),
    sentAt: z.number().int(),
  })
  .meta({ id: "OutboxMessage" });
export type OutboxMessage = z.infer<typeof OutboxMessage>;

export const OutboxList = z.object({ items: z.array(OutboxMessage) }).meta({ id: "OutboxList" });
export type OutboxList = z.infer<typeof OutboxList>;
