import { emitKeypressEvents } from "node:readline";
import { minorUnitDigits, parseMajorUnits } from "../../../schema/money";
import { bidErrorMessage } from "../refusals";
import { needsConfirmation, ratioText } from "../../../web/src/lib/live/bidding";
import { clockTime, momentText, money, type Style, type TimeOptions } from "../format";
import type { BidRequest, LiveFeed } from "./feed";
import { biddingOpen, renderLive, type InputMode, type Message } from "./view";

interface Key {
  name?: string;
  sequence?: string;
  ctrl?: boolean;
}

const ENTER_ALTERNATE_SCREEN = "\x1b[?1049h\x1b[?25l";
const LEAVE_ALTERNATE_SCREEN = "\x1b[?25h\x1b[?1049l";
/** Frames arriving together are drawn once, this long after the first. */
const REDRAW_DEBOUNCE_MS = 16;
/** The countdown is redrawn this often; an unchanged screen is not written again. */
const TICK_MS = 200;

export interface TerminalOptions {
  feed: LiveFeed;
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  style: Style;
  time: TimeOptions;
  loggedIn: boolean;
}

/**
 * The full-screen view: the alternate screen (so quitting gives the shell its
 * screen back as it was), raw keys, a redraw on every change and every tick.
 * Whatever way it ends (q, Ctrl-C, SIGTERM, a crash), the terminal is restored.
 */
export function runFullScreen(options: TerminalOptions): Promise<void> {
  const { feed, input, output, style, time } = options;
  let mode: InputMode = { kind: "keys" };
  let message: Message | null = null;
  let drawn = "";
  let redrawTimer: ReturnType<typeof setTimeout> | null = null;
  const currency = () => feed.snapshot.currency;
  const price = (minor: number | null) => money(minor, currency());

  const draw = () => {
    redrawTimer = null;
    const lines = renderLive(
      {
        detail: feed.detail,
        snapshot: feed.snapshot,
        bids: feed.bids,
        connection: feed.connection,
        retryAt: feed.retryAt,
        cues: feed.cues,
        serverNow: feed.serverNow(),
        localNow: Date.now(),
        loggedIn: options.loggedIn,
        input: mode,
        message,
      },
      { width: output.columns || 80, height: output.rows || 24, style, time },
    );
    const frame = `\x1b[H${lines.map((line) => `${line}\x1b[K`).join("\r\n")}\x1b[J`;
    if (frame === drawn) return;
    drawn = frame;
    output.write(frame);
  };
  const scheduleDraw = () => {
    redrawTimer ??= setTimeout(draw, REDRAW_DEBOUNCE_MS);
  };

  const send = (request: BidRequest) => {
    const limitText = () => (feed.snapshot.nextBidLimit === null ? null : price(feed.snapshot.nextBidLimit));
    message = { tone: "info", text: `Sending ${price(request.amount)}${request.maxAmount ? ` (maximum ${price(request.maxAmount)})` : ""}…` };
    mode = { kind: "keys" };
    scheduleDraw();
    void feed.bid(request).then((outcome) => {
      message = outcome.ok
        ? { tone: "good", text: `Bid accepted at ${clockTime(Date.now(), time)} (#${outcome.seq})` }
        : { tone: "bad", text: `${outcome.code}: ${bidErrorMessage(outcome.code, { format: feed.snapshot.format, limitText: limitText(), serverMessage: outcome.message })}` };
      scheduleDraw();
    });
  };

  /** A typed amount, confirmed first when more than 50 % above the minimum (a typo like 1000 for 100). */
  const submit = (kind: "amount" | "maximum", text: string) => {
    const typed = parseMajorUnits(text, minorUnitDigits(currency()));
    const minimum = feed.snapshot.nextBidLimit;
    if (typed === null || typed <= 0 || minimum === null) {
      message = { tone: "bad", text: minimum === null ? "Bidding is closed." : `Type an amount in ${currency()}, such as 25 or 25.50.` };
      mode = { kind: "keys" };
      return;
    }
    if (typed < minimum) {
      message = { tone: "bad", text: `${kind === "amount" ? "Bid" : "Your maximum must be"} at least ${price(minimum)}.` };
      mode = { kind: "keys" };
      return;
    }
    const request: BidRequest = kind === "amount" ? { amount: typed } : { amount: minimum, maxAmount: typed };
    if (needsConfirmation(typed, minimum)) {
      mode = { kind: "confirm", amount: request.amount, ...(request.maxAmount !== undefined && { maxAmount: request.maxAmount }), ratio: ratioText(typed, minimum) };
      return;
    }
    send(request);
  };

  const canBid = () => biddingOpen(feed.snapshot, options.loggedIn);

  return new Promise<void>((resolve) => {
    let finished = false;
    const ticker = setInterval(draw, TICK_MS);
    const unsubscribe = feed.onChange(scheduleDraw);

    const restore = () => {
      if (finished) return;
      finished = true;
      clearInterval(ticker);
      if (redrawTimer) clearTimeout(redrawTimer);
      unsubscribe();
      feed.stop();
      input.off("keypress", onKey);
      output.off("resize", onResize);
      process.off("SIGTERM", finish);
      process.off("SIGHUP", finish);
      process.off("uncaughtException", onCrash);
      if (input.isTTY) input.setRawMode(false);
      input.pause();
      output.write(LEAVE_ALTERNATE_SCREEN);
    };
    const finish = () => {
      restore();
      resolve();
    };
    const onCrash = (error: Error) => {
      restore();
      process.stderr.write(`gavel: ${error.stack ?? error.message}\n`);
      process.exit(1);
    };
    const onResize = () => {
      drawn = "";
      output.write("\x1b[2J");
      draw();
    };

    const onKey = (typed: string | undefined, key: Key = {}) => {
      if (key.ctrl && key.name === "c") return finish();
      if (mode.kind === "confirm") {
        const confirmed = mode;
        if (typed === "y" || typed === "Y") send({ amount: confirmed.amount, ...(confirmed.maxAmount !== undefined && { maxAmount: confirmed.maxAmount }) });
        else {
          mode = { kind: "keys" };
          message = { tone: "info", text: "Not sent." };
        }
        return scheduleDraw();
      }
      if (mode.kind === "amount" || mode.kind === "maximum") {
        if (key.name === "escape") mode = { kind: "keys" };
        else if (key.name === "return" || key.name === "enter") submit(mode.kind, mode.text);
        else if (key.name === "backspace") mode = { ...mode, text: mode.text.slice(0, -1) };
        else if (typed && /^[\d.,]$/.test(typed) && mode.text.length < 18) mode = { ...mode, text: mode.text + typed };
        return scheduleDraw();
      }
      if (typed === "q" || typed === "Q" || key.name === "escape") return finish();
      if (typed === "b" || typed === "a" || typed === "m") {
        if (!canBid()) {
          message = { tone: "bad", text: !options.loggedIn ? "Log in to bid: gavel login" : feed.snapshot.format === "reverse" ? "Offers need details: use gavel bid … --description … --duration …" : "Bidding is not open." };
        } else if (typed === "b") {
          const minimum = feed.snapshot.nextBidLimit;
          if (minimum !== null) send({ amount: minimum });
        } else {
          mode = { kind: typed === "a" ? "amount" : "maximum", text: "" };
          message = null;
        }
        scheduleDraw();
      }
    };

    process.on("SIGTERM", finish);
    process.on("SIGHUP", finish);
    process.on("uncaughtException", onCrash);
    output.write(`${ENTER_ALTERNATE_SCREEN}\x1b[2J`);
    emitKeypressEvents(input);
    if (input.isTTY) input.setRawMode(true);
    input.resume();
    input.on("keypress", onKey);
    output.on("resize", onResize);
    feed.start();
    draw();
  });
}

/** Not a terminal: one plain line per event, for logs and pipes; stops when the auction closes or on a signal. */
export function runPlain(feed: LiveFeed, output: NodeJS.WriteStream, time: TimeOptions): Promise<void> {
  return new Promise<void>((resolve) => {
    let lastSeq = feed.bids[0]?.seq ?? 0;
    let lastStatus = feed.snapshot.status;
    let lastConnection = feed.connection;
    let cueCount = feed.cues.length;
    const price = (minor: number | null) => money(minor, feed.snapshot.currency);
    const line = (text: string) => output.write(`${clockTime(Date.now(), time)}  ${text}\n`);
    line(`${feed.detail.title}: ${feed.snapshot.status}, ${price(feed.snapshot.currentPrice ?? feed.snapshot.startingPrice)}, ends ${momentText(feed.snapshot.endsAt, feed.serverNow(), time)}`);
    const stop = () => {
      unsubscribe();
      feed.stop();
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    const unsubscribe = feed.onChange(() => {
      if (feed.connection !== lastConnection) {
        lastConnection = feed.connection;
        line(feed.connection === "connected" ? "connected" : feed.connection);
      }
      for (const bid of [...feed.bids].reverse()) {
        if (bid.seq <= lastSeq) continue;
        lastSeq = bid.seq;
        line(`#${bid.seq} ${price(bid.amount)} ${bid.bidder}${bid.kind === "bid" ? "" : ` (${bid.kind})`}, ends ${momentText(bid.endsAt, feed.serverNow(), time)}`);
      }
      for (const cue of feed.cues.slice(cueCount)) {
        if (cue.kind === "outbid") line(`OUTBID${cue.by ? ` by ${cue.by} at ${price(cue.amount)}` : ""}`);
        if (cue.kind === "extended") line(`soft close: extended to ${momentText(cue.to, feed.serverNow(), time)}`);
      }
      cueCount = feed.cues.length;
      if (feed.snapshot.status !== lastStatus) {
        lastStatus = feed.snapshot.status;
        line(`status: ${lastStatus}`);
        if (lastStatus !== "live" && lastStatus !== "scheduled") stop();
      }
    });
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    feed.start();
  });
}
