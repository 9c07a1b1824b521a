import { OpenAPIHono } from "@hono/zod-openapi";
import type { z } from "zod";
import { ErrorBody } from "../../schema/api/errors";
import type { AppEnv } from "../env";
import { validationFailed } from "./errors";
import { requestLocale } from "./language";

const WHERE: Record<string, string> = {
  json: "body",
  query: "query string",
  param: "path",
  header: "headers",
  cookie: "cookies",
  form: "form",
};

/** Every route module starts here so validation failures share one error shape. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) throw validationFailed(result.error, WHERE[result.target] ?? result.target, requestLocale(c.req.raw));
    },
  });
}

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { content: { "application/json": { schema } }, description };
}

export function jsonBody<T extends z.ZodType>(schema: T, required = true) {
  return { content: { "application/json": { schema } }, required };
}

const ERROR_DESCRIPTIONS = {
  400: "Validation failed or malformed JSON",
  401: "Not authenticated",
  403: "Not allowed",
  404: "Not found",
  409: "Conflict",
  413: "Body too large",
  415: "Body is not JSON",
  422: "Rule violation",
  429: "Rate limited (see Retry-After)",
} as const;
type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [status, jsonContent(ErrorBody, ERROR_DESCRIPTIONS[status])]),
  ) as Record<S, ReturnType<typeof jsonContent<typeof ErrorBody>>>;
}

export const authenticated: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { cookieAuth: [] }];
