import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { NotificationList } from "../../schema";
import { formatMoney } from "../../schema/money";
import worker from "../../worker/index";
import type { NoticeMessage } from "../../worker/notifications/message";
import { bidOver, createAuction, flushSummary, verifiedAccount } from "../auction-helpers";
import { call, type Account } from "../helpers";
import { mailTo, notificationsOf, type StoredMail } from "./channel";

async function prefer(account: Account, preferences: { locale?: string; timeZone?: string }): Promise<void> {
  const response = await call("/api/me/preferences", { method: "PATCH", token: account.auth.accessToken, body: preferences });
  expect(response.status).toBe(200);
}

/** The queue consumer runs on its own schedule: poll the outbox until the mail is there. */
async function mailArriving(email: string, match: (mail: StoredMail) => boolean): Promise<StoredMail> {
  for (let tries = 0; tries < 80; tries += 1) {
    const found = (await mailTo(email)).find(match);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no matching mail for ${email}; have ${JSON.stringify((await mailTo(email)).map((mail) => mail.subject))}`);
}

describe("notifications in the recipient's language", () => {
  it("mails a Japanese account its outbid notice in Japanese, from the bid through the room and the queue", async () => {
    const seller = await verifiedAccount(["seller"]);
    const tanaka = await verifiedAccount();
    const rival = await verifiedAccount();
    await prefer(tanaka, { locale: "ja", timeZone: "Asia/Tokyo" });
    const auction = await createAuction(seller, { currency: "CHF" });

    expect((await bidOver(auction.id, tanaka, { amount: 1000 })).status).toBe(201);
    expect((await bidOver(auction.id, rival, { amount: 1500 })).status).toBe(201);

    // Proxy bidding: the price moves one increment above the lead it took.
    const mail = await mailArriving(tanaka.email, (candidate) => candidate.subject.startsWith("高値で入札されました"));
    expect(mail.subject).toBe(`高値で入札されました：${auction.title}`);
    expect(mail.text_body).toContain(`「${auction.title}」の現在の価格は${formatMoney(1100, "CHF", "ja")}になり、あなたは最高入札者ではなくなりました。`);
    expect(mail.text_body).toContain("次の項目のメール通知がオンになっているため");
    expect(mail.text_body).not.toContain("You were outbid");
    expect(mail.html_body).toContain('<html lang="ja">');
    expect(mail.html_body).toContain("配信を停止する");
    // The link is the same page in every language: no locale prefix.
    expect(mail.text_body).toContain(`${env.SITE_URL}/auctions/${auction.id}\n`);
    expect(mail.headers["List-Unsubscribe"]).toMatch(new RegExp(`^<${env.SITE_URL}/api/notifications/unsubscribe/one-click\\?token=`));

    // The page the unsubscribe link opens names what it turns off in the language it is viewed in.
    const token = new URL(/(https?:\/\/\S+\/unsubscribe\?token=\S+)/.exec(mail.text_body)![1]!).searchParams.get("token")!;
    const preview = await call(`/api/notifications/unsubscribe?token=${encodeURIComponent(token)}`, { headers: { "accept-language": "ja" } });
    expect(await preview.json()).toEqual({ event: "outbid", label: "誰かがあなたより高く入札したとき（または、あなたより安い見積もりを出したとき）" });

    // The in-app notification is the same words.
    const list = (await (await call("/api/me/notifications", { token: tanaka.auth.accessToken })).json()) as NotificationList;
    expect(list.items[0]).toMatchObject({ event: "outbid", title: mail.subject });
  });

  it("writes one notice to each recipient in their own language, prices in their own format", async () => {
    const seller = await verifiedAccount(["seller"]);
    const [german, french, plain] = await Promise.all([verifiedAccount(), verifiedAccount(), verifiedAccount()]);
    await prefer(german, { locale: "de" });
    await prefer(french, { locale: "fr" });
    const auction = await createAuction(seller, { currency: "EUR" });
    const now = Date.now();
    const notice: NoticeMessage = {
      v: 1,
      auctionId: auction.id,
      event: "ending_soon",
      occurrence: "",
      userIds: [german.auth.user.id, french.auth.user.id, plain.auth.user.id],
      watchers: false,
      excludeIds: [],
      facts: { price: 123_456, bidCount: 3, winnerId: null, reserveMet: true, startsAt: now - 3_600_000, endsAt: now + 15 * 60_000 },
      publishedAt: now,
    };
    const batch = createMessageBatch("gavel-notifications", [{ id: crypto.randomUUID(), timestamp: now, attempts: 1, body: notice }]);
    await worker.queue!(batch, env);
    expect((await getQueueResult(batch, createExecutionContext())).retryMessages).toEqual([]);

    const rows = await notificationsOf(auction.id);
    const byUser = new Map(rows.map((row) => [row.user_id, row]));
    expect(byUser.get(german.auth.user.id)).toMatchObject({
      title: `Endet bald: ${auction.title}`,
      body: `„${auction.title}“ endet in 15 Minuten; der aktuelle Preis beträgt ${formatMoney(123_456, "EUR", "de")}.`,
    });
    expect(byUser.get(french.auth.user.id)).toMatchObject({
      title: `Se termine bientôt : ${auction.title}`,
      body: `L’enchère « ${auction.title} » se termine dans 15 minutes ; le prix actuel est de ${formatMoney(123_456, "EUR", "fr")}.`,
    });
    expect(byUser.get(plain.auth.user.id)).toMatchObject({
      title: `Ending soon: ${auction.title}`,
      body: `“${auction.title}” closes in 15 minutes; the current price is €1,234.56.`,
    });
    // The German and French prices really are written their way, not the English one.
    expect(formatMoney(123_456, "EUR", "de")).toMatch(/^1\.234,56\s€$/);
    expect(formatMoney(123_456, "EUR", "fr")).toMatch(/^1\s234,56\s€$/);
  });

  it("tells each bidder and watcher of an admin's cancellation, with its reason, to each bidder and watcher in their own language, not the admin's", async () => {
    const admin = await verifiedAccount(["admin"]);
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller, { title: "Doubtful Rolex" });
    const [bidder, watcher] = [await verifiedAccount(), await verifiedAccount()];
    await prefer(bidder, { locale: "de" });
    await prefer(watcher, { locale: "ja" });
    expect((await bidOver(auction.id, bidder, { amount: 1000 })).status).toBe(201);
    expect((await call(`/api/auctions/${auction.id}/watch`, { method: "PUT", token: watcher.auth.accessToken })).status).toBe(200);
    await flushSummary(auction.id);

    const cancelled = await call(`/api/admin/auctions/${auction.id}/cancel`, {
      method: "POST",
      token: admin.auth.accessToken,
      headers: { "accept-language": "fr" },
      body: { reason: "Counterfeit" },
    });
    expect(cancelled.status).toBe(204);

    const german = await mailArriving(bidder.email, (mail) => mail.subject === "Abgesagt: Doubtful Rolex");
    expect(german.text_body).toContain("„Doubtful Rolex“ wurde abgesagt;");
    expect(german.text_body).toContain("Grund: Counterfeit");
    const japanese = await mailArriving(watcher.email, (mail) => mail.subject === "中止：Doubtful Rolex");
    expect(japanese.text_body).toContain("理由：Counterfeit");
    expect(japanese.text_body).toContain(`${env.SITE_URL}/auctions/${auction.id}\n`);
  });
});
