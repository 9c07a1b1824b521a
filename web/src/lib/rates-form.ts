/**
 * The admin console's rates form: one rate per line, "USD 1.0523" (a space,
 * colon, comma or equals sign between), blank lines ignored. Lines that aren't
 * a code and a rate are kept as text so the schema reports them.
 */
export function ratesOfText(text: string): Record<string, string> {
  const rates: Record<string, string> = {};
  for (const line of text.split("\n").map((entry) => entry.trim()).filter(Boolean)) {
    const [code = "", rate = "", ...rest] = line.split(/[\s:,=]+/);
    rates[code.toUpperCase()] = rest.length === 0 ? rate : line;
  }
  return rates;
}

