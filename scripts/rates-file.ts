/**
 * The rate files `npm run rates:update` reads (docs/operations.md):
 * - Gavel's JSON, the body of PUT /api/admin/rates:
 *   `{"base":"EUR","date":"2026-12-02","source":"ECB","rates":{"USD":"1.0523","JPY":"162.47"}}`
 * - the ECB's daily reference rates as published, EUR-based: the XML
 *   (eurofxref-daily.xml, or the history file, whose newest day is taken) or
 *   the CSV from eurofxref.zip (`Date, USD, JPY, …` then `02 December 2026, 1.0523, 162.47, …`).
 * What comes out is checked against the same schema as the admin route's body.
 */
import { RatesUpload } from "../schema/api/exchange-rates.ts";

export type RatesCandidate = Record<string, unknown>;

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** "02 December 2026" (the ECB's CSV) or "2026-12-02" as an ISO date, else the text unchanged for the schema to refuse. */
function isoDate(text: string): string {
  const spelled = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(text.trim());
  if (!spelled) return text.trim();
  const month = MONTHS.indexOf(spelled[2]!.toLowerCase()) + 1;
  if (month === 0) return text.trim();
  return `${spelled[3]}-${String(month).padStart(2, "0")}-${spelled[1]!.padStart(2, "0")}`;
}

/** A rate written as a JSON number is turned back into the decimal it was typed as (1.0523 → "1.0523"). */
const rateText = (value: unknown) => (typeof value === "number" ? String(value) : value);

function fromJson(text: string): RatesCandidate {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("the JSON file must be one object: {base, date, source, rates}");
  const candidate = parsed as Record<string, unknown>;
  const rates = candidate.rates;
  if (typeof rates !== "object" || rates === null || Array.isArray(rates)) return candidate;
  return { ...candidate, rates: Object.fromEntries(Object.entries(rates).map(([quote, rate]) => [quote, rateText(rate)])) };
}

function fromEcbXml(text: string): RatesCandidate {
  const day = /<Cube\s+time=['"]([^'"]+)['"]\s*>([\s\S]*?)<\/Cube>/.exec(text);
  if (!day) throw new Error("no <Cube time='…'> day in the XML file");
  const rates: Record<string, string> = {};
  for (const match of day[2]!.matchAll(/<Cube\s+currency=['"]([^'"]+)['"]\s+rate=['"]([^'"]+)['"]\s*\/>/g)) rates[match[1]!] = match[2]!;
  return { base: "EUR", date: day[1], source: "ECB", rates };
}

function fromEcbCsv(text: string): RatesCandidate {
  const [header, newest] = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  if (!header || !newest) throw new Error("the CSV file needs a header line and a line of rates");
  const columns = header.split(",").map((cell) => cell.trim());
  const cells = newest.split(",").map((cell) => cell.trim());
  if (columns[0]?.toLowerCase() !== "date") throw new Error("the CSV file's first column must be Date (the ECB's eurofxref.csv)");
  const rates: Record<string, string> = {};
  columns.forEach((quote, index) => {
    const rate = cells[index];
    // The ECB leaves a trailing comma, and writes N/A for currencies it no longer quotes.
    if (index === 0 || quote === "" || rate === undefined || rate === "" || rate === "N/A") return;
    rates[quote] = rate;
  });
  return { base: "EUR", date: isoDate(cells[0] ?? ""), source: "ECB", rates };
}

/** A rates file's contents as an upload, or the reasons it is not one. */
export function parseRatesFile(text: string, source?: string): { ok: true; upload: RatesUpload } | { ok: false; problems: string[] } {
  const trimmed = text.trimStart();
  let candidate: RatesCandidate;
  try {
    candidate = trimmed.startsWith("{") ? fromJson(trimmed) : trimmed.startsWith("<") ? fromEcbXml(trimmed) : fromEcbCsv(trimmed);
  } catch (error) {
    return { ok: false, problems: [(error as Error).message] };
  }
  const parsed = RatesUpload.safeParse(source ? { ...candidate, source } : candidate);
  if (parsed.success) return { ok: true, upload: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join(".") || "file"}: ${issue.message}`) };
}
