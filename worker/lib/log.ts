type Level = "info" | "warn" | "error";

/** One JSON object per line, so Workers Logs can index every field. */
export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, message, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/** An unexpected error in a Durable Object's handler, with the object (an auction id where known) and the handler. */
export function logFailure(kind: string, objectId: string, handler: string, error: unknown): void {
  log("error", `${kind}: unexpected error`, {
    room: objectId,
    handler,
    error: String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
}
