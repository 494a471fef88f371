import { json } from "@remix-run/node";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from "~/models/errors";
import { StoreUnavailableError } from "~/store/base.server";

export type FormFailure = {
  ok: false;
  errors: FieldErrors;
  formError: string | null;
  values: Record<string, string | string[]>;
};

/** Everything a form sent, as strings (repeated fields as lists), to hand back after an error. */
export function formValues(formData: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    if (key === "password" || key.toLowerCase().includes("password")) continue;
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    values[key] = all.length > 1 ? all : (all[0] ?? "");
  }
  return values;
}

/** The form's input as the domain takes it: repeated fields become lists. */
export function formInput(formData: FormData, lists: string[] = []): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    input[key] = lists.includes(key) || all.length > 1 ? all : all[0];
  }
  for (const key of lists) input[key] ??= [];
  return input;
}

/**
 * Turns a domain error into the action's answer: field errors (400) or a conflict (409) go back
 * to the form with what was typed; forbidden and not found become their status pages, and a
 * database that cannot be reached the 503 page (nothing was saved).
 */
export function failure(error: unknown, formData?: FormData) {
  const values = formData ? formValues(formData) : {};
  if (error instanceof ValidationError) {
    return json<FormFailure>({ ok: false, errors: error.fieldErrors, formError: error.formError, values }, { status: 400 });
  }
  if (error instanceof ConflictError) {
    return json<FormFailure>({ ok: false, errors: {}, formError: error.message, values }, { status: 409 });
  }
  return throwStatus(error);
}

/** A domain error a loader cannot answer itself, as its status page: forbidden 403, not found 404, no database 503. */
export function throwStatus(error: unknown): never {
  if (error instanceof ForbiddenError) throw new Response(error.message, { status: 403 });
  if (error instanceof NotFoundError) throw new Response(error.message, { status: 404 });
  if (error instanceof StoreUnavailableError) throw new Response(error.message, { status: 503, headers: { "Retry-After": "30" } });
  throw error;
}
