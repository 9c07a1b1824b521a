import type { z } from "zod";

/**
 * Validation messages in plain words, for the API's field errors and the
 * site's forms alike: zod's defaults ("Too small: expected string to have
 * >=5 characters") are rewritten; messages our schemas wrote themselves
 * ("The reserve cannot be below the starting price") are kept.
 */

const ZOD_DEFAULT = /^(Too (small|big)|Invalid|Expected|Unrecognized)/;

const count = (value: number | bigint) => Number(value).toLocaleString("en");

export function plainIssueMessage(issue: z.core.$ZodIssue): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "too_small": {
      const minimum = Number(issue.minimum) + (issue.inclusive === false ? 1 : 0);
      if (issue.origin === "string") return minimum <= 1 ? "This can't be empty." : `Use at least ${count(minimum)} characters.`;
      if (issue.origin === "array" || issue.origin === "set") return `Add at least ${count(minimum)}.`;
      return minimum <= 1 && issue.inclusive === false ? "Enter an amount above 0." : `Enter ${count(minimum)} or more.`;
    }
    case "too_big": {
      const maximum = Number(issue.maximum) - (issue.inclusive === false ? 1 : 0);
      if (issue.origin === "string") return `Use at most ${count(maximum)} characters.`;
      if (issue.origin === "array" || issue.origin === "set") return `Choose at most ${count(maximum)}.`;
      return `Enter ${count(maximum)} or less.`;
    }
    case "invalid_type":
      if (issue.input === undefined || issue.input === null || issue.input === "") return "This is required.";
      if (issue.expected === "number" || issue.expected === "int") return "Enter a number.";
      if (issue.expected === "boolean") return "Choose yes or no.";
      return "Enter a valid value.";
    case "invalid_format":
      if (issue.format === "email") return "Enter an email address such as name@example.com.";
      if (issue.format === "uuid" || issue.format === "guid") return "Choose one of the options.";
      if (issue.format === "datetime" || issue.format === "date") return "Choose a date and time.";
      if (issue.format === "url") return "Enter a web address such as https://example.com.";
      return "Check the format of this value.";
    case "invalid_value":
    case "invalid_union":
      return "Choose one of the options.";
    case "not_multiple_of":
      return "Enter a whole number.";
    default:
      return "Check this value.";
  }
}
