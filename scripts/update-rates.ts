/**
 * `npm run rates:update -- [--env staging|production|local] --file <rates file> [--source <name>]`
 * `npm run rates:update -- [--env …] --from-ecb`
 *
 * Loads one day's exchange rates into the local or a remote database, the way
 * the admin console's rates form does: that base's rates for that day are
 * replaced, and the load is written to the audit log. The file is one the
 * operator provides (formats in scripts/rates-file.ts and docs/operations.md);
 * --from-ecb downloads the ECB's daily XML instead, the only network call.
 */
import { readFileSync } from "node:fs";
import { d1Target, executeD1, queryD1, sqlString } from "./d1-target.mjs";
import { parseRatesFile } from "./rates-file.ts";
import type { RatesUpload } from "../schema/api/exchange-rates.ts";

const USAGE = "usage: npm run rates:update -- [--env staging|production|local] (--file <rates.json|eurofxref.csv|eurofxref-daily.xml> [--source <name>] | --from-ecb)";
const ECB_DAILY_XML = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml";
const DAY_MS = 24 * 60 * 60 * 1000;

function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  const inline = argv.find((arg) => arg.startsWith(`${name}=`));
  return inline ? inline.slice(name.length + 1) : index >= 0 ? argv[index + 1] : undefined;
}

function statements(upload: RatesUpload, before: unknown, now: number): string[] {
  const rows = Object.entries(upload.rates).map(
    ([quote, rate]) =>
      `INSERT INTO exchange_rates (base, quote, rate_date, rate, source, loaded_by, loaded_at) VALUES ` +
      `(${sqlString(upload.base)}, ${sqlString(quote)}, ${sqlString(upload.date)}, ${sqlString(rate)}, ${sqlString(upload.source)}, NULL, ${now});`,
  );
  return [
    `DELETE FROM exchange_rates WHERE base = ${sqlString(upload.base)} AND rate_date = ${sqlString(upload.date)};`,
    ...rows,
    `INSERT INTO audit_log (id, at, actor_id, action, target_type, target_id, before, after, request_id, ip) VALUES ` +
      `(${sqlString(crypto.randomUUID())}, ${now}, NULL, 'rates.update', 'exchange_rates', ${sqlString(`${upload.base}@${upload.date}`)}, ` +
      `${before === null ? "NULL" : sqlString(JSON.stringify(before))}, ${sqlString(JSON.stringify(upload))}, NULL, 'command line');`,
  ];
}

async function ratesText(argv: string[]): Promise<string> {
  if (argv.includes("--from-ecb")) {
    const response = await fetch(ECB_DAILY_XML);
    if (!response.ok) throw new Error(`the ECB answered ${response.status}; download ${ECB_DAILY_XML} yourself and pass it with --file`);
    return response.text();
  }
  const file = option(argv, "--file");
  if (!file) throw new Error(`give a rates --file\n${USAGE}`);
  return readFileSync(file, "utf8");
}

async function update(argv: string[]): Promise<void> {
  const target = d1Target(argv);
  const parsed = parseRatesFile(await ratesText(argv), option(argv, "--source"));
  if (!parsed.ok) throw new Error(`the rates were not loaded:\n  ${parsed.problems.join("\n  ")}`);
  const { upload } = parsed;
  const now = Date.now();
  if (upload.date > new Date(now + DAY_MS).toISOString().slice(0, 10)) throw new Error(`the rates are dated ${upload.date}, in the future: check the file`);
  const existing = queryD1(target, `SELECT quote, rate FROM exchange_rates WHERE base = ${sqlString(upload.base)} AND rate_date = ${sqlString(upload.date)}`) as Array<{ quote: string; rate: string }>;
  const before = existing.length === 0 ? null : Object.fromEntries(existing.map((row) => [row.quote, row.rate]));
  executeD1(target, statements(upload, before, now));
  const count = Object.keys(upload.rates).length;
  console.log(`rates:update: ${count} ${upload.base} rates of ${upload.date} (${upload.source}) loaded into ${target.label}${before ? ", replacing that day's earlier load" : ""}`);
}

try {
  await update(process.argv.slice(2));
} catch (error) {
  console.error(`rates:update: ${(error as Error).message}`);
  process.exit(1);
}
