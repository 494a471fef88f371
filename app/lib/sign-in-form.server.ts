import { z } from "zod";
import { messageRef } from "~/i18n/ref";

const SignInSchema = z.object({
  email: z.string().trim().min(1, messageRef("shell.validation.signInEmail")),
  password: z.string().min(1, messageRef("shell.validation.signInPassword")),
  redirectTo: z.string().optional(),
});

/** The sign-in form, parsed: its values, or the errors to show beside its fields. */
export function parseSignIn(form: Record<string, unknown>) {
  const parsed = SignInSchema.safeParse(form);
  if (parsed.success) return { success: true as const, data: parsed.data };
  return { success: false as const, errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined> };
}
