import type { Command } from "commander";
import { z } from "zod";
import { LoginResult } from "../../../schema/api/account-security";
import { AuthResult } from "../../../schema/api/auth";
import { User } from "../../../schema/api/users";
import { ApiError, loginFromResult } from "../api";
import { normalizeServer, UsageError } from "../config";
import type { Context } from "../context";
import { Prompter } from "../prompt";

/** A wrong code can be typed again this many times on a terminal; a pipe has one answer. */
const CODE_ATTEMPTS = 3;

export function accountCommands(program: Command, context: Context): void {
  program
    .command("login")
    .description("log in: email, password (not echoed), and the 2FA code or a recovery code when the account has one")
    .option("--email <email>", "the account's email (asked for when left out)")
    .addHelpText(
      "after",
      `
Tokens are kept in $XDG_CONFIG_HOME/gavel/config.json (~/.config/gavel/config.json), readable by
you only, one login per server, and renewed automatically. Answers can be piped, one per line:
  printf '%s\\n' "$PASSWORD" | gavel login --email bidder1@gavel.test`,
    )
    .action(async (options: { email?: string }) => {
      const api = await context.api();
      const prompter = new Prompter(context.io.stdin, context.io.stderr);
      try {
        const email = options.email ?? (await prompter.ask("Email: ")).trim();
        const password = await prompter.secret("Password: ");
        let result = await api.request(LoginResult, "/api/auth/login", { method: "POST", body: { email, password }, auth: "none" });
        for (let attempt = 1; "twoFactorRequired" in result; attempt += 1) {
          const code = await prompter.secret("Authentication code (or a recovery code): ");
          try {
            result = await api.request(AuthResult, "/api/auth/login/2fa", { method: "POST", body: { challenge: result.challenge, code }, auth: "none" });
          } catch (error) {
            const retry = error instanceof ApiError && error.code === "CODE_INVALID" && prompter.interactive && attempt < CODE_ATTEMPTS;
            if (!retry) throw error;
            context.note(context.errStyle.paint("red", error.message));
          }
        }
        await api.remember(loginFromResult(result));
        const verified = result.user.emailVerified ? "" : " (email not verified yet: you can watch, not bid)";
        context.note(`Logged in to ${api.server} as ${result.user.displayName} <${result.user.email}>${verified}`);
      } finally {
        prompter.close();
      }
    });

  program
    .command("logout")
    .description("end this login's session on the server and forget its tokens")
    .action(async () => {
      const api = await context.api();
      const login = await api.currentLogin();
      if (!login) {
        context.note(`Not logged in to ${api.server}`);
        return;
      }
      try {
        await api.send("/api/auth/logout", { method: "POST", auth: "optional" });
      } catch (error) {
        // The tokens are forgotten either way; the session then expires on its own.
        if (!(error instanceof ApiError)) throw error;
        context.note(context.errStyle.paint("yellow", `The server could not end the session (${error.message}); forgetting it here`));
      }
      await api.forget();
      context.note(`Logged out of ${api.server}`);
    });

  program
    .command("whoami")
    .description("who you are logged in as, on which server")
    .option("--json", "print {server, user} as JSON")
    .action(async (options: { json?: boolean }) => {
      const api = await context.api();
      const { user } = await api.request(z.object({ user: User }), "/api/me", { auth: "required" });
      if (options.json) return context.json({ server: api.server, user });
      const notes = [user.emailVerified ? "verified" : "email not verified", ...user.roles];
      context.print(`${context.style.paint("bold", user.displayName)} <${user.email}> on ${api.server}`, `id ${user.id} · ${notes.join(" · ")}`);
    });

  program
    .command("server")
    .description("show the server gavel talks to, or set the default one in the config file")
    .argument("[url]", "the new default, e.g. https://gavel.example.com")
    .option("--json", "print {server}")
    .action(async (url: string | undefined, options: { json?: boolean }) => {
      if (url === undefined) {
        const { server } = await context.api();
        return options.json ? context.json({ server }) : context.print(server);
      }
      const server = normalizeServer(url);
      if (!server) throw new UsageError(`Not an http(s) address: ${url}`);
      await context.store.update((config) => {
        config.server = server;
      });
      context.note(`Default server is now ${server} (--server and GAVEL_SERVER still win)`);
    });
}
