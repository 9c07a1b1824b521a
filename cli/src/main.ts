import { Command, CommanderError, Option } from "commander";
import { ApiError } from "./api";
import { accountCommands } from "./commands/account";
import { bidCommand, CommandFailure } from "./commands/bid";
import { browseCommands } from "./commands/browse";
import { liveCommand } from "./commands/live";
import { notificationCommands } from "./commands/notifications";
import { UsageError } from "./config";
import { Context, type GlobalOptions, type Io } from "./context";
import { EXIT, exitCodeFor } from "./exit-codes";
import { Interrupted } from "./prompt";

const VERSION = "0.1.0";

export function buildProgram(context: Context): Command {
  const program = new Command("gavel")
    .description("Gavel from a terminal: browse, watch and bid live")
    .version(VERSION, "-V, --version")
    .addOption(new Option("--server <url>", "the Gavel server (default: GAVEL_SERVER, the config file, then http://127.0.0.1:8788)"))
    .showHelpAfterError("(add --help for usage)")
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
      outputError: (text, write) => write(context.errStyle.paint("red", text)),
    })
    .exitOverride()
    .addHelpText(
      "after",
      `
Start with: gavel login, then gavel search, gavel show <id>, gavel live <id>.
Every read command takes --json. Prices are in each auction's currency, times in your zone
(set TZ to change it). Colour only on a terminal, never with NO_COLOR set.
Exit codes: 0 ok, 1 error, 2 bad command line, 3 not logged in, 4 not found, 5 server
unreachable, 6 rate limited, 7 forbidden; gavel bid --help lists the refusals (10 and up).`,
    );
  accountCommands(program, context);
  browseCommands(program, context);
  notificationCommands(program, context);
  liveCommand(program, context);
  bidCommand(program, context);
  for (const command of program.commands) {
    command.exitOverride().configureOutput(program.configureOutput()).configureHelp({ showGlobalOptions: true }).showHelpAfterError("(add --help for usage)");
  }
  return program;
}

function report(context: Context, code: string, message: string): void {
  context.io.stderr.write(`${context.errStyle.paint("red", `gavel: ${code}`)}: ${message}\n`);
}

/** Runs one command line; resolves to the exit code. */
export async function main(argv: string[], io: Io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  let program: Command | null = null;
  // Commander reads program options before and after the command name ("gavel search --server …" too).
  const context = new Context(io, () => program?.opts<GlobalOptions>() ?? {});
  program = buildProgram(context);
  try {
    await program.parseAsync(argv);
    return EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (error instanceof CommandFailure) {
      report(context, error.code, error.message);
      return error.exitCode;
    }
    if (error instanceof ApiError) {
      report(context, error.code, error.message);
      return exitCodeFor(error.code);
    }
    if (error instanceof UsageError) {
      report(context, "USAGE", error.message);
      return EXIT.USAGE;
    }
    if (error instanceof Interrupted) return 130;
    report(context, "ERROR", error instanceof Error ? error.message : String(error));
    return EXIT.ERROR;
  }
}
