import { styleText } from "node:util";
import { formatMoney } from "../../schema/money";

type StyleName = "bold" | "dim" | "red" | "green" | "yellow" | "cyan" | "inverse";

/** Text styling that is a no-op when colour is off, so plain output is the same text without escapes. */
export interface Style {
  readonly colour: boolean;
  paint(style: StyleName | StyleName[], text: string): string;
}

/**
 * Colour only on a terminal, never when NO_COLOR is set to anything
 * (no-color.org) or TERM is dumb; FORCE_COLOR turns it on for pipes that want it.
 */
export function colourWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false") return true;
  return stream.isTTY === true && env.TERM !== "dumb";
}

export function makeStyle(colour: boolean): Style {
  return {
    colour,
    paint: (style, text) => (colour ? styleText(style, text, { validateStream: false }) : text),
  };
}

export function money(minor: number | null, currency: string, locale?: string): string {
  return minor === null ? "—" : formatMoney(minor, currency, locale);
}

export interface TimeOptions {
  /** An IANA zone; by default the user's (TZ, or the system's). */
  timeZone?: string | undefined;
  locale?: string | undefined;
}

/** "2 Dec 2026, 17:32" in the user's zone; the year only when it isn't this one. */
export function dateTime(epochMs: number, options: TimeOptions = {}, now = Date.now()): string {
  const sameYear = new Date(epochMs).getUTCFullYear() === new Date(now).getUTCFullYear();
  return new Intl.DateTimeFormat(options.locale, {
    day: "numeric",
    month: "short",
    ...(sameYear ? {} : { year: "numeric" }),
    hour: "2-digit",
    minute: "2-digit",
    timeZone: options.timeZone,
  }).format(epochMs);
}

/** "17:32:05" in the user's zone: the live view's bid times. */
export function clockTime(epochMs: number, options: TimeOptions = {}): string {
  return new Intl.DateTimeFormat(options.locale, { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone: options.timeZone }).format(epochMs);
}

/** A moment on the live view: the clock time when it is within 12 hours, the date too when further. */
export function momentText(epochMs: number, now: number, options: TimeOptions = {}): string {
  return Math.abs(epochMs - now) > 12 * 3_600_000 ? dateTime(epochMs, options, now) : clockTime(epochMs, options);
}

/** The zone times are shown in ("Europe/Paris"), for headers. */
export function zoneName(options: TimeOptions = {}): string {
  return options.timeZone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "in 4h 12m", "3m 05s ago". */
export function relative(epochMs: number, now: number): string {
  const delta = epochMs - now;
  return delta >= 0 ? `in ${durationText(delta)}` : `${durationText(-delta)} ago`;
}

/**
 * A countdown at a glance: "2d 4h", "3h 12m", "4m 05s", "9s". The client speaks English; the site's
 * countdown is in each language (formatDuration in web/src/lib/i18n/format.ts, through compiled messages
 * the client does not load).
 */
export function durationText(milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${String(rest).padStart(2, "0")}s`;
  return `${rest}s`;
}

/** "1 bid", "3 bids"; "1 offer" on service requests. */
export function bidCount(count: number, format: "forward" | "reverse"): string {
  const noun = format === "reverse" ? "offer" : "bid";
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Columns shown as a table: `width` caps a column (long titles are cut with "…"). */
export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  width?: number;
  align?: "left" | "right";
}

/** Terminal cells a string takes, ignoring escape sequences (our cells are all single-width text). */
export function visibleLength(text: string): number {
  return [...text.replace(/\x1b\[[0-9;]*m/g, "")].length;
}

const ESCAPE = /^\x1b\[[0-9;]*m/;

/** Cut to `width` cells with "…", keeping escape sequences whole (and closing them). */
export function truncate(text: string, width: number): string {
  if (visibleLength(text) <= width) return text;
  let kept = "";
  let cells = 0;
  let styled = false;
  for (let index = 0; index < text.length && cells < width - 1; ) {
    const escape = ESCAPE.exec(text.slice(index));
    if (escape) {
      kept += escape[0];
      styled = true;
      index += escape[0].length;
      continue;
    }
    const character = String.fromCodePoint(text.codePointAt(index)!);
    kept += character;
    cells += 1;
    index += character.length;
  }
  return `${kept}${width >= 1 ? "…" : ""}${styled ? "\x1b[0m" : ""}`;
}

function pad(text: string, width: number, align: "left" | "right"): string {
  const gap = " ".repeat(Math.max(0, width - visibleLength(text)));
  return align === "right" ? gap + text : text + gap;
}

/** A plain aligned table (two spaces between columns), the header styled when colour is on. */
export function table<Row>(rows: Row[], columns: Array<Column<Row>>, style: Style): string[] {
  const cells = rows.map((row) => columns.map((column) => truncate(column.value(row), column.width ?? Infinity)));
  const widths = columns.map((column, index) => Math.max(visibleLength(column.header), ...cells.map((line) => visibleLength(line[index]!))));
  const line = (values: string[]) =>
    values
      .map((value, index) => {
        const align = columns[index]!.align ?? "left";
        return index === values.length - 1 && align === "left" ? value : pad(value, widths[index]!, align);
      })
      .join("  ")
      .trimEnd();
  return [style.paint("bold", line(columns.map((column) => column.header))), ...cells.map(line)];
}

/** Words wrapped to `width` columns, keeping the text's own line breaks. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let current = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (current && visibleLength(current) + 1 + visibleLength(word) > width) {
        lines.push(current);
        current = word;
      } else {
        current = current ? `${current} ${word}` : word;
      }
    }
    lines.push(current);
  }
  return lines;
}
