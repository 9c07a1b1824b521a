import type { AuctionDetail } from "../../../schema/api/catalog";
import type { AuctionSnapshot, BidHistoryEntry } from "../../../schema/api/live";
import { bidCount, clockTime, durationText, momentText, money, truncate, visibleLength, zoneName, type Style, type TimeOptions } from "../format";
import type { ConnectionState, Cue } from "./feed";

export type InputMode = { kind: "keys" } | { kind: "amount" | "maximum"; text: string } | { kind: "confirm"; amount: number; maxAmount?: number; ratio: string };

export interface Message {
  tone: "info" | "good" | "bad";
  text: string;
}

export interface LiveModel {
  detail: AuctionDetail;
  snapshot: AuctionSnapshot;
  bids: BidHistoryEntry[];
  connection: ConnectionState;
  /** When the next connection attempt starts (local clock). */
  retryAt: number;
  cues: Array<Cue & { at: number }>;
  serverNow: number;
  localNow: number;
  loggedIn: boolean;
  input: InputMode;
  message: Message | null;
}

export interface Screen {
  width: number;
  height: number;
  style: Style;
  time: TimeOptions;
}

/** How long a cue (outbid, soft-close extension) stays on screen. */
export const CUE_MS = 10_000;

function standing(model: LiveModel, style: Style): string {
  const you = model.snapshot.you;
  const reverse = model.snapshot.format === "reverse";
  if (!model.loggedIn) return style.paint("dim", "watching anonymously: gavel login to bid");
  if (!you) return style.paint("dim", "watching");
  if (you.isSeller) return "this is your listing";
  if (!you.alias) return "you have not bid yet";
  if (model.snapshot.status === "ended") {
    if (!you.leading) return `${you.alias}: you did not win`;
    return model.snapshot.hasReserve && !model.snapshot.reserveMet ? `${you.alias}: highest, but the reserve was not met` : style.paint(["bold", "green"], `${you.alias}: you won`);
  }
  return you.leading
    ? style.paint(["bold", "green"], `${you.alias}: ${reverse ? "lowest offer" : "highest bidder"}`)
    : style.paint(["bold", "red"], `${you.alias}: ${reverse ? "undercut" : "OUTBID"}`);
}

function countdown(model: LiveModel, style: Style, time: TimeOptions): string {
  const { snapshot } = model;
  if (snapshot.status === "scheduled") return `starts in ${durationText(snapshot.startsAt - model.serverNow)} (${momentText(snapshot.startsAt, model.serverNow, time)})`;
  if (snapshot.status !== "live") return style.paint("bold", snapshot.status === "ended" ? "ENDED" : snapshot.status.toUpperCase());
  const left = snapshot.endsAt - model.serverNow;
  const text = left > 0 ? `${durationText(left)} left` : "ending…";
  const soft = model.detail.softCloseMinutes;
  const closing = soft > 0 && left > 0 && left <= soft * 60_000;
  const painted = left <= 60_000 ? style.paint(["bold", "red"], text) : left <= 5 * 60_000 ? style.paint(["bold", "yellow"], text) : style.paint("bold", text);
  return `${painted}  ends ${momentText(snapshot.endsAt, model.serverNow, time)}${closing ? style.paint("yellow", `  soft close: a bid now extends to ${soft} min`) : ""}`;
}

function cueLine(cue: Cue, model: LiveModel, style: Style, time: TimeOptions): string {
  const price = (minor: number | null) => money(minor, model.snapshot.currency);
  switch (cue.kind) {
    case "outbid":
      return style.paint(["bold", "inverse", "red"], ` OUTBID${cue.by ? ` by ${cue.by} at ${price(cue.amount)}` : ""} `);
    case "extended":
      return style.paint(["bold", "yellow"], `Soft close: extended by ${durationText(cue.to - cue.from)} to ${clockTime(cue.to, time)}`);
    case "status":
      return style.paint("bold", `The auction is now ${cue.status}`);
  }
}

/** Whether the bid keys work: a logged-in bidder (not the seller) on a live forward auction; offers need text, so `gavel bid`. */
export function biddingOpen(snapshot: AuctionSnapshot, loggedIn: boolean): boolean {
  return loggedIn && snapshot.status === "live" && snapshot.format === "forward" && !snapshot.you?.isSeller;
}

function keysLine(model: LiveModel, style: Style): string {
  const key = (name: string) => style.paint(["bold", "inverse"], ` ${name} `);
  const { snapshot } = model;
  const price = (minor: number | null) => money(minor, snapshot.currency);
  switch (model.input.kind) {
    case "amount":
    case "maximum":
      return `${model.input.kind === "amount" ? "Your bid" : "Your maximum"} (${snapshot.currency}): ${model.input.text}█   ${key("Enter")} send  ${key("Esc")} cancel`;
    case "confirm":
      return style.paint("yellow", `${price(model.input.maxAmount ?? model.input.amount)} is ${model.input.ratio} the minimum. Send it? `) + `${key("y")} yes  ${key("n")} no`;
    case "keys": {
      const bidKeys = biddingOpen(snapshot, model.loggedIn) ? `${key("b")} bid ${price(snapshot.nextBidLimit)}  ${key("a")} amount  ${key("m")} maximum  ` : "";
      return `${bidKeys}${key("q")} quit`;
    }
  }
}

function bidLine(bid: BidHistoryEntry, model: LiveModel, time: TimeOptions, style: Style): string {
  const mine = model.snapshot.you?.alias === bid.bidder;
  const kind = bid.kind === "bid" ? "" : ` ${bid.kind.replace("_", " ")}`;
  const text = `${momentText(bid.at, model.serverNow, time)}  ${money(bid.amount, model.snapshot.currency).padStart(10)}  ${bid.bidder}${mine ? " (you)" : ""}${kind}`;
  return mine ? style.paint("cyan", text) : text;
}

/** Two columns side by side, each cut to its width. */
function columns(left: string[], right: string[], leftWidth: number, rightWidth: number): string[] {
  const rows: string[] = [];
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const cell = truncate(left[index] ?? "", leftWidth);
    rows.push(`${cell}${" ".repeat(Math.max(0, leftWidth - visibleLength(cell)))}  ${truncate(right[index] ?? "", rightWidth)}`);
  }
  return rows;
}

/**
 * The whole screen as lines, from the model alone (no I/O), so the layout is
 * tested without a terminal. Lines never exceed the width; the bid list gets
 * what height is left.
 */
export function renderLive(model: LiveModel, screen: Screen): string[] {
  const { style, time } = screen;
  const width = Math.max(40, screen.width);
  const { snapshot } = model;
  const reverse = snapshot.format === "reverse";
  const price = (minor: number | null) => money(minor, snapshot.currency);
  const rule = style.paint("dim", "─".repeat(width));
  const connection =
    model.connection === "connected"
      ? style.paint("green", "● connected")
      : model.connection === "reconnecting"
        ? style.paint("yellow", `○ reconnecting in ${Math.max(1, Math.ceil((model.retryAt - model.localNow) / 1000))}s`)
        : style.paint("yellow", "○ connecting");
  const title = truncate(model.detail.title, width - 14);
  const header = `${style.paint("bold", title)}${" ".repeat(Math.max(1, width - visibleLength(title) - visibleLength(connection)))}${connection}`;
  const leader = snapshot.leaderboard.find((row) => row.leading);
  const flags = [
    bidCount(snapshot.bidCount, snapshot.format),
    ...(leader ? [`${reverse ? "lowest" : "leader"} ${leader.alias}${leader.alias === snapshot.you?.alias ? " (you)" : ""}`] : []),
    ...(snapshot.hasReserve ? [snapshot.reserveMet ? "reserve met" : "reserve not met"] : []),
    ...(snapshot.buyNowPrice !== null && snapshot.status === "live" ? [`buy now ${price(snapshot.buyNowPrice)}`] : []),
  ];
  const priceText = snapshot.currentPrice === null ? `no bids yet (${reverse ? "budget" : "starts at"} ${price(snapshot.startingPrice)})` : price(snapshot.currentPrice);
  const lines = [
    header,
    rule,
    `${reverse ? "Lowest  " : "Price   "}  ${style.paint(["bold", "green"], priceText)}   ${flags.join(" · ")}`,
    ...(snapshot.nextBidLimit !== null && snapshot.status === "live" ? [`${reverse ? "Next    " : "Next bid"}  ${reverse ? "at most" : "at least"} ${price(snapshot.nextBidLimit)}`] : []),
    `Time      ${countdown(model, style, time)}`,
    `You       ${standing(model, style)}`,
  ];
  const cues = model.cues.filter((cue) => model.localNow - cue.at < CUE_MS).slice(-2);
  for (const cue of cues) lines.push(cueLine(cue, model, style, time));
  lines.push(rule);

  const footer = [rule];
  if (model.message) {
    const tone = model.message.tone === "good" ? "green" : model.message.tone === "bad" ? "red" : "cyan";
    footer.push(style.paint(tone, truncate(model.message.text, width)));
  }
  footer.push(keysLine(model, style), style.paint("dim", truncate(`Times in ${zoneName(time)} · ${model.detail.id}`, width)));

  const room = Math.max(3, screen.height - lines.length - footer.length);
  const bidTitle = style.paint("bold", `Last ${reverse ? "offers" : "bids"}`);
  const boardTitle = style.paint("bold", "Leaderboard");
  const bidRows = model.bids.length ? model.bids.map((bid) => bidLine(bid, model, time, style)) : [style.paint("dim", "none yet")];
  const boardRows = snapshot.leaderboard.length
    ? snapshot.leaderboard.map((row, index) => `${index + 1}. ${row.alias}  ${price(row.amount)}${row.leading ? style.paint("green", " ◀") : ""}`)
    : [style.paint("dim", "none yet")];
  if (width >= 72) {
    const leftWidth = Math.floor(width * 0.58);
    lines.push(...columns([bidTitle, ...bidRows], [boardTitle, ...boardRows], leftWidth, width - leftWidth - 2).slice(0, room));
  } else {
    const board = [boardTitle, ...boardRows.slice(0, 3)];
    lines.push(...board, ...[bidTitle, ...bidRows].slice(0, Math.max(2, room - board.length)));
  }
  return [...lines.map((line) => (visibleLength(line) > width ? truncate(line, width) : line)), ...footer];
}
