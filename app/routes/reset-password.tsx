import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormAlert } from "~/components/forms";
import { useT } from "~/components/i18n";
import { requestTranslator } from "~/lib/locale.server";
import { pageTitle } from "~/components/meta";
import { failure } from "~/lib/forms.server";
import { redirectWithNotice } from "~/lib/notice.server";
import { pageData } from "~/lib/page-data.server";
import { ConflictError } from "~/models/errors";
import { personForPasswordToken, setPasswordWithToken } from "~/models/person.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, (t) => [t("notifications.password.resetTitle")]), { name: "robots", content: "noindex" }];

function tokenOf(request: Request) {
  return new URL(request.url).searchParams.get("token");
}

export async function loader({ request }: LoaderFunctionArgs) {
  const person = personForPasswordToken(tokenOf(request));
  if (!person) return pageData({ valid: false as const, email: null }, { status: 400 });
  return pageData({ valid: true as const, email: person.email });
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const t = await requestTranslator(request);
  try {
    await setPasswordWithToken({
      token: tokenOf(request),
      input: { newPassword: formData.get("newPassword") ?? "", confirmPassword: formData.get("confirmPassword") ?? "" },
    });
  } catch (error) {
    if (error instanceof ConflictError) return json({ ok: false, errors: {} as Record<string, string[]>, formError: t("notifications.password.invalid"), values: {} }, { status: 400 });
    return failure(error, formData);
  }
  return redirectWithNotice("/login", t("notifications.password.done"));
}

export default function ResetPassword() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section aria-labelledby="reset-title" className="narrow">
      <h1 id="reset-title">{t("notifications.password.resetTitle")}</h1>
      {data.valid ? (
        <Form method="post" className="stack" noValidate>
          <FormAlert message={result?.formError} />
          <input type="email" name="username" autoComplete="username" value={data.email} readOnly hidden />
          <Field label={t("notifications.password.newPassword")} name="newPassword" type="password" autoComplete="new-password" required errors={result?.errors.newPassword} />
          <Field label={t("notifications.password.confirmPassword")} name="confirmPassword" type="password" autoComplete="new-password" required errors={result?.errors.confirmPassword} />
          <button type="submit" className="button primary">{t("notifications.password.save")}</button>
        </Form>
      ) : (
        <>
          <p className="alert alert-error" role="alert">{t("notifications.password.invalid")}</p>
          <p><Link to="/forgot-password">{t("notifications.password.forgotLink")}</Link></p>
        </>
      )}
    </section>
  );
}
