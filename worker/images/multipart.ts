import { MAX_IMAGE_BYTES } from "../../schema/api/catalog";
import { ApiError } from "../lib/errors";
import { readUpload, tooLarge } from "./store";

/**
 * Room for a multipart body's boundaries and part headers around the file:
 * generous for one part, small next to the image limit.
 */
export const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

function invalidForm(message: string): ApiError {
  return new ApiError(400, "VALIDATION_FAILED", message, { fieldErrors: { "": [message] } });
}

/**
 * The image bytes of an upload, sent either as the raw body or as
 * multipart/form-data with exactly one file field (what `curl -F`, HTML forms
 * and most HTTP libraries send). Both ways get the same size limit, checked
 * before the body is buffered beyond it; the caller then checks the content.
 */
export async function readImageUpload(request: Request): Promise<Uint8Array> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType)) return readUpload(request);
  const body = await readUpload(request, MAX_IMAGE_BYTES + MULTIPART_OVERHEAD_BYTES);
  let form: FormData;
  try {
    form = await new Request("https://upload.invalid/", { method: "POST", headers: { "content-type": contentType }, body }).formData();
  } catch {
    throw invalidForm("The multipart body could not be read; send one file field");
  }
  const files = [...form.values()].filter((value): value is File => typeof value !== "string");
  if (files.length !== 1) throw invalidForm(`Send exactly one file field (this form has ${files.length})`);
  const [file] = files as [File];
  if (file.size > MAX_IMAGE_BYTES) throw tooLarge();
  return new Uint8Array(await file.arrayBuffer());
}
