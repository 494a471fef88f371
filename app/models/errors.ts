/**
 * Errors the domain raises. Routes turn them into responses: a validation error becomes the
 * form's field errors (400), the others the matching status page.
 */
export type FieldErrors = Record<string, string[]>;

export class ValidationError extends Error {
  constructor(
    readonly fieldErrors: FieldErrors,
    readonly formError: string | null = null,
  ) {
    super(formError ?? "Invalid input");
  }
}

export class ForbiddenError extends Error {
  constructor(message = "You are not allowed to do this.") {
    super(message);
  }
}

export class NotFoundError extends Error {
  constructor(message = "Not found") {
    super(message);
  }
}

/** The request is valid but the item's state does not allow it (a closed review, say). */
export class ConflictError extends Error {}

export function fieldError(field: string, message: string): ValidationError {
  return new ValidationError({ [field]: [message] });
}
