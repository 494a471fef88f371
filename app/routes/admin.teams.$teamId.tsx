import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert } from "~/components/forms";
import { useT } from "~/components/i18n";
import { TeamFields } from "~/components/team-fields";
import { requestTranslator } from "~/lib/locale.server";
import { requireRole } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { failure, formInput } from "~/lib/forms.server";
import { notFound } from "~/lib/http";
import { redirectWithNotice } from "~/lib/notice.server";
import { getTeam, updateTeam } from "~/models/team.server";
import { pageTitle } from "~/components/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, (t) => [data?.team.name, t("admin.title")]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const team = await getTeam(params.teamId ?? "");
  if (!team) notFound("Team not found");
  return pageData({ team: { id: team.id, name: team.name, slug: team.slug, description: team.description } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const formData = await request.formData();
  try {
    await updateTeam({ actor, teamId: params.teamId ?? "", input: formInput(formData) });
  } catch (error) {
    return failure(error, formData);
  }
  const t = await requestTranslator(request);
  return redirectWithNotice("/admin/teams", t("admin.teamSaved"));
}

export default function EditTeam() {
  const t = useT();
  const { team } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section aria-labelledby="team-title" className="narrow">
      <h1 id="team-title">{team.name}</h1>
      <Form method="post" className="stack" noValidate>
        <FormAlert message={result ? result.formError ?? t("shell.form.fixErrors") : null} />
        <TeamFields team={team} values={result?.values} errors={result?.errors} />
        <button type="submit" className="button primary">{t("admin.save")}</button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
