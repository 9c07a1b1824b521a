import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRatesFile } from "../rates-file.ts";
import { queryLocal, runScript, wrangler } from "./cli";

let stateDir: string;
let files: string;

beforeAll(() => {
  stateDir = mkdtempSync(join(tmpdir(), "gavel-rates-"));
  files = mkdtempSync(join(tmpdir(), "gavel-rate-files-"));
  wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir], stateDir);
});

afterAll(() => {
  rmSync(stateDir, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

const today = new Date().toISOString().slice(0, 10);

function file(name: string, contents: string): string {
  const path = join(files, name);
  writeFileSync(path, contents);
  return path;
}

const ECB_XML = `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <gesmes:subject>Reference rates</gesmes:subject>
  <Cube>
    <Cube time='2026-12-02'>
      <Cube currency='USD' rate='1.0523'/>
      <Cube currency='JPY' rate='162.47'/>
      <Cube currency='CHF' rate='0.9362'/>
    </Cube>
    <Cube time='2026-12-01'>
      <Cube currency='USD' rate='1.0400'/>
    </Cube>
  </Cube>
</gesmes:Envelope>`;

describe("rate files", () => {
  it("read the ECB's XML (newest day) and CSV, and Gavel's JSON", () => {
    const ecbDay = { base: "EUR", date: "2026-12-02", source: "ECB", rates: { USD: "1.0523", JPY: "162.47", CHF: "0.9362" } };
    expect(parseRatesFile(ECB_XML)).toEqual({ ok: true, upload: ecbDay });
    expect(parseRatesFile("Date, USD, JPY, CHF, BGN, \n02 December 2026, 1.0523, 162.47, 0.9362, N/A, \n")).toEqual({ ok: true, upload: ecbDay });
    const json = JSON.stringify({ base: "USD", date: "2026-12-02", source: "Bank", rates: { JPY: 154.4, CHF: "0.8897" } });
    expect(parseRatesFile(json, "Treasury")).toEqual({ ok: true, upload: { base: "USD", date: "2026-12-02", source: "Treasury", rates: { JPY: "154.4", CHF: "0.8897" } } });
  });

  it("say what is wrong with a file they cannot load", () => {
    expect(parseRatesFile("{")).toMatchObject({ ok: false });
    expect(parseRatesFile("[]")).toMatchObject({ ok: false });
    expect(parseRatesFile("Currency, Rate\nUSD, 1.05\n")).toEqual({ ok: false, problems: ["the CSV file's first column must be Date (the ECB's eurofxref.csv)"] });
    const tiny = JSON.stringify({ base: "EUR", date: "2026-12-02", source: "x", rates: { JPY: 1e-7 } });
    expect(parseRatesFile(tiny)).toEqual({ ok: false, problems: ["rates.JPY: Write the rate as a decimal such as 1.0523 (at most 10 decimals)"] });
  });
});

describe("npm run rates:update", () => {
  it("loads a file into the local database with an audit entry, and a second load of the day replaces the first", () => {
    const first = runScript("update-rates.ts", ["--env", "local", "--file", file("first.json", JSON.stringify({ base: "EUR", date: today, source: "ECB", rates: { USD: "1.05", JPY: "160" } }))], { stateDir });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain(`2 EUR rates of ${today} (ECB) loaded into the local database`);

    const second = runScript("update-rates.ts", ["--file", file("second.csv", `Date, USD, \n${today}, 1.0523, \n`), "--source", "ECB (corrected)"], { stateDir });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain("replacing that day's earlier load");
    expect(queryLocal(stateDir, `SELECT base, quote, rate, rate_date, source, loaded_by FROM exchange_rates`)).toEqual([
      { base: "EUR", quote: "USD", rate: "1.0523", rate_date: today, source: "ECB (corrected)", loaded_by: null },
    ]);
    const audit = queryLocal<{ before: string; after: string; ip: string }>(stateDir, "SELECT before, after, ip FROM audit_log WHERE action = 'rates.update' ORDER BY at");
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[1]!.before)).toEqual({ USD: "1.05", JPY: "160" });
    expect(audit[1]!.ip).toBe("command line");
  });

  it("refuses a bad file, a date in the future and an unknown environment, loading nothing", () => {
    const before = queryLocal<{ count: number }>(stateDir, "SELECT count(*) AS count FROM exchange_rates")[0]!.count;
    const bad = runScript("update-rates.ts", ["--file", file("bad.json", JSON.stringify({ base: "EUR", date: today, source: "x", rates: { USD: "-1" } }))], { stateDir });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("rates.USD");
    const future = runScript("update-rates.ts", ["--file", file("future.json", JSON.stringify({ base: "EUR", date: "2999-01-01", source: "x", rates: { USD: "1" } }))], { stateDir });
    expect(future.status).toBe(1);
    expect(future.stderr).toContain("in the future");
    const missing = runScript("update-rates.ts", [], { stateDir });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("give a rates --file");
    const qa = runScript("update-rates.ts", ["--env", "qa", "--file", file("ok.json", "{}")], { stateDir });
    expect(qa.stderr).toContain("--env must be one of staging, production");
    expect(queryLocal<{ count: number }>(stateDir, "SELECT count(*) AS count FROM exchange_rates")[0]!.count).toBe(before);
  });
});
