import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Field, FormAlert } from "~/components/forms";
import { useLocale, useT } from "~/components/i18n";
import { LOCALE_NAMES, LOCALES } from "~/i18n";
import { requestTranslator } from "~/lib/locale.server";
import { getUser, signIn } from "~/lib/auth.server";
import { getEnv } from "~/lib/env.server";
import { pageData } from "~/lib/page-data.server";
import { parseSignIn } from "~/lib/sign-in-form.server";
import { safeRedirect } from "~/lib/http";
import { pageTitle } from "~/components/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("shell.nav.signIn")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const url = new URL(request.url);
  if (user) return redirect(safeRedirect(url.searchParams.get("redirectTo"), "/"));
  const env = getEnv();
  return pageData({
    company: env.OIDC ? { label: env.OIDC.buttonLabel } : null,
    // With password sign-in off, the form is shown only at /login?break-glass, for the one named admin.
    passwordForm: env.PASSWORD_SIGNIN || url.searchParams.has("break-glass"),
    breakGlass: !env.PASSWORD_SIGNIN,
    demo: env.PASSWORD_SIGNIN,
  });
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
  if (result.reason === "password-off") {
    return json({ errors: {} as Record<string, string[] | undefined>, formError: t("signin.passwordOff"), email }, { status: 403 });
  }
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
  const { company, passwordForm, breakGlass, demo } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const redirectTo = params.get("redirectTo");
  const here = params.toString() ? `/login?${params}` : "/login";
  return (
    <section className="login-page" aria-labelledby="login-title">
      <LanguageSwitcher redirectTo={here} />
      <h1 id="login-title">{t("shell.login.title")}</h1>
      <p className="lead">{t("shell.login.intro")}</p>
      {company ? (
        <p className="company-sign-in">
          {/* A plain link, not a Remix one: starting a sign-in leaves the app for the provider. */}
          <a href={redirectTo ? `/auth/oidc?${new URLSearchParams({ redirectTo })}` : "/auth/oidc"} className="button primary">
            {company.label ? t("signin.companyAccountWith", { provider: company.label }) : t("signin.companyAccount")}
          </a>
        </p>
      ) : null}
      {passwordForm ? (
        <>
          {company ? <h2 className="or-password">{t("signin.orPassword")}</h2> : null}
          {breakGlass ? <p className="hint">{t("signin.breakGlass")}</p> : null}
          <Form method="post" className="stack" noValidate>
            <FormAlert message={data?.formError} />
            <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
            <Field label={t("shell.login.email")} name="email" type="email" autoComplete="username" defaultValue={data?.email} errors={data?.errors?.email} required autoFocus={!company} />
            <Field label={t("shell.login.password")} name="password" type="password" autoComplete="current-password" errors={data?.errors?.password} required />
            <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
              {t("shell.login.submit")}
            </button>
          </Form>
          <p><Link to="/forgot-password">{t("notifications.password.forgotLink")}</Link></p>
        </>
      ) : null}
      {demo ? <p className="hint">{t("shell.login.demoHint")}</p> : null}
    </section>
  );
}
