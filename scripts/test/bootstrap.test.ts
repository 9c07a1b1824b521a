import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../worker/auth/password";
import { queryLocal, runScript, wrangler } from "./cli";

let stateDir: string;

beforeAll(() => {
  stateDir = mkdtempSync(join(tmpdir(), "gavel-bootstrap-"));
  wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir], stateDir);
});

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

interface UserRow {
  id: string;
  email: string;
  roles: string;
  email_verified_at: number | null;
  password_hash: string;
}

describe("npm run seed:categories", () => {
  it("loads the category tree alone, and a second run adds nothing", () => {
    const first = runScript("seed-categories.ts", [], { stateDir });
    expect(first.status, first.stderr).toBe(0);
    const count = queryLocal<{ count: number }>(stateDir, "SELECT count(*) AS count FROM categories")[0]!.count;
    expect(count).toBeGreaterThan(20);
    expect(first.stdout).toContain(`${count} categories added`);
    const children = queryLocal<{ path_names: string }>(stateDir, "SELECT path_names FROM categories WHERE slug = 'plumbing'");
    expect(children).toEqual([{ path_names: "Home services / Plumbing" }]);
    expect(queryLocal(stateDir, "SELECT id FROM users")).toEqual([]);

    const second = runScript("seed-categories.ts", [], { stateDir });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain(`0 categories added`);
  });

  it("refuses an environment that does not exist", () => {
    const result = runScript("seed-categories.ts", ["--env", "qa"], { stateDir });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("--env must be one of staging, production");
  });
});

describe("npm run admin -- create", () => {
  it("creates a verified admin with the typed password, audited, never a default", async () => {
    const email = `first-admin-${Date.now()}@example.com`;
    const result = runScript("admin.ts", ["create", "--email", email], { stateDir, input: "a long admin passphrase\na long admin passphrase\n" });
    expect(result.status, result.stderr).toBe(0);
    const [user] = queryLocal<UserRow>(stateDir, `SELECT * FROM users WHERE email = '${email}'`);
    expect(JSON.parse(user!.roles)).toEqual(["admin"]);
    expect(user!.email_verified_at).toBeTypeOf("number");
    expect((await verifyPassword("a long admin passphrase", user!.password_hash)).valid).toBe(true);
    const audit = queryLocal<{ action: string; after: string; actor_id: string | null }>(stateDir, `SELECT action, after, actor_id FROM audit_log WHERE target_id = '${user!.id}'`);
    expect(audit).toEqual([{ action: "user.create_admin", after: JSON.stringify({ email, roles: ["admin"] }), actor_id: null }]);
  });

  it("refuses mismatched or weak passwords and creates nothing", () => {
    const email = `weak-${Date.now()}@example.com`;
    const mismatch = runScript("admin.ts", ["create", "--email", email], { stateDir, input: "a long admin passphrase\nsomething else entirely\n" });
    expect(mismatch.status).toBe(1);
    expect(mismatch.stderr).toContain("the two passwords differ");
    const weak = runScript("admin.ts", ["create", "--email", email], { stateDir, input: "short\nshort\n" });
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain("at least 10 characters");
    const empty = runScript("admin.ts", ["create", "--email", email], { stateDir });
    expect(empty.status).toBe(1);
    expect(queryLocal(stateDir, `SELECT id FROM users WHERE email = '${email}'`)).toEqual([]);
  });

  it("promotes an existing account, keeping its roles and password, and says so when run again", () => {
    const email = `seller-${Date.now()}@example.com`;
    queryLocal(stateDir, `INSERT INTO users (id, email, display_name, password_hash, roles, created_at, updated_at) VALUES ('${crypto.randomUUID()}', '${email}', 'Sam', 'scrypt$kept', '["seller"]', 0, 0)`);
    const promoted = runScript("admin.ts", ["create", "--email", email.toUpperCase()], { stateDir });
    expect(promoted.status, promoted.stderr).toBe(0);
    expect(promoted.stdout).toContain(`promoted ${email} to admin`);
    const [user] = queryLocal<UserRow>(stateDir, `SELECT * FROM users WHERE email = '${email}'`);
    expect(JSON.parse(user!.roles)).toEqual(["seller", "admin"]);
    expect(user!.password_hash).toBe("scrypt$kept");
    const again = runScript("admin.ts", ["create", "--email", email], { stateDir });
    expect(again.stdout).toContain("is already an admin");
    const audit = queryLocal<{ action: string; before: string; after: string }>(stateDir, `SELECT action, before, after FROM audit_log WHERE target_id = '${user!.id}'`);
    expect(audit).toEqual([{ action: "user.roles", before: JSON.stringify({ roles: ["seller"] }), after: JSON.stringify({ roles: ["seller", "admin"] }) }]);
  });

  it("asks for a command and a valid email", () => {
    expect(runScript("admin.ts", [], { stateDir }).stderr).toContain("usage: npm run admin -- create");
    expect(runScript("admin.ts", ["create", "--email", "not-an-address"], { stateDir }).stderr).toContain("give a valid --email");
  });
});

describe("the demo seed", () => {
  it("refuses a remote database", () => {
    for (const args of [["--env", "production"], ["--remote"], ["--env=staging"]]) {
      const result = runScript("seed.ts", args);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("never runs against a remote database");
      expect(result.stdout).toBe("");
    }
  });
});
