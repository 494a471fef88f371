import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Field, FormAlert } from "~/components/forms";
import { useT } from "~/components/i18n";
import { translator, negotiateLocale } from "~/i18n";
import { getUser, signIn } from "~/lib/auth.server";
import { safeRedirect } from "~/lib/http";

export const meta: MetaFunction = () => [{ title: "Sign in · Untangle" }];

const SignInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address."),
  password: z.string().min(1, "Enter your password."),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) return redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "/"));
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const t = translator(negotiateLocale(request.headers.get("Accept-Language")));
  const form = Object.fromEntries(await request.formData());
  const parsed = SignInSchema.safeParse(form);
  const email = typeof form.email === "string" ? form.email : "";
  if (!parsed.success) {
    const errors = z.flattenError(parsed.error).fieldErrors;
    return json({ errors, formError: null as string | null, email }, { status: 400 });
  }
  const result = await signIn(parsed.data);
  if (result.ok) return redirect(result.redirectTo, { headers: result.headers });
  const formError =
    result.reason === "locked"
      ? t("shell.login.locked", { minutes: result.minutes })
      : result.reason === "slow-down"
        ? t("shell.login.slowDown", { seconds: result.seconds })
        : t("shell.login.invalid");
  return json({ errors: {} as Record<string, string[] | undefined>, formError, email }, { status: result.reason === "invalid" ? 401 : 429 });
}

export default function Login() {
  const t = useT();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  return (
    <section className="login-page" aria-labelledby="login-title">
      <h1 id="login-title">{t("shell.login.title")}</h1>
      <p className="lead">{t("shell.login.intro")}</p>
      <Form method="post" className="stack" noValidate>
        <FormAlert message={data?.formError} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <Field label={t("shell.login.email")} name="email" type="email" autoComplete="username" defaultValue={data?.email} errors={data?.errors?.email} required autoFocus />
        <Field label={t("shell.login.password")} name="password" type="password" autoComplete="current-password" errors={data?.errors?.password} required />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("shell.login.submit")}
        </button>
      </Form>
      <p className="hint">{t("shell.login.demoHint")}</p>
    </section>
  );
}
