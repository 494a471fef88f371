import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Field, FormAlert } from "~/components/forms";
import { useLocale, useT } from "~/components/i18n";
import { LOCALE_NAMES, LOCALES } from "~/i18n";
import { requestTranslator } from "~/lib/locale.server";
import { getUser, signIn } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { parseSignIn } from "~/lib/sign-in-form.server";
import { safeRedirect } from "~/lib/http";
import { pageTitle } from "~/components/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("shell.nav.signIn")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) return redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "/"));
  return pageData({});
}

export async function action({ request }: ActionFunctionArgs) {
  const t = await requestTranslator(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = parseSignIn(form);
  const email = typeof form.email === "string" ? form.email : "";
  if (!parsed.success) {
    return json({ errors: parsed.errors, formError: null as string | null, email }, { status: 400 });
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

/** Before sign-in: a plain form per language, remembered in a cookie by /language. */
function LanguageSwitcher({ redirectTo }: { redirectTo: string }) {
  const t = useT();
  const current = useLocale();
  return (
    <form method="post" action="/language" className="language-switcher" aria-label={t("shell.language.switcher")}>
      <input type="hidden" name="redirectTo" value={redirectTo} />
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          className="link-button"
          aria-pressed={locale === current}
        >
          {LOCALE_NAMES[locale]}
        </button>
      ))}
    </form>
  );
}

export default function Login() {
  const t = useT();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const here = params.toString() ? `/login?${params}` : "/login";
  return (
    <section className="login-page" aria-labelledby="login-title">
      <LanguageSwitcher redirectTo={here} />
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
      <p><Link to="/forgot-password">{t("notifications.password.forgotLink")}</Link></p>
      <p className="hint">{t("shell.login.demoHint")}</p>
    </section>
  );
}
