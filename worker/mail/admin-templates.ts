import type { MailMessage } from "./mailer";
import { layout } from "./templates";

/** The answer to a request for the seller capability, either way, with the admin's reason. */
export function sellerApplicationMail(siteName: string, to: string, decision: { approved: boolean; reason: string; url: string }): MailMessage {
  const paragraphs = decision.approved
    ? ["Your request to sell was approved: you can list items now.", `The administrator wrote: ${decision.reason}`]
    : ["Your request to sell was declined.", `The administrator wrote: ${decision.reason}`, "You can ask again from your account page."];
  const label = decision.approved ? "List an item" : "Your account";
  return {
    to,
    subject: decision.approved ? `You can sell on ${siteName}` : `Your request to sell on ${siteName}`,
    text: `${paragraphs.join("\n\n")}\n\n${label}: ${decision.url}\n`,
    html: layout(siteName, paragraphs, { action: { label, url: decision.url } }),
  };
}
