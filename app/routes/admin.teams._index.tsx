import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormAlert, SubmissionKey } from "~/components/forms";
import { newSubmissionKey } from "~/models/submission.server";
import { useT } from "~/components/i18n";
import { TeamFields } from "~/components/team-fields";
import { requestTranslator } from "~/lib/locale.server";
import { requireRole } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { failure, formInput } from "~/lib/forms.server";
import { redirectWithNotice } from "~/lib/notice.server";
import { listPeople } from "~/models/person.server";
import { createTeam, listTeams } from "~/models/team.server";
import { pageTitle } from "~/components/meta";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("admin.teams"), t("admin.title")]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const [teams, people] = await Promise.all([listTeams(), listPeople()]);
  return pageData({
    submissionKey: newSubmissionKey(),
    teams: teams.map((t) => ({
      id: t.id,
      name: t.name,
      slug: t.slug,
      description: t.description,
      members: people.filter((p) => p.teamId === t.id && p.active).length,
    })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const formData = await request.formData();
  try {
    await createTeam({ actor, input: formInput(formData) });
  } catch (error) {
    return failure(error, formData);
  }
  const t = await requestTranslator(request);
  return redirectWithNotice("/admin/teams", t("admin.teamSaved"));
}

export default function AdminTeams() {
  const t = useT();
  const { teams, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section aria-labelledby="teams-title">
      <h1 id="teams-title">{t("admin.teams")}</h1>
      <TableScroll labelledBy="teams-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.name")}</th>
              <th scope="col">{t("admin.description")}</th>
              <th scope="col" className="num">{t("admin.members")}</th>
            </tr>
          </thead>
          <tbody>
            {teams.map((team) => (
              <tr key={team.id}>
                <td><Link to={`/admin/teams/${team.id}`}>{team.name}</Link></td>
                <td>{team.description}</td>
                <td className="num">{team.members}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h2>{t("admin.newTeam")}</h2>
      <Form method="post" className="stack narrow" noValidate key={submissionKey}>
        <SubmissionKey value={submissionKey} />
        <FormAlert message={result ? result.formError ?? t("shell.form.fixErrors") : null} />
        <TeamFields values={result?.values} errors={result?.errors} />
        <button type="submit" className="button primary">{t("admin.create")}</button>
      </Form>
    </section>
  );
}
