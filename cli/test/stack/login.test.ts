import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { baseUrl, configHome, DEMO_PASSWORD, gavel, gavelBin, loggedIn, registerWithTwoFactor } from "./helpers";
import { Tmux } from "./tmux";

describe("gavel login", () => {
  it("logs a demo account in without 2FA, keeps the tokens 0600, and whoami/logout use them", async () => {
    const home = await loggedIn("bidder3@gavel.test");
    const file = join(home, "gavel", "config.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, "gavel")).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, "utf8")).toContain("refreshToken");

    const whoami = await gavel(home, ["whoami", "--json"]);
    expect(whoami.code).toBe(0);
    expect(JSON.parse(whoami.stdout)).toMatchObject({ user: { email: "bidder3@gavel.test", emailVerified: true } });

    const logout = await gavel(home, ["logout"]);
    expect(logout).toMatchObject({ code: 0 });
    const after = await gavel(home, ["whoami"]);
    expect(after.code).toBe(3);
    expect(after.stderr).toContain("UNAUTHENTICATED");
  });

  it("renews an access token that has expired with the refresh token, and stores the rotated one", async () => {
    const home = await loggedIn("bidder3@gavel.test");
    const file = join(home, "gavel", "config.json");
    const config = JSON.parse(readFileSync(file, "utf8")) as { logins: Record<string, { accessTokenExpiresAt: string; refreshToken: string }> };
    const [login] = Object.values(config.logins);
    login!.accessTokenExpiresAt = new Date(Date.now() - 1_000).toISOString();
    const oldRefreshToken = login!.refreshToken;
    writeFileSync(file, JSON.stringify(config), { mode: 0o600 });

    const whoami = await gavel(home, ["whoami"]);
    expect(whoami.code, whoami.stderr).toBe(0);
    const renewed = Object.values((JSON.parse(readFileSync(file, "utf8")) as typeof config).logins)[0]!;
    expect(renewed.refreshToken).not.toBe(oldRefreshToken);
    expect(Date.parse(renewed.accessTokenExpiresAt)).toBeGreaterThan(Date.now());
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("on a terminal, asks for the email and takes the password without echoing it", async () => {
    const home = configHome();
    const tmux = new Tmux();
    try {
      tmux.start(`env HOME=${home} XDG_CONFIG_HOME=${home} GAVEL_SERVER=${baseUrl} ${process.execPath} ${gavelBin} login; echo "exit=$?"; sleep 600`, { width: 100, height: 10 });
      await tmux.waitFor(/^Email:\s*$/m);
      tmux.keys("bidder3@gavel.test", "Enter");
      await tmux.waitFor(/^Password:\s*$/m);
      tmux.keys(`${DEMO_PASSWORD}x`, "BSpace", "Enter");
      const done = await tmux.waitFor(/exit=\d+/);
      expect(done.screen).toContain("Logged in to");
      expect(done.screen).toContain("exit=0");
      expect(done.screen).not.toContain(DEMO_PASSWORD);
    } finally {
      tmux.kill();
    }
    expect((await gavel(home, ["whoami"])).code).toBe(0);
  });

  it("refuses a wrong password with exit code 3 and stores nothing", async () => {
    const home = configHome();
    const run = await gavel(home, ["login", "--email", "bidder3@gavel.test"], "not-the-password\n");
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("INVALID_CREDENTIALS");
    expect((await gavel(home, ["whoami"])).code).toBe(3);
  });

  it("asks for the authenticator code when the account has 2FA, and logs in with it", async () => {
    const account = await registerWithTwoFactor();
    const withoutCode = await gavel(configHome(), ["login", "--email", account.email], `${account.password}\n`);
    expect(withoutCode.code).toBe(1);
    expect(withoutCode.stderr).toContain('No answer to "Authentication code (or a recovery code):"');
    const code = TOTP.generate({ secret: Secret.fromBase32(account.secret) });
    const home = configHome();
    const run = await gavel(home, ["login", "--email", account.email], `${account.password}\n${code}\n`);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse((await gavel(home, ["whoami", "--json"])).stdout)).toMatchObject({ user: { email: account.email } });
  });

  it("refuses a wrong 2FA code with exit code 3, and takes a recovery code instead", async () => {
    const account = await registerWithTwoFactor();
    const home = configHome();
    // A code of the right shape from an hour ago: wrong now.
    const wrong = TOTP.generate({ secret: Secret.fromBase32(account.secret), timestamp: Date.now() - 3_600_000 });
    const refused = await gavel(home, ["login", "--email", account.email], `${account.password}\n${wrong}\n`);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("CODE_INVALID");
    expect((await gavel(home, ["whoami"])).code).toBe(3);

    const recovered = await gavel(home, ["login", "--email", account.email], `${account.password}\n${account.recoveryCodes[0]}\n`);
    expect(recovered.code, recovered.stderr).toBe(0);
    expect((await gavel(home, ["whoami"])).code).toBe(0);
  });

  it("says what is missing when the answers run out", async () => {
    const run = await gavel(configHome(), ["login", "--email", "bidder3@gavel.test"], "");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No answer to "Password:"');
  });
});
