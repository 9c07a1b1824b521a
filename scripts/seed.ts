/**
 * Demo data, idempotent: every insert is keyed on a natural key and skipped
 * when the row exists, so `npm run dev` can seed on every start.
 * Prints SQL for `wrangler d1 execute --file`. Its accounts share a published
 * password, so it refuses any remote database: bootstrap a real site with
 * `npm run admin -- create` and `npm run seed:categories` instead.
 */
import { hashPassword } from "../worker/auth/password.ts";
import { categoriesSql, quote } from "./categories.ts";

export const DEMO_PASSWORD = "gavel-demo-pass";

interface DemoUser {
  email: string;
  displayName: string;
  roles: string[];
}

const demoUsers: DemoUser[] = [
  { email: "admin@gavel.test", displayName: "Gavel Admin", roles: ["admin"] },
  { email: "seller@gavel.test", displayName: "Sam Seller", roles: ["seller"] },
  { email: "bidder1@gavel.test", displayName: "Bidder One", roles: [] },
  { email: "bidder2@gavel.test", displayName: "Bidder Two", roles: [] },
  { email: "bidder3@gavel.test", displayName: "Bidder Three", roles: [] },
];

async function usersSql(now: number): Promise<string[]> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return demoUsers.map(
    (user) =>
      `INSERT INTO users (id, email, display_name, password_hash, roles, email_verified_at, created_at, updated_at) ` +
      `VALUES (${quote(crypto.randomUUID())}, ${quote(user.email)}, ${quote(user.displayName)}, ${quote(passwordHash)}, ` +
      `${quote(JSON.stringify(user.roles))}, ${now}, ${now}, ${now}) ON CONFLICT(email) DO NOTHING;`,
  );
}

/** Auctions need their rooms, so they are created through the API once it runs (scripts/seed-auctions.mjs). */
const steps: Array<(now: number) => Promise<string[]>> = [usersSql, categoriesSql];

const remoteFlags = process.argv.slice(2).filter((arg) => arg === "--remote" || arg === "--env" || arg === "-e" || arg.startsWith("--env="));
if (remoteFlags.length > 0) {
  console.error("seed: the demo seed publishes its password and never runs against a remote database; use `npm run admin -- create --env …` and `npm run seed:categories -- --env …`");
  process.exit(1);
}

const now = Date.now();
const statements: string[] = [];
for (const step of steps) statements.push(...(await step(now)));
process.stdout.write(`${statements.join("\n")}\n`);
