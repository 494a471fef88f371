import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormAlert, SubmissionKey } from "~/components/forms";
import { newSubmissionKey } from "~/models/submission.server";
import { useT } from "~/components/i18n";
import { PersonFields } from "~/components/person-fields";
import { requestTranslator } from "~/lib/locale.server";
import { requireRole } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { failure, formInput } from "~/lib/forms.server";
import { redirectWithNotice } from "~/lib/notice.server";
import { createPerson } from "~/models/person.server";
import { listTeams } from "~/models/team.server";
import { pageTitle } from "~/components/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("admin.newPerson"), t("admin.title")]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const teams = await listTeams();
  return pageData({ submissionKey: newSubmissionKey(), teams: teams.map((t) => ({ id: t.id, name: t.name })) });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const formData = await request.formData();
  try {
    const person = await createPerson({ actor, input: formInput(formData) });
    const t = await requestTranslator(request);
    return redirectWithNotice(`/admin/people/${person.id}`, t("notifications.admin.invited", { name: person.name }));
  } catch (error) {
    return failure(error, formData);
  }
}

export default function NewPerson() {
  const t = useT();
  const { teams, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section aria-labelledby="new-person-title" className="narrow">
      <h1 id="new-person-title">{t("admin.newPerson")}</h1>
      <Form method="post" className="stack" noValidate key={submissionKey}>
        <SubmissionKey value={submissionKey} />
        <FormAlert message={result?.formError ?? (result ? t("shell.form.fixErrors") : null)} />
        <PersonFields teams={teams} values={result?.values} errors={result?.errors} />
        <button type="submit" className="button primary">{t("admin.create")}</button>
      </Form>
    </section>
  );
}
