import type { z } from "zod";
import { m } from "./paraglide/messages.js";
import { getLocale, type Locale } from "./paraglide/runtime.js";

/**
 * Validation messages in plain words, for the API's field errors and the
 * site's forms alike: zod's defaults ("Too small: expected string to have
 * >=5 characters") are rewritten in the reader's language (messages `form_*`);
 * messages our schemas wrote themselves ("The reserve cannot be below the
 * starting price") are kept. Without a locale: the page's language on the site
 * (the request's), English in the worker (it has no page locale).
 */

const ZOD_DEFAULT = /^(Too (small|big)|Invalid|Expected|Unrecognized)/;

export function plainIssueMessage(issue: z.core.$ZodIssue, locale: Locale = getLocale()): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  const options = { locale };
  const count = (value: number | bigint) => Number(value).toLocaleString(locale);
  switch (issue.code) {
    case "too_small": {
      const minimum = Number(issue.minimum) + (issue.inclusive === false ? 1 : 0);
      if (issue.origin === "string") return minimum <= 1 ? m.form_not_empty({}, options) : m.form_min_characters({ count: count(minimum) }, options);
      if (issue.origin === "array" || issue.origin === "set") return m.form_min_items({ count: count(minimum) }, options);
      return minimum <= 1 && issue.inclusive === false ? m.form_amount_above_zero({}, options) : m.form_min_number({ count: count(minimum) }, options);
    }
    case "too_big": {
      const maximum = Number(issue.maximum) - (issue.inclusive === false ? 1 : 0);
      if (issue.origin === "string") return m.form_max_characters({ count: count(maximum) }, options);
      if (issue.origin === "array" || issue.origin === "set") return m.form_max_items({ count: count(maximum) }, options);
      return m.form_max_number({ count: count(maximum) }, options);
    }
    case "invalid_type":
      if (issue.input === undefined || issue.input === null || issue.input === "") return m.form_required({}, options);
      if (issue.expected === "number" || issue.expected === "int") return m.form_enter_number({}, options);
      if (issue.expected === "boolean") return m.form_choose_yes_no({}, options);
      return m.form_enter_valid_value({}, options);
    case "invalid_format":
      if (issue.format === "email") return m.form_email_format({}, options);
      if (issue.format === "uuid" || issue.format === "guid") return m.form_choose_option({}, options);
      if (issue.format === "datetime" || issue.format === "date") return m.form_choose_date_time({}, options);
      if (issue.format === "url") return m.form_url_format({}, options);
      return m.form_check_format({}, options);
    case "invalid_value":
    case "invalid_union":
      return m.form_choose_option({}, options);
    case "not_multiple_of":
      return m.form_whole_number({}, options);
    default:
      return m.form_check_value({}, options);
  }
}
