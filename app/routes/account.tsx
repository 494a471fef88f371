import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormAlert, Select } from "~/components/forms";
import { useT } from "~/components/i18n";
import { requestTranslator } from "~/lib/locale.server";
import { requireUser } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { failure, formInput } from "~/lib/forms.server";
import { redirectWithNotice } from "~/lib/notice.server";
import { changeOwnPassword, getPerson, setOwnLocale } from "~/models/person.server";
import { LOCALE_NAMES, LOCALES } from "~/i18n";
import { getTeam } from "~/models/team.server";
import { pageTitle } from "~/components/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("shell.account.title")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [team, person] = await Promise.all([getTeam(user.teamId), getPerson(user.id)]);
  // Someone without a password (created by company sign-in or the directory import) has none to change.
  return pageData({
    name: user.name,
    email: user.email,
    role: user.role,
    team: team?.name ?? "",
    locale: person?.locale ?? "",
    hasPassword: Boolean(person?.passwordHash),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  if (formData.get("intent") === "language") {
    try {
      await setOwnLocale({ actor: user, input: formInput(formData) });
    } catch (error) {
      return failure(error, formData);
    }
    // The notice is in the language just chosen, as the page it lands on will be.
    const chosen = await getPerson(user.id);
    return redirectWithNotice("/account", (await requestTranslator(request, chosen))("shell.language.changed"));
  }
  try {
    await changeOwnPassword({ actor: user, sessionId: user.sessionId, input: formInput(formData) });
  } catch (error) {
    return failure(error, formData);
  }
  const t = await requestTranslator(request);
  return redirectWithNotice("/account", t("shell.account.changed"));
}

export default function Account() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section aria-labelledby="account-title" className="narrow">
      <h1 id="account-title">{t("shell.account.title")}</h1>
      <dl className="facts">
        <dt>{data.name}</dt>
        <dd>{data.email}</dd>
        <dt>{t("shell.account.team")}</dt>
        <dd>{data.team}</dd>
        <dt>{t("shell.account.role")}</dt>
        <dd>{t(`shell.roles.${data.role}`)}</dd>
      </dl>
      <p><Link to="/account/notifications">{t("notifications.settings.title")}</Link></p>
      <h2>{t("shell.language.title")}</h2>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="language" />
        <Select
          label={t("shell.language.label")}
          name="locale"
          hint={t("shell.language.hint")}
          defaultValue={data.locale}
          options={[{ value: "", label: t("shell.language.followBrowser") }, ...LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))]}
          errors={result?.errors.locale}
        />
        <button type="submit" className="button">{t("shell.language.save")}</button>
      </Form>
      {data.hasPassword ? (
        <>
          <h2>{t("shell.account.changePassword")}</h2>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="password" />
            <FormAlert message={result?.formError} />
            <Field label={t("shell.account.currentPassword")} name="currentPassword" type="password" autoComplete="current-password" errors={result?.errors.currentPassword} />
            <Field label={t("shell.account.newPassword")} name="newPassword" type="password" autoComplete="new-password" errors={result?.errors.newPassword} />
            <Field label={t("shell.account.confirmPassword")} name="confirmPassword" type="password" autoComplete="new-password" errors={result?.errors.confirmPassword} />
            <button type="submit" className="button primary">{t("shell.account.save")}</button>
          </Form>
        </>
      ) : (
        <p className="hint">{t("signin.noPassword")}</p>
      )}
    </section>
  );
}
