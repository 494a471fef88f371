import { z } from "zod";

const SignInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address."),
  password: z.string().min(1, "Enter your password."),
  redirectTo: z.string().optional(),
});

/** The sign-in form, parsed: its values, or the errors to show beside its fields. */
export function parseSignIn(form: Record<string, unknown>) {
  const parsed = SignInSchema.safeParse(form);
  if (parsed.success) return { success: true as const, data: parsed.data };
  return { success: false as const, errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined> };
}
