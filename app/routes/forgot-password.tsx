import { json, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { Field } from "~/components/forms";
import { useT } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import { failure, formValues } from "~/lib/forms.server";
import { pageData } from "~/lib/page-data.server";
import { requestPasswordReset } from "~/models/person.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("notifications.password.forgotTitle")]);

export async function loader() {
  return pageData({});
}

/** Always the same answer, whether or not an account uses the address. */
export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  try {
    await requestPasswordReset({ email: formData.get("email") });
  } catch (error) {
    return failure(error, formData);
  }
  return json({ ok: true as const, errors: {} as Record<string, string[]>, formError: null, values: formValues(formData) });
}

export default function ForgotPassword() {
  const t = useT();
  const result = useActionData<typeof action>();
  return (
    <section aria-labelledby="forgot-title" className="narrow">
      <h1 id="forgot-title">{t("notifications.password.forgotTitle")}</h1>
      {result?.ok ? (
        <p role="status" className="alert alert-success">{t("notifications.password.sent")}</p>
      ) : (
        <>
          <p>{t("notifications.password.forgotIntro")}</p>
          <Form method="post" className="stack" noValidate>
            <Field label={t("notifications.password.email")} name="email" type="email" autoComplete="username" required defaultValue={typeof result?.values.email === "string" ? result.values.email : undefined} errors={result?.errors.email} />
            <button type="submit" className="button primary">{t("notifications.password.send")}</button>
          </Form>
        </>
      )}
      <p><Link to="/login">{t("shell.login.submit")}</Link></p>
    </section>
  );
}
