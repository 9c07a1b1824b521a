import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { OutboxMailer } from "../../worker/mail/mailer";
import { auctionInput, verifiedAccount } from "../auction-helpers";
import { call, expectError } from "../helpers";

/** The probe: a title carrying `\r\nBcc: …` was stored and became a mail subject verbatim. */
describe("mail header injection", () => {
  it("refuses titles and locations with control characters, sent at once", async () => {
    const seller = await verifiedAccount(["seller"]);
    const injected = ["Omega watch\r\nBcc: victim@example.com", "Omega watch\nBcc: victim@example.com", "Omega\u0000watch 1969", "Omega \u202ehctaw 1969", "Omega\u2028watch 1969"];
    const responses = await Promise.all([
      ...injected.map((title) => call("/api/auctions", { method: "POST", token: seller.auth.accessToken, body: auctionInput({ title }) })),
      call("/api/auctions", { method: "POST", token: seller.auth.accessToken, body: auctionInput({ location: "Zurich\r\nBcc: victim@example.com" }) }),
    ]);
    for (const response of responses) await expectError(response, 400, "VALIDATION_FAILED");
    const created = await call("/api/auctions", { method: "POST", token: seller.auth.accessToken, body: auctionInput({ title: "Omega Speedmaster — 1969 “Moonwatch” ⌚" }) });
    expect(created.status).toBe(201);
  });

  it("strips CR and LF from every header value the mailer sends, whatever the source", async () => {
    const to = `mailer-${crypto.randomUUID()}@example.com`;
    await new OutboxMailer(env.DB).send({
      to,
      subject: "You were outbid\r\nBcc: victim@example.com",
      text: "body\r\nlines stay",
      html: "<p>body</p>",
      headers: { "List-Unsubscribe": "<https://gavel.test/u>\r\nBcc: victim@example.com" },
    });
    const row = await env.DB.prepare("SELECT subject, text_body, headers FROM mail_outbox WHERE to_address = ?").bind(to).first<{ subject: string; text_body: string; headers: string }>();
    expect(row!.subject).toBe("You were outbid Bcc: victim@example.com");
    expect(JSON.parse(row!.headers)).toEqual({ "List-Unsubscribe": "<https://gavel.test/u> Bcc: victim@example.com" });
    expect(row!.text_body).toBe("body\r\nlines stay");
  });
});
