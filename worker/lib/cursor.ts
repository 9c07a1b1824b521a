import { z } from "zod";
import { ApiError } from "./errors";

/** Position after the last row of a page, ordered by (createdAt desc, id desc). */
export interface KeysetPosition {
  createdAt: number;
  id: string;
}

const KeysetPositionSchema = z.object({ createdAt: z.number().int(), id: z.string().max(64) });

/** Cursors are opaque to clients: base64url JSON they pass back unchanged. */
export function encodeCursor(position: KeysetPosition): string {
  return btoa(JSON.stringify(position)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string | undefined): KeysetPosition | undefined {
  if (cursor === undefined) return undefined;
  try {
    const json = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    return KeysetPositionSchema.parse(JSON.parse(json));
  } catch {
    throw new ApiError(400, "VALIDATION_FAILED", "The cursor is not one this API issued", {
      fieldErrors: { cursor: ["Invalid cursor"] },
    });
  }
}
