import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { NewStandardQuery } from "~/lib/standards-forms.server";
import { standardsTitle } from "~/components/standard-meta";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, Select, SubmissionKey } from "~/components/forms";
import { newSubmissionKey } from "~/models/submission.server";
import { useT } from "~/components/i18n";
import { StandardFields } from "~/components/standard-fields";
import { requestTranslator, requestLocale } from "~/lib/locale.server";
import { requireRole } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { failure, formInput } from "~/lib/forms.server";
import { redirectWithNotice } from "~/lib/notice.server";
import { canManageTeam, isAdmin } from "~/models/actor";
import { createStandard, linkablePolicies, standardTemplate } from "~/models/standard.server";
import { listTeams } from "~/models/team.server";

export const meta: MetaFunction = ({ matches }) => standardsTitle(matches, "standards.form.newTitle");


export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const teams = (await listTeams()).map((t) => ({ id: t.id, name: t.name }));
  const { team: wanted } = NewStandardQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  // Managers draft for their own team; admins choose the provider team first.
  const teamId = isAdmin(user) ? wanted : user.teamId;
  const team = teams.find((t) => t.id === teamId && canManageTeam(user, t.id)) ?? null;
  if (!team) return pageData({ submissionKey: newSubmissionKey(), step: "choose-team" as const, teams, team: null, defaults: null, customerTeams: [], policies: [] });
  const locale = await requestLocale(request);
  return pageData({
    submissionKey: newSubmissionKey(),
    step: "draft" as const,
    teams,
    team,
    defaults: standardTemplate({ teamName: team.name, locale }),
    customerTeams: teams.filter((t) => t.id !== team.id),
    policies: linkablePolicies(team.id),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "manager");
  const formData = await request.formData();
  let slug: string;
  try {
    slug = (await createStandard({ actor, input: formInput(formData, ["customerTeamIds", "linkedPolicyIds"]) })).slug;
  } catch (error) {
    return failure(error, formData);
  }
  const t = await requestTranslator(request);
  return redirectWithNotice(`/standards/${slug}`, t("standards.notices.drafted"));
}

export default function NewStandard() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (data.step === "choose-team" || !data.team || !data.defaults) {
    return (
      <section aria-labelledby="new-title" className="narrow">
        <h1 id="new-title">{t("standards.form.newTitle")}</h1>
        <p className="lead">{t("standards.form.newLead")}</p>
        <Form method="get" className="stack">
          <Select label={t("standards.form.chooseTeam")} name="team" options={data.teams.map((team) => ({ value: team.id, label: team.name }))} required />
          <button type="submit" className="button primary">{t("standards.form.chooseTeamButton")}</button>
        </Form>
      </section>
    );
  }
  return (
    <section aria-labelledby="new-title" className="standard-form">
      <h1 id="new-title">{t("standards.form.newTitle")}</h1>
      <p className="lead">{t("standards.form.newLead")}</p>
      <Form method="post" className="stack" noValidate key={data.submissionKey}>
        <SubmissionKey value={data.submissionKey} />
        <FormAlert message={result ? result.formError ?? t("shell.form.fixErrors") : null} />
        <input type="hidden" name="teamId" value={data.team.id} />
        <p className="provider-fixed">{t("standards.form.teamFixed", { team: data.team.name })}</p>
        {result?.errors?.teamId ? <FormAlert message={result.errors.teamId.join(" ")} /> : null}
        <StandardFields
          defaults={data.defaults}
          values={result?.values}
          errors={result?.errors}
          customerTeams={data.customerTeams}
          policies={data.policies}
        />
        <div className="actions">
          <button type="submit" className="button primary">{t("standards.form.save")}</button>
          <Link to="/standards">{t("standards.form.cancel")}</Link>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
