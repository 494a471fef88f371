import { z } from "zod";
import { messageRef } from "~/i18n/ref";
import { ValidationError, type FieldErrors } from "./errors";

/**
 * zod's own messages, for the checks a schema gives no message of its own, as catalogue
 * references: the form shows them in the reader's language (see readMessage).
 */
function catalogueError(issue: z.core.$ZodRawIssue): string {
  const { code } = issue;
  if (code === "invalid_type") return issue.input === undefined || issue.input === "" ? messageRef("shell.validation.required") : messageRef("shell.validation.invalid");
  if (code === "too_small" && issue.origin === "string")
    return Number(issue.minimum) <= 1 ? messageRef("shell.validation.required") : messageRef("shell.validation.tooShort", { min: Number(issue.minimum) });
  if (code === "too_big" && issue.origin === "string") return messageRef("shell.validation.tooLong", { max: Number(issue.maximum) });
  if (code === "too_small" || code === "too_big") return messageRef("shell.validation.outOfRange");
  if (code === "invalid_format" && issue.format === "email") return messageRef("shell.validation.email");
  if (code === "invalid_value") return messageRef("shell.validation.choose");
  return messageRef("shell.validation.invalid");
}

/** Parses input with a schema; on failure throws a ValidationError keyed by field path. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { error: catalogueError });
  if (result.success) return result.data;
  throw new ValidationError(toFieldErrors(result.error));
}

export function toFieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "form";
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

/** Form helpers: a trimmed string, an optional number, a checkbox. Forms send strings. */
export const formText = (max = 500) => z.string().trim().max(max, messageRef("shell.validation.tooLong", { max }));
export const requiredText = (max = 500, message = messageRef("shell.validation.required")) =>
  z.string({ error: message }).trim().min(1, message).max(max, messageRef("shell.validation.tooLong", { max }));
export const formNumber = (message = messageRef("shell.validation.number")) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim())) : v),
    z.number({ error: message }).refine(Number.isFinite, message),
  );
export const formCheckbox = z.preprocess(
  (v) => v === true || v === "on" || v === "true" || v === "1" || v === "yes",
  z.boolean(),
);
export const formList = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]),
    z.array(item),
  );

/**
 * A query parameter that falls back to `fallback` when it is missing or malformed. A missing one
 * takes the default at once: zod's `.catch` alone would first build a full error for it, about
 * 25 µs a field on every page view without filters.
 */
export const withFallback = <T extends z.ZodType>(schema: T, fallback: z.util.NoUndefined<z.output<T>>) =>
  schema.default(fallback).catch(fallback);
