/**
 * `npm run admin -- create --email <address> [--env staging|production] [--send-reset-link]`
 *
 * Creates the first admin, or promotes an existing account to admin. A new
 * account's password is typed at a prompt (twice, not echoed; read from stdin
 * when it is not a terminal), or, with --send-reset-link, the account gets an
 * unusable random password and the site mails a reset link to the address.
 * There is never a default password. The change is written to the audit log.
 */
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { hashPassword } from "../worker/auth/password.ts";
import { d1Target, executeD1, queryD1, sqlString } from "./d1-target.mjs";

const PASSWORD_MIN_LENGTH = 10;
const USAGE = "usage: npm run admin -- create --email <address> [--env staging|production] [--send-reset-link]";

function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  const inline = argv.find((arg) => arg.startsWith(`${name}=`));
  return inline ? inline.slice(name.length + 1) : index >= 0 ? argv[index + 1] : undefined;
}

/** Lines typed at a terminal without echo, or read from a pipe. */
async function readSecretLines(prompts: string[]): Promise<string[]> {
  const input = process.stdin;
  if (!input.isTTY) {
    const lines: string[] = [];
    const reader = createInterface({ input });
    for await (const line of reader) {
      lines.push(line);
      if (lines.length === prompts.length) break;
    }
    reader.close();
    return lines;
  }
  const answers: string[] = [];
  for (const prompt of prompts) {
    process.stdout.write(prompt);
    input.setRawMode(true);
    input.resume();
    input.setEncoding("utf8");
    answers.push(
      await new Promise<string>((resolveLine, reject) => {
        let typed = "";
        const onData = (chunk: string) => {
          for (const char of chunk) {
            if (char === "\u0003") {
              input.setRawMode(false);
              reject(new Error("cancelled"));
              return;
            }
            if (char === "\r" || char === "\n") {
              input.off("data", onData);
              input.setRawMode(false);
              input.pause();
              process.stdout.write("\n");
              resolveLine(typed);
              return;
            }
            typed = char === "\u007f" ? typed.slice(0, -1) : typed + char;
          }
        };
        input.on("data", onData);
      }),
    );
  }
  return answers;
}

function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `use at least ${PASSWORD_MIN_LENGTH} characters`;
  if (new Set(password).size < 2) return "use more than one distinct character";
  return null;
}

function auditEntry(action: string, userId: string, before: unknown, after: unknown, now: number): string {
  return (
    `INSERT INTO audit_log (id, at, actor_id, action, target_type, target_id, before, after, request_id, ip) VALUES ` +
    `(${sqlString(crypto.randomUUID())}, ${now}, NULL, ${sqlString(action)}, 'user', ${sqlString(userId)}, ` +
    `${before === null ? "NULL" : sqlString(JSON.stringify(before))}, ${sqlString(JSON.stringify(after))}, NULL, 'command line');`
  );
}

async function siteUrlOf(environment: string): Promise<string> {
  const { unstable_readConfig } = await import("wrangler");
  const config = unstable_readConfig({ config: "wrangler.toml", env: environment }, { hideWarnings: true });
  const siteUrl = config.vars.SITE_URL;
  if (typeof siteUrl !== "string") throw new Error(`SITE_URL is not set for ${environment}`);
  return siteUrl;
}

async function create(argv: string[]): Promise<void> {
  const email = option(argv, "--email")?.trim().toLowerCase();
  if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new Error(`give a valid --email\n${USAGE}`);
  const sendResetLink = argv.includes("--send-reset-link");
  const target = d1Target(argv);
  const now = Date.now();
  const [existing] = queryD1(target, `SELECT id, roles FROM users WHERE email = ${sqlString(email)}`) as Array<{ id: string; roles: string }>;
  if (existing) {
    const roles = JSON.parse(existing.roles) as string[];
    if (roles.includes("admin")) {
      console.log(`admin: ${email} is already an admin in ${target.label}`);
      return;
    }
    const promoted = [...roles, "admin"];
    executeD1(target, [
      `UPDATE users SET roles = ${sqlString(JSON.stringify(promoted))}, updated_at = ${now} WHERE id = ${sqlString(existing.id)};`,
      auditEntry("user.roles", existing.id, { roles }, { roles: promoted }, now),
    ]);
    console.log(`admin: promoted ${email} to admin in ${target.label}`);
    return;
  }
  let password: string;
  if (sendResetLink) {
    if (!target.remote) throw new Error("--send-reset-link needs --env: locally, type a password (mail stays in the dev outbox)");
    password = randomBytes(32).toString("base64url");
  } else {
    const [first, second] = await readSecretLines([`Password for ${email}: `, "Again: "]);
    if (first === undefined || first !== second) throw new Error("the two passwords differ");
    const problem = passwordProblem(first);
    if (problem) throw new Error(`password refused: ${problem}`);
    password = first;
  }
  const id = crypto.randomUUID();
  const displayName = email.split("@")[0]!;
  executeD1(target, [
    `INSERT INTO users (id, email, display_name, password_hash, roles, email_verified_at, created_at, updated_at) VALUES ` +
      `(${sqlString(id)}, ${sqlString(email)}, ${sqlString(displayName)}, ${sqlString(await hashPassword(password))}, '["admin"]', ${now}, ${now}, ${now});`,
    auditEntry("user.create_admin", id, null, { email, roles: ["admin"] }, now),
  ]);
  console.log(`admin: created admin ${email} in ${target.label}`);
  if (sendResetLink) {
    const siteUrl = await siteUrlOf(target.environment!);
    const response = await fetch(new URL("/api/auth/password-reset/request", siteUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email }),
    });
    if (response.status !== 202) throw new Error(`the site answered ${response.status} to the reset request; ask for a link at ${siteUrl}/forgot-password`);
    console.log(`admin: a link to choose a password was mailed to ${email}`);
  }
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command !== "create") throw new Error(USAGE);
  await create(rest);
} catch (error) {
  console.error(`admin: ${(error as Error).message}`);
  process.exit(1);
}
