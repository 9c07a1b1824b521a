import { describe, expect, it } from "vitest";
import { auctionNoticeEvents, notificationEventLabels, notificationEvents } from "../../schema/api/notifications";
import { errorCodes } from "../../schema/api/errors";
import { formatMoney } from "../../schema/money";
import { locales } from "../../schema/paraglide/runtime.js";
import { apiErrorMessage } from "../../worker/lib/error-messages";
import { DEFAULT_READER, ENGLISH, formatDateTime, readerFrom, type Reader } from "../../worker/lib/language";
import { sellerApplicationMail } from "../../worker/mail/admin-templates";
import { emailChangeCodeMail, emailChangedMail, notificationMail, passwordResetMail, verificationCodeMail } from "../../worker/mail/templates";
import { notificationText, type NoticeSubject } from "../../worker/notifications/content";
import { eventLabel } from "../../worker/notifications/event-labels";
import type { OrderWithParties } from "../../worker/db/orders";
import { feedbackReplyText, feedbackText, orderMessageText, secondChanceAnswerText, secondChanceText, stepNoticeText } from "../../worker/orders/notices";
import { OrderStep } from "../../schema/api/orders";
import de from "../../messages/de.json";
import en from "../../messages/en.json";
import fr from "../../messages/fr.json";
import ja from "../../messages/ja.json";

const files: Record<string, Record<string, unknown>> = { en, de, fr, ja };
const WORKER_PREFIXES = /^(mail|notice|api)_/;
const HOUR = 3_600_000;
const START = Date.UTC(2026, 11, 3, 12, 0);

/** A rendered text that fell back or lost a value: a message key, or a placeholder left in braces. */
function unrendered(text: string): boolean {
  return WORKER_PREFIXES.test(text) || /\{\w+\}/.test(text) || text.includes("undefined") || text.includes("null");
}

describe("the worker's messages", () => {
  it("has every mail_, notice_ and api_ key in every language, translated rather than copied", () => {
    const english = Object.keys(en).filter((key) => WORKER_PREFIXES.test(key)).sort();
    expect(english.length).toBeGreaterThan(150);
    for (const [locale, messages] of Object.entries(files)) {
      expect({ locale, keys: Object.keys(messages).filter((key) => WORKER_PREFIXES.test(key)).sort() }).toEqual({ locale, keys: english });
      if (locale === "en") continue;
      // Only a line of pure punctuation around placeholders ("{label}: {url}") may read the same in two languages.
      const copied = english.filter((key) => {
        const source = (en as Record<string, unknown>)[key];
        const same = JSON.stringify(messages[key]) === JSON.stringify(source);
        return same && (typeof source !== "string" || /\p{L}/u.test(source.replace(/\{\w+\}/g, "")));
      });
      expect({ locale, copied }).toEqual({ locale, copied: [] });
    }
  });

  it("gives every error code a message in every language, the same code for all", () => {
    for (const locale of locales) {
      for (const code of errorCodes) {
        const message = apiErrorMessage(code, locale);
        expect({ code, locale, unrendered: unrendered(message) }).toEqual({ code, locale, unrendered: false });
        if (locale !== ENGLISH) expect({ code, locale, same: message === apiErrorMessage(code, ENGLISH) }).toEqual({ code, locale, same: false });
      }
    }
  });

  const forward: NoticeSubject = { title: "Omega Speedmaster", currency: "CHF", format: "forward" };
  const request: NoticeSubject = { title: "Fix a leaking tap", currency: "EUR", format: "reverse" };
  const sealed: NoticeSubject = { ...request, revealWindowMs: 24 * HOUR };
  const sold = { price: 125_050, bidCount: 4, winnerId: "bob", reserveMet: true, startsAt: START - HOUR, endsAt: START + 15 * 60_000 };
  const unsold = { ...sold, price: null, bidCount: 0, winnerId: null, reserveMet: false };

  it("renders every notice, for every kind of listing and outcome, in every language without a fallback", () => {
    for (const locale of locales) {
      const reader: Reader = { locale, timeZone: "Europe/Zurich" };
      for (const event of auctionNoticeEvents) {
        for (const subject of [forward, request, sealed]) {
          for (const facts of [sold, unsold, { ...sold, winnerId: null }]) {
            for (const winnerName of [null, "Bob"]) {
              const text = notificationText(event, subject, facts, { now: START, winnerName }, reader);
              expect({ event, locale, format: subject.format, text, broken: unrendered(text.title) || unrendered(text.body) }).toMatchObject({ broken: false });
            }
          }
        }
      }
      for (const event of notificationEvents) expect(unrendered(eventLabel(event, locale))).toBe(false);
    }
    // In English the mail's footer names an event as the preferences form does.
    for (const event of notificationEvents) expect(eventLabel(event, ENGLISH)).toBe(notificationEventLabels[event]);
  });

  it("counts in the reader's plural rules and names deadlines in their time zone", () => {
    const revealing = { ...sold, endsAt: START + 24 * HOUR };
    expect(notificationText("ended", sealed, { ...sold, bidCount: 1 }, { now: START, winnerName: null }, DEFAULT_READER).body).toContain("closed with 1 sealed offer. The provider now reveals it");
    expect(notificationText("ended", sealed, { ...sold, bidCount: 1 }, { now: START, winnerName: null }, readerFrom({ locale: "de" })).body).toContain("mit 1 verdeckten Angebot geschlossen");
    expect(notificationText("ended", sealed, { ...sold, bidCount: 3 }, { now: START, winnerName: null }, readerFrom({ locale: "de" })).body).toContain("mit 3 verdeckten Angeboten geschlossen");

    const tokyo = notificationText("reveal_open", sealed, revealing, { now: START, winnerName: null }, { locale: "ja", timeZone: "Asia/Tokyo" });
    expect(tokyo.body).toContain("24時間以内（2026年12月4日 21:00 JSTまで）");
    const utc = notificationText("reveal_open", sealed, revealing, { now: START, winnerName: null }, DEFAULT_READER);
    expect(utc.body).toContain("within 24 hours (by December 4, 2026 at 12:00 PM UTC)");
  });

  it("falls back to English and UTC for a preference it cannot use", () => {
    expect(readerFrom({ locale: "pt", timeZone: "Mars/Olympus_Mons" })).toEqual(DEFAULT_READER);
    expect(readerFrom({ locale: null, timeZone: null }, "fr")).toEqual({ locale: "fr", timeZone: "UTC" });
    expect(formatDateTime(START, { locale: "fr", timeZone: "Europe/Paris" })).toMatch(/^3 décembre 2026 (à )?13:00 UTC\+1$/);
  });

  it("writes every mail in its recipient's language, links unchanged", () => {
    const url = "https://gavel.test/auctions/a1";
    for (const locale of locales) {
      const mails = [
        verificationCodeMail("Gavel", "a@example.com", "123456", 10, locale),
        passwordResetMail("Gavel", "a@example.com", "https://gavel.test/reset-password?token=t", 30, locale),
        emailChangeCodeMail("Gavel", "a@example.com", "123456", 10, locale),
        emailChangedMail("Gavel", "a@example.com", "b@example.com", locale),
        sellerApplicationMail("Gavel", "a@example.com", { approved: true, reason: "Welcome", url }, locale),
        sellerApplicationMail("Gavel", "a@example.com", { approved: false, reason: "Too new", url }, locale),
        notificationMail(
          "Gavel",
          "a@example.com",
          { title: "T", body: "B", url, unsubscribeUrl: `${url}/u`, oneClickUnsubscribeUrl: `${url}/o`, eventLabel: eventLabel("outbid", locale) },
          locale,
        ),
      ];
      for (const mail of mails) {
        expect({ locale, subject: mail.subject, broken: unrendered(mail.subject) || unrendered(mail.text) || unrendered(mail.html) }).toMatchObject({ broken: false });
        expect(mail.html).toContain(`<html lang="${locale}">`);
      }
      expect(mails.at(-1)!.text).toContain(`${url}\n`);
    }
    expect(verificationCodeMail("Gavel", "a@example.com", "123456", 10, "ja").subject).toBe("Gavelの確認コード：123456");
  });

  it("words the notices after a sale in the recipient's language, quoting people as they wrote", () => {
    const order = { price: 125_050, currency: "EUR", trackingNote: "DHL 0034" } as OrderWithParties["order"];
    const found: OrderWithParties = {
      order,
      title: "Omega Speedmaster",
      format: "forward",
      buyer: { id: "b", displayName: "Bea", email: "bea@example.com" },
      seller: { id: "s", displayName: "Sam", email: "sam@example.com" },
    };
    const words = [
      ...OrderStep.options.map((step) => stepNoticeText(found, step)),
      orderMessageText(found, "Bea", "Is Tuesday fine?"),
      feedbackText({ title: found.title, author: "Bea", rating: "negative", comment: "" }),
      feedbackText({ title: found.title, author: "Bea", rating: "positive", comment: "Great seller" }),
      feedbackReplyText("Sam", "Thank you"),
      secondChanceText({ title: found.title, seller: "Sam", price: 120_000, currency: "EUR", hours: 48, expiresAt: START + 48 * HOUR }),
      secondChanceAnswerText({ title: found.title, buyer: "Bea", price: 120_000, currency: "EUR", accepted: true }),
      secondChanceAnswerText({ title: found.title, buyer: "Bea", price: 120_000, currency: "EUR", accepted: false }),
    ];
    for (const locale of locales) {
      for (const text of words.map((render) => render({ locale, timeZone: "UTC" }))) {
        expect({ locale, text, broken: unrendered(text.title) || unrendered(text.body) }).toMatchObject({ broken: false });
      }
    }
    const german = { locale: "de", timeZone: "Europe/Berlin" } as const;
    expect(stepNoticeText(found, "paid")(german)).toEqual({ title: "Zahlung bestätigt: Omega Speedmaster", body: `Sam hat Ihre Zahlung von ${formatMoney(125_050, "EUR", "de")} für „Omega Speedmaster“ bestätigt.` });
    expect(formatMoney(125_050, "EUR", "de")).toMatch(/^1\.250,50\s€$/);
    expect(stepNoticeText(found, "shipped")(german).body).toBe("Sam hat „Omega Speedmaster“ versandt. Sendungsverfolgung: DHL 0034");
    expect(feedbackText({ title: found.title, author: "Bea", rating: "positive", comment: "Great seller" })(german).body).toBe("Bea: „Great seller“");
    expect(secondChanceText({ title: found.title, seller: "Sam", price: 120_000, currency: "EUR", hours: 48, expiresAt: START + 48 * HOUR })(german).body).toContain(
      "innerhalb von 48 Stunden an oder lehnen Sie ab (bis 5. Dezember 2026 um 13:00 MEZ)",
    );
  });
});
