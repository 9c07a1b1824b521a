import { createInterface, type Interface } from "node:readline";

/**
 * Questions on the terminal, or lines read from a pipe (`printf '%s\n' email
 * password | gavel login`), one answer per line in the order asked.
 */
export class Prompter {
  #lines: AsyncIterator<string> | null = null;
  #reader: Interface | null = null;
  readonly input: NodeJS.ReadStream;
  readonly output: NodeJS.WriteStream;

  constructor(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr) {
    this.input = input;
    this.output = output;
  }

  get interactive(): boolean {
    return this.input.isTTY === true;
  }

  async ask(question: string): Promise<string> {
    if (this.interactive) {
      const reader = createInterface({ input: this.input, output: this.output, terminal: true });
      try {
        return await new Promise<string>((resolve) => reader.question(question, resolve));
      } finally {
        reader.close();
      }
    }
    return this.#nextLine(question);
  }

  /** A password or code: nothing is echoed on a terminal, not even stars. */
  async secret(question: string): Promise<string> {
    if (!this.interactive) return this.#nextLine(question);
    const input = this.input;
    this.output.write(question);
    input.setRawMode(true);
    input.resume();
    input.setEncoding("utf8");
    try {
      return await new Promise<string>((resolve, reject) => {
        let typed = "";
        const onData = (chunk: string) => {
          for (const character of chunk) {
            if (character === "\r" || character === "\n" || character === "\u0004") {
              input.off("data", onData);
              return resolve(typed);
            }
            if (character === "\u0003") {
              input.off("data", onData);
              return reject(new Interrupted());
            }
            if (character === "\u007f" || character === "\b") typed = [...typed].slice(0, -1).join("");
            else if (character >= " ") typed += character;
          }
        };
        input.on("data", onData);
      });
    } finally {
      input.setRawMode(false);
      input.pause();
      this.output.write("\n");
    }
  }

  async #nextLine(question: string): Promise<string> {
    if (!this.#lines) {
      this.#reader = createInterface({ input: this.input, terminal: false });
      this.#lines = this.#reader[Symbol.asyncIterator]();
    }
    const next = await this.#lines.next();
    if (next.done) throw new Error(`No answer to "${question.trim()}" on standard input`);
    return next.value;
  }

  close(): void {
    this.#reader?.close();
  }
}

/** Ctrl-C at a prompt. */
export class Interrupted extends Error {
  constructor() {
    super("Interrupted");
  }
}
