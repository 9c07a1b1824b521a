import { execFileSync } from "node:child_process";

/**
 * A pseudo-terminal driven through tmux (Debian's package): a private tmux
 * server per test, keys sent as a person types them, and the screen read back
 * as text with capture-pane.
 */
export class Tmux {
  readonly #socket = `gavel-cli-test-${process.pid}-${crypto.randomUUID().slice(0, 8)}`;

  #tmux(...args: string[]): string {
    return execFileSync("tmux", ["-L", this.#socket, "-f", "/dev/null", ...args], { encoding: "utf8" });
  }

  /** Runs `command` (a shell line) in a `width`×`height` terminal; the pane stays after it exits, so its last screen can be read. */
  start(command: string, size = { width: 100, height: 30 }): void {
    this.#tmux("new-session", "-d", "-x", String(size.width), "-y", String(size.height), command, ";", "set-option", "-g", "remain-on-exit", "on");
  }

  screen(): string {
    return this.#tmux("capture-pane", "-p", "-t", "0");
  }

  /** A tmux format variable of the pane, e.g. `alternate_on` or `cursor_flag`. */
  pane(variable: string): string {
    return this.#tmux("display-message", "-p", "-t", "0", `#{${variable}}`).trim();
  }

  keys(...keys: string[]): void {
    this.#tmux("send-keys", "-t", "0", ...keys);
  }

  /** Polls the screen until `expected` matches or the deadline passes; returns the screen and how long it took. */
  async waitFor(expected: RegExp, timeoutMs = 10_000): Promise<{ screen: string; elapsedMs: number }> {
    const started = performance.now();
    let screen = "";
    while (performance.now() - started < timeoutMs) {
      screen = this.screen();
      if (expected.test(screen)) return { screen, elapsedMs: performance.now() - started };
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`${expected} did not appear within ${timeoutMs} ms; the screen was:\n${screen}`);
  }

  kill(): void {
    try {
      this.#tmux("kill-server");
    } catch {
      // Already gone.
    }
  }
}
