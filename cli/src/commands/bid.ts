import { randomUUID } from "node:crypto";
import type { Command } from "commander";
import { BidAccepted, PlaceBidRequest } from "../../../schema/api/auctions";
import { AuctionDetail } from "../../../schema/api/catalog";
import { minorUnitDigits, parseMajorUnits } from "../../../schema/money";
import { bidErrorMessage } from "../refusals";
import { ApiError, type Api } from "../api";
import type { Context } from "../context";
import { BID_EXIT_CODES, EXIT } from "../exit-codes";
import { money } from "../format";

/** Network failures and 5xx answers are retried this many times, always with the same Idempotency-Key. */
const ATTEMPTS = 3;

/** A refusal with its exit code: `main` prints `code: message` on stderr and exits with it. */
export class CommandFailure extends Error {
  readonly code: string;
  readonly exitCode: number;

  constructor(code: string, message: string, exitCode: number) {
    super(message);
    this.code = code;
    this.exitCode = exitCode;
  }
}

export interface BidInput {
  amount: number;
  maxAmount?: number;
  details?: { description: string; estimatedDuration: string; notes?: string };
}

/**
 * POST /api/auctions/:id/bids under one requestId for every attempt, so a
 * retry after a timeout returns the first answer and never bids twice.
 */
export async function placeBid(api: Api, auctionId: string, input: BidInput, requestId: string = randomUUID()): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const accepted = await api.request(BidAccepted, `/api/auctions/${encodeURIComponent(auctionId)}/bids`, {
        method: "POST",
        body: input,
        auth: "required",
        headers: { "idempotency-key": requestId },
      });
      return accepted.seq;
    } catch (error) {
      const transient = error instanceof ApiError && (error.code === "NETWORK" || error.status >= 500);
      if (!transient || attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
}

function amountIn(text: string, currency: string, flag: string): number {
  const minor = parseMajorUnits(text, minorUnitDigits(currency));
  if (minor === null || minor <= 0) {
    throw new CommandFailure("INVALID_AMOUNT", `${flag} "${text}" is not an amount in ${currency} (such as 25 or 25.50)`, BID_EXIT_CODES.INVALID_AMOUNT);
  }
  return minor;
}

export function bidCommand(program: Command, context: Context): void {
  const codes = Object.entries(BID_EXIT_CODES)
    .map(([code, exit]) => `  ${String(exit).padStart(2)}  ${code}`)
    .join("\n");
  program
    .command("bid")
    .description("place one bid, for scripts: exit 0 when accepted, a distinct code for each refusal")
    .argument("<id>", "the auction's id")
    .argument("<amount>", "in the auction's currency, e.g. 25 or 25.50")
    .option("--max <amount>", "a proxy maximum: the room bids for you up to it, one increment at a time")
    .option("--description <text>", "service requests: what you offer")
    .option("--duration <text>", "service requests: how long the work takes, e.g. \"2 days\"")
    .option("--notes <text>", "service requests: anything else")
    .option("--json", "print {seq, leading, currentPrice, currency} on acceptance")
    .addHelpText(
      "after",
      `
Exit codes: 0 accepted, 1 other error, 2 bad command line, 3 not logged in, 4 no such auction,
5 server unreachable, 6 rate limited, 7 forbidden (suspended); refusals:
${codes}
A refusal prints "CODE: message" on stderr. Retries after a network error reuse the same
Idempotency-Key, so a bid is never placed twice.`,
    )
    .action(async (id: string, amountText: string, options: { max?: string; description?: string; duration?: string; notes?: string; json?: boolean }) => {
      const api = await context.api();
      if (!(await api.currentLogin())) throw new CommandFailure("UNAUTHENTICATED", "You are not logged in: run `gavel login`", EXIT.NOT_LOGGED_IN);
      const path = `/api/auctions/${encodeURIComponent(id)}`;
      const auction = await api.request(AuctionDetail, path, { auth: "optional" });
      const input: BidInput = { amount: amountIn(amountText, auction.currency, "The amount") };
      if (options.max !== undefined) input.maxAmount = amountIn(options.max, auction.currency, "--max");
      if (options.description !== undefined || options.duration !== undefined) {
        input.details = { description: options.description ?? "", estimatedDuration: options.duration ?? "", ...(options.notes !== undefined && { notes: options.notes }) };
      }
      // The API's own request schema: its bounds on amounts hold here before anything is sent.
      const checked = PlaceBidRequest.safeParse(input);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        const code = issue?.path[0] === "details" ? "DETAILS_REQUIRED" : "INVALID_AMOUNT";
        throw new CommandFailure(code, `${issue?.path.join(".") || "bid"}: ${issue?.message ?? "invalid"}`, BID_EXIT_CODES[code]);
      }
      let seq: number;
      try {
        seq = await placeBid(api, id, input);
      } catch (error) {
        if (!(error instanceof ApiError) || !(error.code in BID_EXIT_CODES)) throw error;
        // The room's message quotes minor units ("Bid at least 1600"), and the limit may have moved since the first read.
        const limitMatters = error.code === "BID_TOO_LOW" || error.code === "BID_TOO_HIGH";
        const current = limitMatters ? await api.request(AuctionDetail, path, { auth: "optional" }).catch(() => auction) : auction;
        const limitText = current.nextBidLimit === null ? null : money(current.nextBidLimit, current.currency);
        const message = bidErrorMessage(error.code, { format: auction.format, limitText, serverMessage: error.message });
        throw new CommandFailure(error.code, message, BID_EXIT_CODES[error.code as keyof typeof BID_EXIT_CODES]);
      }
      const after = await api.request(AuctionDetail, path, { auth: "optional" });
      const leading = after.you?.leading ?? false;
      if (options.json) return context.json({ seq, leading, currentPrice: after.currentPrice, currency: after.currency });
      const reverse = after.format === "reverse";
      context.print(`Accepted (#${seq}): ${reverse ? "offer" : "bid"} of ${money(input.amount, after.currency)}${input.maxAmount ? `, maximum ${money(input.maxAmount, after.currency)}` : ""} on "${after.title}"`);
      context.print(
        leading
          ? `You are ${reverse ? "the lowest offer" : "the highest bidder"} at ${money(after.currentPrice, after.currency)}`
          : `Another bidder's maximum is higher: the price is now ${money(after.currentPrice, after.currency)} and you are not leading`,
      );
    });
}
